"""The catalogue written to the fake, one engine for every writable resource: ``POST /<path>``
creates without a key and updates with one, ``DELETE /<path>/{key}`` soft-deletes; sent as raw
JSON with httpx, read back through the SDK's clients."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from loyverse_client._resources import DISCOUNTS, MODIFIERS
from loyverse_client.testing import FakeLoyverse
from tests.fake.helpers import JSON, AnyResource, Mode, call, each_client, error_codes, key_of
from tests.fake.writes import (
    CHANGES,
    WRITTEN,
    carries,
    create_body,
    each_written,
    ids,
    ok,
    post,
    restated,
)


def _key(resource: AnyResource, obj: JSON) -> str:
    (key,) = key_of(resource, obj)
    return key


@each_written
@each_client
def test_a_created_object_reads_back_through_the_sdk(
    shop: FakeLoyverse, api: httpx.Client, resource: AnyResource, mode: Mode
) -> None:
    body = create_body(shop, resource)
    created = post(api, resource, body)
    assert carries(created, body)
    assert resource.model.model_validate(created)
    read = call(shop, resource, mode, "get", _key(resource, created))
    assert read.raw == created
    assert _key(resource, created) in {_key(resource, obj) for obj in shop.objects(resource.name)}


@each_written
def test_a_create_gets_a_new_key_the_server_fields_and_the_defaults(
    shop: FakeLoyverse, api: httpx.Client, resource: AnyResource
) -> None:
    before = {_key(resource, obj) for obj in shop.objects(resource.name, show_deleted=True)}
    created = post(api, resource, create_body(shop, resource))
    assert _key(resource, created) not in before
    assert list(created)[: len(resource.model.model_fields)] == [
        info.alias or name for name, info in resource.model.model_fields.items()
    ]
    assert created.get("deleted_at") is None
    stamps = [created[name] for name in ("created_at", "updated_at") if name in created]
    assert len(set(stamps)) <= 1


@each_written
def test_an_update_changes_what_it_gives_and_keeps_what_it_omits(
    shop: FakeLoyverse, api: httpx.Client, resource: AnyResource
) -> None:
    created = post(api, resource, create_body(shop, resource))
    shop.clock.advance(60)
    changed, value, kept = CHANGES[resource.name]
    updated = post(api, resource, {**restated(created), changed: value})
    assert (updated[changed], updated[kept]) == (value, created[kept])
    assert _key(resource, updated) == _key(resource, created)
    if "updated_at" in created:
        assert updated["updated_at"] > created["updated_at"] == updated["created_at"]
    with shop.client() as client:
        assert getattr(client, resource.name).get(_key(resource, created)).raw == updated


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("items", "description"),
        ("variants", "barcode"),
        ("modifiers", "position"),
        ("suppliers", "city"),
    ],
)
def test_null_clears_a_field_that_may_be_null(
    shop: FakeLoyverse, api: httpx.Client, name: str, field: str
) -> None:
    (resource,) = [resource for resource in WRITTEN if resource.name == name]
    created = post(api, resource, create_body(shop, resource))
    assert created[field] is not None
    assert post(api, resource, {**restated(created), field: None})[field] is None


@each_written
def test_a_key_that_names_no_object_is_404_and_creates_nothing(
    shop: FakeLoyverse, api: httpx.Client, resource: AnyResource
) -> None:
    before = shop.objects(resource.name, show_deleted=True)
    body = {**create_body(shop, resource), resource.key[0]: "no-such-id"}
    response = api.post(f"/{resource.path}", json=body)
    assert error_codes(response) == [("NOT_FOUND", None)]
    assert response.status_code == 404
    assert shop.objects(resource.name, show_deleted=True) == before


@each_written
def test_a_key_that_is_not_a_string_is_refused(
    shop: FakeLoyverse, api: httpx.Client, resource: AnyResource
) -> None:
    body = {**create_body(shop, resource), resource.key[0]: 7}
    response = api.post(f"/{resource.path}", json=body)
    assert error_codes(response) == [("INCORRECT_VALUE_TYPE", f"object.{resource.key[0]}")]


@each_written
def test_delete_answers_the_key_and_hides_the_object(
    shop: FakeLoyverse, api: httpx.Client, resource: AnyResource
) -> None:
    created = post(api, resource, create_body(shop, resource))
    key = _key(resource, created)
    deleted = ok(api.delete(f"/{resource.name}/{key}"))
    assert deleted["deleted_object_ids"][0] == key
    assert key not in {_key(resource, obj) for obj in shop.objects(resource.name)}
    (gone,) = [
        obj for obj in shop.objects(resource.name, show_deleted=True) if _key(resource, obj) == key
    ]
    assert gone["deleted_at"] is not None
    expected = 200 if resource.deleted_readable else 404
    assert api.get(f"/{resource.name}/{key}").status_code == expected
    again = api.delete(f"/{resource.name}/{key}")
    assert (again.status_code, error_codes(again)) == (404, [("NOT_FOUND", None)])
    update = api.post(f"/{resource.path}", json={**restated(created)})
    assert update.status_code == 404


@each_written
def test_a_write_whose_answer_is_lost_was_made(
    shop: FakeLoyverse, api: httpx.Client, resource: AnyResource
) -> None:
    before = {_key(resource, obj) for obj in shop.objects(resource.name)}
    shop.fail_next(503, after_processing=True)
    body = create_body(shop, resource)
    assert api.post(f"/{resource.path}", json=body).status_code == 503
    (made,) = [obj for obj in shop.objects(resource.name) if _key(resource, obj) not in before]
    assert carries(made, body)


@each_written
def test_a_write_that_faults_before_processing_changes_nothing(
    shop: FakeLoyverse, api: httpx.Client, resource: AnyResource
) -> None:
    before = shop.objects(resource.name, show_deleted=True)
    shop.fail_next("timeout")
    with pytest.raises(httpx.ReadTimeout):
        api.post(f"/{resource.path}", json=create_body(shop, resource))
    assert shop.objects(resource.name, show_deleted=True) == before


def _refusal(resource: str, body: JSON, *errors: tuple[str, str]) -> Any:
    return pytest.param(resource, body, list(errors), id=f"{resource}-{errors[0][1]}")


_MISSING, _TYPE, _INVALID = "MISSING_REQUIRED_PARAMETER", "INCORRECT_VALUE_TYPE", "INVALID_VALUE"
REFUSALS = [
    _refusal("items", {"description": "no name"}, (_MISSING, "object.item_name")),
    _refusal("items", {"item_name": "x" * 65}, (_INVALID, "object.item_name")),
    _refusal("items", {"item_name": "Mug", "track_stock": "yes"}, (_TYPE, "object.track_stock")),
    _refusal("items", {"item_name": "Mug", "color": "BLACK"}, (_INVALID, "object.color")),
    _refusal("items", {"item_name": "Mug", "tax_ids": "t1"}, (_TYPE, "object.tax_ids")),
    _refusal("items", {"item_name": None}, (_MISSING, "object.item_name")),
    _refusal(
        "items",
        {"item_name": 5, "form": "STAR", "sold_by_weight": None},
        (_TYPE, "object.item_name"),
        (_TYPE, "object.sold_by_weight"),
        (_INVALID, "object.form"),
    ),
    _refusal(
        "items",
        {"item_name": "Mug", "variants": [{"sku": "x" * 41}]},
        (_INVALID, "object.variants[0].sku"),
    ),
    _refusal(
        "items",
        {"item_name": "Mug", "components": [{"variant_id": "v", "quantity": 0}]},
        (_INVALID, "object.components[0].quantity"),
    ),
    _refusal(
        "items",
        {"item_name": "Mug", "variants": [{"stores": [{"price": 2}]}]},
        (_MISSING, "object.variants[0].stores[0].store_id"),
    ),
    _refusal("variants", {"option1_value": "Tall"}, (_MISSING, "object.item_id")),
    _refusal(
        "variants", {"item_id": "nope", "option1_value": "Tall"}, (_INVALID, "object.item_id")
    ),
    _refusal(
        "variants",
        {"cost": -1, "item_id": "nope"},
        (_INVALID, "object.cost"),
        (_INVALID, "object.item_id"),
    ),
    _refusal(
        "variants",
        {"default_pricing_type": "FREE"},
        (_INVALID, "object.default_pricing_type"),
        (_MISSING, "object.item_id"),
    ),
    _refusal("categories", {"color": "RED"}, (_MISSING, "object.name")),
    _refusal("categories", {"name": "Tea", "color": "YELLOW"}, (_INVALID, "object.color")),
    _refusal("categories", {"name": ""}, (_INVALID, "object.name")),
    _refusal("modifiers", {"name": "Syrup"}, (_MISSING, "object.modifier_options")),
    _refusal(
        "modifiers",
        {"name": "Syrup", "modifier_options": []},
        (_MISSING, "object.modifier_options"),
    ),
    _refusal(
        "modifiers",
        {"name": "Syrup", "modifier_options": [{"price": 1}]},
        (_MISSING, "object.modifier_options[0].name"),
    ),
    _refusal(
        "modifiers",
        {"name": "x" * 41, "modifier_options": [{"name": "A"}]},
        (_INVALID, "object.name"),
    ),
    _refusal(
        "modifiers",
        {"name": "S", "position": 1.5, "modifier_options": [{"name": "A"}]},
        (_TYPE, "object.position"),
    ),
    _refusal("discounts", {"name": "Summer"}, (_MISSING, "object.type")),
    _refusal(
        "discounts",
        {"name": "Summer", "type": "FIXED_AMOUNT"},
        (_MISSING, "object.discount_amount"),
    ),
    _refusal(
        "discounts",
        {"name": "Summer", "type": "FIXED_PERCENT", "discount_percent": 101},
        (_INVALID, "object.discount_percent"),
    ),
    _refusal(
        "discounts",
        {"name": "Summer", "type": "FIXED_PERCENT", "discount_percent": 5, "discount_amount": 1},
        (_INVALID, "object.discount_amount"),
    ),
    _refusal(
        "discounts", {"name": "Points", "type": "DISCOUNT_BY_POINTS"}, (_INVALID, "object.type")
    ),
    _refusal("taxes", {"name": "City", "type": "ADDED"}, (_MISSING, "object.rate")),
    _refusal("taxes", {"name": "City", "type": "ADDED", "rate": 100.5}, (_INVALID, "object.rate")),
    _refusal("taxes", {"name": "City", "type": "ADDED", "rate": "5"}, (_TYPE, "object.rate")),
    _refusal("taxes", {"name": "City", "type": "EXTRA", "rate": 5}, (_INVALID, "object.type")),
    _refusal(
        "suppliers", {"name": "Acme", "phone_number": "1" * 16}, (_INVALID, "object.phone_number")
    ),
    _refusal(
        "suppliers", {"name": "Acme", "country_code": "usa"}, (_INVALID, "object.country_code")
    ),
    _refusal("suppliers", {"name": "Acme", "email": ""}, (_INVALID, "object.email")),
    _refusal(
        "suppliers",
        {"name": "x" * 65, "note": "x" * 501},
        (_INVALID, "object.name"),
        (_INVALID, "object.note"),
    ),
    _refusal("pos_devices", {"name": "Tablet"}, (_MISSING, "object.store_id")),
    _refusal("pos_devices", {"name": "Tablet", "store_id": "nope"}, (_INVALID, "object.store_id")),
]


@pytest.mark.parametrize(("name", "body", "errors"), REFUSALS)
def test_a_body_outside_the_contract_is_400_with_every_problem_and_changes_nothing(
    shop: FakeLoyverse, api: httpx.Client, name: str, body: JSON, errors: list[tuple[str, str]]
) -> None:
    (resource,) = [resource for resource in WRITTEN if resource.name == name]
    before = shop.objects(name, show_deleted=True)
    response = api.post(f"/{resource.path}", json=body)
    assert response.status_code == 400
    assert sorted(error_codes(response)) == sorted(errors)
    assert shop.objects(name, show_deleted=True) == before


@each_written
def test_unknown_and_read_only_fields_are_ignored(
    shop: FakeLoyverse, api: httpx.Client, resource: AnyResource
) -> None:
    body = {
        **create_body(shop, resource),
        "created_at": "2020-01-01T00:00:00.000Z",
        "deleted_at": "2020-01-01T00:00:00.000Z",
        "image_url": "https://example.com/a.png",
        "activated": True,
        "handle": "mine",
    }
    created = post(api, resource, {**body, "no_such_field": 1})
    assert "no_such_field" not in created
    for name in ("created_at", "deleted_at", "image_url", "activated", "handle"):
        assert created.get(name) != body[name]


@pytest.mark.parametrize(
    ("content_type", "content", "status", "code"),
    [
        ("text/plain", b'{"name": "Tea"}', 415, "UNSUPPORTED_MEDIA_TYPE"),
        ("application/json", b'{"name": ', 400, "BAD_REQUEST"),
        ("application/json", b"[]", 400, "BAD_REQUEST"),
    ],
)
def test_a_body_that_is_not_a_json_object_is_refused(
    api: httpx.Client, content_type: str, content: bytes, status: int, code: str
) -> None:
    response = api.post("/categories", content=content, headers={"Content-Type": content_type})
    assert (response.status_code, error_codes(response)) == (status, [(code, None)])


def test_modifier_options_are_updated_by_id_added_without_and_dropped_when_left_out(
    shop: FakeLoyverse, api: httpx.Client
) -> None:
    (milk,) = [m for m in shop.objects("modifiers") if m["name"] == "Milk"]
    first, *others = milk["modifier_options"]
    shop.clock.advance(60)
    body = {
        "id": milk["id"],
        "modifier_options": [{"id": first["id"], "price": 0.9}, {"name": "Hemp"}],
    }
    updated = post(api, MODIFIERS, body)
    kept, added = updated["modifier_options"]
    assert kept == {**first, "price": 0.9, "updated_at": updated["updated_at"]}
    assert (added["name"], added["price"], added["created_at"]) == (
        "Hemp",
        0,
        updated["updated_at"],
    )
    assert added["id"] not in {option["id"] for option in others}
    assert updated["name"] == milk["name"]
    unknown = api.post("/modifiers", json={"id": milk["id"], "modifier_options": [{"id": "nope"}]})
    assert error_codes(unknown) == [("INVALID_VALUE", "object.modifier_options[0].id")]


def test_changing_a_discounts_type_clears_the_amount_that_no_longer_applies(
    shop: FakeLoyverse, api: httpx.Client
) -> None:
    created = post(
        api, DISCOUNTS, {"name": "Summer", "type": "FIXED_PERCENT", "discount_percent": 15}
    )
    changed = post(
        api, DISCOUNTS, {"id": created["id"], "type": "FIXED_AMOUNT", "discount_amount": 2}
    )
    assert (changed["discount_amount"], changed["discount_percent"]) == (2, None)
    variable = post(api, DISCOUNTS, {"id": created["id"], "type": "VARIABLE_PERCENT"})
    assert (variable["discount_amount"], variable["discount_percent"]) == (None, None)


def test_the_built_in_points_discount_cannot_be_deleted_or_changed(
    shop: FakeLoyverse, api: httpx.Client
) -> None:
    (points,) = [d for d in shop.objects("discounts") if d["type"] == "DISCOUNT_BY_POINTS"]
    deleting = api.delete(f"/discounts/{points['id']}")
    assert (deleting.status_code, error_codes(deleting)) == (400, [("INVALID_VALUE", None)])
    changing = api.post("/discounts", json={"id": points["id"], "type": "VARIABLE_AMOUNT"})
    assert error_codes(changing) == [("INVALID_VALUE", "object.type")]
    renamed = post(api, DISCOUNTS, {"id": points["id"], "name": "Loyalty"})
    assert (renamed["name"], renamed["type"]) == ("Loyalty", "DISCOUNT_BY_POINTS")


def test_a_supplier_is_written_at_its_documented_path_with_the_slash(
    shop: FakeLoyverse, api: httpx.Client
) -> None:
    created = ok(api.post("/suppliers/", json={"name": "Acme"}))
    assert ids(shop, "suppliers")["Acme"] == created["id"]
    assert ok(api.delete(f"/suppliers/{created['id']}")) == {"deleted_object_ids": [created["id"]]}
