"""Stock written to the fake: ``POST /inventory`` sets absolute levels (idempotent, all or
nothing, a batch limit), and the levels that follow items' writes (new variants of tracked
items, ``track_stock`` turned off)."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest

from loyverse_client._resources import ITEMS, VARIANTS
from loyverse_client.testing import FakeLoyverse
from loyverse_models import InventoryQuery
from tests.fake.helpers import JSON, error_codes
from tests.fake.writes import ids, item, ok, post, restated


def _levels(fake: FakeLoyverse, variant_ids: list[str]) -> dict[tuple[str, str], Decimal]:
    """The stock of these variants by (variant, store), read through the SDK."""
    with fake.client() as client:
        levels = client.inventory.iterate(InventoryQuery(variant_ids=variant_ids))
        return {(level.variant_id, level.store_id): level.in_stock for level in levels}


def _change(variant_id: str, store_id: str, stock_after: object) -> JSON:
    return {"variant_id": variant_id, "store_id": store_id, "stock_after": stock_after}


def _stores(fake: FakeLoyverse) -> list[str]:
    return list(ids(fake, "stores").values())


def _set(api: httpx.Client, *changes: JSON) -> httpx.Response:
    return api.post("/inventory", json={"inventory_levels": list(changes)})


def test_stock_is_set_absolute_and_the_answer_lists_the_levels(
    shop: FakeLoyverse, api: httpx.Client
) -> None:
    croissant = item(shop, "Croissant")["variants"][0]["variant_id"]
    first, second = _stores(shop)
    shop.clock.advance(60)
    answer = ok(_set(api, _change(croissant, first, 12), _change(croissant, second, 2.5)))
    levels = answer["inventory_levels"]
    assert [(level["store_id"], level["in_stock"]) for level in levels] == [
        (first, 12),
        (second, 2.5),
    ]
    assert _levels(shop, [croissant]) == {
        (croissant, first): 12,
        (croissant, second): Decimal("2.5"),
    }
    assert levels[0]["updated_at"] == levels[1]["updated_at"]


def test_setting_the_same_stock_again_changes_nothing(
    shop: FakeLoyverse, api: httpx.Client
) -> None:
    croissant = item(shop, "Croissant")["variants"][0]["variant_id"]
    store = _stores(shop)[0]
    (first,) = ok(_set(api, _change(croissant, store, 7)))["inventory_levels"]
    shop.clock.advance(60)
    (again,) = ok(_set(api, _change(croissant, store, 7.0)))["inventory_levels"]
    assert again == first
    negative = ok(_set(api, _change(croissant, store, -3)))["inventory_levels"]
    assert negative[0]["in_stock"] == -3
    assert negative[0]["updated_at"] > first["updated_at"]


@pytest.mark.parametrize(
    ("entry", "errors"),
    [
        ({"variant_id": "nope"}, [("INVALID_VALUE", "object.inventory_levels[1].variant_id")]),
        ({"store_id": "nope"}, [("INVALID_VALUE", "object.inventory_levels[1].store_id")]),
        ({"stock_after": 1.2345}, [("INVALID_VALUE", "object.inventory_levels[1].stock_after")]),
        ({"stock_after": 10**8}, [("INVALID_VALUE", "object.inventory_levels[1].stock_after")]),
        (
            {"stock_after": "5"},
            [("INCORRECT_VALUE_TYPE", "object.inventory_levels[1].stock_after")],
        ),
        (
            {"stock_after": None},
            [("MISSING_REQUIRED_PARAMETER", "object.inventory_levels[1].stock_after")],
        ),
        ({}, [("INVALID_VALUE", "object.inventory_levels[1]")]),
    ],
    ids=["unknown-variant", "unknown-store", "decimals", "too-much", "string", "null", "repeated"],
)
def test_a_bad_change_is_refused_and_no_level_is_set(
    shop: FakeLoyverse, api: httpx.Client, entry: JSON, errors: list[tuple[str, str | None]]
) -> None:
    croissant = item(shop, "Croissant")["variants"][0]["variant_id"]
    store = _stores(shop)[0]
    before = shop.objects("inventory")
    response = _set(api, _change(croissant, store, 1), {**_change(croissant, store, 3), **entry})
    assert (response.status_code, error_codes(response)) == (400, errors)
    assert shop.objects("inventory") == before


def test_stock_of_an_item_that_does_not_track_it_is_refused(
    shop: FakeLoyverse, api: httpx.Client
) -> None:
    espresso = item(shop, "Espresso")["variants"][0]["variant_id"]
    response = _set(api, _change(espresso, _stores(shop)[0], 3))
    assert error_codes(response) == [("INVALID_VALUE", "object.inventory_levels[0].variant_id")]


@pytest.mark.parametrize(
    ("body", "code"),
    [({}, "MISSING_REQUIRED_PARAMETER"), ({"inventory_levels": {}}, "INCORRECT_VALUE_TYPE")],
)
def test_a_body_without_levels_is_refused(api: httpx.Client, body: JSON, code: str) -> None:
    assert error_codes(api.post("/inventory", json=body)) == [(code, "object.inventory_levels")]


def test_a_batch_over_the_limit_is_refused_and_at_the_limit_accepted(
    shop: FakeLoyverse, api: httpx.Client
) -> None:
    assert shop.inventory_batch_limit == 250
    shop.inventory_batch_limit = 2
    tee = [variant["variant_id"] for variant in item(shop, "T-shirt")["variants"]]
    changes = [_change(variant_id, _stores(shop)[0], 5) for variant_id in tee]
    over = _set(api, *changes)
    assert (over.status_code, error_codes(over)) == (
        400,
        [("INVALID_VALUE", "object.inventory_levels")],
    )
    assert len(ok(_set(api, *changes[:2]))["inventory_levels"]) == 2
    assert ok(_set(api))["inventory_levels"] == []


def test_the_default_limit_is_250_levels(shop: FakeLoyverse, api: httpx.Client) -> None:
    croissant = item(shop, "Croissant")["variants"][0]["variant_id"]
    over = _set(api, *[_change(croissant, f"s{n}", 1) for n in range(251)])
    assert error_codes(over) == [("INVALID_VALUE", "object.inventory_levels")]


def test_new_variants_of_a_tracked_item_get_zero_stock_in_every_store(
    shop: FakeLoyverse, api: httpx.Client
) -> None:
    body = {"item_name": "Mug", "track_stock": True, "option1_name": "Colour"}
    mug = post(
        api, ITEMS, {**body, "variants": [{"option1_value": "Red"}, {"option1_value": "Blue"}]}
    )
    tee = post(
        api,
        VARIANTS,
        {"item_id": item(shop, "T-shirt")["id"], "option1_value": "XL", "option2_value": "Navy"},
    )
    made = [variant["variant_id"] for variant in mug["variants"]] + [tee["variant_id"]]
    assert _levels(shop, made) == {(v, store): 0 for v in made for store in _stores(shop)}
    untracked = post(api, ITEMS, {"item_name": "Postcard"})
    assert _levels(shop, [untracked["variants"][0]["variant_id"]]) == {}


def test_turning_track_stock_off_zeroes_the_items_levels_and_on_gives_every_variant_one(
    shop: FakeLoyverse, api: httpx.Client
) -> None:
    beans = item(shop, "Coffee beans")
    own = [variant["variant_id"] for variant in beans["variants"]]
    assert any(_levels(shop, own).values())
    post(api, ITEMS, {**restated(beans), "track_stock": False})
    assert set(_levels(shop, own).values()) == {0}
    espresso = item(shop, "Espresso")
    post(api, ITEMS, {**restated(espresso), "track_stock": True})
    (single,) = [variant["variant_id"] for variant in espresso["variants"]]
    assert _levels(shop, [single]) == {(single, store): 0 for store in _stores(shop)}


def test_a_lost_answer_to_a_stock_change_can_be_sent_again(
    shop: FakeLoyverse, api: httpx.Client
) -> None:
    croissant = item(shop, "Croissant")["variants"][0]["variant_id"]
    store = _stores(shop)[0]
    shop.fail_next("timeout", after_processing=True)
    with pytest.raises(httpx.ReadTimeout):
        _set(api, _change(croissant, store, 9))
    assert _levels(shop, [croissant])[(croissant, store)] == 9
    assert ok(_set(api, _change(croissant, store, 9)))["inventory_levels"][0]["in_stock"] == 9
