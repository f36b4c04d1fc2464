"""Discounts. Not paginated: ``GET /discounts`` answers every discount at once.

Every account has a built-in ``DISCOUNT_BY_POINTS`` discount, so the list is never empty. The
amount field that does not fit a discount's type may be absent.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated

from pydantic import Field

from ._enums import Open
from ._page import ResourcePage
from ._query import CreatedRange, IdList, ShowDeleted, UpdatedRange, Wire
from ._raw import RawModel
from ._wire import Money, Timestamp

__all__ = ["Discount", "DiscountPage", "DiscountQuery", "DiscountType"]


class DiscountType(str, Enum):
    """How a discount is worked out."""

    FIXED_PERCENT = "FIXED_PERCENT"
    FIXED_AMOUNT = "FIXED_AMOUNT"
    VARIABLE_PERCENT = "VARIABLE_PERCENT"
    VARIABLE_AMOUNT = "VARIABLE_AMOUNT"
    DISCOUNT_BY_POINTS = "DISCOUNT_BY_POINTS"


class Discount(RawModel):
    """A discount, as ``GET /discounts`` and ``GET /discounts/{discount_id}`` return it."""

    id: str
    type: Open[DiscountType]
    name: str
    discount_amount: Money | None = Field(default=None, description="FIXED_AMOUNT only.")
    discount_percent: Money | None = Field(default=None, description="FIXED_PERCENT only.")
    stores: list[str] | None = None
    restricted_access: bool = False
    created_at: Timestamp
    updated_at: Timestamp
    deleted_at: Timestamp | None = None


class DiscountPage(ResourcePage):
    """``GET /discounts``: every discount; ``cursor`` is always ``None``."""

    _raw_children = ("discounts",)

    discounts: list[Discount]


class DiscountQuery(ShowDeleted, UpdatedRange, CreatedRange):
    """The filters of ``GET /discounts`` (no paging)."""

    discount_ids: Annotated[IdList | None, Wire("discount_ids")] = None
