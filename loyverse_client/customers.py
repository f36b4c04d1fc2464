"""``Customers`` and ``AsyncCustomers``: the generic reader, plus what only customers have.

``list``, ``iter_pages``, ``iterate`` and ``get`` come from the resource layer. Added here: the
original wrapper's five requests (``get_by_query``, ``get_by_id``, ``get_by_email``,
``get_by_creation_date``, ``get_by_creation_dates``) and the writes (``create``, ``update``,
``delete``). A method that is one request is written once, in ``_CustomersCommon``, for both
clients; the rest are twins of a few lines over ``_core``. Every argument is validated before the
first request, so bad input never sends a thing.
"""

from __future__ import annotations

import builtins
from datetime import datetime
from typing import TYPE_CHECKING

from loyverse_models import (
    Customer,
    CustomerCreate,
    CustomerPage,
    CustomerQuery,
    CustomerUpdate,
    DeletedCustomers,
)
from loyverse_models.oauth import Scope

from . import _core
from ._readers import Co, ModelR, PageR, _Get, one_request
from ._resource import Resource
from ._writers import AsyncWindowedWriter, WindowedWriter
from ._writes import Writes

if TYPE_CHECKING:
    from ._client import AsyncLoyverseClient, LoyverseClient

__all__ = ["CUSTOMERS", "CUSTOMER_WRITES", "AsyncCustomers", "Customers"]

CUSTOMERS = Resource(
    "customers",
    Customer,
    CustomerPage,
    CustomerQuery,
    soft_deleted=False,
    read_scope=Scope.CUSTOMERS_READ,
    write_scope=Scope.CUSTOMERS_WRITE,
)
"""Customers are deleted for good (personal data): no ``show_deleted``, 404 once gone."""

CUSTOMER_WRITES = Writes(
    CUSTOMERS,
    CustomerCreate,
    CustomerUpdate,
    DeletedCustomers,
    example="CustomerCreate(name='Ann Lee')",
    check="look the customer up",
    # Old records may have no name, and Loyverse refuses an update that leaves one without it.
    required=("name",),
)


class _CustomersCommon(_Get[Customer, CustomerPage, CustomerQuery, ModelR, PageR]):
    @one_request
    def get_by_query(
        self,
        customer_ids: builtins.list[str] | None = None,
        email: str | None = None,
        created_at_min: datetime | None = None,
        created_at_max: datetime | None = None,
        updated_at_min: datetime | None = None,
        updated_at_max: datetime | None = None,
        limit: int = 250,
        cursor: str | None = None,
    ) -> PageR:
        """One page, filtered as the original wrapper's ``get_by_query`` did (same arguments)."""
        arguments = {name: value for name, value in locals().items() if name != "self"}
        return self.list(CustomerQuery(**arguments))

    @one_request
    def get_by_id(self, customer_id: str) -> ModelR:
        """The customer with this id; ``NotFoundError`` if there is none (or it was deleted)."""
        return self._fetch_object(self._resource.get_call(customer_id, "customer_id", "get_by_id"))

    @one_request
    def create(self, customer: CustomerCreate) -> ModelR:
        """Create a customer and return it as Loyverse stored it.

        Loyverse has no idempotency keys, so this is retried only when the request surely never
        reached it (a refused connection, or 429). After a timeout or a 5xx it is not sent again:
        the error has ``outcome_unknown=True``; look the customer up before trying again.
        """
        return self._fetch_object(CUSTOMER_WRITES.create_call(customer, "customer"))


class Customers(
    _CustomersCommon[Customer, CustomerPage],
    WindowedWriter[
        Customer, CustomerPage, CustomerQuery, CustomerCreate, CustomerUpdate, DeletedCustomers
    ],
):
    """``client.customers``: read and write customers.

    Results are models with ``.raw`` (the JSON exactly as received). Bad arguments raise
    ``pydantic.ValidationError`` (a ``ValueError``) naming the parameter, before any request.
    """

    def __init__(self, client: LoyverseClient) -> None:
        super().__init__(client, CUSTOMER_WRITES)

    def get_by_email(self, email: str) -> Customer | None:
        """The customer with this email (Loyverse matches it exactly), or ``None``."""
        for page in self.iter_pages(_core.email_query(email)):
            if (found := _core.find_email(page, email)) is not None:
                return found
        return None

    def get_by_creation_date(self, date: datetime) -> CustomerPage:
        """Every customer created on ``date``'s calendar day, in ``date``'s own timezone.

        All pages are followed and merged: the result's ``cursor`` is ``None`` and its ``.raw`` is
        ``{"customers": [...]}``.
        """
        return CustomerPage.from_customers(self.iterate(_core.creation_day_query(date=date)))

    def get_by_creation_dates(
        self, start_date: datetime, end_date: datetime | None = None
    ) -> CustomerPage:
        """Every customer created from ``start_date``'s day through ``end_date``'s, merged.

        Each bound is the whole local day of the given datetime; ``end_date`` defaults to today
        (UTC).
        """
        query = _core.creation_range_query(
            start_date=start_date, end_date=end_date, now=_core.utc_now()
        )
        return CustomerPage.from_customers(self.iterate(query))

    def update(self, customer_id: str, changes: CustomerUpdate) -> Customer:
        """Apply ``changes`` to a customer: fields not mentioned keep their current values.

        Reads the customer, then sends its complete writable record with the changes applied, so
        no field is lost whatever Loyverse does with fields a body leaves out. Two writers updating
        the same customer at once can still overwrite each other's changes (last write wins).
        """
        return self._update(customer_id, changes, "customer_id")

    def delete(self, customer_id: str) -> DeletedCustomers:
        """Delete a customer; ``NotFoundError`` if there is none.

        If an attempt failed without an answer and the retry finds no such customer, the first
        attempt deleted it: the customer is gone, as asked, and that is reported as success.
        """
        return self._delete(customer_id, "customer_id")


class AsyncCustomers(
    _CustomersCommon[Co[Customer], Co[CustomerPage]],
    AsyncWindowedWriter[
        Customer, CustomerPage, CustomerQuery, CustomerCreate, CustomerUpdate, DeletedCustomers
    ],
):
    """``client.customers`` of ``AsyncLoyverseClient``: ``Customers``, awaitable."""

    def __init__(self, client: AsyncLoyverseClient) -> None:
        super().__init__(client, CUSTOMER_WRITES)

    async def get_by_email(self, email: str) -> Customer | None:
        """The customer with this email (Loyverse matches it exactly), or ``None``."""
        async for page in self.iter_pages(_core.email_query(email)):
            if (found := _core.find_email(page, email)) is not None:
                return found
        return None

    async def get_by_creation_date(self, date: datetime) -> CustomerPage:
        """Every customer created on ``date``'s calendar day, in ``date``'s own timezone."""
        query = _core.creation_day_query(date=date)
        return CustomerPage.from_customers([c async for c in self.iterate(query)])

    async def get_by_creation_dates(
        self, start_date: datetime, end_date: datetime | None = None
    ) -> CustomerPage:
        """Every customer created from ``start_date``'s day through ``end_date``'s, merged."""
        now = _core.utc_now()
        query = _core.creation_range_query(start_date=start_date, end_date=end_date, now=now)
        return CustomerPage.from_customers([c async for c in self.iterate(query)])

    async def update(self, customer_id: str, changes: CustomerUpdate) -> Customer:
        """Apply ``changes`` to a customer: fields not mentioned keep their current values."""
        return await self._update(customer_id, changes, "customer_id")

    async def delete(self, customer_id: str) -> DeletedCustomers:
        """Delete a customer; ``NotFoundError`` if there is none (see ``Customers.delete``)."""
        return await self._delete(customer_id, "customer_id")
