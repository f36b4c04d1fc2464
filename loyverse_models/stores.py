"""Stores (read-only): what ``GET /stores`` returns (``Store``, ``StorePage``) and its filters
(``StoreQuery``).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AliasChoices, ConfigDict, Field

from ._page import ResourcePage
from ._query import CreatedRange, IdList, ShowDeleted, UpdatedRange, Wire
from ._raw import RawModel
from ._wire import Timestamp

__all__ = ["Store", "StorePage", "StoreQuery"]


class Store(RawModel):
    """A store, as ``GET /stores`` and ``GET /stores/{store_id}`` return it.

    Loyverse's document names two fields ``state`` and ``country``; live responses say ``region``
    and ``country_code``. Both spellings are read into ``region`` and ``country_code``; ``.raw``
    keeps the key that was received, and the model's JSON writes the live names. A store carries
    no currency and no time zone (see ``Merchant``).
    """

    # The field names are among the accepted keys anyway; saying so lets type checkers see them.
    model_config = ConfigDict(validate_by_name=True)

    id: str
    name: str
    address: str | None = None
    city: str | None = None
    region: str | None = Field(default=None, validation_alias=AliasChoices("region", "state"))
    postal_code: str | None = None
    country_code: str | None = Field(
        default=None,
        validation_alias=AliasChoices("country_code", "country"),
        description="ISO 3166-1 alpha-2.",
    )
    phone_number: str | None = None
    description: str | None = None
    created_at: Timestamp
    updated_at: Timestamp
    deleted_at: Timestamp | None = None


class StorePage(ResourcePage):
    """The answer of ``GET /stores``: every store at once.

    The list is not paginated, so ``cursor`` is always ``None``.
    """

    _raw_children = ("stores",)

    stores: list[Store]


class StoreQuery(ShowDeleted, UpdatedRange, CreatedRange):
    """The filters of ``GET /stores``; the list is not paginated, so there is no ``limit``."""

    store_ids: Annotated[IdList | None, Wire("store_ids")] = None
