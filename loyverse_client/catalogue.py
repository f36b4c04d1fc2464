"""``Items`` and ``Inventory`` (and their async twins): the generic layer, plus what only they have.

Items are written like every catalogue resource (``create``, ``update``, ``delete``) and also have
an image: ``upload_image`` sends the raw bytes (Loyverse refuses multipart), ``delete_image``
removes it. Stock levels are set, not upserted: ``inventory.update`` sends absolute levels in
batches the API accepts; ``set_stock`` and ``adjust_stock`` are the one-level conveniences.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from loyverse_models import (
    DeletedObjects,
    InventoryChange,
    InventoryLevel,
    InventoryPage,
    InventoryQuery,
    Item,
    ItemCreate,
    ItemPage,
    ItemQuery,
    ItemUpdate,
)

from ._core import Call, Replay, require
from ._readers import AsyncLister, Lister
from ._resources import INVENTORY, ITEM_WRITES
from ._writers import AsyncWindowedWriter, WindowedWriter
from .errors import InventoryUpdateError, LoyverseError

if TYPE_CHECKING:
    from ._client import AsyncLoyverseClient, LoyverseClient

__all__ = ["INVENTORY_BATCH", "AsyncInventory", "AsyncItems", "Inventory", "Items"]

INVENTORY_BATCH = 250
"""Stock levels sent per ``POST /inventory``: Loyverse documents no limit, so the SDK keeps to the
size of its largest page."""

_IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")


def image_call(item_path: str, data: object, content_type: str) -> Call:
    """``POST /items/{item_id}/image`` with the raw bytes; never sent twice blindly."""
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError(f"data must be the image's bytes, got {type(data).__name__}")
    if content_type not in _IMAGE_TYPES:
        raise ValueError(f"content_type must be one of {', '.join(_IMAGE_TYPES)}: {content_type!r}")
    return Call(
        "POST",
        f"{item_path}/image",
        content=bytes(data),
        content_type=content_type,
        replay=Replay.NOT_IF_RECEIVED,
        check="read the item: its image_url says whether the image arrived",
    )


class StockBatches:
    """``changes`` checked, in batches of ``INVENTORY_BATCH``: the calls of an inventory update,
    the levels set so far, and the error that says what was not applied if a batch fails.

    Use as a context manager around the loop that sends ``calls()`` and hands back each answer.
    """

    def __init__(self, changes: Iterable[object]) -> None:
        example = "InventoryChange(variant_id=..., store_id=..., stock_after=...)"
        checked = [require(change, InventoryChange, "changes", example) for change in changes]
        self._batches = [
            checked[start : start + INVENTORY_BATCH]
            for start in range(0, len(checked), INVENTORY_BATCH)
        ]
        self._sent = 0
        self.applied: list[InventoryLevel] = []

    def calls(self) -> Iterator[Call]:
        for batch in self._batches:
            body = {"inventory_levels": [change.to_body() for change in batch]}
            yield Call("POST", INVENTORY.path, body=body)  # absolute levels: safe to resend
            self._sent += 1

    def receive(self, page: InventoryPage) -> None:
        self.applied += page.inventory_levels

    def __enter__(self) -> StockBatches:
        return self

    def __exit__(self, kind: object, error: BaseException | None, tb: object) -> None:
        if isinstance(error, LoyverseError):
            pending = [change for batch in self._batches[self._sent :] for change in batch]
            raise InventoryUpdateError(
                f"{len(self.applied)} stock level(s) were set, then a batch failed: {error}; "
                f"{len(pending)} change(s) were not applied (see .applied and .not_applied)",
                applied=self.applied,
                not_applied=pending,
            ) from error


def _change(variant_id: str, store_id: str, stock_after: Decimal) -> InventoryChange:
    return InventoryChange(variant_id=variant_id, store_id=store_id, stock_after=stock_after)


def level_query(variant_id: str, store_id: str) -> InventoryQuery:
    return InventoryQuery(variant_ids=[variant_id], store_ids=[store_id])


def one_level(page: InventoryPage, variant_id: str, store_id: str) -> InventoryLevel:
    found = [
        level
        for level in page.inventory_levels
        if (level.variant_id, level.store_id) == (variant_id, store_id)
    ]
    if not found:
        raise LoyverseError(f"no stock level of variant {variant_id} in store {store_id}")
    return found[0]


class Items(WindowedWriter[Item, ItemPage, ItemQuery, ItemCreate, ItemUpdate, DeletedObjects]):
    """``client.items``: read and write items, and their images."""

    def __init__(self, client: LoyverseClient) -> None:
        super().__init__(client, ITEM_WRITES)

    def upload_image(self, item_id: str, data: bytes, content_type: str = "image/png") -> None:
        """Set the item's image to ``data`` (the raw bytes, PNG or JPEG); ``image_url`` follows.

        A second upload replaces the image. Not sent twice blindly: after a timeout or a 5xx,
        read the item to see whether ``image_url`` changed.
        """
        path = self._resource.object_path(item_id, "item_id", "upload_image")
        self._client._send(image_call(path, data, content_type))

    def delete_image(self, item_id: str) -> None:
        """Remove the item's image."""
        path = self._resource.object_path(item_id, "item_id", "delete_image")
        self._client._send(Call("DELETE", f"{path}/image"))


class AsyncItems(
    AsyncWindowedWriter[Item, ItemPage, ItemQuery, ItemCreate, ItemUpdate, DeletedObjects]
):
    """``client.items`` of ``AsyncLoyverseClient``: ``Items``, awaitable."""

    def __init__(self, client: AsyncLoyverseClient) -> None:
        super().__init__(client, ITEM_WRITES)

    async def upload_image(
        self, item_id: str, data: bytes, content_type: str = "image/png"
    ) -> None:
        """Set the item's image to ``data`` (see ``Items.upload_image``)."""
        path = self._resource.object_path(item_id, "item_id", "upload_image")
        await self._client._send(image_call(path, data, content_type))

    async def delete_image(self, item_id: str) -> None:
        """Remove the item's image."""
        path = self._resource.object_path(item_id, "item_id", "delete_image")
        await self._client._send(Call("DELETE", f"{path}/image"))


class Inventory(Lister[InventoryLevel, InventoryPage, InventoryQuery]):
    """``client.inventory``: stock levels, read and set."""

    def __init__(self, client: LoyverseClient) -> None:
        super().__init__(client, INVENTORY)

    def update(self, changes: Iterable[InventoryChange]) -> list[InventoryLevel]:
        """Set each ``stock_after`` (absolute, not a delta); the levels as Loyverse stored them.

        Sent in batches of ``INVENTORY_BATCH``; setting a level is idempotent, so a failed
        batch is retried like a read. If one still fails, ``InventoryUpdateError`` says which
        levels were set (``applied``) and which changes were not (``not_applied``).
        """
        with StockBatches(changes) as batches:
            for call in batches.calls():
                batches.receive(self._client._request(call, InventoryPage))
        return batches.applied

    def set_stock(self, variant_id: str, store_id: str, stock_after: Decimal) -> InventoryLevel:
        """Set one level to ``stock_after``."""
        return self.update([_change(variant_id, store_id, stock_after)])[0]

    def adjust_stock(self, variant_id: str, store_id: str, delta: Decimal) -> InventoryLevel:
        """Add ``delta`` (negative to remove) to one level: reads it, then sets the sum.

        Not atomic: a sale between the read and the write is overwritten. Prefer ``set_stock``
        with a level you counted.
        """
        current = one_level(self.list(level_query(variant_id, store_id)), variant_id, store_id)
        return self.set_stock(variant_id, store_id, current.in_stock + delta)


class AsyncInventory(AsyncLister[InventoryLevel, InventoryPage, InventoryQuery]):
    """``client.inventory`` of ``AsyncLoyverseClient``: ``Inventory``, awaitable."""

    def __init__(self, client: AsyncLoyverseClient) -> None:
        super().__init__(client, INVENTORY)

    async def update(self, changes: Iterable[InventoryChange]) -> list[InventoryLevel]:
        """Set each ``stock_after`` (see ``Inventory.update``)."""
        with StockBatches(changes) as batches:
            for call in batches.calls():
                batches.receive(await self._client._request(call, InventoryPage))
        return batches.applied

    async def set_stock(
        self, variant_id: str, store_id: str, stock_after: Decimal
    ) -> InventoryLevel:
        """Set one level to ``stock_after``."""
        return (await self.update([_change(variant_id, store_id, stock_after)]))[0]

    async def adjust_stock(self, variant_id: str, store_id: str, delta: Decimal) -> InventoryLevel:
        """Add ``delta`` to one level: reads it, then sets the sum (not atomic)."""
        page = await self.list(level_query(variant_id, store_id))
        current = one_level(page, variant_id, store_id)
        return await self.set_stock(variant_id, store_id, current.in_stock + delta)
