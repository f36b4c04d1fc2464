"""Inventory: the stock levels ``GET /inventory`` returns (``InventoryLevel``,
``InventoryPage``) and its filters (``InventoryQuery``).

A level has no id of its own: its key is the pair (``variant_id``, ``store_id``).
"""

from __future__ import annotations

from typing import Annotated

from ._page import ResourcePage
from ._query import IdList, Paging, UpdatedRange, Wire
from ._raw import RawModel
from ._wire import Money, Timestamp

__all__ = ["InventoryLevel", "InventoryPage", "InventoryQuery"]


class InventoryLevel(RawModel):
    """The stock of one variant in one store, as ``GET /inventory`` lists it.

    It has no ``id``: the pair (``variant_id``, ``store_id``) is its key. ``in_stock`` may be
    fractional (items sold by weight), up to 9999999.999.
    """

    variant_id: str
    store_id: str
    in_stock: Money
    updated_at: Timestamp


class InventoryPage(ResourcePage):
    """One page of ``GET /inventory``: the levels and the next page's cursor.

    The list key is ``inventory_levels``, not ``inventory``.
    """

    _raw_children = ("inventory_levels",)

    inventory_levels: list[InventoryLevel]


class InventoryQuery(Paging, UpdatedRange):
    """The filters and paging of ``GET /inventory``.

    The store filter is the plural ``store_ids``: Loyverse ignores a singular ``store_id`` here and
    returns every store. The ``updated_at`` bounds are documented as inclusive. There are no
    ``created_at`` bounds and no ``show_deleted``.
    """

    store_ids: Annotated[IdList | None, Wire("store_ids", matches="store_id")] = None
    variant_ids: Annotated[IdList | None, Wire("variant_ids", matches="variant_id")] = None
