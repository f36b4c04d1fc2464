"""Items and their variants written to the fake: an update restates the variants (kept by
``variant_id``, added without, deleted when left out), option axes, ``POST /variants`` on an item
with options only, and deletes that answer the item's variants too."""

from __future__ import annotations

import httpx
import pytest

from loyverse_client._resources import ITEMS, VARIANTS
from loyverse_client.testing import FakeLoyverse
from loyverse_models import VariantQuery
from tests.fake.helpers import JSON, error_codes
from tests.fake.writes import item, ok, post, restated


def _variants(fake: FakeLoyverse, item_id: str, *, show_deleted: bool = False) -> list[JSON]:
    query = VariantQuery(item_ids=[item_id], show_deleted=show_deleted)
    with fake.client() as client:
        return [variant.raw for variant in client.variants.iterate(query)]


def _values(variants: list[JSON]) -> list[str]:
    return [str(variant["option1_value"]) for variant in variants]


def test_an_item_update_without_variants_is_refused_and_changes_nothing(
    shop: FakeLoyverse, api: httpx.Client
) -> None:
    latte = item(shop, "Latte")
    response = api.post("/items", json={"id": latte["id"], "item_name": "Flat white"})
    assert (response.status_code, error_codes(response)) == (
        400,
        [("INVALID_VALUE", "object.variants")],
    )
    assert item(shop, "Latte") == latte


def test_an_item_update_keeps_updates_adds_and_deletes_variants_as_it_lists_them(
    shop: FakeLoyverse, api: httpx.Client
) -> None:
    latte = item(shop, "Latte")
    small, medium, large = latte["variants"]
    shop.clock.advance(60)
    body = {
        "id": latte["id"],
        "variants": [
            {"variant_id": large["variant_id"], "sku": "LAT-L"},
            {"option1_value": "Extra large", "default_price": 5, "default_pricing_type": "FIXED"},
            {"variant_id": small["variant_id"]},
        ],
    }
    updated = post(api, ITEMS, body)
    kept_large, added, kept_small = updated["variants"]
    assert kept_large == {**large, "sku": "LAT-L", "updated_at": updated["updated_at"]}
    assert kept_small == {**small, "updated_at": updated["updated_at"]}
    assert (added["option1_value"], added["item_id"], added["created_at"]) == (
        "Extra large",
        latte["id"],
        updated["updated_at"],
    )
    assert sorted(_values(_variants(shop, latte["id"]))) == ["Extra large", "Large", "Small"]
    (gone,) = [v for v in _variants(shop, latte["id"], show_deleted=True) if v["deleted_at"]]
    assert gone["variant_id"] == medium["variant_id"]
    assert api.get(f"/variants/{medium['variant_id']}").status_code == 404
    assert ok(api.get(f"/items/{latte['id']}")) == updated


@pytest.mark.parametrize(
    ("variants", "field"),
    [
        ([], "object.variants"),
        ([{"variant_id": "nope"}], "object.variants[0].variant_id"),
        ([{"option1_value": None}], "object.variants[0].option1_value"),
        ([{"option1_value": "Tall", "option2_value": "Oat"}], "object.variants[0].option2_value"),
        (
            [{"option1_value": "Tall"}, {"option1_value": "Tall"}],
            "object.variants[1].option1_value",
        ),
        ([{"option1_value": "Tall", "item_id": "other"}], "object.variants[0].item_id"),
    ],
    ids=["none", "not-its-own", "no-value", "value-without-axis", "same-values", "other-item"],
)
def test_an_item_update_with_variants_that_do_not_fit_its_options_is_refused(
    shop: FakeLoyverse, api: httpx.Client, variants: list[JSON], field: str
) -> None:
    latte = item(shop, "Latte")
    response = api.post("/items", json={"id": latte["id"], "variants": variants})
    assert error_codes(response) == [("INVALID_VALUE", field)]
    assert item(shop, "Latte") == latte


def test_a_variant_of_another_item_cannot_be_listed(shop: FakeLoyverse, api: httpx.Client) -> None:
    latte, beans = item(shop, "Latte"), item(shop, "Coffee beans")
    body = {**restated(latte), "variants": [{"variant_id": beans["variants"][0]["variant_id"]}]}
    response = api.post("/items", json=body)
    assert error_codes(response) == [("INVALID_VALUE", "object.variants[0].variant_id")]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"option2_name": "Milk"}, "object.option2_name"),
        ({"option1_name": None}, "object.option1_name"),
    ],
    ids=["added", "removed"],
)
def test_the_option_axes_of_an_item_with_options_cannot_change(
    shop: FakeLoyverse, api: httpx.Client, changes: JSON, field: str
) -> None:
    response = api.post("/items", json={**restated(item(shop, "Latte")), **changes})
    assert ("INVALID_VALUE", field) in error_codes(response)


def test_an_axis_can_be_renamed(shop: FakeLoyverse, api: httpx.Client) -> None:
    renamed = post(api, ITEMS, {**restated(item(shop, "Latte")), "option1_name": "Cup"})
    assert renamed["option1_name"] == "Cup"


def test_an_item_without_options_gets_its_first_axis_restating_its_variant(
    shop: FakeLoyverse, api: httpx.Client
) -> None:
    espresso = item(shop, "Espresso")
    (single,) = espresso["variants"]
    body = {
        "id": espresso["id"],
        "option1_name": "Shots",
        "variants": [
            {"variant_id": single["variant_id"], "option1_value": "Single"},
            {"option1_value": "Double"},
        ],
    }
    updated = post(api, ITEMS, body)
    assert _values(updated["variants"]) == ["Single", "Double"]
    assert updated["variants"][0]["variant_id"] == single["variant_id"]


def test_an_option_axis_needs_the_ones_before_it(shop: FakeLoyverse, api: httpx.Client) -> None:
    body = {"item_name": "Scarf", "option2_name": "Colour", "variants": [{"option2_value": "Red"}]}
    assert ("INVALID_VALUE", "object.option2_name") in error_codes(api.post("/items", json=body))


def test_an_item_created_without_variants_gets_one(shop: FakeLoyverse, api: httpx.Client) -> None:
    created = post(api, ITEMS, {"item_name": "Gift card"})
    (variant,) = created["variants"]
    assert (variant["item_id"], variant["option1_value"], variant["sku"]) == (
        created["id"],
        None,
        None,
    )
    assert _variants(shop, created["id"]) == [variant]
    assert created["handle"] == "gift-card"
    assert post(api, ITEMS, {"item_name": "Gift  card!"})["handle"] == "gift-card-2"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"item_name": "Scarf", "option1_name": "Colour"}, "object.variants"),
        ({"item_name": "Scarf", "variants": [{}, {}]}, "object.variants"),
        ({"item_name": "Scarf", "variants": []}, "object.variants"),
    ],
    ids=["options-without-variants", "two-without-options", "no-variants"],
)
def test_an_items_variants_must_fit_its_options_on_create_too(
    shop: FakeLoyverse, api: httpx.Client, body: JSON, field: str
) -> None:
    assert error_codes(api.post("/items", json=body)) == [("INVALID_VALUE", field)]


def test_a_variant_is_added_to_an_item_with_options_and_shows_in_it(
    shop: FakeLoyverse, api: httpx.Client
) -> None:
    latte = item(shop, "Latte")
    shop.clock.advance(60)
    body = {
        "item_id": latte["id"],
        "option1_value": "Kids",
        "default_pricing_type": "FIXED",
        "default_price": 2,
    }
    store = shop.objects("stores")[0]["id"]
    created = post(api, VARIANTS, {**body, "stores": [{"store_id": store}]})
    assert created["stores"] == [
        {
            "store_id": store,
            "pricing_type": "FIXED",
            "price": 2,
            "available_for_sale": True,
            "optimal_stock": None,
            "low_stock": None,
        }
    ]
    now = ok(api.get(f"/items/{latte['id']}"))
    assert now["variants"] == [*latte["variants"], created]
    assert now["updated_at"] == created["created_at"] > latte["updated_at"]


@pytest.mark.parametrize(
    ("name", "body", "field"),
    [
        ("Espresso", {"option1_value": "Double"}, "object.item_id"),
        ("Latte", {}, "object.option1_value"),
        ("Latte", {"option1_value": "Small"}, "object.option1_value"),
        ("Latte", {"option1_value": "Kids", "option2_value": "Oat"}, "object.option2_value"),
        ("Pumpkin spice latte", {"option1_value": "Kids"}, "object.item_id"),
    ],
    ids=["item-without-options", "no-value", "same-values", "value-without-axis", "deleted-item"],
)
def test_a_variant_create_that_does_not_fit_its_item_is_refused(
    shop: FakeLoyverse, api: httpx.Client, name: str, body: JSON, field: str
) -> None:
    (parent,) = [i for i in shop.objects("items", show_deleted=True) if i["item_name"] == name]
    before = shop.objects("variants", show_deleted=True)
    response = api.post("/variants", json={"item_id": parent["id"], **body})
    assert error_codes(response) == [("INVALID_VALUE", field)]
    assert shop.objects("variants", show_deleted=True) == before


def test_a_variant_update_keeps_its_item_and_shows_in_it(
    shop: FakeLoyverse, api: httpx.Client
) -> None:
    latte, beans = item(shop, "Latte"), item(shop, "Coffee beans")
    small = latte["variants"][0]
    moved = api.post("/variants", json={"variant_id": small["variant_id"], "item_id": beans["id"]})
    assert ("INVALID_VALUE", "object.item_id") in error_codes(moved)
    updated = post(api, VARIANTS, {"variant_id": small["variant_id"], "cost": 0.85})
    assert (updated["cost"], updated["option1_value"]) == (0.85, "Small")
    assert ok(api.get(f"/items/{latte['id']}"))["variants"][0] == updated


def test_deleting_an_item_answers_its_variants_too(shop: FakeLoyverse, api: httpx.Client) -> None:
    latte = item(shop, "Latte")
    own = [variant["variant_id"] for variant in latte["variants"]]
    answer = ok(api.delete(f"/items/{latte['id']}"))
    assert answer["deleted_object_ids"][0] == latte["id"]
    assert sorted(answer["deleted_object_ids"][1:]) == sorted(own)
    assert _variants(shop, latte["id"]) == []
    assert api.get(f"/items/{latte['id']}").status_code == 404


def test_deleting_a_variant_takes_it_out_of_its_item_but_not_the_last(
    shop: FakeLoyverse, api: httpx.Client
) -> None:
    beans = item(shop, "Coffee beans")
    first, last = (variant["variant_id"] for variant in beans["variants"])
    assert ok(api.delete(f"/variants/{first}")) == {"deleted_object_ids": [first]}
    assert [v["variant_id"] for v in item(shop, "Coffee beans")["variants"]] == [last]
    refused = api.delete(f"/variants/{last}")
    assert (refused.status_code, error_codes(refused)) == (400, [("INVALID_VALUE", None)])


def test_item_writes_are_delivered_to_the_webhooks_with_the_stock_they_make(
    shop: FakeLoyverse, api: httpx.Client
) -> None:
    hook = {"url": "https://example.com/items", "type": "items.update", "status": "ENABLED"}
    ok(api.post("/webhooks/", json=hook))
    before = len(shop.webhook_deliveries)
    mug = post(api, ITEMS, {"item_name": "Mug", "track_stock": True})
    (variant,) = mug["variants"]
    post(api, VARIANTS, {"variant_id": variant["variant_id"], "sku": "MUG-1"})
    sent = [(d.type, d.json()) for d in shop.webhook_deliveries[before:]]
    assert [kind for kind, _ in sent] == ["items.update", "inventory_levels.update", "items.update"]
    assert sent[0][1]["items"] == [mug]
    assert {level["variant_id"] for level in sent[1][1]["inventory_levels"]} == {
        variant["variant_id"]
    }
    assert sent[2][1]["items"][0]["variants"][0]["sku"] == "MUG-1"
