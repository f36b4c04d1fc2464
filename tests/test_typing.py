"""User code as mypy --strict sees it: precise return types, wrong arguments caught.

mypy checks this file with the rest of the tests. ``assert_type`` fails the type check if a
return type is not exactly what is written; each ``# type: ignore[...]`` line must really be an
error, or mypy reports the ignore as unused (``warn_unused_ignores`` is on under strict).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timezone
from typing import TYPE_CHECKING

import httpx
from typing_extensions import assert_type

from loyverse_client import (
    AsyncLoyverseClient,
    AsyncWalk,
    Customer,
    CustomerPage,
    CustomerQuery,
    LoyverseClient,
    Walk,
)
from tests.helpers import customer, json_response


def user_code(client: LoyverseClient) -> None:
    assert_type(client.customers.list(), CustomerPage)
    assert_type(client.customers.list(CustomerQuery(limit=10)), CustomerPage)
    assert_type(client.customers.get_by_query(email="a@b.c"), CustomerPage)
    assert_type(client.customers.iter_pages(), Iterator[CustomerPage])
    assert_type(client.customers.iterate(), Walk[Customer])
    assert_type(client.customers.get_by_id("x"), Customer)
    assert_type(client.customers.get_by_email("a@b.c"), Customer | None)
    day = datetime(2024, 1, 1, tzinfo=timezone.utc)
    assert_type(client.customers.get_by_creation_date(day), CustomerPage)
    assert_type(client.customers.get_by_creation_dates(day), CustomerPage)
    page = client.customers.list()
    assert_type(page.cursor, str | None)
    assert_type(page.customers[0].total_spent, "Decimal")


async def async_user_code(client: AsyncLoyverseClient) -> None:
    assert_type(await client.customers.list(), CustomerPage)
    assert_type(client.customers.iterate(), AsyncWalk[Customer])
    assert_type(client.customers.iter_pages(), AsyncIterator[CustomerPage])
    assert_type(await client.customers.get_by_id("x"), Customer)
    assert_type(await client.customers.get_by_email("a@b.c"), Customer | None)


def wrong_arguments_are_caught(client: LoyverseClient) -> None:
    client.customers.get_by_id(42)  # type: ignore[arg-type]
    client.customers.get_by_query(limit="250")  # type: ignore[arg-type]
    client.customers.get_by_query(customer_ids="one-id")  # type: ignore[arg-type]
    client.customers.get_by_query(emial="a@b.c")  # type: ignore[call-arg]
    client.customers.get_by_creation_date("2024-01-01")  # type: ignore[arg-type]
    client.customers.list({"limit": 5})  # type: ignore[arg-type]
    CustomerQuery(limt=5)  # type: ignore[call-arg]
    CustomerQuery(created_at_min="yesterday")  # type: ignore[arg-type]
    LoyverseClient("token", retries=3)  # type: ignore[call-arg]
    LoyverseClient("token", "https://api.loyverse.com")  # type: ignore[call-arg]
    customer_ = client.customers.get_by_id("x")
    customer_.nmae  # type: ignore[attr-defined]  # noqa: B018


if TYPE_CHECKING:
    from decimal import Decimal  # noqa: F401  (named in a string annotation above)


def test_the_user_code_also_runs() -> None:
    def loyverse(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1.0/customers":
            return json_response(200, {"customers": [customer("a", email="a@b.c")]})
        return json_response(200, customer("x"))

    http = httpx.Client(transport=httpx.MockTransport(loyverse))
    with LoyverseClient("token", http_client=http, rate_limit=None) as client:
        user_code(client)
