"""Taxes. Not paginated: ``GET /taxes`` answers every tax at once."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

from ._enums import Open
from ._page import ResourcePage
from ._query import CreatedRange, IdList, ShowDeleted, UpdatedRange, Wire
from ._raw import RawModel
from ._wire import Money, Timestamp

__all__ = ["Tax", "TaxPage", "TaxQuery", "TaxType"]


class TaxType(str, Enum):
    """Whether a tax is inside item prices or added on top."""

    INCLUDED = "INCLUDED"
    ADDED = "ADDED"


class Tax(RawModel):
    """A tax, as ``GET /taxes`` and ``GET /taxes/{tax_id}`` return it; ``rate`` 5.255 is 5.255%."""

    id: str
    type: Open[TaxType]
    name: str
    rate: Money
    stores: list[str] | None = None
    created_at: Timestamp
    updated_at: Timestamp
    deleted_at: Timestamp | None = None


class TaxPage(ResourcePage):
    """``GET /taxes``: every tax; ``cursor`` is always ``None``."""

    _raw_children = ("taxes",)

    taxes: list[Tax]


class TaxQuery(ShowDeleted, UpdatedRange, CreatedRange):
    """The filters of ``GET /taxes`` (no paging)."""

    tax_ids: Annotated[IdList | None, Wire("tax_ids")] = None
