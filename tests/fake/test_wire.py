"""The fake on the wire, with plain httpx: exactly the documented names, paths and paging rules.

Parametrised over ``RESOURCES`` and their query classes, so a new declaration is covered as soon
as the sample shop has objects of it.
"""

from __future__ import annotations

import pytest

from loyverse_client.testing import FakeLoyverse
from tests.fake.helpers import (
    FILTERS,
    NOT_PAGINATED,
    PAGINATED,
    RANGES,
    AnyResource,
    each,
    each_resource,
    error_codes,
    http,
    keeps,
    listed,
    pick,
)

EVERYTHING = {"limit": "250"}  # the largest page; lists that do not paginate ignore it
NAMED = [param for param in FILTERS if not str(param.values[1]).endswith(("_min", "_max"))]


def _misspellings(resource: AnyResource, name: str) -> set[str]:
    """Near misses of a filter's wire name that the list does not document."""
    wire = resource.query.filters()[name].name
    documented = {filter_.name for filter_ in resource.query.filters().values()}
    return {name, wire.rstrip("s"), wire + "s", wire.upper()} - documented


@pytest.mark.parametrize(("resource", "name"), NAMED)
def test_the_fake_reads_the_wire_name_and_ignores_a_misspelt_one(
    shop: FakeLoyverse, resource: AnyResource, name: str
) -> None:
    wire = resource.query.filters()[name]
    everything = listed(shop, resource, EVERYTHING)
    target = pick(resource, name, everything)
    narrowed = listed(shop, resource, {wire.name: target, **EVERYTHING})
    assert narrowed == keeps(resource, name, target, everything)
    assert len(narrowed) < len(everything)
    assert _misspellings(resource, name)
    for wrong in _misspellings(resource, name):
        assert listed(shop, resource, {wrong: target, **EVERYTHING}) == everything, wrong


@pytest.mark.parametrize(("resource", "name"), NAMED)
def test_an_empty_filter_is_no_filter(shop: FakeLoyverse, resource: AnyResource, name: str) -> None:
    wire = resource.query.filters()[name].name
    assert listed(shop, resource, {wire: "", **EVERYTHING}) == listed(shop, resource, EVERYTHING)


@each_resource
def test_the_path_answers_with_and_without_a_trailing_slash(
    shop: FakeLoyverse, resource: AnyResource
) -> None:
    with http(shop) as api:
        bare, slashed = (api.get(f"/{resource.name}{end}") for end in ("", "/"))
    assert bare.status_code == slashed.status_code == 200
    assert bare.json() == slashed.json()
    assert bare.json()[resource.page.list_key()]


@each(NOT_PAGINATED)
@pytest.mark.parametrize(
    "params", [{"limit": "1"}, {"limit": "0"}, {"cursor": "garbage"}, {"limit": "x", "cursor": ""}]
)
def test_a_list_that_does_not_paginate_ignores_limit_and_cursor(
    shop: FakeLoyverse, resource: AnyResource, params: dict[str, str]
) -> None:
    with http(shop) as api:
        response = api.get(f"/{resource.path}", params=params)
    assert response.status_code == 200
    assert response.json() == {resource.page.list_key(): shop.objects(resource.name)}


@each(PAGINATED)
@pytest.mark.parametrize(
    ("params", "problem"),
    [
        ({"limit": "0"}, ("INVALID_VALUE", "limit")),
        ({"limit": "251"}, ("INVALID_VALUE", "limit")),
        ({"cursor": "garbage"}, ("INVALID_CURSOR", "cursor")),
        ({"cursor": ""}, ("INVALID_CURSOR", "cursor")),
    ],
)
def test_a_paginated_list_refuses_a_bad_limit_or_cursor(
    shop: FakeLoyverse,
    resource: AnyResource,
    params: dict[str, str],
    problem: tuple[str, str],
) -> None:
    with http(shop) as api:
        response = api.get(f"/{resource.path}", params=params)
    assert response.status_code == 400
    assert error_codes(response) == [problem]


@each(PAGINATED)
def test_a_cursor_is_valid_only_on_its_own_list(shop: FakeLoyverse, resource: AnyResource) -> None:
    other = next(candidate for candidate in PAGINATED if candidate is not resource)
    with http(shop) as api:
        cursor = api.get(f"/{other.path}", params={"limit": "1"}).json()["cursor"]
        own = api.get(f"/{resource.path}", params={"limit": "1"}).json()["cursor"]
        foreign = api.get(f"/{resource.path}", params={"limit": "1", "cursor": cursor})
        followed = api.get(f"/{resource.path}", params={"limit": "1", "cursor": own})
    assert error_codes(foreign) == [("INVALID_CURSOR", "cursor")]
    assert followed.status_code == 200


@pytest.mark.parametrize(("resource", "prefix"), RANGES)
@pytest.mark.parametrize(
    ("low", "high", "problem"),
    [
        ("2024-02-01T00:00:00.000Z", "2024-01-01T00:00:00.000Z", "INVALID_RANGE"),
        ("2024-01-01T00:00:00Z", None, "INVALID_VALUE"),
        (None, "2024-01-01", "INVALID_VALUE"),
    ],
)
def test_a_bad_time_range_is_400(
    shop: FakeLoyverse,
    resource: AnyResource,
    prefix: str,
    low: str | None,
    high: str | None,
    problem: str,
) -> None:
    bounds = {f"{prefix}_min": low, f"{prefix}_max": high}
    params = {name: value for name, value in bounds.items() if value is not None}
    with http(shop) as api:
        response = api.get(f"/{resource.path}", params=params)
    assert response.status_code == 400
    assert [code for code, _ in error_codes(response)] == [problem]


@each(
    resource for resource in PAGINATED + NOT_PAGINATED if "show_deleted" in resource.query.filters()
)
@pytest.mark.parametrize("value", ["yes", "1", "True"])
def test_show_deleted_is_true_or_false(
    shop: FakeLoyverse, resource: AnyResource, value: str
) -> None:
    with http(shop) as api:
        response = api.get(f"/{resource.path}", params={"show_deleted": value})
        hidden = api.get(f"/{resource.path}", params={"show_deleted": "false", **EVERYTHING})
    assert error_codes(response) == [("INVALID_VALUE", "show_deleted")]
    assert hidden.json()[resource.page.list_key()] == shop.objects(resource.name)


@pytest.mark.parametrize("path", ["/merchant/", "/merchant"])
def test_the_merchant_is_one_object(shop: FakeLoyverse, path: str) -> None:
    with http(shop) as api:
        response = api.get(path)
    assert response.status_code == 200
    assert response.json() == shop.merchant
    assert response.json()["currency"] == {"code": "USD", "decimal_places": 2}
