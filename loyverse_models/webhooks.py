"""``CustomersWebhook``: the payload of Loyverse's ``customers.update`` webhook.

Loyverse sends it when customers are created, updated or deleted, with at most 100 customers.
Checking the signature needs the raw body and a secret, so it lives with the client, in
``loyverse_client.webhooks``; this model only describes the JSON.
"""

from __future__ import annotations

from typing import Literal

from ._raw import RawModel
from ._wire import Timestamp
from .customers import Customer

__all__ = ["CustomersWebhook"]


class CustomersWebhook(RawModel):
    """``{"merchant_id", "type": "customers.update", "created_at", "customers": [...]}``."""

    _raw_children = ("customers",)

    merchant_id: str
    type: Literal["customers.update"]
    created_at: Timestamp
    customers: list[Customer]
