"""FakeLoyverse: every rule of the Customers contract, seen through httpx as a client sees it."""

from __future__ import annotations

import asyncio
import json
import re
import threading
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from loyverse_client import RateLimit
from loyverse_client.testing import FakeLoyverse
from loyverse_models import Customer, CustomerPage

pytest_plugins = ["pytester"]

TOKEN = "fake-loyverse-token"
BASE = "https://api.loyverse.com/v1.0"
FIELDS = list(Customer.model_fields)  # the documented fields, in the documented order
TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z")


class Clock:
    """A monotonic clock that only moves when the test says so."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def cid(number: int) -> str:
    return f"00000000-0000-4000-8000-{number:012d}"


def day(number: int, time: str = "00:00:00.000") -> str:
    return f"2024-01-{number:02d}T{time}Z"


def make_customer(number: int, created: str, **fields: Any) -> dict[str, Any]:
    return {"id": cid(number), "name": f"Customer {number}", "created_at": created, **fields}


def http(fake: FakeLoyverse, token: str | None = TOKEN) -> httpx.Client:
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    return httpx.Client(transport=fake.transport, base_url=BASE, headers=headers)


def errors(response: httpx.Response) -> list[dict[str, str]]:
    body: dict[str, list[dict[str, str]]] = response.json()
    assert list(body) == ["errors"]
    return body["errors"]


def listed_ids(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [customer["id"] for customer in response.json()["customers"]]


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def fake(clock: Clock) -> FakeLoyverse:
    return FakeLoyverse(clock=clock)


@pytest.fixture
def api(fake: FakeLoyverse) -> Iterator[httpx.Client]:
    with http(fake) as client:
        yield client


# --- stored customers -----------------------------------------------------------------------


def test_given_customers_are_kept_and_completed_like_the_api(clock: Clock) -> None:
    fake = FakeLoyverse(
        [make_customer(1, day(1), total_spent=585500, legacy_field="kept"), {"name": "No id"}],
        clock=clock,
    )
    with http(fake) as api:
        first = api.get(f"/customers/{cid(1)}").json()
        listed = api.get("/customers").json()["customers"]
    assert list(first)[:20] == FIELDS
    assert first["total_spent"] == 585500
    assert first["legacy_field"] == "kept"
    assert first["email"] is None
    assert first["total_visits"] == 0
    assert first["updated_at"] == day(1)
    generated = listed[0]
    assert generated["name"] == "No id"
    assert uuid.UUID(generated["id"])
    assert TIMESTAMP.fullmatch(generated["created_at"])
    assert generated["updated_at"] == generated["created_at"]


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("2024-01-01T00:00:00.12Z", "2024-01-01T00:00:00.120Z"),
        ("2024-01-01T00:00:00.5Z", "2024-01-01T00:00:00.500Z"),
        ("2024-01-01T00:00:00.1230Z", "2024-01-01T00:00:00.123Z"),
        ("2024-01-01T03:00:00+0300", "2024-01-01T00:00:00.000Z"),
        ("2024-01-01T03:00:00+03:00", "2024-01-01T00:00:00.000Z"),
        ("2024-01-01T00:00:00", "2024-01-01T00:00:00.000Z"),
        ("2024-01-01", "2024-01-01T00:00:00.000Z"),
    ],
)
def test_given_times_are_read_alike_on_every_python(given: str, stored: str) -> None:
    # datetime.fromisoformat of Python 3.10 refuses several of these, which 3.11 reads.
    fake = FakeLoyverse([make_customer(1, given), make_customer(2, "2023-12-31T23:59:59.999Z")])
    with http(fake) as api:
        assert api.get(f"/customers/{cid(1)}").json()["created_at"] == given  # stored as given
        window = {"created_at_min": stored, "created_at_max": stored}
        assert listed_ids(api.get("/customers", params=window)) == [cid(1)]


@pytest.mark.parametrize(
    "given",
    ["yesterday", "1704067200", "2024-02-30T00:00:00Z", "9999-12-31T23:59:59-01:00"],
)
def test_a_given_time_that_is_not_iso_8601_is_a_value_error_naming_the_field(given: str) -> None:
    with pytest.raises(ValueError, match=f"updated_at of customer '{cid(1)}' must be an ISO 8601"):
        FakeLoyverse([make_customer(1, day(1), updated_at=given)])


def test_given_ids_must_be_unique() -> None:
    with pytest.raises(ValueError, match="already present"):
        FakeLoyverse([make_customer(1, day(1)), make_customer(1, day(2))])


def test_customers_property_lists_copies_newest_first() -> None:
    fake = FakeLoyverse([make_customer(1, day(1)), make_customer(2, day(3))])
    customers = fake.customers
    assert [customer["id"] for customer in customers] == [cid(2), cid(1)]
    customers[0]["name"] = "changed"
    assert fake.customers[0]["name"] == "Customer 2"


def test_repr_does_not_show_the_token() -> None:
    fake = FakeLoyverse(access_token="secret-token-value")
    assert "secret-token-value" not in repr(fake)
    assert "secret-token-value" not in repr(fake.transport)


# --- authentication -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "authorization", [None, "Bearer wrong", "Basic fake-loyverse-token", "fake-loyverse-token"]
)
def test_a_missing_or_wrong_token_is_401(fake: FakeLoyverse, authorization: str | None) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    with httpx.Client(transport=fake.transport, headers=headers) as client:
        response = client.get(f"{BASE}/customers")
    assert response.status_code == 401
    assert errors(response)[0]["code"] == "UNAUTHORIZED"
    assert "fake-loyverse-token" not in response.text


def test_the_transport_answers_any_host(fake: FakeLoyverse) -> None:
    with http(fake) as client:
        response = client.get("http://localhost:1234/v1.0/customers")
    assert response.json() == {"customers": []}


# --- GET /customers: ordering, filters ------------------------------------------------------


def test_list_is_newest_first_with_ties_broken_by_id() -> None:
    fake = FakeLoyverse(
        [make_customer(1, day(2)), make_customer(3, day(1)), make_customer(2, day(2))]
    )
    with http(fake) as client:
        assert listed_ids(client.get("/customers")) == [cid(2), cid(1), cid(3)]


@pytest.fixture
def dated() -> FakeLoyverse:
    """Customer n was created on January n and updated on January n + 10, for n in 1..5."""
    return FakeLoyverse(
        make_customer(number, day(number), updated_at=day(number + 10)) for number in range(1, 6)
    )


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"created_at_min": day(2), "created_at_max": day(4)}, [4, 3, 2]),
        ({"created_at_min": day(4)}, [5, 4]),
        ({"created_at_max": day(1)}, [1]),
        ({"created_at_min": day(2, "00:00:00.001")}, [5, 4, 3]),
        ({"updated_at_min": day(12), "updated_at_max": day(13)}, [3, 2]),
        ({"updated_at_max": day(11, "23:59:59.999")}, [1]),
        ({"created_at_min": day(3), "created_at_max": day(3)}, [3]),
        ({"customer_ids": f"{cid(1)},{cid(4)},unknown"}, [4, 1]),
        ({"customer_ids": f"{cid(2)},{cid(3)}", "created_at_min": day(3)}, [3]),
        ({"email": "", "customer_ids": ""}, [5, 4, 3, 2, 1]),
    ],
)
def test_filters_are_inclusive_and_combine(
    dated: FakeLoyverse, params: dict[str, str], expected: list[int]
) -> None:
    with http(dated) as client:
        assert listed_ids(client.get("/customers", params=params)) == [cid(n) for n in expected]


def test_email_filter_is_an_exact_case_sensitive_match() -> None:
    fake = FakeLoyverse(
        [
            make_customer(1, day(1), email="ann@example.com"),
            make_customer(2, day(2), email="Ann@example.com"),
            make_customer(3, day(3), email="ann@example.com.au"),
        ]
    )
    with http(fake) as client:
        assert listed_ids(client.get("/customers", params={"email": "ann@example.com"})) == [cid(1)]
        assert listed_ids(client.get("/customers", params={"email": "ann@"})) == []


def test_unknown_query_parameters_are_silently_ignored(dated: FakeLoyverse) -> None:
    with http(dated) as client:
        response = client.get("/customers", params={"emial": "x@example.com", "sort": "asc"})
    assert len(listed_ids(response)) == 5


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("created_at_min", "2024-01-01"),
        ("created_at_max", "2024-01-01T00:00:00Z"),
        ("updated_at_min", "2024-13-01T00:00:00.000Z"),
        ("updated_at_max", "2024-01-01T00:00:00.000+00:00"),
        ("created_at_min", "yesterday"),
        ("created_at_min", "2024-01-01T00:00:00.12Z"),
        ("created_at_max", "2024-01-01T00:00:00.1234Z"),
        ("updated_at_min", "2024-01-01T00:00:00.000+0300"),
        ("updated_at_max", "2024-01-01 00:00:00.000Z"),
        ("created_at_min", "2024-01-01T00:00:00.000z"),
        ("created_at_min", "2024-02-30T00:00:00.000Z"),
        ("created_at_min", "2024-01-01T24:00:00.000Z"),
        ("created_at_min", "\uff12\uff10\uff12\uff14-01-01T00:00:00.000Z"),  # fullwidth digits
        ("created_at_min", "1704067200"),
    ],
)
def test_a_malformed_time_is_400_invalid_value(api: httpx.Client, name: str, value: str) -> None:
    response = api.get("/customers", params={name: value})
    assert response.status_code == 400
    assert errors(response) == [
        {"code": "INVALID_VALUE", "details": errors(response)[0]["details"], "field": name}
    ]


@pytest.mark.parametrize("prefix", ["created_at", "updated_at"])
def test_a_reversed_range_is_400_invalid_range(api: httpx.Client, prefix: str) -> None:
    params = {f"{prefix}_min": day(2), f"{prefix}_max": day(1)}
    response = api.get("/customers", params=params)
    assert response.status_code == 400
    assert [error["code"] for error in errors(response)] == ["INVALID_RANGE"]


# --- GET /customers: limit and cursor -------------------------------------------------------


def test_limit_defaults_to_50(fake: FakeLoyverse, api: httpx.Client) -> None:
    fake.add_sample_customers(60)
    assert len(listed_ids(api.get("/customers"))) == 50


@pytest.mark.parametrize("limit", ["1", "250"])
def test_limit_bounds_are_accepted(fake: FakeLoyverse, api: httpx.Client, limit: str) -> None:
    fake.add_sample_customers(260)
    assert len(listed_ids(api.get("/customers", params={"limit": limit}))) == int(limit)


@pytest.mark.parametrize("limit", ["0", "251", "-1", "1.5", "ten", "", " 5", "²"])
def test_a_bad_limit_is_400_not_clamped(api: httpx.Client, limit: str) -> None:
    response = api.get("/customers", params={"limit": limit})
    assert response.status_code == 400
    assert [(e["code"], e["field"]) for e in errors(response)] == [("INVALID_VALUE", "limit")]


def walk(client: httpx.Client, params: dict[str, str]) -> tuple[list[str], list[dict[str, Any]]]:
    """Follow the cursors to the last page, resending the filters; the ids seen and the pages."""
    ids: list[str] = []
    pages: list[dict[str, Any]] = []
    cursor: dict[str, str] = {}
    while True:
        response = client.get("/customers", params={**params, **cursor})
        ids += listed_ids(response)
        pages.append(response.json())
        if "cursor" not in pages[-1]:
            return ids, pages
        cursor = {"cursor": pages[-1]["cursor"]}


def test_a_cursor_walk_returns_every_customer_once_in_order(
    fake: FakeLoyverse, api: httpx.Client
) -> None:
    fake.add_sample_customers(123, seed=7)
    ids, pages = walk(api, {"limit": "10"})
    assert ids == [customer["id"] for customer in fake.customers]
    assert len(pages) == 13
    assert all("cursor" in page for page in pages[:-1])
    assert list(pages[-1]) == ["customers"]


def test_a_walk_with_filters_sees_exactly_the_matching_customers(
    fake: FakeLoyverse, api: httpx.Client
) -> None:
    fake.add_sample_customers(200, seed=3)
    params = {"created_at_min": "2024-03-05T00:00:00.000Z", "limit": "7"}
    expected = [c["id"] for c in fake.customers if c["created_at"] >= params["created_at_min"]]
    ids, _ = walk(api, params)
    assert ids == expected
    assert 7 < len(ids) < 200


def test_a_page_that_ends_exactly_at_the_last_customer_has_no_cursor(
    fake: FakeLoyverse, api: httpx.Client
) -> None:
    fake.add_sample_customers(20)
    ids, pages = walk(api, {"limit": "10"})
    assert len(ids) == 20
    assert len(pages) == 2
    assert "cursor" not in pages[1]


def test_a_walk_survives_creates_and_deletes_in_the_middle(
    fake: FakeLoyverse, api: httpx.Client
) -> None:
    fake.add_sample_customers(30)
    before = [customer["id"] for customer in fake.customers]
    first = api.get("/customers", params={"limit": "10"}).json()
    seen = [customer["id"] for customer in first["customers"]]
    api.post("/customers", json={"name": "Newcomer"})
    assert api.delete(f"/customers/{seen[-1]}").status_code == 200
    assert api.delete(f"/customers/{before[20]}").status_code == 200
    rest, _ = walk(api, {"limit": "10", "cursor": first["cursor"]})
    assert seen + rest == [cid for cid in before if cid != before[20]]


def test_a_garbled_or_foreign_cursor_is_400_invalid_cursor(
    fake: FakeLoyverse, api: httpx.Client
) -> None:
    fake.add_sample_customers(5)
    cursor = api.get("/customers", params={"limit": "2"}).json()["cursor"]
    other = FakeLoyverse()
    other.add_sample_customers(5)
    with http(other) as other_api:
        foreign = other_api.get("/customers", params={"limit": "2"}).json()["cursor"]
    tampered = cursor[:-2] + ("AA" if not cursor.endswith("AA") else "BB")
    for bad in ["garbage", "", "!!!", tampered, foreign, cursor + "x"]:
        response = api.get("/customers", params={"limit": "2", "cursor": bad})
        assert response.status_code == 400, bad
        assert [e["code"] for e in errors(response)] == ["INVALID_CURSOR"], bad


def test_fakes_sharing_a_cursor_secret_accept_each_other_s_cursors() -> None:
    one, two = (FakeLoyverse(cursor_secret=b"shared") for _ in range(2))
    for fake in (one, two):
        fake.add_sample_customers(5)
    with http(one) as first_api, http(two) as second_api:
        cursor = first_api.get("/customers", params={"limit": "2"}).json()["cursor"]
        response = second_api.get("/customers", params={"limit": "2", "cursor": cursor})
    assert response.status_code == 200
    assert response.json()["customers"] == two.customers[2:4]
    with pytest.raises(TypeError, match="cursor_secret must be bytes"):
        FakeLoyverse(cursor_secret="shared")  # type: ignore[arg-type]


def test_a_cursor_sent_with_other_filters_is_400_invalid_cursor(
    fake: FakeLoyverse, api: httpx.Client
) -> None:
    fake.add_sample_customers(20)
    params = {"created_at_min": "2024-03-01T00:00:00.000Z", "limit": "5"}
    cursor = api.get("/customers", params=params).json()["cursor"]
    alone = api.get("/customers", params={"cursor": cursor, "limit": "5"})
    assert [e["code"] for e in errors(alone)] == ["INVALID_CURSOR"]
    resized = api.get("/customers", params={**params, "cursor": cursor, "limit": "6"})
    assert len(listed_ids(resized)) == 6


def test_pages_parse_as_customer_pages(fake: FakeLoyverse, api: httpx.Client) -> None:
    fake.add_sample_customers(60, seed=2)
    page = CustomerPage.model_validate_json(api.get("/customers").content)
    assert len(page.customers) == 50
    assert page.cursor is not None
    assert page.raw["customers"] == fake.customers[:50]


# --- GET /customers/{id} --------------------------------------------------------------------


def test_get_one_returns_the_bare_customer(fake: FakeLoyverse, api: httpx.Client) -> None:
    customer = fake.add_sample_customers(3)[1]
    response = api.get(f"/customers/{customer['id']}")
    assert response.status_code == 200
    assert response.json() == customer


@pytest.mark.parametrize("path", ["/customers/no-such-id", f"/customers/{cid(9)}"])
def test_get_an_unknown_customer_is_404(api: httpx.Client, path: str) -> None:
    response = api.get(path)
    assert response.status_code == 404
    assert [e["code"] for e in errors(response)] == ["NOT_FOUND"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PUT", "/customers"),
        ("PATCH", f"/customers/{cid(1)}"),
        ("DELETE", "/customers"),
        ("POST", f"/customers/{cid(1)}"),
        ("GET", "/orders"),
        ("GET", f"/customers/{cid(1)}/"),
        ("POST", "/stores"),
        ("DELETE", f"/employees/{cid(1)}"),
        ("PUT", "/items"),
        ("GET", f"/items/{cid(1)}/image"),
        ("POST", "/inventory/levels"),
        ("POST", "/merchant/"),
        ("GET", f"/customers/{cid(1)}/visits"),
        ("GET", "https://api.loyverse.com/v2.0/customers"),
        ("GET", "https://api.loyverse.com/customers"),
    ],
)
def test_other_routes_are_404_in_the_envelope(method: str, path: str) -> None:
    fake = FakeLoyverse([make_customer(1, day(1))])
    with http(fake) as client:
        response = client.request(method, path, json={"name": "x"})
    assert response.status_code == 404
    assert [e["code"] for e in errors(response)] == ["NOT_FOUND"]


# --- POST /customers ------------------------------------------------------------------------


def test_create_returns_the_full_new_customer(clock: Clock) -> None:
    fake = FakeLoyverse(clock=clock)
    body = {
        "name": "Ann Lee",
        "email": "ann@example.com",
        "country_code": "TZ",
        "total_points": 12.5,
        "total_spent": 999,
        "total_visits": 7,
        "created_at": "2020-01-01T00:00:00.000Z",
        "something_new": True,
    }
    with http(fake) as api:
        response = api.post("/customers", json=body)
        created = response.json()
        fetched = api.get(f"/customers/{created['id']}").json()
    assert response.status_code == 200
    assert list(created) == FIELDS
    assert uuid.UUID(created["id"]).version == 4
    assert created["name"] == "Ann Lee"
    assert created["total_points"] == 12.5
    assert (created["total_spent"], created["total_visits"]) == (0, 0)
    assert created["created_at"] == created["updated_at"] != "2020-01-01T00:00:00.000Z"
    assert TIMESTAMP.fullmatch(created["created_at"])
    assert created["first_visit"] is None
    assert fetched == created
    assert Customer.model_validate(created).email == "ann@example.com"


def test_new_customers_are_listed_first(fake: FakeLoyverse, api: httpx.Client) -> None:
    fake.add_sample_customers(5)
    new = api.post("/customers", json={"name": "Newest"}).json()
    assert listed_ids(api.get("/customers"))[0] == new["id"]


def test_update_keeps_omitted_fields_and_bumps_updated_at(
    clock: Clock, fake: FakeLoyverse, api: httpx.Client
) -> None:
    created = api.post(
        "/customers", json={"name": "Ann", "email": "ann@example.com", "note": "VIP"}
    ).json()
    clock.now += 61.5
    updated = api.post(
        "/customers", json={"id": created["id"], "city": "Arusha", "note": None}
    ).json()
    assert updated["name"] == "Ann"
    assert updated["email"] == "ann@example.com"
    assert updated["city"] == "Arusha"
    assert updated["note"] is None
    assert updated["created_at"] == created["created_at"]
    assert updated["updated_at"] > created["updated_at"]
    assert fake.customers == [updated]


def test_updated_at_filters_see_updates(
    clock: Clock, fake: FakeLoyverse, api: httpx.Client
) -> None:
    first = api.post("/customers", json={"name": "First"}).json()
    clock.now += 3600
    second = api.post("/customers", json={"name": "Second"}).json()
    clock.now += 3600
    touched = api.post("/customers", json={"id": first["id"], "name": "First again"}).json()
    params = {"updated_at_min": second["updated_at"]}
    assert listed_ids(api.get("/customers", params=params)) == [second["id"], first["id"]]
    params = {"updated_at_min": touched["updated_at"], "updated_at_max": touched["updated_at"]}
    assert listed_ids(api.get("/customers", params=params)) == [first["id"]]


def test_update_of_an_unknown_id_is_404(fake: FakeLoyverse, api: httpx.Client) -> None:
    response = api.post("/customers", json={"id": cid(404), "name": "Ghost"})
    assert response.status_code == 404
    assert [e["code"] for e in errors(response)] == ["NOT_FOUND"]
    assert fake.customers == []


def field_errors(response: httpx.Response) -> list[tuple[str, str]]:
    assert response.status_code == 400, response.text
    return [(error["code"], error["field"]) for error in errors(response)]


@pytest.mark.parametrize("body", [{}, {"email": "ann@example.com"}, {"name": None}])
def test_create_requires_a_name(api: httpx.Client, body: dict[str, Any]) -> None:
    response = api.post("/customers", json=body)
    assert field_errors(response) == [("MISSING_REQUIRED_PARAMETER", "name")]


def test_update_cannot_clear_the_name(api: httpx.Client) -> None:
    created = api.post("/customers", json={"name": "Ann"}).json()
    response = api.post("/customers", json={"id": created["id"], "name": None})
    assert field_errors(response) == [("MISSING_REQUIRED_PARAMETER", "name")]


def test_an_update_must_leave_the_customer_with_a_name() -> None:
    fake = FakeLoyverse([{"id": "old", "name": None}])
    with http(fake) as api:
        refused = api.post("/customers", json={"id": "old", "note": "called"})
        assert field_errors(refused) == [("MISSING_REQUIRED_PARAMETER", "name")]
        assert fake.customers[0]["note"] is None
        named = api.post("/customers", json={"id": "old", "name": "Old Friend", "note": "called"})
        assert named.status_code == 200
        assert (named.json()["name"], named.json()["note"]) == ("Old Friend", "called")


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("name", 64),
        ("email", 100),
        ("phone_number", 15),
        ("address", 192),
        ("city", 64),
        ("region", 64),
        ("postal_code", 20),
        ("customer_code", 40),
        ("note", 255),
    ],
)
def test_text_fields_have_their_documented_maximum_length(
    api: httpx.Client, field: str, limit: int
) -> None:
    body = {"name": "Ann", field: "é" * limit}
    assert api.post("/customers", json=body).json()[field] == "é" * limit
    response = api.post("/customers", json={**body, field: "é" * (limit + 1)})
    assert field_errors(response) == [("INVALID_VALUE", field)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"name": 42}, [("INCORRECT_VALUE_TYPE", "name")]),
        ({"name": ""}, [("INVALID_VALUE", "name")]),
        ({"name": "Ann", "email": ["a@example.com"]}, [("INCORRECT_VALUE_TYPE", "email")]),
        ({"name": "Ann", "country_code": "tz"}, [("INVALID_VALUE", "country_code")]),
        ({"name": "Ann", "country_code": "TZA"}, [("INVALID_VALUE", "country_code")]),
        ({"name": "Ann", "total_points": "10"}, [("INCORRECT_VALUE_TYPE", "total_points")]),
        ({"name": "Ann", "total_points": True}, [("INCORRECT_VALUE_TYPE", "total_points")]),
        ({"name": "Ann", "total_points": None}, [("INCORRECT_VALUE_TYPE", "total_points")]),
        ({"name": "Ann", "id": 7}, [("INCORRECT_VALUE_TYPE", "id")]),
        (
            {"name": "x" * 65, "city": 3, "total_points": {}},
            [
                ("INVALID_VALUE", "name"),
                ("INCORRECT_VALUE_TYPE", "city"),
                ("INCORRECT_VALUE_TYPE", "total_points"),
            ],
        ),
    ],
)
def test_invalid_fields_are_400_with_the_field_named(
    fake: FakeLoyverse, api: httpx.Client, body: dict[str, Any], expected: list[tuple[str, str]]
) -> None:
    assert field_errors(api.post("/customers", json=body)) == expected
    assert fake.customers == []


def test_a_duplicate_email_is_400_invalid_value(api: httpx.Client) -> None:
    ann = api.post("/customers", json={"name": "Ann", "email": "ann@example.com"}).json()
    bob = api.post("/customers", json={"name": "Bob", "email": "bob@example.com"}).json()
    duplicate = api.post("/customers", json={"name": "Ann 2", "email": "ann@example.com"})
    assert field_errors(duplicate) == [("INVALID_VALUE", "email")]
    taken = api.post("/customers", json={"id": bob["id"], "email": "ann@example.com"})
    assert field_errors(taken) == [("INVALID_VALUE", "email")]
    same = api.post("/customers", json={"id": ann["id"], "email": "ann@example.com"})
    assert same.status_code == 200
    other_case = api.post("/customers", json={"name": "Ann 3", "email": "ANN@example.com"})
    assert other_case.status_code == 200
    api.post("/customers", json={"id": bob["id"], "email": "robert@example.com"})
    assert api.delete(f"/customers/{ann['id']}").status_code == 200
    for freed in ("ann@example.com", "bob@example.com"):
        assert api.post("/customers", json={"name": "New", "email": freed}).status_code == 200


@pytest.mark.parametrize(
    ("content", "content_type", "status"),
    [
        (b'{"name": "Ann"}', "text/plain", 415),
        (b'{"name": "Ann"}', None, 415),
        (b"name=Ann", "application/x-www-form-urlencoded", 415),
        (b'{"name": "Ann"', "application/json", 400),
        (b'["Ann"]', "application/json", 400),
        (b'{"name": NaN}', "application/json", 400),
        (b"\xff\xfe", "application/json", 400),
        (b'{"name": "Ann"}', "Application/JSON; charset=utf-8", 200),
    ],
)
def test_the_body_must_be_a_json_object(
    fake: FakeLoyverse, content: bytes, content_type: str | None, status: int
) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    if content_type is not None:
        headers["Content-Type"] = content_type
    with httpx.Client(transport=fake.transport) as client:
        response = client.post(f"{BASE}/customers", content=content, headers=headers)
    assert response.status_code == status
    expected = {415: ["UNSUPPORTED_MEDIA_TYPE"], 400: ["BAD_REQUEST"]}.get(status)
    if expected is not None:
        assert [e["code"] for e in errors(response)] == expected
        assert fake.customers == []


HUGE_INTEGER = "9" * 5000  # more digits than Python reads (ValueError) by default


def post_raw(fake: FakeLoyverse, content: bytes) -> httpx.Response:
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    with httpx.Client(transport=fake.transport) as client:
        return client.post(f"{BASE}/customers", content=content, headers=headers)


@pytest.mark.parametrize(
    "number",
    [
        "1e400",
        "-1e400",
        "1.8e308",
        "9" * 400,  # converting it to a float overflows
        "-" + "9" * 4000,
        HUGE_INTEGER,
        "-" + HUGE_INTEGER,
        str(2**1024),
    ],
)
@pytest.mark.parametrize("creating", [True, False])
def test_an_out_of_range_number_is_400_invalid_value(
    fake: FakeLoyverse, number: str, creating: bool
) -> None:
    existing = fake.add_sample_customers(1)[0]
    target = "" if creating else f'"id": "{existing["id"]}", '
    response = post_raw(fake, f'{{{target}"name": "Ann", "total_points": {number}}}'.encode())
    assert response.status_code == 400
    assert field_errors(response) == [("INVALID_VALUE", "total_points")]
    assert fake.customers == [existing]


@pytest.mark.parametrize(
    "number", ["1.7976931348623157e308", "-1.7976931348623157e308", str(2**1023), "1e-400"]
)
def test_the_largest_numbers_a_double_holds_are_accepted(fake: FakeLoyverse, number: str) -> None:
    response = post_raw(fake, f'{{"name": "Ann", "total_points": {number}}}'.encode())
    assert response.status_code == 200, response.text
    assert response.json()["total_points"] == json.loads(number)


def test_a_huge_number_in_another_field_is_that_field_s_problem(fake: FakeLoyverse) -> None:
    response = post_raw(fake, f'{{"name": {HUGE_INTEGER}, "city": 1e400}}'.encode())
    assert field_errors(response) == [
        ("INCORRECT_VALUE_TYPE", "name"),
        ("INCORRECT_VALUE_TYPE", "city"),
    ]
    ignored = post_raw(fake, f'{{"name": "Ann", "legacy": {HUGE_INTEGER}}}'.encode())
    assert ignored.status_code == 200


@pytest.mark.parametrize(
    "content",
    [
        b'{"name": "Ann", "total_points": NaN}',
        b'{"name": "Ann", "total_points": Infinity}',
        b'{"name": "Ann", "total_points": -Infinity}',
        b'{"name": "Ann", "note": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        b'{"name": "Ann", "note": ' + b'{"a": ' * 100_000 + b"1" + b"}" * 100_000 + b"}",
        b'{"name": "\\ud800"}',
        b'{"name": "Ann", "id": "\\udfff"}',
        b'{"name": "Ann", "legacy": {"\\ud800": 1}}',
        b'{"name": "\xed\xa0\x80"}',  # a surrogate encoded raw, which UTF-8 forbids
    ],
)
def test_no_body_makes_the_fake_raise(fake: FakeLoyverse, content: bytes) -> None:
    response = post_raw(fake, content)
    assert response.status_code == 400
    assert [e["code"] for e in errors(response)] == ["BAD_REQUEST"]
    assert fake.customers == []
    assert fake.handle("POST", "/v1.0/customers", {}, response.request.headers, content) == (
        400,
        {"Content-Type": "application/json; charset=utf-8"},
        response.content,
    )


# --- DELETE /customers/{id} -----------------------------------------------------------------


def test_delete_removes_the_customer(fake: FakeLoyverse, api: httpx.Client) -> None:
    customers = fake.add_sample_customers(3)
    gone = customers[1]["id"]
    response = api.delete(f"/customers/{gone}")
    assert response.status_code == 200
    assert response.json() == {"deleted_object_ids": [gone]}
    assert api.get(f"/customers/{gone}").status_code == 404
    assert gone not in listed_ids(api.get("/customers"))
    assert listed_ids(api.get("/customers", params={"customer_ids": gone})) == []
    again = api.delete(f"/customers/{gone}")
    assert again.status_code == 404
    assert [e["code"] for e in errors(again)] == ["NOT_FOUND"]


# --- rate limit -----------------------------------------------------------------------------


def test_rate_limit_is_a_sliding_window_on_the_injected_clock(clock: Clock) -> None:
    fake = FakeLoyverse(rate_limit=(3, 10.0), clock=clock)
    with http(fake) as api:
        assert [api.get("/customers").status_code for _ in range(3)] == [200, 200, 200]
        clock.now = 4.0
        limited = api.get("/customers")
        assert limited.status_code == 429
        assert [e["code"] for e in errors(limited)] == ["RATE_LIMITED"]
        assert "Retry-After" not in limited.headers
        clock.now = 9.999
        assert api.get("/customers").status_code == 429  # 429s do not count...
        clock.now = 10.0
        assert api.get("/customers").status_code == 200  # ...so three slots freed at t=10
        assert api.get("/customers").status_code == 200
        assert api.get("/customers").status_code == 200
        assert api.get("/customers").status_code == 429


def test_rate_limit_takes_the_clients_rate_limit_too(clock: Clock) -> None:
    fake = FakeLoyverse(rate_limit=RateLimit(2, 5), clock=clock)
    with http(fake) as api:
        assert [api.get("/customers").status_code for _ in range(3)] == [200, 200, 429]
        clock.now = 5.0
        assert api.get("/customers").status_code == 200


@pytest.mark.parametrize(
    ("rate_limit", "error"),
    [((0, 10.0), ValueError), ((3, 0), ValueError), ((3,), TypeError), ("3/10", TypeError)],
)
def test_a_bad_rate_limit_is_refused(rate_limit: Any, error: type[Exception]) -> None:
    with pytest.raises(error, match=r"rate_limit|RateLimit"):
        FakeLoyverse(rate_limit=rate_limit)


def test_unauthenticated_and_faulted_requests_do_not_count(clock: Clock) -> None:
    fake = FakeLoyverse(rate_limit=(2, 300.0), clock=clock)
    with http(fake, token="wrong") as stranger:
        assert stranger.get("/customers").status_code == 401
    fake.fail_next(503)
    fake.fail_next("connect")
    with http(fake) as api:
        assert api.get("/customers").status_code == 503
        with pytest.raises(httpx.ConnectError):
            api.get("/customers")
        assert [api.get("/customers").status_code for _ in range(3)] == [200, 200, 429]


# --- injected faults ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (500, "INTERNAL_SERVER_ERROR"),
        (503, "SERVICE_UNAVAILABLE"),
        (429, "RATE_LIMITED"),
        (408, "REQUEST_TIMEOUT"),
        (402, "PAYMENT_REQUIRED"),
        (599, "ERROR"),
    ],
)
def test_a_status_fault_answers_once_in_the_envelope(
    fake: FakeLoyverse, api: httpx.Client, status: int, code: str
) -> None:
    fake.fail_next(status)
    response = api.get("/customers")
    assert response.status_code == status
    assert [e["code"] for e in errors(response)] == [code]
    assert "Retry-After" not in response.headers
    assert api.get("/customers").status_code == 200


def test_faults_queue_in_order_with_retry_after_and_times(
    fake: FakeLoyverse, api: httpx.Client
) -> None:
    fake.fail_next(429, retry_after="7")
    fake.fail_next(500, times=2)
    fake.fail_next("timeout")
    first = api.get("/customers")
    assert (first.status_code, first.headers["Retry-After"]) == (429, "7")
    assert [api.get("/customers").status_code for _ in range(2)] == [500, 500]
    with pytest.raises(httpx.ReadTimeout):
        api.get("/customers")
    assert api.get("/customers").status_code == 200


@pytest.mark.parametrize(
    ("fault", "exception"),
    [
        ("connect", httpx.ConnectError),
        ("timeout", httpx.ReadTimeout),
        ("reset", httpx.RemoteProtocolError),
    ],
)
def test_network_faults_raise_what_httpx_raises_and_change_nothing(
    fake: FakeLoyverse, api: httpx.Client, fault: Any, exception: type[httpx.HTTPError]
) -> None:
    fake.fail_next(fault)
    with pytest.raises(exception) as raised:
        api.post("/customers", json={"name": "Lost"})
    assert isinstance(raised.value, httpx.RequestError)
    assert raised.value.request is fake.requests[0]
    assert fake.customers == []


@pytest.mark.parametrize(
    ("fault", "exception"),
    [("timeout", httpx.ReadTimeout), ("reset", httpx.RemoteProtocolError)],
)
def test_after_processing_the_create_happens_but_its_answer_is_lost(
    fake: FakeLoyverse, api: httpx.Client, fault: Any, exception: type[httpx.HTTPError]
) -> None:
    fake.fail_next(fault, after_processing=True)
    with pytest.raises(exception):
        api.post("/customers", json={"name": "Created anyway"})
    assert [customer["name"] for customer in fake.customers] == ["Created anyway"]


def test_a_status_fault_after_processing_hides_a_delete(
    fake: FakeLoyverse, api: httpx.Client
) -> None:
    gone = fake.add_sample_customers(2)[0]["id"]
    fake.fail_next(502, after_processing=True)
    assert api.delete(f"/customers/{gone}").status_code == 502
    assert api.get(f"/customers/{gone}").status_code == 404


@pytest.mark.parametrize(
    ("fault", "options"),
    [
        (200, {}),
        (302, {}),
        (600, {}),
        (True, {}),
        ("dns", {}),
        (500, {"times": 0}),
        ("timeout", {"retry_after": "1"}),
        ("connect", {"after_processing": True}),
    ],
)
def test_impossible_faults_are_rejected(fake: FakeLoyverse, fault: Any, options: Any) -> None:
    with pytest.raises(ValueError, match=r"fault|times|retry_after|processed"):
        fake.fail_next(fault, **options)


def test_every_request_is_recorded_in_order(fake: FakeLoyverse) -> None:
    fake.fail_next("connect")
    fake.fail_next(500)
    with http(fake) as api:
        with pytest.raises(httpx.ConnectError):
            api.get("/customers", params={"limit": "5"})
        api.get("/customers")
        api.post("/customers", json={"name": "Ann"})
    with http(fake, token=None) as anonymous:
        anonymous.delete(f"/customers/{cid(1)}")
    assert [(r.method, r.url.path) for r in fake.requests] == [
        ("GET", "/v1.0/customers"),
        ("GET", "/v1.0/customers"),
        ("POST", "/v1.0/customers"),
        ("DELETE", f"/v1.0/customers/{cid(1)}"),
    ]
    assert fake.requests[0].url.params["limit"] == "5"
    assert json.loads(fake.requests[2].content) == {"name": "Ann"}
    assert fake.requests[2].headers["Authorization"] == f"Bearer {TOKEN}"


# --- async ----------------------------------------------------------------------------------


def test_the_transport_serves_async_clients(fake: FakeLoyverse) -> None:
    async def scenario() -> tuple[list[int], type[Exception] | None]:
        headers = {"Authorization": f"Bearer {TOKEN}"}
        async with httpx.AsyncClient(
            transport=fake.transport, base_url=BASE, headers=headers
        ) as client:
            created = await client.post("/customers", json={"name": "Async Ann"})
            listed = await client.get("/customers")
            fake.fail_next("timeout")
            try:
                await client.get("/customers")
            except httpx.ReadTimeout as error:
                return [created.status_code, listed.status_code], type(error)
        return [created.status_code, listed.status_code], None

    statuses, raised = asyncio.run(scenario())
    assert statuses == [200, 200]
    assert raised is httpx.ReadTimeout
    assert [customer["name"] for customer in fake.customers] == ["Async Ann"]
    assert len(fake.requests) == 3


# --- thread safety --------------------------------------------------------------------------


def test_concurrent_creates_from_threads_are_all_kept(fake: FakeLoyverse) -> None:
    def create(worker: int) -> None:
        with http(fake) as api:
            for number in range(25):
                response = api.post("/customers", json={"name": f"W{worker}-{number}"})
                assert response.status_code == 200

    threads = [threading.Thread(target=create, args=(worker,)) for worker in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    customers = fake.customers
    assert len(customers) == len({customer["id"] for customer in customers}) == 200
    assert len(fake.requests) == 200


# --- sample customers -----------------------------------------------------------------------


def test_samples_are_deterministic_per_seed() -> None:
    first, again, other = FakeLoyverse(), FakeLoyverse(), FakeLoyverse()
    assert first.add_sample_customers(50, seed=4) == again.add_sample_customers(50, seed=4)
    assert first.customers == again.customers
    assert other.add_sample_customers(50, seed=5) != first.customers


def test_samples_are_realistic_and_varied() -> None:
    samples = FakeLoyverse().add_sample_customers(300)
    assert all(list(sample) == FIELDS for sample in samples)
    assert all(Customer.model_validate(sample).raw is sample for sample in samples)
    assert len({sample["id"] for sample in samples}) == 300
    assert all(uuid.UUID(sample["id"]).version == 4 for sample in samples)
    names = [sample["name"] for sample in samples]
    emails = [sample["email"] for sample in samples if sample["email"] is not None]
    assert 0 < names.count(None) < 50
    assert 150 < len(emails) < 300
    assert len(set(emails)) == len(emails)
    assert any(name and not name.isascii() for name in names)
    spent = [sample["total_spent"] for sample in samples]
    assert any(isinstance(value, int) and value >= 5000 for value in spent)
    assert any(isinstance(value, float) and value != int(value) for value in spent)
    never = [sample for sample in samples if sample["total_visits"] == 0]
    assert never
    assert all(s["first_visit"] is None and s["total_spent"] == 0 for s in never)
    assert len({sample["created_at"][:10] for sample in samples}) >= 7
    for sample in samples:
        for field in ("created_at", "updated_at", "first_visit", "last_visit"):
            assert sample[field] is None or TIMESTAMP.fullmatch(sample[field])
        assert sample["updated_at"] >= sample["created_at"]
        assert sample["phone_number"] is None or len(sample["phone_number"]) <= 15
        assert sample["country_code"] is None or re.fullmatch("[A-Z]{2}", sample["country_code"])


def test_adding_the_same_seed_twice_is_refused(fake: FakeLoyverse) -> None:
    fake.add_sample_customers(3, seed=1)
    fake.add_sample_customers(3, seed=2)
    with pytest.raises(ValueError, match="already present"):
        fake.add_sample_customers(3, seed=1)
    assert len(fake.customers) == 6


# --- pytest plugin --------------------------------------------------------------------------


def test_the_plugin_gives_each_test_a_fresh_fake(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makepyfile(
        """
        import httpx

        def use(fake):
            headers = {"Authorization": f"Bearer {fake.access_token}"}
            with httpx.Client(transport=fake.transport, headers=headers) as client:
                client.post(f"{fake.BASE_URL}/customers", json={"name": "Ann"})
                return client.get(f"{fake.BASE_URL}/customers").json()["customers"]

        def test_first(loyverse_fake):
            assert len(use(loyverse_fake)) == 1

        def test_second(loyverse_fake):
            assert len(use(loyverse_fake)) == 1
        """
    )
    # Only our plugin, loaded by name: the same run before and after its entry point is installed,
    # and without the cost of every other plugin of this environment.
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    result = pytester.runpytest("-p", "loyverse_client.testing.pytest_plugin")
    result.assert_outcomes(passed=2)


def test_an_installed_sdk_gives_users_the_fixture_with_zero_setup(
    pytester: pytest.Pytester,
) -> None:
    # A user's project: no conftest, no plugin option; the fixture comes from our entry point.
    pytester.makepyfile(
        """
        from loyverse_client import CustomerQuery, NotFoundError
        import pytest

        def test_export(loyverse_fake):
            loyverse_fake.add_sample_customers(120, seed=2)
            with loyverse_fake.client(max_retries=0) as client:
                ids = [c.id for c in client.customers.iterate(CustomerQuery(limit=50))]
                with pytest.raises(NotFoundError):
                    client.customers.get_by_id("no-such-customer")
            assert len(set(ids)) == 120
            assert len(loyverse_fake.requests) == 4
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
