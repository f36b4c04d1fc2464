"""Pydantic v2 models of the Loyverse API, reusable without the HTTP client.

Response models (``Customer``, ``CustomerPage``) parse what Loyverse sends and keep it in ``.raw``;
``CustomerQuery`` validates a request before it exists. ``model_dump_json()`` writes the API's own
wire format (UTC ``...mmmZ`` timestamps, money as JSON numbers), and ``schemas/`` in the repository
holds each model's JSON Schema.
"""

from ._raw import RawModel
from ._wire import AwareDatetime, Money, Timestamp, format_timestamp
from .customers import MAX_PAGE_SIZE, Customer, CustomerId, CustomerPage, CustomerQuery

__all__ = [
    "MAX_PAGE_SIZE",
    "AwareDatetime",
    "Customer",
    "CustomerId",
    "CustomerPage",
    "CustomerQuery",
    "Money",
    "RawModel",
    "Timestamp",
    "format_timestamp",
]
