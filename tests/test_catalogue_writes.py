"""Catalogue and stock writes through the clients: the wire, the retry rule, images, stock."""

from __future__ import annotations

import asyncio
import json
from decimal import Decimal
from typing import Any

import httpx
import pytest

from loyverse_client import InventoryUpdateError, LoyverseError
from loyverse_client._resources import RESOURCES
from loyverse_client.testing import FakeLoyverse
from loyverse_models import (
    CategoryUpdate,
    InventoryChange,
    ItemCreate,
    ItemUpdate,
    ItemVariantWrite,
    TaxCreate,
    TaxType,
)
from tests.helpers import FakeTime, Recorder, json_response, loyverse_error
from tests.test_resources import BY_NAME, obj

WRITABLE = [
    "items",
    "variants",
    "categories",
    "modifiers",
    "discounts",
    "taxes",
    "suppliers",
    "pos_devices",
]


def test_these_resources_are_written_and_the_others_are_not() -> None:
    from loyverse_client import LoyverseClient

    client = LoyverseClient("t")
    written = {
        r.name for r in RESOURCES if all(hasattr(getattr(client, r.name), m) for m in WRITES)
    }
    assert written == {*WRITABLE, "customers", "webhooks"}


WRITES = ("create", "update", "delete")


def test_an_item_update_restates_its_variants_and_keeps_every_field() -> None:
    current = obj(
        BY_NAME["items"],
        "i1",
        item_name="T-shirt",
        handle="t-shirt",
        option1_name="Size",
        track_stock=True,
        variants=[
            obj(BY_NAME["variants"], "v1", item_id="i1", option1_value="S", sku="TS-S"),
            obj(BY_NAME["variants"], "v2", item_id="i1", option1_value="M", sku="TS-M"),
        ],
    )
    server = Recorder(json_response(200, current), json_response(200, current))
    with server.client() as client:
        client.items.update("i1", ItemUpdate(description="Soft cotton"))
    read, write = server.requests
    assert (read.method, read.url.path) == ("GET", "/v1.0/items/i1")
    assert (write.method, write.url.path) == ("POST", "/v1.0/items")
    body = json.loads(write.content)
    assert body["id"] == "i1"
    assert body["description"] == "Soft cotton"
    assert body["item_name"] == "T-shirt"
    assert body["track_stock"] is True
    assert "handle" not in body  # read-only: never sent back
    assert [v["variant_id"] for v in body["variants"]] == ["v1", "v2"]
    assert [v["sku"] for v in body["variants"]] == ["TS-S", "TS-M"]
    assert all("created_at" not in v and "item_id" not in v for v in body["variants"])


@pytest.mark.parametrize(
    "failure", [httpx.ReadTimeout("lost"), loyverse_error(500, "INTERNAL_SERVER_ERROR")]
)
def test_a_create_that_may_have_happened_is_not_sent_again(failure: Any) -> None:
    server = Recorder(failure)
    with server.client() as client, pytest.raises(LoyverseError) as caught:
        client.taxes.create(TaxCreate(name="VAT", type=TaxType.ADDED, rate=Decimal("5.5")))
    assert len(server.requests) == 1
    assert caught.value.outcome_unknown
    assert "client.taxes.list()" in str(caught.value)


def test_an_update_carrying_its_key_is_retried_like_a_read(fake_time: FakeTime) -> None:
    current = obj(BY_NAME["categories"], "c1")
    server = Recorder(
        json_response(200, current),
        loyverse_error(503, "INTERNAL_SERVER_ERROR"),
        json_response(200, {**current, "name": "Hot drinks"}),
    )
    with server.client() as client:
        updated = client.categories.update("c1", CategoryUpdate(name="Hot drinks"))
    assert updated.name == "Hot drinks"
    assert [r.method for r in server.requests] == ["GET", "POST", "POST"]


def test_deleting_an_item_answers_its_id_and_its_variants() -> None:
    server = Recorder(json_response(200, {"deleted_object_ids": ["i1", "v1", "v2"]}))
    with server.client() as client:
        deleted = client.items.delete("i1")
    assert deleted.deleted_object_ids == ["i1", "v1", "v2"]
    assert (server.requests[0].method, server.requests[0].url.path) == ("DELETE", "/v1.0/items/i1")


def test_an_image_is_sent_as_raw_bytes_with_its_type_and_deleted() -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(200)
    server = Recorder(httpx.Response(201), httpx.Response(200))
    with server.client() as client:
        client.items.upload_image("i1", png, "image/png")
        client.items.delete_image("i1")
    upload, delete = server.requests
    assert (upload.method, upload.url.path) == ("POST", "/v1.0/items/i1/image")
    assert upload.content == png
    assert upload.headers["content-type"] == "image/png"
    assert (delete.method, delete.url.path) == ("DELETE", "/v1.0/items/i1/image")


@pytest.mark.parametrize(
    ("data", "content_type", "error"),
    [
        ("not bytes", "image/png", TypeError),
        (b"\x89PNG", "multipart/form-data", ValueError),
        (b"\x89PNG", "text/plain", ValueError),
    ],
)
def test_an_image_that_loyverse_would_refuse_sends_nothing(
    data: Any, content_type: str, error: type[Exception]
) -> None:
    server = Recorder()
    with server.client() as client, pytest.raises(error):
        client.items.upload_image("i1", data, content_type)
    assert server.requests == []


def test_an_image_upload_is_not_repeated_after_a_server_error() -> None:
    server = Recorder(loyverse_error(500, "INTERNAL_ERROR"))
    with server.client() as client, pytest.raises(LoyverseError) as caught:
        client.items.upload_image("i1", b"\x89PNG" + bytes(100))
    assert len(server.requests) == 1
    assert "image_url" in str(caught.value)


def _level(variant: str, store: str, stock: str) -> dict[str, Any]:
    return {
        "variant_id": variant,
        "store_id": store,
        "in_stock": float(stock),
        "updated_at": "2024-03-01T08:00:00.000Z",
    }


def _answer(request: httpx.Request) -> httpx.Response:
    levels = json.loads(request.content)["inventory_levels"]
    body = [_level(c["variant_id"], c["store_id"], str(c["stock_after"])) for c in levels]
    return json_response(200, {"inventory_levels": body})


def _changes(count: int) -> list[InventoryChange]:
    return [
        InventoryChange(variant_id=f"v{n}", store_id="s1", stock_after=Decimal(n))
        for n in range(count)
    ]


def test_inventory_update_sends_absolute_levels_in_batches_of_250() -> None:
    server = Recorder(_answer, _answer)
    with server.client() as client:
        levels = client.inventory.update(_changes(300))
    assert [len(json.loads(r.content)["inventory_levels"]) for r in server.requests] == [250, 50]
    assert all((r.method, r.url.path) == ("POST", "/v1.0/inventory") for r in server.requests)
    assert [level.in_stock for level in levels] == [Decimal(n) for n in range(300)]
    assert json.loads(server.requests[0].content)["inventory_levels"][3] == {
        "variant_id": "v3",
        "store_id": "s1",
        "stock_after": 3,
    }


def test_a_failed_batch_says_which_levels_were_set_and_which_were_not() -> None:
    server = Recorder(_answer, loyverse_error(400, "INVALID_VALUE", "unknown variant"))
    with server.client() as client, pytest.raises(InventoryUpdateError) as caught:
        client.inventory.update(_changes(300))
    assert len(caught.value.applied) == 250
    assert [c.variant_id for c in caught.value.not_applied] == [f"v{n}" for n in range(250, 300)]
    assert isinstance(caught.value.__cause__, LoyverseError)


def test_set_stock_and_adjust_stock() -> None:
    server = Recorder(
        _answer,
        json_response(200, {"inventory_levels": [_level("v1", "s1", "7.5")]}),
        _answer,
    )
    with server.client() as client:
        assert client.inventory.set_stock("v1", "s1", Decimal(10)).in_stock == 10
        assert client.inventory.adjust_stock("v1", "s1", Decimal("-2.5")).in_stock == 5
    read = server.requests[1]
    assert dict(read.url.params) == {"variant_ids": "v1", "store_ids": "s1", "limit": "250"}
    assert json.loads(server.requests[2].content)["inventory_levels"][0]["stock_after"] == 5


def test_the_async_client_writes_the_catalogue_alike() -> None:
    server = Recorder(json_response(200, obj(BY_NAME["taxes"], "t1")), httpx.Response(201), _answer)

    async def main() -> list[object]:
        async with server.async_client() as client:
            tax = await client.taxes.create(
                TaxCreate(name="VAT", type=TaxType.ADDED, rate=Decimal("5.5"))
            )
            await client.items.upload_image("i1", b"\x89PNG" + bytes(100))
            levels = await client.inventory.update(_changes(2))
            return [tax.id, len(levels)]

    assert asyncio.run(main()) == ["t1", 2]


def test_the_catalogue_round_trip_against_the_fake() -> None:
    fake = FakeLoyverse()
    fake.add_sample_shop()
    store = fake.objects("stores")[0]["id"]
    with fake.client() as client:
        item = client.items.create(
            ItemCreate(
                item_name="T-shirt",
                option1_name="Size",
                track_stock=True,
                variants=[ItemVariantWrite(option1_value=size) for size in ("S", "M")],
            )
        )
        updated = client.items.update(item.id, ItemUpdate(description="Soft cotton"))
        assert updated.description == "Soft cotton"
        assert [v.variant_id for v in updated.variants] == [v.variant_id for v in item.variants]
        client.items.upload_image(item.id, b"\x89PNG\r\n\x1a\n" + bytes(200))
        assert client.items.get(item.id).image_url
        assert fake.image(item.id) == b"\x89PNG\r\n\x1a\n" + bytes(200)
        variant = item.variants[0].variant_id
        assert client.inventory.set_stock(variant, store, Decimal(12)).in_stock == 12
        assert client.inventory.adjust_stock(variant, store, Decimal(-2)).in_stock == 10
        deleted = client.items.delete(item.id)
        assert set(deleted.deleted_object_ids) == {item.id, *(v.variant_id for v in item.variants)}


def test_an_inventory_update_is_retried_like_a_read(fake_time: FakeTime) -> None:
    server = Recorder(
        httpx.ReadTimeout("lost"), loyverse_error(503, "INTERNAL_SERVER_ERROR"), _answer
    )
    with server.client() as client:
        levels = client.inventory.update(_changes(3))
    assert len(levels) == 3
    assert [r.method for r in server.requests] == ["POST"] * 3
    assert len(fake_time.sleeps) == 2
