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
from typing import Annotated

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)

from ._raw import RawModel
from ._strict import StrictModel
from ._wire import AwareDatetime, Money, Timestamp, format_timestamp

__all__ = ["MAX_PAGE_SIZE", "Customer", "CustomerId", "CustomerPage", "CustomerQuery"]

MAX_PAGE_SIZE = 250
"""The largest page Loyverse serves; 251 is answered with 400, not clamped."""


def _check_customer_id(value: str) -> str:
    if not value:
        raise ValueError("a customer id must not be empty")
    if value in {".", ".."}:
        raise ValueError(f"{value!r} is not a customer id")
    if "," in value or any(char.isspace() for char in value):
        raise ValueError(f"a customer id has no commas or whitespace, got {value!r}")
    return value


CustomerId = Annotated[str, AfterValidator(_check_customer_id)]
"""A customer id as a caller gives it: opaque (a UUID in practice), non-empty, one token."""


def _check_filter_text(value: str) -> str:
    if not value or value != value.strip():
        raise ValueError(
            f"must be non-empty text without surrounding whitespace, got {value!r} "
            "(pass None to leave this filter out)"
        )
    return value


_FilterText = Annotated[str, AfterValidator(_check_filter_text)]


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


def _no_cursor_if_empty(value: object) -> object:
    return None if value == "" else value


class CustomerPage(RawModel):
    """One page of ``GET /customers``: the customers, newest first, and the next page's cursor.

    ``cursor`` is ``None`` on the last page, whether the API left the key out, sent ``null`` or
    sent ``""``. ``.raw`` is the whole page; each customer's ``.raw`` is its own object in it.
    """

    _raw_children = ("customers",)

    customers: list[Customer]
    cursor: Annotated[str | None, BeforeValidator(_no_cursor_if_empty)] = Field(
        default=None,
        # The API leaves the key out on the last page, and so does our JSON.
        exclude_if=lambda cursor: cursor is None,
    )

    @classmethod
    def from_customers(cls, customers: Iterable[Customer]) -> CustomerPage:
        """A single, final page holding ``customers``; its ``.raw`` is built from theirs.

        This is how results merged from several pages are returned:
        ``.raw == {"customers": [customer.raw, ...]}``.
        """
        page = cls(customers=list(customers))
        page._attach({"customers": [customer.raw for customer in page.customers]})
        return page


class CustomerQuery(StrictModel):
    """The filters and paging of ``GET /customers``, validated before any request is sent.

    >>> from datetime import datetime, timezone
    >>> march = datetime(2024, 3, 1, tzinfo=timezone.utc)
    >>> CustomerQuery(created_at_min=march, limit=50).to_params()
    {'created_at_min': '2024-03-01T00:00:00.000Z', 'limit': '50'}

    Bounds are inclusive; each ``*_min`` must not be after its ``*_max`` (compared as instants, so
    different timezones are fine). ``limit`` defaults to 250, the largest page Loyverse serves.
    """

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    customer_ids: list[CustomerId] | None = Field(default=None, min_length=1)
    email: _FilterText | None = None
    created_at_min: AwareDatetime | None = None
    created_at_max: AwareDatetime | None = None
    updated_at_min: AwareDatetime | None = None
    updated_at_max: AwareDatetime | None = None
    limit: int = Field(default=MAX_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, strict=True)
    cursor: _FilterText | None = Field(
        default=None, description="The opaque cursor of the previous page."
    )

    @model_validator(mode="after")
    def _check_ranges(self) -> CustomerQuery:
        for low, high in (
            ("created_at_min", "created_at_max"),
            ("updated_at_min", "updated_at_max"),
        ):
            start, end = getattr(self, low), getattr(self, high)
            if start is not None and end is not None and start > end:
                raise ValueError(
                    f"{low} ({start.isoformat()}) is after {high} ({end.isoformat()}); "
                    "the range is empty, swap the two bounds"
                )
        return self

    def to_params(self) -> dict[str, str]:
        """The API's query parameters: only the documented names, unset filters left out.

        Ids are comma-joined, times are UTC ``YYYY-MM-DDTHH:MM:SS.mmmZ``, ``limit`` is always sent.
        """
        params: dict[str, str] = {}
        if self.customer_ids is not None:
            params["customer_ids"] = ",".join(self.customer_ids)
        if self.email is not None:
            params["email"] = self.email
        for name in ("created_at_min", "created_at_max", "updated_at_min", "updated_at_max"):
            value = getattr(self, name)
            if value is not None:
                params[name] = format_timestamp(value)
        params["limit"] = str(self.limit)
        if self.cursor is not None:
            params["cursor"] = self.cursor
        return params
