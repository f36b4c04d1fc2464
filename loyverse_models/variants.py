"""Variants: what a sold item really is (a size, a colour), with its prices per store.

``GET /variants`` lists them, ``GET /variants/{variant_id}`` reads one, and items carry theirs
inline (``Item.variants``). Variants are keyed by ``variant_id``; they have no ``id`` field.
"""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Annotated

from pydantic import Field

from ._enums import Open
from ._page import ResourcePage
from ._query import FilterText, IdList, ShowDeleted, UpdatedRange, WindowedQuery, Wire
from ._raw import RawModel
from ._wire import Money, Timestamp

__all__ = ["PricingType", "Variant", "VariantPage", "VariantQuery", "VariantStore"]


class PricingType(str, Enum):
    """How a variant is priced: a fixed price, or one entered at the sale."""

    FIXED = "FIXED"
    VARIABLE = "VARIABLE"


class VariantStore(RawModel):
    """A variant's settings in one store (an entry of ``Variant.stores``)."""

    store_id: str
    pricing_type: Open[PricingType] | None = Field(
        default=None, description="When absent, the variant's default_pricing_type applies."
    )
    price: Money | None = Field(default=None, description="Null when the pricing is VARIABLE.")
    available_for_sale: bool = True
    optimal_stock: Money | None = Field(default=None, description="Target for purchase orders.")
    low_stock: Money | None = Field(default=None, description="Alert at or below this level.")


class Variant(RawModel):
    """A variant of an item, as ``GET /variants`` and ``Item.variants`` hold it."""

    _raw_children = ("stores",)

    variant_id: str
    item_id: str
    sku: str | None = None
    reference_variant_id: str | None = None
    option1_value: str | None = None
    option2_value: str | None = None
    option3_value: str | None = None
    barcode: str | None = None
    cost: Money = Field(default=Decimal(0), json_schema_extra={"default": 0})
    purchase_cost: Money = Field(default=Decimal(0), json_schema_extra={"default": 0})
    default_pricing_type: Open[PricingType] = PricingType.VARIABLE
    default_price: Money | None = Field(default=None, description="The price when FIXED.")
    stores: list[VariantStore] | None = None
    created_at: Timestamp
    updated_at: Timestamp
    deleted_at: Timestamp | None = None


class VariantPage(ResourcePage):
    """One page of ``GET /variants``."""

    _raw_children = ("variants",)

    variants: list[Variant]


class VariantQuery(WindowedQuery, ShowDeleted, UpdatedRange):
    """The filters of ``GET /variants``; ``item_ids`` selects the variants of those items."""

    variant_ids: Annotated[IdList | None, Wire("variants_ids", matches="variant_id")] = None
    item_ids: Annotated[IdList | None, Wire("items_ids", matches="item_id")] = None
    sku: Annotated[FilterText | None, Wire("sku", matches="sku")] = Field(
        default=None, description="One SKU."
    )
