"""Every declared resource through the public clients: wire names, paging, get, walks.

Parametrised over the declarations, so a new resource is covered by adding its minimal object to
``MINIMAL`` below. The fake Loyverse's own tests cover the same resources end to end.
"""

from __future__ import annotations

import asyncio
import gc
import inspect
import json
import tracemalloc
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
from pydantic import ValidationError

from loyverse_client import (
    AsyncLoyverseClient,
    LoyverseClient,
    PaginationError,
    ResponseValidationError,
)
from loyverse_client._collections import Collections
from loyverse_client._resource import Resource
from loyverse_client._resources import RESOURCES
from tests.helpers import Recorder, json_response

T0 = "2024-03-01T08:00:00.000Z"

MINIMAL: dict[str, dict[str, Any]] = {
    "customers": {"created_at": T0, "updated_at": T0},
    "items": {"item_name": "Latte", "created_at": T0, "updated_at": T0},
    "variants": {"item_id": "i1", "created_at": T0, "updated_at": T0},
    "categories": {"name": "Drinks", "created_at": T0},
    "modifiers": {"name": "Milk", "created_at": T0, "updated_at": T0},
    "discounts": {"type": "FIXED_PERCENT", "name": "Staff", "created_at": T0, "updated_at": T0},
    "taxes": {"type": "ADDED", "name": "VAT", "rate": 5.255, "created_at": T0, "updated_at": T0},
    "inventory": {"in_stock": 12.5, "updated_at": T0},
    "stores": {"name": "Main Street", "created_at": T0, "updated_at": T0},
    "employees": {"name": "Ann", "is_owner": True, "created_at": T0, "updated_at": T0},
    "payment_types": {"name": "Cash", "type": "CASH", "created_at": T0, "updated_at": T0},
    "pos_devices": {"name": "POS 1", "store_id": "s1", "activated": True},
    "shifts": {"opened_at": T0},
    "suppliers": {"name": "Beans Ltd", "created_at": T0, "updated_at": T0},
    "webhooks": {
        "merchant_id": "m1",
        "url": "https://example.com/hook",
        "type": "items.update",
        "status": "ENABLED",
        "created_at": T0,
        "updated_at": T0,
    },
    "receipts": {
        "receipt_type": "SALE",
        "created_at": T0,
        "receipt_date": T0,
        "updated_at": T0,
        "source": "point of sale",
        "store_id": "s1",
        **dict.fromkeys(
            ("total_money", "total_tax", "points_earned", "points_deducted", "points_balance"), 0
        ),
        **dict.fromkeys(("total_discount", "tip", "surcharge"), 0),
    },
}
"""Each resource's required fields, without its key."""

BY_NAME = {resource.name: resource for resource in RESOURCES}
NAMES = [resource.name for resource in RESOURCES]
PAGINATED = [resource.name for resource in RESOURCES if resource.paginated]
WHOLE = [resource.name for resource in RESOURCES if not resource.paginated]


def obj(resource: Resource[Any, Any, Any], key: str, **fields: Any) -> dict[str, Any]:
    data = dict.fromkeys(resource.key, key)
    return {**data, **MINIMAL[resource.name], **fields}


def page(resource: Resource[Any, Any, Any], *keys: str, cursor: str | None = None) -> Any:
    body: dict[str, Any] = {resource.page.list_key(): [obj(resource, key) for key in keys]}
    if cursor is not None:
        body["cursor"] = cursor
    return json_response(200, body)


def every_filter(resource: Resource[Any, Any, Any]) -> dict[str, Any]:
    """A value for each filter of the resource's query."""
    moment = datetime(2024, 3, 1, tzinfo=timezone.utc)
    values: dict[str, Any] = {}
    for name, info in resource.query.model_fields.items():
        if name not in resource.query.filters():
            continue
        if "list[" in str(info.annotation):
            values[name] = ["a", "b"]
        elif name.endswith(("_min", "_max")):
            values[name] = moment if name.endswith("_min") else moment + timedelta(days=1)
        elif name == "show_deleted":
            values[name] = True
        else:
            values[name] = "text"
    return values


def test_every_declared_resource_is_covered_here() -> None:
    assert set(NAMES) == set(MINIMAL)


def _methods(reader: object) -> dict[str, list[inspect.Parameter]]:
    return {
        name: list(inspect.signature(getattr(reader, name)).parameters.values())
        for name in dir(reader)
        if not name.startswith("_") and callable(getattr(reader, name))
    }


def test_both_clients_have_every_resource_with_the_same_methods_and_parameters() -> None:
    attributes = [name for name in vars(Collections) if not name.startswith("_")]
    assert set(attributes) >= set(NAMES) - {"customers"}
    sync, async_ = LoyverseClient("t"), AsyncLoyverseClient("t")
    for name in [*attributes, "customers"]:
        methods = _methods(getattr(sync, name))
        assert methods == _methods(getattr(async_, name)), name
        expected = {"get"} if name == "merchant" else {"list", "iter_pages", "iterate"}
        assert expected <= set(methods), name


@pytest.mark.parametrize("name", NAMES)
def test_list_sends_every_filter_under_its_documented_wire_name(name: str) -> None:
    resource = BY_NAME[name]
    server = Recorder(page(resource, "k1"))
    query = resource.query(**every_filter(resource))
    with server.client() as client:
        result = getattr(client, name).list(query)
    sent = dict(server.requests[0].url.params)
    wires = {wire.name for wire in resource.query.filters().values()}
    assert set(sent) == wires | ({"limit"} if resource.paginated else set())
    assert server.requests[0].url.path == f"/v1.0/{resource.path}"
    assert [resource.key_of(o) for o in result.objects()] == [("k1",) * len(resource.key)]
    assert result.raw == json.loads(page(resource, "k1").content)


@pytest.mark.parametrize("name", NAMES)
def test_a_query_of_another_resource_is_refused_before_any_request(name: str) -> None:
    other = next(r for r in RESOURCES if r.query is not BY_NAME[name].query)
    server = Recorder()
    with server.client() as client, pytest.raises(TypeError, match="query must be a"):
        getattr(client, name).list(other.query())
    assert server.requests == []


@pytest.mark.parametrize("name", PAGINATED)
def test_iterate_follows_cursors_and_repeats_the_filters(name: str) -> None:
    resource = BY_NAME[name]
    server = Recorder(page(resource, "k1", "k2", cursor="c1"), page(resource, "k3"))
    query = resource.query(limit=2, **every_filter(resource))
    with server.client() as client:
        keys = [resource.key_of(o)[0] for o in getattr(client, name).iterate(query)]
    assert keys == ["k1", "k2", "k3"]
    first, second = (dict(request.url.params) for request in server.requests)
    assert second == {**first, "cursor": "c1"}


@pytest.mark.parametrize("name", WHOLE)
def test_a_list_that_does_not_paginate_is_one_request_without_limit_or_cursor(name: str) -> None:
    resource = BY_NAME[name]
    # Even a cursor in the answer is not followed: these lists return everything at once.
    server = Recorder(page(resource, "k1", "k2", cursor="ignored"))
    with server.client() as client:
        objects = list(getattr(client, name).iterate())
    assert len(objects) == 2
    assert len(server.requests) == 1
    assert {"limit", "cursor"}.isdisjoint(server.requests[0].url.params)
    with pytest.raises(ValidationError, match="limit"):
        resource.query(limit=10)


@pytest.mark.parametrize("name", [r.name for r in RESOURCES if r.gettable])
def test_get_reads_one_object_by_its_percent_encoded_key(name: str) -> None:
    resource = BY_NAME[name]
    server = Recorder(json_response(200, obj(resource, "a/b")))
    with server.client() as client:
        found = getattr(client, name).get("a/b")
    assert isinstance(found, resource.model)
    assert found.raw == obj(resource, "a/b")
    assert server.requests[0].url.raw_path.decode() == f"/v1.0/{resource.name}/a%2Fb"
    assert unquote(server.requests[0].url.path) == f"/v1.0/{resource.name}/a/b"


@pytest.mark.parametrize("name", [r.name for r in RESOURCES if r.gettable])
@pytest.mark.parametrize("bad", ["", "a,b", " a", "..", 42])
def test_get_refuses_a_bad_id_before_any_request(name: str, bad: object) -> None:
    server = Recorder()
    with server.client() as client, pytest.raises(ValidationError) as caught:
        getattr(client, name).get(bad)
    assert server.requests == []
    assert caught.value.title == f"{name}.get"
    # Named as each reader names it: receipts are asked for by their number.
    parameter = "receipt_number" if name == "receipts" else "id"
    assert caught.value.errors()[0]["loc"] == (parameter,)


@pytest.mark.parametrize("name", PAGINATED)
def test_an_object_repeated_from_the_previous_page_is_dropped_and_counted(name: str) -> None:
    resource = BY_NAME[name]
    # An offset cursor after two creations: the next page starts with the last two again.
    server = Recorder(
        page(resource, "k1", "k2", "k3", cursor="c1"), page(resource, "k2", "k3", "k4")
    )
    with server.client() as client:
        walk = getattr(client, name).iterate()
        keys = [resource.key_of(o)[0] for o in walk]
    assert keys == ["k1", "k2", "k3", "k4"]
    assert walk.duplicates == 2


MERCHANT = {
    "id": "m1",
    "business_name": "Corner Cafe",
    "email": "owner@example.com",
    "country": "us",
    "currency": {"code": "USD", "decimal_places": 2},
    "created_at": T0,
}


def test_the_merchant_is_one_object_on_both_clients() -> None:
    server = Recorder(json_response(200, MERCHANT), json_response(200, MERCHANT))
    with server.client() as client:
        merchant = client.merchant.get()

    async def main() -> Any:
        async with server.async_client() as client:
            return await client.merchant.get()

    assert asyncio.run(main()) == merchant
    assert merchant.currency.decimal_places == 2
    assert merchant.currency.raw == MERCHANT["currency"]
    assert [request.url.path for request in server.requests] == ["/v1.0/merchant/"] * 2


def test_stock_levels_have_no_get_and_walk_by_variant_and_store() -> None:
    inventory = BY_NAME["inventory"]
    level = MINIMAL["inventory"]
    server = Recorder(
        json_response(
            200,
            {
                "inventory_levels": [
                    {"variant_id": "v1", "store_id": "s1", **level},
                    {"variant_id": "v1", "store_id": "s2", **level},
                ],
                "cursor": "c1",
            },
        ),
        # The same variant in the same store again: a repeat; in another store: new.
        json_response(
            200,
            {
                "inventory_levels": [
                    {"variant_id": "v1", "store_id": "s2", **level},
                    {"variant_id": "v2", "store_id": "s2", **level},
                ]
            },
        ),
    )
    with server.client() as client:
        assert not hasattr(client.inventory, "get")
        walk = client.inventory.iterate()
        keys = [inventory.key_of(level) for level in walk]
    assert keys == [("v1", "s1"), ("v1", "s2"), ("v2", "s2")]
    assert walk.duplicates == 1


def test_the_async_walk_drops_repeated_objects_too() -> None:
    resource = BY_NAME["items"]
    server = Recorder(page(resource, "k1", "k2", cursor="c1"), page(resource, "k2", "k3"))

    async def main() -> tuple[list[str], int]:
        async with server.async_client() as client:
            walk = client.items.iterate()
            keys = [item.id async for item in walk]
            return keys, walk.duplicates

    assert asyncio.run(main()) == (["k1", "k2", "k3"], 1)


def test_iter_pages_gives_a_page_without_the_repeated_objects_and_its_raw_matches() -> None:
    resource = BY_NAME["items"]
    server = Recorder(page(resource, "k1", "k2", cursor="c1"), page(resource, "k2", "k3"))
    with server.client() as client:
        walk = client.items.iter_pages()
        pages = list(walk)
    assert walk.duplicates == 1
    assert [item.id for item in pages[1].items] == ["k3"]
    assert [item["id"] for item in pages[1].raw["items"]] == ["k3"]
    assert pages[1].items[0].raw == obj(resource, "k3")


def test_a_cursor_that_cannot_be_sent_back_is_a_response_error_not_a_validation_error() -> None:
    resource = BY_NAME["items"]
    server = Recorder(page(resource, "k1", cursor=" c1 "))
    with server.client() as client, pytest.raises(ResponseValidationError, match="cursor"):
        list(client.items.iterate())


def test_a_cursor_returned_twice_stops_the_walk() -> None:
    resource = BY_NAME["taxes"]
    items = BY_NAME["items"]
    server = Recorder(page(items, "k1", cursor="c1"), page(items, "k2", cursor="c1"))
    with server.client() as client, pytest.raises(PaginationError, match="twice"):
        list(client.items.iterate())
    assert resource.paginated is False


def _padded_page(number: int, cursor: str | None) -> httpx.Response:
    resource = BY_NAME["items"]
    # Items with variants inline: a kept item's variants must let go of the page too.
    objects = [
        obj(
            resource,
            key := f"p{number}-{index}",
            description="x" * 1000,
            variants=[
                obj(BY_NAME["variants"], f"{key}-v{v}", item_id=key, sku="y" * 300)
                for v in range(3)
            ],
        )
        for index in range(100)
    ]
    body: dict[str, Any] = {"items": objects}
    if cursor:
        body["cursor"] = cursor
    return json_response(200, body)


def _walk_keeping(every: int | None, pages: int = 30) -> tuple[int, list[Any]]:
    """Walk ``pages`` padded pages, keeping every ``every``-th item; memory retained after it."""
    # Answers are built when asked for, so that only the client can keep them alive.
    server = Recorder(
        *(lambda _, n=n: _padded_page(n, f"c{n}" if n < pages - 1 else None) for n in range(pages))
    )
    kept = []
    gc.collect()
    tracemalloc.start()
    try:
        with server.client() as client:
            for index, item in enumerate(client.items.iterate()):
                if every is not None and index % every == 0:
                    kept.append(item)
        gc.collect()
        retained, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return retained, kept


def test_an_object_kept_from_each_page_does_not_keep_its_whole_page() -> None:
    page_bytes = len(_padded_page(0, "c0").content)
    nothing, _ = _walk_keeping(None)
    one_per_page, kept = _walk_keeping(100)
    assert len(kept) == 30
    # Each kept item is about 2 kB of its own, its page about 200 kB: pinning the pages would
    # retain some 6 MB more than keeping nothing. At most the last two pages may stay pinned.
    assert one_per_page - nothing < 3 * page_bytes
    assert all(item.raw["id"] == item.id for item in kept)
    assert all(item.variants[2].raw["item_id"] == item.id for item in kept)


def test_each_resource_attribute_is_documented_on_the_client_class() -> None:
    # What help(LoyverseClient), pydoc and IDEs read: the attribute on the class itself.
    for name in [*NAMES, "merchant"]:
        if name == "customers":
            continue
        attribute = getattr(LoyverseClient, name)
        assert attribute.__doc__, name
        assert name in dir(LoyverseClient)
