"""``iterate(query, concurrency=N)``: windows of creation time walked at once, each object once.

Every test runs against the in-memory fake, whose clients wait on a ``FakeClock``: nothing sleeps.
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from loyverse_client import (
    AsyncLoyverseClient,
    CustomerQuery,
    InternalServerError,
    LoyverseClient,
    RateLimit,
)
from loyverse_client.testing import FakeLoyverse
from loyverse_models import (
    EmployeeQuery,
    ItemQuery,
    ModifierQuery,
    ReceiptQuery,
    ShiftQuery,
    VariantQuery,
)

T0 = datetime(2024, 3, 1, tzinfo=timezone.utc)
MS = timedelta(milliseconds=1)


def stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def tied_customers(times: int, per_time: int, step: timedelta = MS) -> list[dict[str, Any]]:
    """``per_time`` customers at each of ``times`` creation times ``step`` apart: every
    millisecond a window can be cut at holds several objects."""
    return [
        {
            "id": f"00000000-0000-4000-8000-{t:06d}{n:06d}",
            "name": f"Customer {t}-{n}",
            "created_at": stamp(T0 + t * step),
        }
        for t in range(times)
        for n in range(per_time)
    ]


@pytest.fixture
def fake() -> FakeLoyverse:
    return FakeLoyverse()


def walker_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("loyverse-walk-")]


@pytest.fixture(autouse=True)
def _no_thread_left() -> Iterator[None]:
    yield
    assert walker_threads() == []


def ids(objects: Any) -> Counter[str]:
    return Counter(obj.id for obj in objects)


# ---- exactly once ---------------------------------------------------------------------------


@pytest.mark.parametrize("concurrency", [2, 3, 4, 8])
@pytest.mark.parametrize("limit", [1, 3, 7, 50])
def test_objects_sharing_a_millisecond_come_once_whatever_the_cuts(
    fake: FakeLoyverse, concurrency: int, limit: int
) -> None:
    # 40 milliseconds with 6 customers each: every cut falls on a tie, and pages end mid-tie.
    fake.add("customers", tied_customers(40, 6))
    with fake.client() as client:
        walk = client.customers.iterate(CustomerQuery(limit=limit), concurrency=concurrency)
        seen = ids(walk)
    assert seen == Counter(c["id"] for c in fake.objects("customers"))
    assert max(seen.values()) == 1
    assert walk.duplicates == 0


class ExclusiveBounds(httpx.BaseTransport):
    """The fake as an API whose ``created_at`` bounds exclude their own millisecond."""

    def __init__(self, fake: FakeLoyverse) -> None:
        self._fake = fake

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        params = dict(request.url.params)
        for name, step in (("created_at_min", MS), ("created_at_max", -MS)):
            if name in params:
                moment = datetime.fromisoformat(params[name].replace("Z", "+00:00"))
                params[name] = stamp(moment + step)
        moved = httpx.Request(
            request.method, request.url.copy_with(params=params), headers=request.headers
        )
        return self._fake.transport.handle_request(moved)


@pytest.mark.parametrize("concurrency", [2, 4, 8])
def test_exactly_once_when_the_api_bounds_are_exclusive(
    fake: FakeLoyverse, concurrency: int
) -> None:
    fake.add("customers", tied_customers(40, 6))
    http = httpx.Client(transport=ExclusiveBounds(fake))
    with fake.client(http_client=http) as client:
        seen = ids(client.customers.iterate(CustomerQuery(limit=4), concurrency=concurrency))
    http.close()
    assert seen == Counter(c["id"] for c in fake.objects("customers"))


def test_the_callers_bounds_and_filters_are_kept_on_every_request(fake: FakeLoyverse) -> None:
    fake.add("customers", tied_customers(60, 3, step=timedelta(minutes=1)))
    email = "someone@example.com"
    fake.add("customers", [{"name": "Wanted", "email": email, "created_at": stamp(T0)}])
    low, high = T0 + timedelta(minutes=10), T0 + timedelta(minutes=50)
    query = CustomerQuery(created_at_min=low, created_at_max=high, limit=5)
    with fake.client() as client:
        sequential = list(client.customers.iterate(query))
        fake.requests.clear()
        concurrent = list(client.customers.iterate(query, concurrency=4))
    assert ids(concurrent) == ids(sequential)
    assert len(sequential) == 41 * 3
    for request in fake.requests:
        params = request.url.params
        assert params["limit"] == "5"
        assert stamp(low - MS) <= params.get("created_at_min", stamp(low)) <= stamp(high)
        assert stamp(low) <= params.get("created_at_max", stamp(high)) <= stamp(high)
    # The outermost windows send the caller's own bounds.
    assert any(r.url.params.get("created_at_max") == stamp(high) for r in fake.requests)
    assert any(r.url.params.get("created_at_min") == stamp(low) for r in fake.requests)


def test_other_filters_are_kept(fake: FakeLoyverse) -> None:
    fake.add_sample_shop()
    deleted = [i for i in fake.objects("items", show_deleted=True) if i["deleted_at"]]
    assert deleted
    query = ItemQuery(show_deleted=True, limit=2)
    with fake.client() as client:
        sequential = ids(client.items.iterate(query))
        fake.requests.clear()
        concurrent = ids(client.items.iterate(query, concurrency=3))
    assert concurrent == sequential
    assert {i["id"] for i in deleted} <= set(concurrent)
    assert all(r.url.params["show_deleted"] == "true" for r in fake.requests)


WINDOWED = {
    "receipts": (ReceiptQuery, "receipt_number"),
    "variants": (VariantQuery, "variant_id"),
    "modifiers": (ModifierQuery, "id"),
    "employees": (EmployeeQuery, "id"),
    "shifts": (ShiftQuery, "id"),
    "items": (ItemQuery, "id"),
}


@pytest.mark.parametrize("resource", sorted(WINDOWED))
def test_every_windowed_resource_walks_concurrently(fake: FakeLoyverse, resource: str) -> None:
    fake.add_sample_shop()
    query_type, key = WINDOWED[resource]
    query: Any = query_type(limit=3)
    with fake.client() as client:
        reader = getattr(client, resource)
        sequential = Counter(getattr(o, key) for o in reader.iterate(query))
        concurrent = Counter(getattr(o, key) for o in reader.iterate(query, concurrency=4))
    assert concurrent == sequential
    assert sum(sequential.values()) == len(fake.objects(resource))


def test_shifts_are_windowed_on_their_opening_time(fake: FakeLoyverse) -> None:
    fake.add_sample_shop()
    with fake.client() as client:
        shifts = list(client.shifts.iterate(ShiftQuery(limit=1), concurrency=3))
    assert len(shifts) == len(fake.objects("shifts"))
    assert len({shift.id for shift in shifts}) == len(shifts)


def test_receipts_keep_their_store_filter(fake: FakeLoyverse) -> None:
    fake.add_sample_shop()
    store = fake.objects("stores")[0]["id"]
    query = ReceiptQuery(store_id=store, limit=10)
    with fake.client() as client:
        sequential = [r.receipt_number for r in client.receipts.iterate(query)]
        concurrent = [r.receipt_number for r in client.receipts.iterate(query, concurrency=4)]
    assert sorted(concurrent) == sorted(sequential)
    assert all(
        receipt["store_id"] == store
        for receipt in fake.objects("receipts")
        if receipt["receipt_number"] in concurrent
    )


def test_objects_at_the_ends_of_time_come_once(fake: FakeLoyverse) -> None:
    # Placeholder dates of imported data: year 1 and 9999 beside ordinary ones.
    odd = ["0001-01-01T00:00:00.000Z"] * 12 + ["9999-12-31T23:59:59.999Z"] * 3
    fake.add("customers", tied_customers(40, 1, step=timedelta(hours=1)))
    fake.add("customers", [{"name": f"Odd {n}", "created_at": t} for n, t in enumerate(odd)])
    with fake.client() as client:
        seen = ids(client.customers.iterate(CustomerQuery(limit=5), concurrency=4))
    assert seen == Counter(c["id"] for c in fake.objects("customers"))


def test_no_bound_older_than_the_callers_is_sent() -> None:
    # Without the sales history add-on, created_at_min more than 31 days back is a 402: a
    # concurrent walk must not ask for one of its own making where the plain walk does not.
    fake = FakeLoyverse(sales_history_days=31)
    fake.add_sample_shop(resources=[name for name in fake.resources if name != "receipts"])
    now = fake.clock.now()
    store = fake.objects("stores")[0]["id"]
    fake.add(
        "receipts",
        [
            {
                "receipt_number": f"1-{1000 + n}",
                "receipt_type": "SALE",
                "source": "POS",
                "store_id": store,
                **dict.fromkeys(
                    ["total_money", "total_tax", "points_earned", "points_deducted"], 0
                ),
                **dict.fromkeys(["points_balance", "total_discount", "tip", "surcharge"], 0),
                "created_at": stamp(now - timedelta(hours=n + 1)),
                "receipt_date": stamp(now - timedelta(hours=n + 1)),
            }
            for n in range(600)  # the last 25 days
        ],
    )
    with fake.client() as client:
        plain = Counter(r.receipt_number for r in client.receipts.iterate(ReceiptQuery(limit=5)))
        walk = client.receipts.iterate(ReceiptQuery(limit=5), concurrency=8)
        concurrent = Counter(r.receipt_number for r in walk)
    assert concurrent == plain
    assert sum(plain.values()) == 600
    assert not any("created_at_min" in request.url.params for request in fake.requests)


def test_a_query_with_a_cursor_is_refused(fake: FakeLoyverse) -> None:
    fake.add("customers", tied_customers(20, 1))
    with fake.client() as client:
        cursor = client.customers.list(CustomerQuery(limit=5)).cursor
        assert cursor is not None
        with pytest.raises(ValidationError) as raised:
            client.customers.iterate(CustomerQuery(limit=5, cursor=cursor), concurrency=2)
    assert raised.value.errors()[0]["loc"] == ("query",)
    assert "cannot be cut into windows" in str(raised.value)


def test_an_error_of_the_plan_itself_ends_the_walk_with_it(
    fake: FakeLoyverse, monkeypatch: pytest.MonkeyPatch
) -> None:
    from loyverse_client._windows import WindowPlan

    fake.add("customers", tied_customers(100, 2))
    original, calls = WindowPlan.next_task, [0]

    def failing(self: Any, spare: int | None = None) -> Any:
        calls[0] += 1
        if calls[0] > 3:
            raise RuntimeError("the plan broke")
        return original(self, spare)

    monkeypatch.setattr(WindowPlan, "next_task", failing)
    with fake.client() as client, pytest.raises(RuntimeError, match="the plan broke"):
        list(client.customers.iterate(CustomerQuery(limit=5), concurrency=4))

    async def main() -> None:
        async with async_client(fake) as client:
            with pytest.raises(RuntimeError, match="the plan broke"):
                async for _ in client.customers.iterate(CustomerQuery(limit=5), concurrency=4):
                    pass

    calls[0] = 0
    asyncio.run(main())


# ---- balance (in lockstep: tests/test_windows.py) ---------------------------------------------


def test_a_list_that_fits_in_one_page_costs_one_request(fake: FakeLoyverse) -> None:
    fake.add("customers", tied_customers(10, 1))
    with fake.client() as client:
        assert sum(ids(client.customers.iterate(concurrency=8)).values()) == 10
    assert len(fake.requests) == 1


def test_an_empty_list_costs_one_request(fake: FakeLoyverse) -> None:
    with fake.client() as client:
        assert list(client.customers.iterate(concurrency=8)) == []
    assert len(fake.requests) == 1


# ---- order -----------------------------------------------------------------------------------


def test_ordered_gives_the_order_of_a_plain_walk(fake: FakeLoyverse) -> None:
    fake.add("customers", tied_customers(30, 5, step=timedelta(seconds=1)))
    query = CustomerQuery(limit=4)
    with fake.client() as client:
        plain = [c.id for c in client.customers.iterate(query)]
        ordered = [c.id for c in client.customers.iterate(query, concurrency=4, ordered=True)]
    assert ordered == plain


def test_unordered_is_newest_first_within_each_window(fake: FakeLoyverse) -> None:
    fake.add("customers", tied_customers(30, 5, step=timedelta(seconds=1)))
    with fake.client() as client:
        customers = list(client.customers.iterate(CustomerQuery(limit=4), concurrency=4))
    assert sorted(c.id for c in customers) == sorted(c["id"] for c in fake.objects("customers"))


# ---- concurrency 1 -------------------------------------------------------------------------


def test_concurrency_one_is_the_plain_walk(fake: FakeLoyverse) -> None:
    fake.add("customers", tied_customers(20, 3))
    query = CustomerQuery(limit=7)
    with fake.client() as client:
        plain = [c.id for c in client.customers.iterate(query)]
        plain_requests = [str(r.url) for r in fake.requests]
        fake.requests.clear()
        one = [c.id for c in client.customers.iterate(query, concurrency=1)]
    assert one == plain
    assert [str(r.url) for r in fake.requests] == plain_requests
    assert threading.active_count() >= 1


# ---- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize("concurrency", [0, -1, 33, True, 2.0, "4"])
def test_a_bad_concurrency_is_refused_before_any_request(
    fake: FakeLoyverse, concurrency: Any
) -> None:
    with fake.client() as client, pytest.raises(ValidationError) as raised:
        client.customers.iterate(concurrency=concurrency)
    assert "customers.iterate" in str(raised.value)
    assert raised.value.errors()[0]["loc"] == ("concurrency",)
    assert fake.requests == []


def test_a_bad_ordered_is_refused(fake: FakeLoyverse) -> None:
    with fake.client() as client, pytest.raises(ValidationError) as raised:
        client.customers.iterate(concurrency=2, ordered="yes")  # type: ignore[arg-type]
    assert raised.value.errors()[0]["loc"] == ("ordered",)


@pytest.mark.parametrize("resource", ["categories", "suppliers", "inventory", "discounts"])
def test_a_list_without_creation_windows_has_no_concurrency(
    fake: FakeLoyverse, resource: str
) -> None:
    with fake.client() as client, pytest.raises(TypeError, match="concurrency"):
        getattr(client, resource).iterate(concurrency=2)
    assert fake.requests == []


# ---- failures and stopping ---------------------------------------------------------------


def test_a_workers_final_error_ends_the_walk_with_it(fake: FakeLoyverse) -> None:
    fake.add("customers", tied_customers(100, 2))
    with fake.client(max_retries=0) as client:
        walk = client.customers.iterate(CustomerQuery(limit=5), concurrency=4)
        seen = [next(walk)]
        fake.fail_next(500)
        with pytest.raises(InternalServerError):
            seen.extend(walk)
    assert walker_threads() == []


def test_a_retried_failure_does_not_end_the_walk(fake: FakeLoyverse) -> None:
    fake.add("customers", tied_customers(100, 2))
    with fake.client() as client:
        walk = client.customers.iterate(CustomerQuery(limit=5), concurrency=4)
        first = next(walk)
        fake.fail_next(503, times=2)
        rest = list(walk)
    assert ids([first, *rest]) == Counter(c["id"] for c in fake.objects("customers"))


def test_breaking_out_stops_the_workers(fake: FakeLoyverse) -> None:
    fake.add("customers", tied_customers(200, 5))
    with fake.client() as client:
        walk = client.customers.iterate(CustomerQuery(limit=5), concurrency=4)
        for _ in walk:
            break
        walk.close()
        assert walker_threads() == []
        sent = len(fake.requests)
        assert sent < 200
    assert len(fake.requests) == sent


def test_a_walk_dropped_after_a_break_stops_its_workers(fake: FakeLoyverse) -> None:
    fake.add("customers", tied_customers(200, 5))
    with fake.client() as client:
        for _ in client.customers.iterate(CustomerQuery(limit=5), concurrency=4):
            break
        assert walker_threads() == []


def test_with_closes_the_walk(fake: FakeLoyverse) -> None:
    fake.add("customers", tied_customers(200, 5))
    with fake.client() as client, client.customers.iterate(concurrency=4) as walk:
        next(walk)
    assert walker_threads() == []


def test_threads_start_only_when_the_first_object_is_asked_for(fake: FakeLoyverse) -> None:
    fake.add("customers", tied_customers(20, 5))
    with fake.client() as client:
        walk = client.customers.iterate(CustomerQuery(limit=5), concurrency=4)
        assert walker_threads() == []
        assert fake.requests == []
        assert sum(1 for _ in walk) == 100


# ---- pacing ----------------------------------------------------------------------------------


def test_every_worker_shares_the_clients_pacer() -> None:
    fake = FakeLoyverse(rate_limit=(20, 2.0))
    fake.add("customers", tied_customers(100, 50, step=timedelta(seconds=1)))
    statuses: Counter[int] = Counter()

    def count(response: httpx.Response) -> None:
        statuses[response.status_code] += 1

    http = httpx.Client(transport=fake.transport, event_hooks={"response": [count]})
    with fake.client(http_client=http, rate_limit=RateLimit(requests=20, per_seconds=2)) as client:
        seen = ids(client.customers.iterate(CustomerQuery(limit=50), concurrency=8))
    http.close()
    assert sum(seen.values()) == 5000
    assert statuses[429] == 0
    assert statuses[200] > 100  # more requests than the burst: the pacer made them wait
    assert fake.clock.monotonic() >= 2 * (statuses[200] // 20 - 1)


# ---- async -----------------------------------------------------------------------------------


def async_client(fake: FakeLoyverse, **kwargs: Any) -> AsyncLoyverseClient:
    return fake.async_client(**kwargs)


@pytest.mark.parametrize("limit", [1, 5, 50])
def test_async_walks_concurrently_and_exactly_once(fake: FakeLoyverse, limit: int) -> None:
    fake.add("customers", tied_customers(40, 6))

    async def main() -> Counter[str]:
        async with async_client(fake) as client:
            walk = client.customers.iterate(CustomerQuery(limit=limit), concurrency=4)
            return Counter([c.id async for c in walk])

    seen = asyncio.run(main())
    assert seen == Counter(c["id"] for c in fake.objects("customers"))


def test_async_ordered_gives_the_plain_order(fake: FakeLoyverse) -> None:
    fake.add("customers", tied_customers(30, 5, step=timedelta(seconds=1)))

    async def main() -> tuple[list[str], list[str]]:
        async with async_client(fake) as client:
            query = CustomerQuery(limit=4)
            plain = [c.id async for c in client.customers.iterate(query)]
            walk = client.customers.iterate(query, concurrency=4, ordered=True)
            return plain, [c.id async for c in walk]

    plain, ordered = asyncio.run(main())
    assert ordered == plain


def test_async_error_ends_the_walk_and_leaves_no_task(fake: FakeLoyverse) -> None:
    fake.add("customers", tied_customers(100, 2))

    async def main() -> set[asyncio.Task[Any]]:
        async with async_client(fake, max_retries=0) as client:
            walk = client.customers.iterate(CustomerQuery(limit=5), concurrency=4)
            await walk.__anext__()
            fake.fail_next(500)
            with pytest.raises(InternalServerError):
                async for _ in walk:
                    pass
        return asyncio.all_tasks() - {asyncio.current_task()}

    assert asyncio.run(main()) == set()


def test_async_break_then_aclose_cancels_the_tasks(fake: FakeLoyverse) -> None:
    fake.add("customers", tied_customers(200, 5))

    async def main() -> tuple[set[asyncio.Task[Any]], int, int]:
        async with async_client(fake) as client:
            async with client.customers.iterate(CustomerQuery(limit=5), concurrency=4) as walk:
                async for _ in walk:
                    break
            sent = len(fake.requests)
            await asyncio.sleep(0)
            left = asyncio.all_tasks() - {asyncio.current_task()}
            return left, sent, len(fake.requests)

    left, sent, later = asyncio.run(main())
    assert left == set()
    assert sent == later < 200


def test_async_bad_concurrency_is_refused_before_any_request(fake: FakeLoyverse) -> None:
    async def main() -> None:
        async with async_client(fake) as client:
            with pytest.raises(ValidationError) as raised:
                client.customers.iterate(concurrency=0)
            assert raised.value.errors()[0]["loc"] == ("concurrency",)

    asyncio.run(main())
    assert fake.requests == []


def test_sync_client_and_plain_iterate_still_work_with_real_clock() -> None:
    fake = FakeLoyverse()
    fake.add("customers", tied_customers(5, 2))
    http = httpx.Client(transport=fake.transport)
    with LoyverseClient(fake.access_token, base_url="https://x.test/v1.0", http_client=http) as c:
        assert sum(ids(c.customers.iterate(CustomerQuery(limit=3), concurrency=3)).values()) == 10
    http.close()
