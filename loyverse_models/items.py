"""Items: the catalogue, each item with its variants inline and, if composite, its components.

``GET /items`` lists them (paginated, ``show_deleted``), ``GET /items/{item_id}`` reads one.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated

from pydantic import AliasChoices, Field

from ._enums import Open
from ._page import ResourcePage
from ._query import IdList, ShowDeleted, UpdatedRange, WindowedQuery, Wire
from ._raw import RawModel
from ._wire import Money, Timestamp
from .variants import Variant

__all__ = ["Color", "Component", "Item", "ItemForm", "ItemPage", "ItemQuery"]


class Color(str, Enum):
    """The tile colours of the POS (categories have them all but ``YELLOW``)."""

    GREY = "GREY"
    RED = "RED"
    PINK = "PINK"
    ORANGE = "ORANGE"
    YELLOW = "YELLOW"
    GREEN = "GREEN"
    BLUE = "BLUE"
    PURPLE = "PURPLE"


class ItemForm(str, Enum):
    """The tile shape of an item on the POS."""

    SQUARE = "SQUARE"
    CIRCLE = "CIRCLE"
    SUN = "SUN"
    OCTAGON = "OCTAGON"


class Component(RawModel):
    """A part of a composite item: a variant and how much of it."""

    variant_id: str
    quantity: Money


class Item(RawModel):
    """An item, as ``GET /items`` and ``GET /items/{item_id}`` return it (24 fields).

    ``modifier_ids`` is what the live API sends; the document's ``modifiers_ids`` is read into it
    too. Setting ``track_stock`` to false zeroes every stock level of the item.
    """

    _raw_children = ("components", "variants")

    id: str
    handle: str | None = None
    item_name: str
    description: str | None = None
    reference_id: str | None = None
    category_id: str | None = None
    track_stock: bool = False
    sold_by_weight: bool = False
    is_composite: bool | None = None
    use_production: bool = False
    components: list[Component] = Field(default_factory=list)
    primary_supplier_id: str | None = None
    tax_ids: list[str] | None = None
    # The alias only adds the document's spelling for reading; the field is optional.
    modifier_ids: list[str] | None = Field(  # type: ignore[pydantic-alias]
        default=None, validation_alias=AliasChoices("modifier_ids", "modifiers_ids")
    )
    form: Open[ItemForm] = ItemForm.SQUARE
    color: Open[Color] = Color.GREY
    image_url: str | None = None
    option1_name: str | None = None
    option2_name: str | None = None
    option3_name: str | None = None
    created_at: Timestamp
    updated_at: Timestamp
    deleted_at: Timestamp | None = None
    variants: list[Variant] = Field(default_factory=list)


class ItemPage(ResourcePage):
    """One page of ``GET /items``."""

    _raw_children = ("items",)

    items: list[Item]


class ItemQuery(WindowedQuery, ShowDeleted, UpdatedRange):
    """The filters of ``GET /items``."""

    item_ids: Annotated[IdList | None, Wire("items_ids")] = None
