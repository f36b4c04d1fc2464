"""``Customers`` and ``AsyncCustomers``: the Customers API, each method a few lines over ``_core``.

The twins have the same methods with the same parameters (a test holds them to it); read them
side by side. Every argument is validated before the first request, so bad input never sends a
thing.
"""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from itertools import chain
from typing import TYPE_CHECKING

from loyverse_models import (
    Customer,
    CustomerCreate,
    CustomerPage,
    CustomerQuery,
    CustomerUpdate,
    DeletedCustomers,
)

from . import _core
from .errors import NotFoundError

if TYPE_CHECKING:
    from ._client import AsyncLoyverseClient, LoyverseClient

__all__ = ["AsyncCustomers", "Customers"]


class Customers:
    """``client.customers``: read customers from Loyverse.

    Results are models with ``.raw`` (the JSON exactly as received). Bad arguments raise
    ``pydantic.ValidationError`` (a ``ValueError``) naming the parameter, before any request.
    """

    def __init__(self, client: LoyverseClient) -> None:
        self._client = client

    def list(self, query: CustomerQuery | None = None) -> CustomerPage:
        """One page of customers matching ``query`` (default: the first 250, newest first)."""
        return self._client._request(_core.list_call(_core.checked_query(query)), CustomerPage)

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
    ) -> CustomerPage:
        """One page, filtered as the original wrapper's ``get_by_query`` did (same arguments)."""
        query = CustomerQuery(
            customer_ids=customer_ids,
            email=email,
            created_at_min=created_at_min,
            created_at_max=created_at_max,
            updated_at_min=updated_at_min,
            updated_at_max=updated_at_max,
            limit=limit,
            cursor=cursor,
        )
        return self.list(query)

    def iter_pages(self, query: CustomerQuery | None = None) -> Iterator[CustomerPage]:
        """Every page matching ``query``, fetched lazily: one page in memory at a time."""
        walk = _core.PageWalk(_core.checked_query(query))
        return self._pages(walk)

    def _pages(self, walk: _core.PageWalk) -> Iterator[CustomerPage]:
        next_query: CustomerQuery | None = walk.first
        while next_query is not None:
            page = self.list(next_query)
            next_query = walk.after(page)
            yield page
            del page  # let it go before the next request

    def iterate(self, query: CustomerQuery | None = None) -> Iterator[Customer]:
        """Every customer matching ``query``, following cursors lazily, newest first."""
        return chain.from_iterable(page.customers for page in self.iter_pages(query))

    def get_by_id(self, customer_id: str) -> Customer:
        """The customer with this id; ``NotFoundError`` if there is none (or it was deleted)."""
        return self._client._request(_core.get_call(customer_id), Customer)

    def get_by_email(self, email: str) -> Customer | None:
        """The customer with this email (Loyverse matches it exactly), or ``None``."""
        for page in self.iter_pages(_core.email_query(email=email)):
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

    def create(self, customer: CustomerCreate) -> Customer:
        """Create a customer and return it as Loyverse stored it.

        Loyverse has no idempotency keys, so this is retried only when the request surely never
        reached it (a refused connection, or 429). After a timeout or a 5xx it is not sent again:
        the error has ``outcome_unknown=True``; look the customer up before trying again.
        """
        return self._client._request(_core.create_call(customer), Customer)

    def update(self, customer_id: str, changes: CustomerUpdate) -> Customer:
        """Apply ``changes`` to a customer: fields not mentioned keep their current values.

        Reads the customer, then sends its complete writable record with the changes applied, so
        no field is lost whatever Loyverse does with fields a body leaves out. Two writers updating
        the same customer at once can still overwrite each other's changes (last write wins).
        """
        path = _core.check_update(customer_id, changes)
        current = self._client._request(_core.Call("GET", path), Customer)
        return self._client._request(_core.update_call(current, changes), Customer)

    def delete(self, customer_id: str) -> DeletedCustomers:
        """Delete a customer; ``NotFoundError`` if there is none.

        If an attempt failed without an answer and the retry finds no such customer, the first
        attempt deleted it: the customer is gone, as asked, and that is reported as success.
        """
        try:
            return self._client._request(_core.delete_call(customer_id), DeletedCustomers)
        except NotFoundError as error:
            return _core.deleted_on_retry(customer_id, error)


class AsyncCustomers:
    """``client.customers`` of ``AsyncLoyverseClient``: ``Customers`` with awaitable methods."""

    def __init__(self, client: AsyncLoyverseClient) -> None:
        self._client = client

    async def list(self, query: CustomerQuery | None = None) -> CustomerPage:
        """One page of customers matching ``query`` (default: the first 250, newest first)."""
        return await self._client._request(
            _core.list_call(_core.checked_query(query)), CustomerPage
        )

    async def get_by_query(
        self,
        customer_ids: builtins.list[str] | None = None,
        email: str | None = None,
        created_at_min: datetime | None = None,
        created_at_max: datetime | None = None,
        updated_at_min: datetime | None = None,
        updated_at_max: datetime | None = None,
        limit: int = 250,
        cursor: str | None = None,
    ) -> CustomerPage:
        """One page, filtered as the original wrapper's ``get_by_query`` did (same arguments)."""
        query = CustomerQuery(
            customer_ids=customer_ids,
            email=email,
            created_at_min=created_at_min,
            created_at_max=created_at_max,
            updated_at_min=updated_at_min,
            updated_at_max=updated_at_max,
            limit=limit,
            cursor=cursor,
        )
        return await self.list(query)

    def iter_pages(self, query: CustomerQuery | None = None) -> AsyncIterator[CustomerPage]:
        """Every page matching ``query``, fetched lazily: one page in memory at a time."""
        walk = _core.PageWalk(_core.checked_query(query))
        return self._pages(walk)

    async def _pages(self, walk: _core.PageWalk) -> AsyncIterator[CustomerPage]:
        next_query: CustomerQuery | None = walk.first
        while next_query is not None:
            page = await self.list(next_query)
            next_query = walk.after(page)
            yield page
            del page  # let it go before the next request

    def iterate(self, query: CustomerQuery | None = None) -> AsyncIterator[Customer]:
        """Every customer matching ``query``, following cursors lazily, newest first."""
        return self._customers(self.iter_pages(query))

    async def _customers(self, pages: AsyncIterator[CustomerPage]) -> AsyncIterator[Customer]:
        async for page in pages:
            for customer in page.customers:
                yield customer

    async def get_by_id(self, customer_id: str) -> Customer:
        """The customer with this id; ``NotFoundError`` if there is none (or it was deleted)."""
        return await self._client._request(_core.get_call(customer_id), Customer)

    async def get_by_email(self, email: str) -> Customer | None:
        """The customer with this email (Loyverse matches it exactly), or ``None``."""
        async for page in self.iter_pages(_core.email_query(email=email)):
            if (found := _core.find_email(page, email)) is not None:
                return found
        return None

    async def get_by_creation_date(self, date: datetime) -> CustomerPage:
        """Every customer created on ``date``'s calendar day, in ``date``'s own timezone.

        All pages are followed and merged: the result's ``cursor`` is ``None`` and its ``.raw`` is
        ``{"customers": [...]}``.
        """
        query = _core.creation_day_query(date=date)
        return CustomerPage.from_customers([c async for c in self.iterate(query)])

    async def get_by_creation_dates(
        self, start_date: datetime, end_date: datetime | None = None
    ) -> CustomerPage:
        """Every customer created from ``start_date``'s day through ``end_date``'s, merged.

        Each bound is the whole local day of the given datetime; ``end_date`` defaults to today
        (UTC).
        """
        query = _core.creation_range_query(
            start_date=start_date, end_date=end_date, now=_core.utc_now()
        )
        return CustomerPage.from_customers([c async for c in self.iterate(query)])

    async def create(self, customer: CustomerCreate) -> Customer:
        """Create a customer and return it as Loyverse stored it.

        Loyverse has no idempotency keys, so this is retried only when the request surely never
        reached it (a refused connection, or 429). After a timeout or a 5xx it is not sent again:
        the error has ``outcome_unknown=True``; look the customer up before trying again.
        """
        return await self._client._request(_core.create_call(customer), Customer)

    async def update(self, customer_id: str, changes: CustomerUpdate) -> Customer:
        """Apply ``changes`` to a customer: fields not mentioned keep their current values.

        Reads the customer, then sends its complete writable record with the changes applied, so
        no field is lost whatever Loyverse does with fields a body leaves out. Two writers updating
        the same customer at once can still overwrite each other's changes (last write wins).
        """
        path = _core.check_update(customer_id, changes)
        current = await self._client._request(_core.Call("GET", path), Customer)
        return await self._client._request(_core.update_call(current, changes), Customer)

    async def delete(self, customer_id: str) -> DeletedCustomers:
        """Delete a customer; ``NotFoundError`` if there is none.

        If an attempt failed without an answer and the retry finds no such customer, the first
        attempt deleted it: the customer is gone, as asked, and that is reported as success.
        """
        try:
            return await self._client._request(_core.delete_call(customer_id), DeletedCustomers)
        except NotFoundError as error:
            return _core.deleted_on_retry(customer_id, error)
