"""Reading customers through the public client, over httpx.MockTransport."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from pydantic import ValidationError

from loyverse_client import (
    Customer,
    CustomerPage,
    CustomerQuery,
    NotFoundError,
    PaginationError,
)
from loyverse_client.testing import FakeLoyverse
from tests.helpers import BASE, TOKEN, Recorder, customer, json_response, loyverse_error

UTC = timezone.utc


def test_list_returns_a_typed_page_with_the_raw_json() -> None:
    body = {"customers": [customer("a", total_spent=120.55), customer("b")], "cursor": "next"}
    server = Recorder(json_response(200, body))
    with server.client() as client:
        page = client.customers.list(CustomerQuery(limit=2, email="a@example.com"))

    assert isinstance(page, CustomerPage)
    assert [c.id for c in page.customers] == ["a", "b"]
    assert str(page.customers[0].total_spent) == "120.55"
    assert page.cursor == "next"
    assert page.raw == body
    assert page.customers[1].raw == body["customers"][1]
    (request,) = server.requests
    assert request.method == "GET"
    assert str(request.url) == f"{BASE}/customers?email=a%40example.com&limit=2"
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert request.headers["accept"] == "application/json"


def test_get_by_query_keeps_the_original_signature_and_sends_only_documented_names() -> None:
    server = Recorder(json_response(200, {"customers": []}))
    with server.client() as client:
        page = client.customers.get_by_query(
            ["id1", "id2"],
            None,
            datetime(2024, 1, 1, tzinfo=UTC),
            datetime(2024, 1, 2, tzinfo=UTC),
            limit=5,
            cursor="c0",
        )
    assert page.customers == []
    assert page.cursor is None
    assert dict(server.requests[0].url.params) == {
        "customer_ids": "id1,id2",
        "created_at_min": "2024-01-01T00:00:00.000Z",
        "created_at_max": "2024-01-02T00:00:00.000Z",
        "limit": "5",
        "cursor": "c0",
    }


def test_get_by_query_defaults_to_pages_of_250() -> None:
    server = Recorder(json_response(200, {"customers": []}))
    with server.client() as client:
        client.customers.get_by_query()
    assert dict(server.requests[0].url.params) == {"limit": "250"}


def _pages(*pages: tuple[list[str], str | None]) -> list[httpx.Response]:
    answers = []
    for ids, cursor in pages:
        body: dict[str, Any] = {"customers": [customer(i) for i in ids]}
        if cursor is not None:
            body["cursor"] = cursor
        answers.append(json_response(200, body))
    return answers


def test_iterate_follows_cursors_with_the_same_filters_and_limit() -> None:
    server = Recorder(*_pages((["a", "b"], "p2"), (["c", "d"], "p3"), (["e"], None)))
    query = CustomerQuery(updated_at_min=datetime(2024, 1, 1, tzinfo=UTC), limit=2)
    with server.client() as client:
        ids = [c.id for c in client.customers.iterate(query)]

    assert ids == ["a", "b", "c", "d", "e"]
    sent = [dict(r.url.params) for r in server.requests]
    first = {"updated_at_min": "2024-01-01T00:00:00.000Z", "limit": "2"}
    assert sent == [first, {**first, "cursor": "p2"}, {**first, "cursor": "p3"}]
    assert query.cursor is None  # the caller's query is left as it was


def test_iterate_is_lazy() -> None:
    server = Recorder(*_pages((["a", "b"], "p2"), (["c"], None)))
    with server.client() as client:
        customers = client.customers.iterate()
        assert server.requests == []
        assert next(customers).id == "a"
        assert next(customers).id == "b"
        assert len(server.requests) == 1
        assert next(customers).id == "c"
        assert len(server.requests) == 2


def test_iter_pages_yields_each_page_with_its_raw() -> None:
    server = Recorder(*_pages((["a"], "p2"), (["b"], None)))
    with server.client() as client:
        pages = list(client.customers.iter_pages(CustomerQuery(limit=1)))
    assert [p.cursor for p in pages] == ["p2", None]
    assert pages[1].raw == {"customers": [customer("b")]}


def test_a_repeated_cursor_stops_the_walk_instead_of_looping() -> None:
    server = Recorder(*_pages((["a"], "same"), (["b"], "same")))
    with server.client() as client, pytest.raises(PaginationError, match="'same' twice"):
        list(client.customers.iterate())
    assert len(server.requests) == 2


def test_get_by_id_returns_the_bare_customer() -> None:
    server = Recorder(json_response(200, customer("5a1e-77")))
    with server.client() as client:
        found = client.customers.get_by_id("5a1e-77")
    assert isinstance(found, Customer)
    assert found.raw == customer("5a1e-77")
    assert str(server.requests[0].url) == f"{BASE}/customers/5a1e-77"


def test_get_by_id_of_an_unknown_customer_raises_not_found() -> None:
    server = Recorder(loyverse_error(404, "NOT_FOUND", "Customer not found"))
    with server.client() as client, pytest.raises(NotFoundError) as caught:
        client.customers.get_by_id("missing")
    assert caught.value.code == "NOT_FOUND"
    assert caught.value.details == "Customer not found"


@pytest.mark.parametrize("bad_id", ["", ".", "..", "a b", "a,b"])
def test_ids_that_cannot_be_one_path_segment_are_refused_before_sending(bad_id: str) -> None:
    server = Recorder()
    with server.client() as client, pytest.raises(ValidationError) as caught:
        client.customers.get_by_id(bad_id)
    assert caught.value.errors()[0]["loc"] == ("customer_id",)
    assert server.requests == []


@pytest.mark.parametrize(
    ("tricky", "path"),
    [
        ("../orders", "/v1.0/customers/..%2Forders"),
        ("a/b", "/v1.0/customers/a%2Fb"),
        ("x?limit=1", "/v1.0/customers/x%3Flimit%3D1"),
        ("%2e%2e", "/v1.0/customers/%252e%252e"),
        ("#frag", "/v1.0/customers/%23frag"),
    ],
)
def test_an_id_never_changes_which_url_is_requested(tricky: str, path: str) -> None:
    server = Recorder(loyverse_error(404, "NOT_FOUND"))
    with server.client() as client, pytest.raises(NotFoundError):
        client.customers.get_by_id(tricky)
    (request,) = server.requests
    assert request.url.raw_path.decode() == path
    assert request.url.host == "api.loyverse.com"


def test_get_by_email_returns_the_match_or_none() -> None:
    server = Recorder(
        json_response(200, {"customers": [customer("a", email="Ann@Example.com")]}),
        json_response(200, {"customers": []}),
    )
    with server.client() as client:
        assert client.customers.get_by_email("ann@example.com") == Customer.model_validate(
            customer("a", email="Ann@Example.com")
        )
        assert client.customers.get_by_email("nobody@example.com") is None
    assert dict(server.requests[0].url.params) == {"email": "ann@example.com", "limit": "250"}


@pytest.mark.parametrize("email", ["", " ann@example.com"])
def test_get_by_email_refuses_blank_or_padded_input(email: str) -> None:
    server = Recorder()
    with server.client() as client, pytest.raises(ValidationError, match="email"):
        client.customers.get_by_email(email)
    assert server.requests == []


def test_get_by_creation_date_covers_the_local_day_and_merges_all_pages() -> None:
    server = Recorder(*_pages((["a", "b"], "p2"), (["c"], None)))
    day = datetime(2024, 7, 14, 15, 30, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    with server.client() as client:
        page = client.customers.get_by_creation_date(day)

    assert [c.id for c in page.customers] == ["a", "b", "c"]
    assert page.cursor is None
    assert page.raw == {"customers": [customer("a"), customer("b"), customer("c")]}
    params = dict(server.requests[0].url.params)
    assert params["created_at_min"] == "2024-07-13T18:30:00.000Z"
    assert params["created_at_max"] == "2024-07-14T18:29:59.999Z"
    assert dict(server.requests[1].url.params)["cursor"] == "p2"


@pytest.mark.parametrize(
    ("day", "first", "last"),
    [
        # Spring forward in Paris: a 23-hour day.
        (datetime(2024, 3, 31, 12), "2024-03-30T23:00:00.000Z", "2024-03-31T21:59:59.999Z"),
        # Fall back: a 25-hour day.
        (datetime(2024, 10, 27, 12), "2024-10-26T22:00:00.000Z", "2024-10-27T22:59:59.999Z"),
    ],
)
def test_get_by_creation_date_on_daylight_saving_days(day: datetime, first: str, last: str) -> None:
    server = Recorder(json_response(200, {"customers": []}))
    with server.client() as client:
        client.customers.get_by_creation_date(day.replace(tzinfo=ZoneInfo("Europe/Paris")))
    params = dict(server.requests[0].url.params)
    assert (params["created_at_min"], params["created_at_max"]) == (first, last)


def test_get_by_creation_dates_spans_whole_days_and_defaults_to_today_utc() -> None:
    server = Recorder(
        json_response(200, {"customers": [customer("a")]}), json_response(200, {"customers": []})
    )
    tokyo = ZoneInfo("Asia/Tokyo")
    with server.client() as client:
        page = client.customers.get_by_creation_dates(
            datetime(2024, 1, 1, 9, tzinfo=tokyo), datetime(2024, 1, 3, 1, tzinfo=tokyo)
        )
        client.customers.get_by_creation_dates(datetime(2024, 1, 1, tzinfo=UTC))
    assert [c.id for c in page.customers] == ["a"]
    explicit, default = (dict(r.url.params) for r in server.requests)
    assert explicit["created_at_min"] == "2023-12-31T15:00:00.000Z"
    assert explicit["created_at_max"] == "2024-01-03T14:59:59.999Z"
    today = datetime.now(UTC).date().isoformat()
    assert default["created_at_max"] == f"{today}T23:59:59.999Z"


@pytest.mark.parametrize(
    ("call", "parameter"),
    [
        (lambda c: c.customers.get_by_creation_date(datetime(2024, 1, 1)), "date"),
        (lambda c: c.customers.get_by_creation_dates(datetime(2024, 1, 1)), "start_date"),
        (
            lambda c: c.customers.get_by_creation_dates(
                datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 1, 2)
            ),
            "end_date",
        ),
        (lambda c: c.customers.get_by_query(created_at_min=datetime(2024, 1, 1)), "created_at_min"),
    ],
)
def test_naive_datetimes_are_refused_before_sending(call: Any, parameter: str) -> None:
    server = Recorder()
    with server.client() as client, pytest.raises(ValidationError) as caught:
        call(client)
    assert caught.value.errors()[0]["loc"] == (parameter,)
    assert "timezone-aware" in str(caught.value)
    assert server.requests == []


def _far_future_fake() -> FakeLoyverse:
    return FakeLoyverse(
        [
            {"id": "last", "created_at": "9999-12-31T23:59:59.999Z"},
            {"id": "noon", "created_at": "9999-12-31T12:00:00.000Z"},
            {"id": "eve", "created_at": "9999-12-30T23:00:00.000Z"},
        ]
    )


def test_the_last_representable_day_can_be_asked_for() -> None:
    fake = _far_future_fake()
    last_day = datetime(9999, 12, 31, 15, 30, tzinfo=UTC)
    with fake.client() as client:
        one_day = client.customers.get_by_creation_date(last_day)
        two_days = client.customers.get_by_creation_dates(
            datetime(9999, 12, 30, tzinfo=UTC), last_day
        )
    assert [c.id for c in one_day.customers] == ["last", "noon"]
    assert [c.id for c in two_days.customers] == ["last", "noon", "eve"]
    assert fake.requests[0].url.params["created_at_min"] == "9999-12-31T00:00:00.000Z"
    assert fake.requests[0].url.params["created_at_max"] == "9999-12-31T23:59:59.999Z"


def test_the_async_client_asks_for_the_last_representable_day_alike() -> None:
    fake = _far_future_fake()

    async def main() -> list[list[str]]:
        async with fake.async_client() as client:
            day = await client.customers.get_by_creation_date(datetime(9999, 12, 31, tzinfo=UTC))
            days = await client.customers.get_by_creation_dates(
                datetime(9999, 12, 30, tzinfo=UTC), datetime(9999, 12, 31, tzinfo=UTC)
            )
        return [[c.id for c in day.customers], [c.id for c in days.customers]]

    assert asyncio.run(main()) == [["last", "noon"], ["last", "noon", "eve"]]


def test_a_last_day_that_ends_past_utc_s_last_moment_is_refused_before_sending() -> None:
    server = Recorder()
    behind_utc = timezone(timedelta(hours=-5))
    with server.client() as client, pytest.raises(ValueError, match="once converted to UTC"):
        client.customers.get_by_creation_date(datetime(9999, 12, 31, tzinfo=behind_utc))
    assert server.requests == []


def test_get_by_email_prefers_the_exact_address() -> None:
    page = {
        "customers": [
            customer("a", email="Ann@Example.com"),
            customer("b", email="ann@example.com"),
        ]
    }
    server = Recorder(json_response(200, page))
    with server.client() as client:
        found = client.customers.get_by_email("ann@example.com")
    assert found is not None
    assert found.id == "b"


def test_reversed_day_range_is_refused_before_sending() -> None:
    server = Recorder()
    with (
        server.client() as client,
        pytest.raises(ValueError, match=r"start_date .* is after end_date"),
    ):
        client.customers.get_by_creation_dates(
            datetime(2024, 2, 1, tzinfo=UTC), datetime(2024, 1, 1, tzinfo=UTC)
        )
    assert server.requests == []


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.customers.get_by_query(limit=251),
        lambda c: c.customers.get_by_query(limit=0),
        lambda c: c.customers.get_by_query(
            updated_at_min=datetime(2024, 2, 1, tzinfo=UTC),
            updated_at_max=datetime(2024, 1, 1, tzinfo=UTC),
        ),
        lambda c: c.customers.get_by_query(customer_ids=["ok", ""]),
    ],
)
def test_invalid_queries_send_nothing(call: Any) -> None:
    server = Recorder()
    with server.client() as client, pytest.raises(ValidationError):
        call(client)
    assert server.requests == []


def test_a_query_of_the_wrong_type_is_refused_before_sending() -> None:
    server = Recorder()
    with server.client() as client:
        with pytest.raises(TypeError, match="query must be a CustomerQuery"):
            client.customers.list({"limit": 5})  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="query must be a CustomerQuery"):
            client.customers.iterate("email=a@b.c")  # type: ignore[arg-type]

    async def main() -> None:
        async with server.async_client() as client:
            with pytest.raises(TypeError, match="query must be a CustomerQuery"):
                client.customers.iterate({"limit": 5})  # type: ignore[arg-type]

    asyncio.run(main())
    assert server.requests == []


def test_the_async_client_reads_the_same_way() -> None:
    server = Recorder(
        *_pages((["a", "b"], "p2"), (["c"], None)),
        json_response(200, customer("a")),
        json_response(200, {"customers": [customer("a")]}),
        *_pages((["x"], "q2"), (["y"], None)),
    )

    async def main() -> None:
        async with server.async_client() as client:
            ids = [c.id async for c in client.customers.iterate(CustomerQuery(limit=2))]
            assert ids == ["a", "b", "c"]
            assert (await client.customers.get_by_id("a")).id == "a"
            found = await client.customers.get_by_email("a@example.com")
            assert found is not None
            assert found.id == "a"
            day = await client.customers.get_by_creation_date(datetime(2024, 1, 1, tzinfo=UTC))
            assert [c.id for c in day.customers] == ["x", "y"]
            assert day.raw == {"customers": [customer("x"), customer("y")]}

    asyncio.run(main())
    assert dict(server.requests[1].url.params) == {"limit": "2", "cursor": "p2"}


def test_async_methods_validate_before_sending() -> None:
    server = Recorder()

    async def main() -> None:
        async with server.async_client() as client:
            with pytest.raises(ValidationError, match="customer_id"):
                await client.customers.get_by_id("")
            with pytest.raises(ValidationError, match="limit"):
                await client.customers.get_by_query(limit=300)

    asyncio.run(main())
    assert server.requests == []
