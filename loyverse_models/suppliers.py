"""Suppliers: what ``GET /suppliers/`` returns (``Supplier``, ``SupplierPage``) and its filters
(``SupplierQuery``).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ._page import ResourcePage
from ._query import IdList, Paging, ShowDeleted, Wire
from ._raw import RawModel
from ._wire import Timestamp

__all__ = ["Supplier", "SupplierPage", "SupplierQuery"]


class Supplier(RawModel):
    """A supplier, as ``GET /suppliers/`` and ``GET /suppliers/{supplier_id}`` return it.

    A deleted supplier is still returned by id, with ``deleted_at`` set.
    """

    id: str
    name: str = Field(description="The company name.")
    contact: str | None = Field(default=None, description="The contact person.")
    email: str | None = None
    phone_number: str | None = None
    website: str | None = None
    address_1: str | None = None
    address_2: str | None = None
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country_code: str | None = Field(default=None, description="ISO 3166-1 alpha-2.")
    note: str | None = None
    created_at: Timestamp
    updated_at: Timestamp
    deleted_at: Timestamp | None = None


class SupplierPage(ResourcePage):
    """One page of ``GET /suppliers/``: the suppliers, newest first, and the next page's cursor.

    Loyverse's document omits ``cursor`` from this answer, yet the list paginates and sends it.
    """

    _raw_children = ("suppliers",)

    suppliers: list[Supplier]


class SupplierQuery(Paging, ShowDeleted):
    """The filters and paging of ``GET /suppliers/``; there are no date bounds.

    ``supplier_ids`` is sent as ``suppliers_ids``, the API's plural spelling.
    """

    supplier_ids: Annotated[IdList | None, Wire("suppliers_ids")] = None
