"""Categories: how items are grouped. No date filters and no ``updated_at``.

A deleted category is still readable by id (200, with ``deleted_at`` set).
"""

from __future__ import annotations

from typing import Annotated

from ._enums import Open
from ._page import ResourcePage
from ._query import IdList, Paging, ShowDeleted, Wire
from ._raw import RawModel
from ._wire import Timestamp
from .items import Color

__all__ = ["Category", "CategoryPage", "CategoryQuery"]


class Category(RawModel):
    """A category, as ``GET /categories`` and ``GET /categories/{category_id}`` return it."""

    id: str
    name: str
    color: Open[Color] = Color.GREY
    created_at: Timestamp
    deleted_at: Timestamp | None = None


class CategoryPage(ResourcePage):
    """One page of ``GET /categories``."""

    _raw_children = ("categories",)

    categories: list[Category]


class CategoryQuery(Paging, ShowDeleted):
    """The filters of ``GET /categories``: ids and ``show_deleted`` only."""

    category_ids: Annotated[IdList | None, Wire("categories_ids")] = None
