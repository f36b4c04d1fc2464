"""``CustomersWebhook``, the payload of Loyverse's ``customers.update`` webhook, and
``WebhookType``, the five events a webhook can subscribe to.

Loyverse sends ``customers.update`` when customers are created, updated or deleted, with at most
100 customers. The other four events' models (``ItemsWebhook``, ``ReceiptsWebhook``,
``InventoryLevelsWebhook``, ``ShiftsWebhook``) and ``WebhookEvent``, the union of all five, live in
``loyverse_models.webhook_events``, which is imported only when one of them is first used: they
need the receipt and catalogue models. Checking the signature needs the raw body and a secret, so
it lives with the client, in ``loyverse_client.webhooks``; these models only describe the JSON.
"""

from __future__ import annotations

from enum import Enum
from typing import Literal

from ._raw import RawModel
from ._wire import Timestamp
from .customers import Customer

__all__ = ["CustomersWebhook", "WebhookType"]


class WebhookType(str, Enum):
    """The events a webhook can subscribe to: a payload's ``type``, a subscription's ``type``.

    One webhook receives one event. ``shifts.create`` fires when a shift is closed; the others
    when one of their objects is created, updated or deleted. A payload model types its ``type``
    as the string itself (``event.type == "receipts.update"`` narrows a ``WebhookEvent`` for type
    checkers); ``WebhookType(event.type)`` is its member.
    """

    CUSTOMERS_UPDATE = "customers.update"
    ITEMS_UPDATE = "items.update"
    RECEIPTS_UPDATE = "receipts.update"
    INVENTORY_LEVELS_UPDATE = "inventory_levels.update"
    SHIFTS_CREATE = "shifts.create"


class CustomersWebhook(RawModel):
    """``{"merchant_id", "type": "customers.update", "created_at", "customers": [...]}``."""

    _raw_children = ("customers",)

    merchant_id: str
    type: Literal["customers.update"]
    created_at: Timestamp
    customers: list[Customer]
