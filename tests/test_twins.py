"""The sync and async APIs are twins, and user code type-checks precisely against them."""

from __future__ import annotations

import asyncio
import inspect
from unittest.mock import create_autospec

from loyverse_client import (
    AsyncCustomers,
    AsyncLoyverseClient,
    Customers,
    LoyverseClient,
    RateLimit,
)
from tests.helpers import FakeTime, Recorder, json_response


def _public_methods(cls: type) -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(getattr(cls, name))
        for name in dir(cls)
        if callable(getattr(cls, name)) and not name.startswith("_")
    }


def test_customers_and_async_customers_have_the_same_methods_and_parameters() -> None:
    sync, async_ = _public_methods(Customers), _public_methods(AsyncCustomers)
    assert sync.keys() == async_.keys()
    assert {"list", "get_by_query", "iter_pages", "iterate", "get_by_id", "get_by_email"} <= set(
        sync
    )
    for name, signature in sync.items():
        other = async_[name]
        assert list(signature.parameters.values()) == list(other.parameters.values()), name


def test_the_clients_take_the_same_settings() -> None:
    sync = inspect.signature(LoyverseClient.__init__).parameters
    async_ = inspect.signature(AsyncLoyverseClient.__init__).parameters
    assert list(sync) == list(async_)
    for name in sync:
        if name != "http_client":
            assert sync[name] == async_[name], name


def test_async_methods_are_coroutine_functions_and_iterators_are_async() -> None:
    client = AsyncLoyverseClient("t")
    for name in ("customers", "items", "inventory", "receipts", "merchant"):
        reader = getattr(client, name)
        for method in _public_methods(type(reader)):
            if method in {"iter_pages", "iterate"}:
                assert hasattr(getattr(reader, method)(), "__anext__"), (name, method)
            else:
                assert inspect.iscoroutinefunction(getattr(reader, method)), (name, method)


def test_an_autospec_of_the_async_customers_is_awaitable_in_users_tests() -> None:
    mocked = create_autospec(AsyncCustomers, instance=True)
    mocked.get_by_id.return_value = "found"
    assert asyncio.run(mocked.get_by_id("c1")) == "found"
    assert asyncio.run(mocked.create(None)) is not None


def test_bad_input_to_an_async_call_is_raised_when_awaited_as_before() -> None:
    async def main() -> list[object]:
        async with AsyncLoyverseClient("t") as client:
            calls = [client.customers.get_by_id(""), client.items.get("a,b")]
            results: list[object] = await asyncio.gather(*calls, return_exceptions=True)
            return results

    results = asyncio.run(main())
    assert [type(result).__name__ for result in results] == ["ValidationError"] * 2


def test_one_pacer_is_shared_by_every_task_of_an_async_client(fake_time: FakeTime) -> None:
    server = Recorder(*(json_response(200, {"customers": []}) for _ in range(4)))

    async def main() -> None:
        async with server.async_client(rate_limit=RateLimit(requests=2, per_seconds=10)) as client:
            await asyncio.gather(*(client.customers.list() for _ in range(4)))

    asyncio.run(main())
    assert len(server.requests) == 4
    assert sum(fake_time.sleeps) >= 10  # the last two waited for the window to move
