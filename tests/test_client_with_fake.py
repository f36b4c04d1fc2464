"""The client against the fake Loyverse: whole walks, real filters, real cursors, real errors.

respx covers the default transport (no ``http_client`` given), which the fake cannot reach.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import httpx
import pytest
import respx

from loyverse_client import (
    AsyncLoyverseClient,
    AuthenticationError,
    BadRequestError,
    CustomerQuery,
    LoyverseClient,
    RateLimit,
)
from loyverse_client.testing import FakeLoyverse
from tests.helpers import TOKEN, FakeTime, customer

UTC = timezone.utc


@pytest.fixture
def fake() -> FakeLoyverse:
    fake = FakeLoyverse()
    fake.add_sample_customers(1200, seed=7)
    return fake


def _created(raw: dict[str, object]) -> datetime:
    return datetime.fromisoformat(str(raw["created_at"]).replace("Z", "+00:00"))


def test_iterate_walks_every_customer_once_newest_first(fake: FakeLoyverse) -> None:
    with fake.client() as client:
        walked = [c.raw for c in client.customers.iterate()]
    assert walked == fake.customers
    assert len(fake.requests) == 5  # 1200 customers in pages of 250


def test_filters_hold_on_every_page(fake: FakeLoyverse) -> None:
    start = datetime(2024, 3, 5, tzinfo=UTC)
    end = datetime(2024, 3, 12, tzinfo=UTC)
    expected = [c for c in fake.customers if start <= _created(c) <= end]
    query = CustomerQuery(created_at_min=start, created_at_max=end, limit=37)
    with fake.client() as client:
        walked = [c.raw for c in client.customers.iterate(query)]
    assert len(expected) > 100
    assert walked == expected
    for request in fake.requests:
        assert request.url.params["created_at_min"] == "2024-03-05T00:00:00.000Z"
        assert request.url.params["limit"] == "37"


def test_get_by_id_email_and_ids_filter(fake: FakeLoyverse) -> None:
    with_email = next(c for c in fake.customers if c["email"])
    some = [c["id"] for c in fake.customers[10:13]]
    with fake.client() as client:
        assert client.customers.get_by_id(with_email["id"]).raw == with_email
        found = client.customers.get_by_email(with_email["email"])
        assert found is not None
        assert found.raw == with_email
        assert client.customers.get_by_email("nobody@nowhere.example") is None
        page = client.customers.get_by_query(customer_ids=some)
    assert sorted(c.id for c in page.customers) == sorted(some)


def test_get_by_creation_date_matches_the_local_calendar_day(fake: FakeLoyverse) -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    day = datetime(2024, 3, 10, 20, 0, tzinfo=tokyo)
    expected = [c for c in fake.customers if _created(c).astimezone(tokyo).date() == day.date()]
    with fake.client() as client:
        page = client.customers.get_by_creation_date(day)
    assert expected
    assert page.raw == {"customers": expected}
    assert page.cursor is None


def test_get_by_creation_dates_covers_both_end_days(fake: FakeLoyverse) -> None:
    first, last = datetime(2024, 3, 3, 23, tzinfo=UTC), datetime(2024, 3, 6, 1, tzinfo=UTC)
    expected = [c for c in fake.customers if first.date() <= _created(c).date() <= last.date()]
    with fake.client() as client:
        page = client.customers.get_by_creation_dates(first, last)
    assert [c.raw for c in page.customers] == expected
    assert Counter(c.created_at.date() for c in page.customers).keys() == {
        first.date() + timedelta(days=n) for n in range(4)
    }


def test_a_wrong_token_is_an_authentication_error(fake: FakeLoyverse) -> None:
    with fake.client(access_token="not-the-token") as client, pytest.raises(AuthenticationError):
        client.customers.list()


def test_a_cursor_from_elsewhere_is_a_bad_request(fake: FakeLoyverse) -> None:
    with fake.client() as client, pytest.raises(BadRequestError) as caught:
        client.customers.get_by_query(cursor="forged-cursor")
    assert caught.value.code == "INVALID_CURSOR"


def test_a_walk_survives_injected_faults(fake: FakeLoyverse, fake_time: FakeTime) -> None:
    fake.fail_next(503, retry_after="2")
    fake.fail_next("reset")
    with fake.client() as client:
        assert sum(1 for _ in client.customers.iterate()) == 1200
    assert fake.clock.slept == [2.0, 1.0]  # waited on the fake's clock: no real time
    assert fake_time.sleeps == []


def test_the_client_limiter_keeps_a_walk_under_the_fake_rate_limit(fake_time: FakeTime) -> None:
    fake = FakeLoyverse(rate_limit=(4, 10.0), clock=fake_time.monotonic)
    fake.add_sample_customers(500)
    with fake.client(rate_limit=RateLimit(requests=4, per_seconds=10), max_retries=0) as client:
        walked = sum(1 for _ in client.customers.iterate(CustomerQuery(limit=50)))
    assert walked == 500
    assert len(fake.requests) == 10  # no request was refused, so none was repeated
    assert sum(fake_time.sleeps) == pytest.approx(20.0)  # two full windows waited


def test_a_retry_against_the_fake_takes_no_real_time_and_moves_its_clock() -> None:
    # What a user's test does: no fixture patches anything, the fake's clock is enough.
    fake = FakeLoyverse()
    fake.add_sample_customers(3)
    fake.fail_next(503, times=2)
    started = fake.clock.monotonic()
    with fake.client() as client:
        assert len(client.customers.list().customers) == 3
    assert len(fake.requests) == 3
    assert len(fake.clock.slept) == 2
    assert fake.clock.monotonic() - started == pytest.approx(sum(fake.clock.slept))
    assert sum(fake.clock.slept) >= 0.5 * 0.75 + 1.0 * 0.75  # the backoff, jitter at most 25 %


def test_the_fake_s_rate_limit_moves_with_its_clock() -> None:
    fake = FakeLoyverse(rate_limit=(2, 10.0))
    fake.add_sample_customers(1)

    async def main() -> None:
        async with fake.async_client(rate_limit=RateLimit(requests=2, per_seconds=10)) as client:
            for _ in range(5):
                await client.customers.list()

    asyncio.run(main())
    assert len(fake.requests) == 5  # paced on the shared clock: no 429 was ever answered
    assert sum(fake.clock.slept) == pytest.approx(20.0)


def test_the_async_client_walks_the_fake(fake: FakeLoyverse) -> None:
    async def main() -> list[str]:
        async with fake.async_client() as client:
            return [c.id async for c in client.customers.iterate(CustomerQuery(limit=100))]

    assert asyncio.run(main()) == [c["id"] for c in fake.customers]


@respx.mock(base_url="https://api.loyverse.com/v1.0", assert_all_called=True)
def test_the_default_transport_sends_the_token_and_parses(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.get("/customers/c1").mock(
        return_value=httpx.Response(200, json=customer("c1"))
    )
    with LoyverseClient(TOKEN, rate_limit=None) as client:
        assert client.customers.get_by_id("c1").raw == customer("c1")
    assert route.calls.last.request.headers["authorization"] == f"Bearer {TOKEN}"


@respx.mock(base_url="https://api.loyverse.com/v1.0", assert_all_called=True)
def test_the_default_async_transport_alike(respx_mock: respx.MockRouter) -> None:
    respx_mock.get("/customers", params={"limit": "250"}).mock(
        return_value=httpx.Response(200, json={"customers": [customer("a")]})
    )

    async def main() -> list[str]:
        async with AsyncLoyverseClient(TOKEN, rate_limit=None) as client:
            return [c.id for c in (await client.customers.list()).customers]

    assert asyncio.run(main()) == ["a"]
