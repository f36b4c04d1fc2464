"""Putting objects into the fake and taking them out: ``add``, ``delete``, ``objects``, and what a
declaration of the kinds still to come (compound keys, no creation time, ``opened_at``) gets."""

from __future__ import annotations

import re
import uuid
from typing import Annotated

import pytest

from loyverse_client._resource import Resource
from loyverse_client._resources import ITEMS, RESOURCES
from loyverse_client.testing import FakeLoyverse, _fake
from loyverse_models import (
    CreatedRange,
    IdList,
    Item,
    ItemQuery,
    Money,
    Paging,
    RawModel,
    ResourcePage,
    Timestamp,
    UpdatedRange,
    VariantQuery,
    Wire,
)
from tests.fake.helpers import JSON, AnyResource, each_resource, error_codes, http, key_of, listed

TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z")


def _fields(resource: AnyResource) -> list[str]:
    return [info.alias or name for name, info in resource.model.model_fields.items()]


def test_add_completes_an_object_as_the_api_would() -> None:
    fake = FakeLoyverse()
    (item,) = fake.add("items", [{"item_name": "Tea", "legacy_field": "kept"}])
    assert list(item) == [*_fields(ITEMS), "legacy_field"]
    assert uuid.UUID(item["id"]).version == 4
    assert TIMESTAMP.fullmatch(item["created_at"])
    assert item["updated_at"] == item["created_at"]
    assert (item["track_stock"], item["color"], item["form"]) == (False, "GREY", "SQUARE")
    assert (item["components"], item["variants"], item["category_id"]) == ([], [], None)
    assert fake.objects("items") == [item]
    assert Item.model_validate(item).item_name == "Tea"


@each_resource
def test_add_fills_every_optional_field_of_any_resource(
    shop: FakeLoyverse, resource: AnyResource
) -> None:
    sample = shop.objects(resource.name)[0]
    # A one-field key is generated; a compound one (a stock level's variant and store) is given.
    generated = resource.key if len(resource.key) == 1 else ()
    required = {
        info.alias or name
        for name, info in resource.model.model_fields.items()
        if info.is_required()
        and (info.alias or name) not in (*generated, "created_at", "updated_at")
    }
    bare = {name: value for name, value in sample.items() if name in required}
    fake = FakeLoyverse()
    (stored,) = fake.add(resource.path, [bare])
    assert list(stored) == _fields(resource)
    resource.model.model_validate(stored)
    assert fake.objects(resource.name) == [stored]


def test_add_refuses_what_it_cannot_complete_and_adds_nothing() -> None:
    fake = FakeLoyverse()
    with pytest.raises(ValueError, match="item_name"):
        fake.add("items", [{"item_name": "Tea"}, {"description": "no name"}])
    (tea,) = fake.add("items", [{"item_name": "Tea"}])
    with pytest.raises(ValueError, match="already present"):
        fake.add("items", [{"item_name": "Coffee"}, {"id": tea["id"], "item_name": "Again"}])
    with pytest.raises(TypeError, match="must be a string"):
        fake.add("taxes", [{"id": 7, "type": "ADDED", "name": "T", "rate": 1}])
    with pytest.raises(ValueError, match="unknown resource 'receipt'"):
        fake.add("receipt", [{}])
    assert fake.objects("items") == [tea]


def test_objects_are_copies() -> None:
    fake = FakeLoyverse()
    fake.add("categories", [{"name": "Tea"}])
    fake.objects("categories")[0]["name"] = "changed"
    assert fake.objects("categories")[0]["name"] == "Tea"


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_delete_soft_deletes_now_or_removes_as_declared() -> None:
    clock = Clock()
    fake = FakeLoyverse(clock=clock)
    (tax,) = fake.add("taxes", [{"type": "ADDED", "name": "T", "rate": 1}])
    (customer,) = fake.add("customers", [{"name": "Ann"}])
    clock.now = 3600.0
    fake.delete("taxes", tax["id"])
    fake.delete("customers", (customer["id"],))
    (deleted,) = fake.objects("taxes", show_deleted=True)
    assert deleted["deleted_at"] == deleted["updated_at"] > tax["updated_at"]
    assert fake.objects("taxes") == []
    assert fake.objects("customers", show_deleted=True) == []
    for name, key in (("taxes", tax["id"]), ("customers", customer["id"]), ("taxes", "nope")):
        with pytest.raises(KeyError):
            fake.delete(name, key)


# --- declarations of the kinds still to come ------------------------------------------------


class Level(RawModel):
    variant_id: str
    store_id: str
    in_stock: Money
    updated_at: Timestamp


class LevelPage(ResourcePage):
    _raw_children = ("levels",)

    levels: list[Level]


class LevelQuery(Paging, UpdatedRange):
    store_ids: Annotated[IdList | None, Wire("store_ids", matches="store_id")] = None
    variant_ids: Annotated[IdList | None, Wire("variant_ids", matches="variant_id")] = None


class Session(RawModel):
    id: str
    store_id: str | None = None
    opened_at: Timestamp
    closed_at: Timestamp | None = None


class SessionPage(ResourcePage):
    _raw_children = ("sessions",)

    sessions: list[Session]


class SessionQuery(Paging, CreatedRange):
    store_ids: Annotated[IdList | None, Wire("store_ids", matches="store_id")] = None


LEVELS = Resource(
    "levels", Level, LevelPage, LevelQuery, key=("variant_id", "store_id"), gettable=False
)
SESSIONS = Resource("sessions", Session, SessionPage, SessionQuery, created_field="opened_at")


@pytest.fixture
def declared(monkeypatch: pytest.MonkeyPatch) -> FakeLoyverse:
    """A fake of an SDK that also declares ``levels`` and ``sessions``: no other fake code."""
    monkeypatch.setattr(_fake, "RESOURCES", (*RESOURCES, LEVELS, SESSIONS))
    return FakeLoyverse()


def _level(variant: str, store: str, in_stock: float) -> JSON:
    return {"variant_id": variant, "store_id": store, "in_stock": in_stock}


def test_a_compound_key_without_creation_time_sorts_and_pages_by_key(
    declared: FakeLoyverse,
) -> None:
    levels = [_level(v, s, 1.5) for v in ("v1", "v2") for s in ("s1", "s2")]
    declared.add("levels", levels)
    expected = sorted(declared.objects("levels"), key=lambda o: key_of(LEVELS, o), reverse=True)
    assert declared.objects("levels") == expected
    walked: list[JSON] = []
    cursor: dict[str, str] = {}
    with http(declared) as api:
        while True:
            page = api.get("/levels", params={"limit": "3", **cursor}).json()
            walked += page["levels"]
            if "cursor" not in page:
                break
            cursor = {"cursor": page["cursor"]}
        assert api.get("/levels/v1").status_code == 404  # not gettable
    assert walked == expected
    assert listed(declared, LEVELS, {"store_ids": "s2", "variant_ids": "v1,v9"}) == [
        _level("v1", "s2", 1.5) | {"updated_at": expected[0]["updated_at"]}
    ]
    with pytest.raises(ValueError, match="store_id"):
        declared.add("levels", [{"variant_id": "v3", "in_stock": 1}])
    with pytest.raises(ValueError, match="no deleted_at"):
        declared.delete("levels", ("v1", "s1"))


def test_created_at_bounds_the_declared_created_field(declared: FakeLoyverse) -> None:
    declared.add(
        "sessions",
        [
            {"id": "a", "opened_at": "2024-01-01T08:00:00.000Z", "store_id": "s1"},
            {"id": "b", "opened_at": "2024-01-02T08:00:00.000Z", "store_id": "s2"},
            {"id": "c", "opened_at": "2024-01-03T08:00:00.000Z", "store_id": "s1"},
        ],
    )
    ids = [obj["id"] for obj in listed(declared, SESSIONS, {})]
    bounded = listed(declared, SESSIONS, {"created_at_min": "2024-01-02T08:00:00.000Z"})
    assert ids == ["c", "b", "a"]
    assert [obj["id"] for obj in bounded] == ["c", "b"]
    assert [obj["id"] for obj in listed(declared, SESSIONS, {"store_ids": "s1"})] == ["c", "a"]
    with http(declared) as api:
        assert api.get("/sessions/b").json()["store_id"] == "s2"
        reversed_range = api.get(
            "/sessions",
            params={
                "created_at_min": "2024-01-03T00:00:00.000Z",
                "created_at_max": "2024-01-02T00:00:00.000Z",
            },
        )
    assert error_codes(reversed_range) == [("INVALID_RANGE", "created_at_min")]


def test_deleting_an_item_deletes_its_variants_as_loyverse_does(shop: FakeLoyverse) -> None:
    item = next(item for item in shop.objects("items") if len(item["variants"]) > 1)
    variant_ids = {variant["variant_id"] for variant in item["variants"]}
    shop.delete("items", item["id"])
    with shop.client() as client:
        live = {v.variant_id for v in client.variants.iterate()}
        deleted = [
            v for v in client.variants.iterate(VariantQuery(show_deleted=True)) if v.deleted_at
        ]
        (gone,) = [
            i for i in client.items.iterate(ItemQuery(show_deleted=True)) if i.id == item["id"]
        ]
    assert variant_ids.isdisjoint(live)
    assert variant_ids <= {v.variant_id for v in deleted}
    assert gone.deleted_at is not None
    assert all(variant.deleted_at == gone.deleted_at for variant in gone.variants)
