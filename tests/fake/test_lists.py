"""Every declared resource, read through the SDK's clients from the fake holding the sample shop.

Parametrised over ``RESOURCES``: a newly declared resource is covered by these tests as soon as the
sample shop has objects of it.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

import pytest
from pydantic import ValidationError

from loyverse_client import NotFoundError
from loyverse_client.testing import FakeLoyverse
from loyverse_client.testing._shop import sample_shop
from tests.fake.helpers import (
    FILTERS,
    GETTABLE,
    JSON,
    NOT_PAGINATED,
    RANGES,
    AnyResource,
    Mode,
    call,
    documents,
    each,
    each_client,
    each_resource,
    keeps,
    key_of,
    newest_first,
    pick,
    query,
    walk,
)


@each_resource
def test_every_declared_resource_has_sample_objects(resource: AnyResource) -> None:
    objects = sample_shop().collections.get(resource.name, [])
    live = [obj for obj in objects if obj.get("deleted_at") is None]
    assert len(live) >= (3 if resource.paginated else 2)  # enough for pages, and for filters


@each_resource
@each_client
def test_iterate_returns_every_object_once_newest_first_over_pages(
    shop: FakeLoyverse, resource: AnyResource, mode: Mode
) -> None:
    expected = newest_first(resource, shop.objects(resource.name))
    limit = max(1, len(expected) // 3)
    walked = walk(shop, resource, query(resource, limit=limit), mode)
    assert walked == expected
    assert walked == shop.objects(resource.name)
    pages = math.ceil(len(expected) / limit) if resource.paginated else 1
    assert len(shop.requests) == pages
    assert pages >= (3 if resource.paginated else 1)


@each_resource
@each_client
def test_list_answers_one_page(shop: FakeLoyverse, resource: AnyResource, mode: Mode) -> None:
    page = call(shop, resource, mode, "list", query(resource, limit=2))
    objects = shop.objects(resource.name)
    if resource.paginated:
        assert page.raw[resource.page.list_key()] == objects[:2]
        assert page.cursor is not None
    else:
        assert page.raw == {resource.page.list_key(): objects}
        assert page.cursor is None


def _bounded(resource: AnyResource, prefix: str) -> str:
    """The field that ``<prefix>_min``/``_max`` bound: shifts' ``created_at`` is ``opened_at``."""
    return (resource.created_field or "created_at") if prefix == "created_at" else prefix


def _time(resource: AnyResource, field: str, obj: JSON) -> datetime:
    moment = getattr(resource.model.model_validate(obj), field)
    assert isinstance(moment, datetime)
    return moment


def _narrowing(resource: AnyResource, name: str, objects: list[JSON]) -> tuple[Any, list[JSON]]:
    """A value for filter ``name`` picked from ``objects``, and the objects it should keep."""
    if name.endswith(("_min", "_max")):
        field = _bounded(resource, name[: -len("_min")])
        times = sorted(_time(resource, field, obj) for obj in objects)
        if name.endswith("_min"):
            pivot = times[len(times) // 2]
            return pivot, [obj for obj in objects if _time(resource, field, obj) >= pivot]
        pivot = times[(len(times) - 1) // 2]
        return pivot, [obj for obj in objects if _time(resource, field, obj) <= pivot]
    if resource.query.filters()[name].bound is not None:  # names one object: since_, before_
        value = pick(resource, name, objects)
        return value, keeps(resource, name, value, objects)
    matches = resource.query.filters()[name].matches
    values = list(dict.fromkeys(obj[matches] for obj in objects if obj[matches]))
    some = values[: min(2, len(values) - 1)]  # two ids, or one of two
    try:
        query(resource, **{name: some})
    except ValidationError:  # one value, not an id list
        return values[0], [obj for obj in objects if obj[matches] == values[0]]
    return some, [obj for obj in objects if obj[matches] in some]


@pytest.mark.parametrize(("resource", "name"), FILTERS)
def test_each_filter_narrows_the_list(shop: FakeLoyverse, resource: AnyResource, name: str) -> None:
    objects = shop.objects(resource.name)
    value, expected = _narrowing(resource, name, objects)
    assert 0 < len(expected) < len(objects)
    assert walk(shop, resource, query(resource, **{name: value}), "sync") == expected
    assert resource.query.filters()[name].name in shop.requests[0].url.params  # the wire name


@pytest.mark.parametrize(("resource", "prefix"), RANGES)
def test_time_bounds_are_inclusive(shop: FakeLoyverse, resource: AnyResource, prefix: str) -> None:
    objects = shop.objects(resource.name)
    field = _bounded(resource, prefix)
    edge = _time(resource, field, objects[len(objects) // 2])
    expected = [obj for obj in objects if _time(resource, field, obj) == edge]
    both = {f"{prefix}_min": edge, f"{prefix}_max": edge}
    assert walk(shop, resource, query(resource, **both), "sync") == expected


@each_resource
@each_client
def test_a_deleted_object_is_listed_only_with_show_deleted(
    shop: FakeLoyverse, resource: AnyResource, mode: Mode
) -> None:
    victim = shop.objects(resource.name)[1]
    key = key_of(resource, victim)
    try:
        shop.delete(resource.name, key)
    except ValueError:  # a resource without deletion (shifts, stock levels)
        assert not documents(resource, "show_deleted")
        return
    listed = [key_of(resource, obj) for obj in walk(shop, resource, query(resource), mode)]
    assert key not in listed
    assert len(listed) == len(shop.objects(resource.name))
    if not resource.soft_deleted:
        assert key not in [
            key_of(resource, o) for o in shop.objects(resource.name, show_deleted=True)
        ]
        return
    shown = walk(shop, resource, query(resource, show_deleted=True), mode)
    assert shown == shop.objects(resource.name, show_deleted=True)
    (deleted,) = [obj for obj in shown if key_of(resource, obj) == key]
    assert deleted["deleted_at"] is not None


@each(GETTABLE)
@each_client
def test_get_returns_the_object(shop: FakeLoyverse, resource: AnyResource, mode: Mode) -> None:
    wanted = shop.objects(resource.name)[-1]
    (key,) = key_of(resource, wanted)
    assert call(shop, resource, mode, "get", key).raw == wanted


@each(GETTABLE)
@each_client
def test_get_of_an_unknown_id_is_not_found(
    shop: FakeLoyverse, resource: AnyResource, mode: Mode
) -> None:
    with pytest.raises(NotFoundError) as raised:
        call(shop, resource, mode, "get", "00000000-0000-4000-8000-000000000000")
    assert raised.value.code == "NOT_FOUND"


@each(GETTABLE)
@each_client
def test_get_of_a_deleted_object_follows_the_declaration(
    shop: FakeLoyverse, resource: AnyResource, mode: Mode
) -> None:
    victim = shop.objects(resource.name)[0]
    (key,) = key_of(resource, victim)
    shop.delete(resource.name, key)
    if resource.soft_deleted and resource.deleted_readable:
        assert call(shop, resource, mode, "get", key).deleted_at is not None
    else:
        with pytest.raises(NotFoundError):
            call(shop, resource, mode, "get", key)


@each(NOT_PAGINATED)
def test_a_list_that_does_not_paginate_answers_everything_at_once(
    shop: FakeLoyverse, resource: AnyResource
) -> None:
    page = call(shop, resource, "sync", "list", query(resource))
    assert page.cursor is None
    assert "cursor" not in page.raw
    assert page.raw[resource.page.list_key()] == shop.objects(resource.name)
    assert set(shop.requests[0].url.params) == set()
