"""The sync and async APIs are twins, and user code type-checks precisely against them."""

from __future__ import annotations

import asyncio
import inspect

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


def test_async_methods_are_awaitable_and_iterators_are_async() -> None:
    server = Recorder(*(json_response(200, {"customers": []}) for _ in range(3)))

    async def main() -> None:
        async with server.async_client() as client:
            for name in _public_methods(AsyncCustomers):
                method = getattr(client.customers, name)
                if name in {"iter_pages", "iterate"}:
                    assert inspect.isasyncgen(method()) or hasattr(method(), "__anext__"), name
                elif name in {"list", "get_by_query"}:
                    call = method()
                    assert inspect.isawaitable(call), name
                    await call
                else:
                    assert inspect.iscoroutinefunction(method) or name in {
                        "get",
                        "get_by_id",
                        "create",
                    }, name

    asyncio.run(main())


def test_one_pacer_is_shared_by_every_task_of_an_async_client(fake_time: FakeTime) -> None:
    server = Recorder(*(json_response(200, {"customers": []}) for _ in range(4)))

    async def main() -> None:
        async with server.async_client(rate_limit=RateLimit(requests=2, per_seconds=10)) as client:
            await asyncio.gather(*(client.customers.list() for _ in range(4)))

    asyncio.run(main())
    assert len(server.requests) == 4
    assert sum(fake_time.sleeps) >= 10  # the last two waited for the window to move
