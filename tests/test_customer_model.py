"""Customer and CustomerPage: tolerant parsing, exact .raw, and the API's own wire format."""

from __future__ import annotations

import copy
import json
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from loyverse_models import Customer, CustomerPage


def test_parses_the_published_sample(customer_json: dict[str, Any]) -> None:
    customer = Customer.model_validate(customer_json)

    assert customer.id == "a4c0912a-bd29-46e4-9015-37e7cdb05344"
    assert customer.name == "customer name"
    assert customer.email == "customer@business.com"
    assert customer.phone_number is None
    assert customer.first_visit is None
    assert customer.total_visits == 0
    assert customer.total_spent == Decimal(0)
    assert isinstance(customer.total_spent, Decimal)
    assert customer.created_at == datetime(2024, 3, 23, 17, 52, 46, tzinfo=timezone.utc)
    assert customer.updated_at.utcoffset() == timedelta(0)


def test_raw_is_the_received_object_untouched(customer_json: dict[str, Any]) -> None:
    original = copy.deepcopy(customer_json)
    customer = Customer.model_validate(customer_json)
    assert customer.raw is customer_json
    assert customer.raw == original


def test_dumping_a_parsed_object_gives_back_the_same_json(customer_json: dict[str, Any]) -> None:
    customer = Customer.model_validate_json(json.dumps(customer_json))
    assert json.loads(customer.model_dump_json()) == customer_json


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        (585500, Decimal(585500)),
        (120.55, Decimal("120.55")),
        (0, Decimal(0)),
        (0.1, Decimal("0.1")),
    ],
)
def test_money_is_decimal_and_written_back_as_the_same_number(
    customer_json: dict[str, Any], wire: float, expected: Decimal
) -> None:
    customer_json["total_spent"] = wire
    customer_json["total_points"] = wire
    body = json.dumps(customer_json)

    customer = Customer.model_validate_json(body)

    assert customer.total_spent == expected
    assert customer.total_points == expected
    dumped = customer.model_dump_json()
    assert json.loads(dumped)["total_spent"] == wire
    assert f'"total_spent":{json.dumps(wire)},' in dumped  # 585500 stays an integer


def test_timestamps_are_written_as_utc_milliseconds(customer_json: dict[str, Any]) -> None:
    paris_summer = timezone(timedelta(hours=2))
    customer = Customer(
        id="c1",
        created_at=datetime(2024, 6, 1, 2, 0, 0, 123456, tzinfo=paris_summer),
        updated_at=datetime(2024, 6, 1, 0, 0, tzinfo=timezone.utc),
    )
    data = json.loads(customer.model_dump_json())
    assert data["created_at"] == "2024-06-01T00:00:00.123456Z"  # no digit lost
    assert Customer.model_validate_json(customer.model_dump_json()) == customer
    assert data["updated_at"] == "2024-06-01T00:00:00.000Z"
    assert data["first_visit"] is None
    assert '"total_spent":0,' in customer.model_dump_json()


def test_missing_optional_fields_are_none_and_counts_default_to_zero() -> None:
    customer = Customer.model_validate(
        {"id": "c1", "created_at": "2024-01-01T00:00:00.000Z", "updated_at": "2024-01-01T00:00:00Z"}
    )
    assert customer.name is None
    assert customer.deleted_at is None
    assert customer.total_visits == 0
    assert customer.total_points == Decimal(0)


def test_unknown_fields_are_kept_on_the_model_and_in_raw(customer_json: dict[str, Any]) -> None:
    customer_json["loyalty_tier"] = {"level": "gold"}
    customer = Customer.model_validate(customer_json)
    assert customer.model_extra == {"loyalty_tier": {"level": "gold"}}
    assert customer.raw["loyalty_tier"] == {"level": "gold"}
    assert json.loads(customer.model_dump_json())["loyalty_tier"] == {"level": "gold"}


def test_values_are_never_rewritten(customer_json: dict[str, Any]) -> None:
    customer_json.update(name="  mcDONALD  ", email="MiXeD@Example.COM ", id="not-a-uuid")
    customer = Customer.model_validate(customer_json)
    assert customer.name == "  mcDONALD  "
    assert customer.email == "MiXeD@Example.COM "
    assert customer.id == "not-a-uuid"


def test_a_timestamp_without_offset_is_read_as_utc(customer_json: dict[str, Any]) -> None:
    customer_json["created_at"] = "2024-03-23T17:52:46"
    customer = Customer.model_validate(customer_json)
    assert customer.created_at == datetime(2024, 3, 23, 17, 52, 46, tzinfo=timezone.utc)


@pytest.mark.parametrize("field", ["id", "created_at", "updated_at"])
def test_required_fields_are_enforced(customer_json: dict[str, Any], field: str) -> None:
    del customer_json[field]
    with pytest.raises(ValidationError, match=field):
        Customer.model_validate(customer_json)


@pytest.mark.parametrize(
    ("field", "value"),
    [("total_spent", "lots"), ("total_visits", 1.5), ("created_at", "yesterday"), ("id", None)],
)
def test_wrong_types_are_rejected(customer_json: dict[str, Any], field: str, value: object) -> None:
    customer_json[field] = value
    with pytest.raises(ValidationError, match=field):
        Customer.model_validate(customer_json)


def test_built_in_code_raw_is_the_json_dump() -> None:
    customer = Customer(
        id="c1",
        name="Ann",
        total_spent=Decimal("12.50"),
        created_at=datetime(2024, 1, 1, tzinfo=timezone.utc),
        updated_at=datetime(2024, 1, 2, tzinfo=timezone.utc),
    )
    assert customer.raw == json.loads(customer.model_dump_json())
    assert customer.raw["total_spent"] == 12.5
    assert customer.raw["created_at"] == "2024-01-01T00:00:00.000Z"


def test_models_are_frozen_and_a_changed_copy_drops_the_source(
    customer_json: dict[str, Any],
) -> None:
    customer = Customer.model_validate(customer_json)
    with pytest.raises(ValidationError, match="frozen"):
        customer.name = "other"  # type: ignore[misc]
    renamed = customer.model_copy(update={"name": "other"})
    assert renamed.raw["name"] == "other"
    assert customer.model_copy().raw is customer_json


def test_equality_ignores_where_a_model_came_from(customer_json: dict[str, Any]) -> None:
    parsed = Customer.model_validate(customer_json)
    rebuilt = Customer.model_validate_json(parsed.model_dump_json())
    assert rebuilt == parsed
    assert parsed.model_copy(update={"note": "x"}) != parsed


def _page_json(customers: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"customers": customers, **extra}


def test_page_raw_is_the_whole_page_and_each_customer_keeps_its_own(
    customer_json: dict[str, Any],
) -> None:
    second = {**customer_json, "id": "b"}
    data = _page_json([customer_json, second], cursor="abc")
    page = CustomerPage.model_validate(data)

    assert page.raw is data
    assert [c.id for c in page.customers] == [customer_json["id"], "b"]
    assert page.customers[1].raw is second
    assert page.cursor == "abc"


@pytest.mark.parametrize("last_page", [{}, {"cursor": None}, {"cursor": ""}])
def test_absent_null_or_empty_cursor_means_last_page(
    customer_json: dict[str, Any], last_page: dict[str, Any]
) -> None:
    data = _page_json([customer_json], **last_page)
    page = CustomerPage.model_validate_json(json.dumps(data))
    assert page.cursor is None
    assert page.raw == data  # the raw page still says what the API said


def test_a_last_page_dumps_without_a_cursor_key(customer_json: dict[str, Any]) -> None:
    last = _page_json([customer_json])
    assert json.loads(CustomerPage.model_validate(last).model_dump_json()) == last
    more = _page_json([customer_json], cursor="next")
    assert json.loads(CustomerPage.model_validate(more).model_dump_json()) == more


def test_page_without_customers_key_is_rejected() -> None:
    with pytest.raises(ValidationError, match="customers"):
        CustomerPage.model_validate({"cursor": "x"})


def test_from_customers_merges_raw_objects(customer_json: dict[str, Any]) -> None:
    a = Customer.model_validate(customer_json)
    b = Customer.model_validate({**customer_json, "id": "b"})
    page = CustomerPage.from_customers([a, b])
    assert page.cursor is None
    assert page.raw == {"customers": [a.raw, b.raw]}
    assert page.raw["customers"][0] is customer_json


# Round trips over generated customers.
_text = st.none() | st.text(max_size=30)
_instants = st.datetimes(
    min_value=datetime(1990, 1, 1),
    max_value=datetime(2100, 1, 1),
    timezones=st.sampled_from([timezone.utc, timezone(timedelta(hours=-3, minutes=-30))]),
)
_money = st.decimals(
    min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2, allow_nan=False
) | st.integers(min_value=0, max_value=10**12).map(Decimal)

customers = st.builds(
    Customer,
    id=st.uuids().map(str),
    name=_text,
    email=_text,
    note=_text,
    country_code=st.none() | st.sampled_from(["US", "FR", "TZ"]),
    first_visit=st.none() | _instants,
    total_visits=st.integers(min_value=0, max_value=10**6),
    total_spent=_money,
    total_points=_money,
    created_at=_instants,
    updated_at=_instants,
    deleted_at=st.none() | _instants,
)


@given(customers)
def test_dump_then_parse_gives_an_equal_customer(customer: Customer) -> None:
    parsed = Customer.model_validate_json(customer.model_dump_json())
    assert parsed == customer
    assert parsed.total_spent == customer.total_spent


# A cursor with surrounding whitespace could not be sent back, so a page refuses it.
_sendable_cursors = st.text(min_size=1, max_size=20).filter(lambda text: text == text.strip())


@given(st.lists(customers, max_size=4), st.none() | _sendable_cursors)
def test_dump_then_parse_gives_an_equal_page(items: list[Customer], cursor: str | None) -> None:
    page = CustomerPage(customers=items, cursor=cursor)
    body = page.model_dump_json()
    assert CustomerPage.model_validate_json(body) == page
    # and the parsed page dumps back to the same JSON (0.0 may come back as 0: the same number)
    assert json.loads(CustomerPage.model_validate_json(body).model_dump_json()) == json.loads(body)


def test_a_page_parsed_from_bytes_parses_raw_once_and_shares_it(
    customer_json: dict[str, Any],
) -> None:
    body = json.dumps({"customers": [customer_json, {**customer_json, "id": "b"}]}).encode()
    page = CustomerPage.model_validate_json(body)
    second = page.customers[1].raw
    assert second == {**customer_json, "id": "b"}
    assert page.raw["customers"][1] is second  # one parse serves the page and its customers
    assert page.customers[1].raw is second


def test_a_model_nested_in_a_users_model_falls_back_to_its_dump(
    customer_json: dict[str, Any],
) -> None:
    from pydantic import BaseModel

    class Envelope(BaseModel):
        customer: Customer

    nested = Envelope.model_validate({"customer": customer_json}).customer
    assert nested.raw == json.loads(nested.model_dump_json())


def test_raw_survives_copies_and_pickling(customer_json: dict[str, Any]) -> None:
    import pickle

    page = CustomerPage.model_validate_json(json.dumps({"customers": [customer_json]}))
    customer = page.customers[0]
    for copied in (
        customer.model_copy(),
        customer.model_copy(deep=True),
        pickle.loads(pickle.dumps(customer)),
    ):
        assert copied == customer
        assert copied.raw == customer_json
    assert pickle.loads(pickle.dumps(page)).raw == {"customers": [customer_json]}


def test_a_page_built_from_customer_objects_has_the_dump_as_raw(
    customer_json: dict[str, Any],
) -> None:
    customer = Customer.model_validate(customer_json)
    page = CustomerPage.model_validate({"customers": [customer]})
    assert page.customers[0].raw == customer_json
    assert page.raw == json.loads(page.model_dump_json())
