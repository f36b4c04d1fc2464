"""The payloads of Loyverse's webhooks, one model per event, and ``WebhookEvent``, their union.

Every delivery is one JSON object ``{"merchant_id", "type", "created_at", "<array>": [...]}``:

- ``customers.update``: ``CustomersWebhook``, array ``customers``; a customer is created, updated
  or deleted.
- ``items.update``: ``ItemsWebhook``, array ``items``; an item (or one of its variants) is created,
  updated or deleted.
- ``receipts.update``: ``ReceiptsWebhook``, array ``receipts``; a receipt is created or updated
  (cancelled).
- ``inventory_levels.update``: ``InventoryLevelsWebhook``, array ``inventory_levels``; a stock
  level changes.
- ``shifts.create``: ``ShiftsWebhook``, array ``shifts``; a shift is closed.

Loyverse splits bulk changes into several deliveries of **1 to 100 objects** each. The models read
any count (an empty or longer array is not refused): the limit is Loyverse's, not a rule the
payload is checked against.

``CustomersWebhook`` and ``WebhookType`` live in ``loyverse_models.webhooks``; this module needs
the receipt and catalogue models, so ``loyverse_models`` imports it when one of its names is first
used. ``loyverse_client.webhooks.parse_webhook`` checks a delivery's signature and returns the
right model.
"""

from __future__ import annotations

from typing import Annotated, Literal, TypeAlias

from pydantic import Field

from ._raw import RawModel
from ._wire import Timestamp
from .inventory import InventoryLevel
from .items import Item
from .receipts import Receipt
from .shifts import Shift
from .webhooks import CustomersWebhook

__all__ = [
    "InventoryLevelsWebhook",
    "ItemsWebhook",
    "ReceiptsWebhook",
    "ShiftsWebhook",
    "WebhookEvent",
]

_BATCH = "1 to 100 per delivery (Loyverse's limit; any count is read)."


class ItemsWebhook(RawModel):
    """``{"merchant_id", "type": "items.update", "created_at", "items": [...]}``.

    Each item comes whole, its ``variants`` inline; a deleted item has ``deleted_at`` set.
    """

    _raw_children = ("items",)

    merchant_id: str
    type: Literal["items.update"]
    created_at: Timestamp = Field(description="When the event was produced.")
    items: list[Item] = Field(description=f"The created, updated or deleted items: {_BATCH}")


class ReceiptsWebhook(RawModel):
    """``{"merchant_id", "type": "receipts.update", "created_at", "receipts": [...]}``.

    Sent when a receipt is created or updated (a cancelled sale has ``cancelled_at`` set). A
    receipt's key is ``receipt_number``.
    """

    _raw_children = ("receipts",)

    merchant_id: str
    type: Literal["receipts.update"]
    created_at: Timestamp = Field(description="When the event was produced.")
    receipts: list[Receipt] = Field(description=f"The created or updated receipts: {_BATCH}")


class InventoryLevelsWebhook(RawModel):
    """``{"merchant_id", "type": "inventory_levels.update", "created_at", "inventory_levels":
    [...]}``.

    A level has no id: its key is the pair (``variant_id``, ``store_id``); ``in_stock`` is the new
    level, not a change.
    """

    _raw_children = ("inventory_levels",)

    merchant_id: str
    type: Literal["inventory_levels.update"]
    created_at: Timestamp = Field(description="When the event was produced.")
    inventory_levels: list[InventoryLevel] = Field(
        description=f"The stock levels that changed: {_BATCH}"
    )


class ShiftsWebhook(RawModel):
    """``{"merchant_id", "type": "shifts.create", "created_at", "shifts": [...]}``.

    Sent when a shift is closed, so ``closed_at`` is set. No delivery of this event has been
    published: the array key ``shifts`` and its ``Shift`` objects follow the other events and
    ``GET /shifts``.
    """

    _raw_children = ("shifts",)

    merchant_id: str
    type: Literal["shifts.create"]
    created_at: Timestamp = Field(description="When the event was produced.")
    shifts: list[Shift] = Field(description=f"The shifts just closed: {_BATCH}")


WebhookEvent: TypeAlias = Annotated[
    CustomersWebhook | ItemsWebhook | ReceiptsWebhook | InventoryLevelsWebhook | ShiftsWebhook,
    Field(discriminator="type"),
]
"""Any webhook payload, told apart by its ``type``. Usable as a pydantic field type too, and
narrowed by ``isinstance`` or ``match``::

    match event:
        case ReceiptsWebhook(receipts=receipts): ...
        case InventoryLevelsWebhook(inventory_levels=levels): ...
"""
