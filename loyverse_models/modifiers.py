"""Modifiers: choices added to an item at the sale (extra cheese), each with its options."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import Field

from ._page import ResourcePage
from ._query import IdList, ShowDeleted, UpdatedRange, WindowedQuery, Wire
from ._raw import RawModel
from ._wire import Money, Timestamp

__all__ = ["Modifier", "ModifierOption", "ModifierPage", "ModifierQuery"]


class ModifierOption(RawModel):
    """One option of a modifier; receipts' ``modifier_option_id`` points here."""

    id: str
    name: str
    price: Money = Field(default=Decimal(0), json_schema_extra={"default": 0})
    position: int | None = None
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None
    deleted_at: Timestamp | None = None


class Modifier(RawModel):
    """A modifier, as ``GET /modifiers`` and ``GET /modifiers/{modifier_id}`` return it."""

    _raw_children = ("modifier_options",)

    id: str
    name: str
    position: int | None = None
    stores: list[str] | None = None
    modifier_options: list[ModifierOption] = Field(default_factory=list)
    created_at: Timestamp
    updated_at: Timestamp
    deleted_at: Timestamp | None = None


class ModifierPage(ResourcePage):
    """One page of ``GET /modifiers``."""

    _raw_children = ("modifiers",)

    modifiers: list[Modifier]


class ModifierQuery(WindowedQuery, ShowDeleted, UpdatedRange):
    """The filters of ``GET /modifiers``."""

    modifier_ids: Annotated[IdList | None, Wire("modifier_ids")] = None
