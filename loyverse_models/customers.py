"""Customers: what the API returns (``Customer``, ``CustomerPage``) and what a caller asks for
(``CustomerQuery``).

Response models are tolerant readers: ``null`` and missing optional fields become ``None``,
unknown fields are kept, and no value is ever rewritten (no trimming, no casing, no invented ids).
The query is a strict writer: everything Loyverse would misread, or silently ignore, is rejected
here, before a request exists. Loyverse answers a misspelled filter with *every* customer, so an
unknown field is an error rather than "no filter".
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from functools import partial
from typing import Annotated

from pydantic import AfterValidator, Field

from ._page import ResourcePage
from ._query import MAX_PAGE_SIZE, FilterText, UpdatedRange, WindowedQuery, Wire, check_id
from ._raw import RawModel
from ._wire import Money, Timestamp

__all__ = ["MAX_PAGE_SIZE", "Customer", "CustomerId", "CustomerPage", "CustomerQuery"]

CustomerId = Annotated[str, AfterValidator(partial(check_id, noun="a customer id"))]
"""A customer id as a caller gives it: opaque (a UUID in practice), non-empty, one token."""


class Customer(RawModel):
    """A Loyverse customer, as ``GET /customers`` and ``GET /customers/{id}`` return it.

    ``total_spent`` is in major units of the merchant's currency, which the API does not send with
    the customer. ``.raw`` holds the JSON object exactly as received.
    """

    id: str
    name: str | None = None
    email: str | None = None
    phone_number: str | None = None
    address: str | None = None
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country_code: str | None = None
    note: str | None = None
    customer_code: str | None = Field(default=None, description="The loyalty card code.")
    first_visit: Timestamp | None = None
    last_visit: Timestamp | None = None
    total_visits: int = 0
    total_spent: Money = Field(
        default=Decimal(0),
        description="Major units of the merchant currency.",
        json_schema_extra={"default": 0},
    )
    total_points: Money = Field(default=Decimal(0), json_schema_extra={"default": 0})
    permanent_deletion_at: Timestamp | None = None
    created_at: Timestamp
    updated_at: Timestamp
    deleted_at: Timestamp | None = None


class CustomerPage(ResourcePage):
    """One page of ``GET /customers``: the customers, newest first, and the next page's cursor.

    ``cursor`` is ``None`` on the last page, whether the API left the key out, sent ``null`` or
    sent ``""``. ``.raw`` is the whole page; each customer's ``.raw`` is its own object in it.
    """

    _raw_children = ("customers",)

    customers: list[Customer]

    @classmethod
    def from_customers(cls, customers: Iterable[Customer]) -> CustomerPage:
        """A single, final page holding ``customers``; its ``.raw`` is built from theirs.

        This is how results merged from several pages are returned:
        ``.raw == {"customers": [customer.raw, ...]}``.
        """
        return cls.from_objects(customers)


class CustomerQuery(WindowedQuery, UpdatedRange):
    """The filters and paging of ``GET /customers``, validated before any request is sent.

    >>> from datetime import datetime, timezone
    >>> march = datetime(2024, 3, 1, tzinfo=timezone.utc)
    >>> CustomerQuery(created_at_min=march, limit=50).to_params()
    {'created_at_min': '2024-03-01T00:00:00.000Z', 'limit': '50'}

    Bounds are inclusive; each ``*_min`` must not be after its ``*_max`` (compared as instants, so
    different timezones are fine). ``limit`` defaults to 250, the largest page Loyverse serves.
    Ids are comma-joined, times are UTC ``YYYY-MM-DDTHH:MM:SS.mmmZ``, ``limit`` is always sent.
    """

    customer_ids: Annotated[list[CustomerId] | None, Wire("customer_ids")] = Field(
        default=None, min_length=1
    )
    email: Annotated[FilterText | None, Wire("email", matches="email")] = None
