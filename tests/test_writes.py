"""Creating, updating and deleting customers safely, against the fake Loyverse."""

from __future__ import annotations

import asyncio
import json
from decimal import Decimal
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from loyverse_client import (
    APIConnectionError,
    APITimeoutError,
    CustomerCreate,
    CustomerUpdate,
    InternalServerError,
    NotFoundError,
    RateLimitError,
)
from loyverse_client.testing import FakeLoyverse
from loyverse_models import WRITABLE_FIELDS
from tests.helpers import FakeTime, Recorder, customer


def _posts(fake: FakeLoyverse) -> list[dict[str, Any]]:
    return [json.loads(r.content) for r in fake.requests if r.method == "POST"]


def test_create_returns_the_stored_customer() -> None:
    fake = FakeLoyverse()
    with fake.client() as client:
        created = client.customers.create(
            CustomerCreate(name="Ann Lee", email="ann@example.com", total_points=Decimal("12.5"))
        )
    assert created.name == "Ann Lee"
    assert created.total_points == Decimal("12.5")
    assert created.raw == fake.customers[0]
    assert _posts(fake) == [{"name": "Ann Lee", "email": "ann@example.com", "total_points": 12.5}]


@pytest.mark.parametrize("fault", [500, 503, "timeout", "reset"])
def test_a_create_whose_answer_is_lost_is_sent_exactly_once(
    fake_time: FakeTime, fault: Any
) -> None:
    fake = FakeLoyverse()
    fake.fail_next(fault, after_processing=True)
    with (
        fake.client() as client,
        pytest.raises((InternalServerError, APIConnectionError)) as caught,
    ):
        client.customers.create(CustomerCreate(name="Ann Lee"))

    assert caught.value.outcome_unknown
    assert "may have been carried out" in str(caught.value)
    assert len(_posts(fake)) == 1
    assert [c["name"] for c in fake.customers] == ["Ann Lee"]  # created once, never twice
    assert fake_time.sleeps == []


def test_a_create_that_times_out_raises_a_timeout_error(fake_time: FakeTime) -> None:
    fake = FakeLoyverse()
    fake.fail_next("timeout", after_processing=True)
    with fake.client() as client, pytest.raises(APITimeoutError) as caught:
        client.customers.create(CustomerCreate(name="Ann Lee"))
    assert caught.value.outcome_unknown


@pytest.mark.parametrize("fault", [429, "connect"])
def test_a_create_that_surely_did_not_arrive_is_retried_and_creates_one(
    fake_time: FakeTime, fault: Any
) -> None:
    fake = FakeLoyverse()
    fake.fail_next(fault, times=2)
    with fake.client() as client:
        created = client.customers.create(CustomerCreate(name="Ann Lee"))
    assert [c["id"] for c in fake.customers] == [created.id]
    assert len(_posts(fake)) == 3
    assert fake.clock.slept == [0.5, 1.0]  # the fake's clients wait on its clock
    assert fake_time.sleeps == []


def test_a_create_still_refused_after_the_retries_raises_rate_limit(fake_time: FakeTime) -> None:
    fake = FakeLoyverse()
    fake.fail_next(429, times=3)
    with fake.client() as client, pytest.raises(RateLimitError) as caught:
        client.customers.create(CustomerCreate(name="Ann Lee"))
    assert not caught.value.outcome_unknown
    assert fake.customers == []


def test_update_keeps_every_field_it_does_not_change() -> None:
    fake = FakeLoyverse()
    (before,) = fake.add_sample_customers(1, seed=3)
    before.update(note="keep me", city="Lyon", total_points=120.55)
    fake = FakeLoyverse([before])
    with fake.client() as client:
        updated = client.customers.update(before["id"], CustomerUpdate(email="new@example.com"))

    assert updated.email == "new@example.com"
    after = fake.customers[0]
    for field in (*WRITABLE_FIELDS, "created_at"):
        if field == "email":
            continue
        assert after[field] == before[field], field
    # the body carried the complete writable record, so no server reading could lose a field
    (body,) = _posts(fake)
    assert body["id"] == before["id"]
    assert body["note"] == "keep me"
    assert body["total_points"] == 120.55
    assert body["email"] == "new@example.com"
    assert "total_spent" not in body


NAME_REQUIRED = (
    "this customer has no name; Loyverse requires one on update: include name=... in the changes"
)


def _nameless() -> FakeLoyverse:
    return FakeLoyverse([{"id": "old", "name": None, "email": "old@example.com"}])


def test_update_of_a_nameless_customer_must_give_a_name_and_sends_no_post() -> None:
    fake = _nameless()
    with fake.client() as client, pytest.raises(ValidationError) as caught:
        client.customers.update("old", CustomerUpdate(note="called"))
    (problem,) = caught.value.errors()
    assert problem["loc"] == ("name",)
    assert NAME_REQUIRED in problem["msg"]
    assert [request.method for request in fake.requests] == ["GET"]
    assert fake.customers[0]["note"] is None


def test_update_of_a_nameless_customer_giving_a_name_is_sent() -> None:
    fake = _nameless()
    with fake.client() as client:
        updated = client.customers.update("old", CustomerUpdate(name="Old Friend", note="called"))
    assert (updated.name, updated.note) == ("Old Friend", "called")
    assert _posts(fake)[0]["name"] == "Old Friend"


def test_the_async_update_of_a_nameless_customer_is_refused_alike() -> None:
    fake = _nameless()

    async def main() -> None:
        async with fake.async_client() as client:
            with pytest.raises(ValidationError, match="this customer has no name"):
                await client.customers.update("old", CustomerUpdate(city="Oslo"))

    asyncio.run(main())
    assert [request.method for request in fake.requests] == ["GET"]


def test_update_with_none_clears_a_field() -> None:
    fake = FakeLoyverse()
    fake.add_sample_customers(1)
    customer_id = fake.customers[0]["id"]
    with fake.client() as client:
        client.customers.update(customer_id, CustomerUpdate(note="x"))
        updated = client.customers.update(customer_id, CustomerUpdate(note=None))
    assert updated.note is None
    assert fake.customers[0]["note"] is None


def test_update_is_retried_like_a_read(fake_time: FakeTime) -> None:
    fake = FakeLoyverse()
    fake.add_sample_customers(1)
    customer_id = fake.customers[0]["id"]
    fake.fail_next(503)  # the read
    with fake.client() as client:
        fake.fail_next(500, after_processing=True)  # then the write's answer is lost, once
        updated = client.customers.update(customer_id, CustomerUpdate(total_points=Decimal(7)))
    assert updated.total_points == Decimal(7)
    assert len(fake.requests) == 4


def test_update_of_an_unknown_customer_raises_not_found_and_writes_nothing() -> None:
    fake = FakeLoyverse()
    with fake.client() as client, pytest.raises(NotFoundError):
        client.customers.update("b7c9a5d2-0000-0000-0000-000000000000", CustomerUpdate(note="x"))
    assert _posts(fake) == []


def test_delete_then_the_customer_is_gone() -> None:
    fake = FakeLoyverse()
    fake.add_sample_customers(2)
    victim = fake.customers[0]["id"]
    with fake.client() as client:
        deleted = client.customers.delete(victim)
        assert deleted.deleted_object_ids == [victim]
        assert deleted.raw == {"deleted_object_ids": [victim]}
        with pytest.raises(NotFoundError):
            client.customers.get_by_id(victim)
        with pytest.raises(NotFoundError):
            client.customers.delete(victim)
    assert victim not in [c["id"] for c in fake.customers]


def test_a_delete_whose_answer_was_lost_still_reports_the_deletion(fake_time: FakeTime) -> None:
    fake = FakeLoyverse()
    fake.add_sample_customers(1)
    victim = fake.customers[0]["id"]
    fake.fail_next("timeout", after_processing=True)
    with fake.client() as client:
        assert client.customers.delete(victim).deleted_object_ids == [victim]
    assert fake.customers == []
    assert [r.method for r in fake.requests] == ["DELETE", "DELETE"]  # the retry met a 404


@pytest.mark.parametrize("fault", [429, "connect"])
def test_a_delete_of_an_unknown_id_is_not_found_after_retries_that_never_arrived(
    fake_time: FakeTime, fault: Any
) -> None:
    fake = FakeLoyverse()
    fake.fail_next(fault)
    with fake.client() as client, pytest.raises(NotFoundError) as caught:
        client.customers.delete("5a1e0000-0000-0000-0000-000000000000")
    assert caught.value.attempts == 2
    assert not caught.value.outcome_unknown


def test_errors_say_how_many_attempts_were_made(fake_time: FakeTime) -> None:
    fake = FakeLoyverse()
    fake.fail_next(503, times=3)
    with fake.client() as client, pytest.raises(InternalServerError) as caught:
        client.customers.list()
    assert caught.value.attempts == 3


def test_delete_is_retried_like_a_read(fake_time: FakeTime) -> None:
    fake = FakeLoyverse()
    fake.add_sample_customers(1)
    victim = fake.customers[0]["id"]
    fake.fail_next("reset")
    with fake.client() as client:
        assert client.customers.delete(victim).deleted_object_ids == [victim]
    assert [r.method for r in fake.requests] == ["DELETE", "DELETE"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "name"),
        ({"name": ""}, "at least 1 character"),
        ({"name": "   "}, "must not be blank"),
        ({"name": "x" * 65}, "at most 64 characters"),
        ({"name": "A", "email": "not-an-email"}, "not shaped like an email address"),
        ({"name": "A", "email": "a@" + "b" * 95 + ".com"}, "at most 100 characters"),
        ({"name": "A", "phone_number": "1" * 16}, "at most 15 characters"),
        ({"name": "A", "address": "x" * 193}, "at most 192 characters"),
        ({"name": "A", "city": "x" * 65}, "at most 64 characters"),
        ({"name": "A", "region": "x" * 65}, "at most 64 characters"),
        ({"name": "A", "postal_code": "x" * 21}, "at most 20 characters"),
        ({"name": "A", "country_code": "XX"}, "not an ISO 3166-1 alpha-2 country code"),
        ({"name": "A", "country_code": "us"}, "not an ISO 3166-1 alpha-2 country code"),
        ({"name": "A", "customer_code": "x" * 41}, "at most 40 characters"),
        ({"name": "A", "note": "x" * 256}, "at most 255 characters"),
        ({"name": "A", "total_points": -1}, "greater than or equal to 0"),
        ({"name": "A", "total_spent": 5}, "total_spent: read-only"),
        ({"name": "A", "created_at": "2024-01-01T00:00:00Z"}, "created_at: read-only"),
        ({"name": "A", "id": "abc"}, "id is not a field to write"),
        ({"name": "A", "nmae": "B"}, "Extra inputs are not permitted"),
    ],
)
def test_create_validation_rejects_bad_input_before_any_request(
    fields: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        CustomerCreate.model_validate(fields)


def test_limits_are_inclusive() -> None:
    CustomerCreate(
        name="x" * 64,
        email="a@" + "b" * 94 + ".com",
        phone_number="1" * 15,
        address="x" * 192,
        postal_code="x" * 20,
        country_code="TZ",
        customer_code="x" * 40,
        note="x" * 255,
        total_points=Decimal(0),
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "nothing to change"),
        ({"name": None}, "name cannot be cleared"),
        ({"email": "nope"}, "not shaped like an email address"),
        ({"total_visits": 3}, "total_visits: read-only"),
    ],
)
def test_update_validation(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        CustomerUpdate.model_validate(fields)


def test_invalid_write_arguments_send_nothing() -> None:
    fake = FakeLoyverse()
    fake.add_sample_customers(1)
    with fake.client() as client:
        with pytest.raises(TypeError, match="customer must be a CustomerCreate"):
            client.customers.create({"name": "Ann"})  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="changes must be a CustomerUpdate"):
            client.customers.update(fake.customers[0]["id"], {"note": "x"})  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="customer_id"):
            client.customers.update("..", CustomerUpdate(note="x"))
        with pytest.raises(ValidationError, match="customer_id"):
            client.customers.delete("")
    assert fake.requests == []


def test_the_async_client_writes_alike(fake_time: FakeTime) -> None:
    fake = FakeLoyverse()

    async def main() -> None:
        async with fake.async_client() as client:
            created = await client.customers.create(CustomerCreate(name="Ann", note="hi"))
            updated = await client.customers.update(created.id, CustomerUpdate(city="Oslo"))
            assert (updated.city, updated.note) == ("Oslo", "hi")
            fake.fail_next(502, after_processing=True)
            with pytest.raises(InternalServerError) as caught:
                await client.customers.create(CustomerCreate(name="Bob"))
            assert caught.value.outcome_unknown
            assert (await client.customers.delete(created.id)).deleted_object_ids == [created.id]

    asyncio.run(main())
    assert [c["name"] for c in fake.customers] == ["Bob"]


def test_a_changed_copy_of_a_write_model_is_validated() -> None:
    with pytest.raises(ValidationError, match="country code"):
        CustomerCreate(name="Ann").model_copy(update={"country_code": "ZZ"})
    update = CustomerUpdate(note=None).model_copy(update={"city": "Oslo"})
    assert update.to_body() == {"note": None, "city": "Oslo"}  # explicit None still clears


@pytest.mark.parametrize("points", ["1e400", "-0.5"])
def test_points_must_be_a_finite_non_negative_amount(points: str) -> None:
    with pytest.raises(ValidationError, match="total_points"):
        CustomerUpdate(total_points=points)  # type: ignore[arg-type]


@pytest.mark.parametrize("model", [CustomerCreate, CustomerUpdate])
@pytest.mark.parametrize(
    "points", ["0.12345678901234567", "12345678.123456789", "1.0000000000000001"]
)
def test_points_a_json_number_would_round_are_refused_naming_the_field(
    model: type[CustomerCreate] | type[CustomerUpdate], points: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        model(name="Ann", total_points=Decimal(points))
    (problem,) = caught.value.errors()
    assert problem["loc"] == ("total_points",)
    assert (
        f"{points} has more significant digits than a JSON number carries exactly"
        in (problem["msg"])
    )
    assert "round it first" in problem["msg"]


@pytest.mark.parametrize(
    "points", ["0.123456789012345", "1234567890.12345", "120.55", "0.1", "999999999999999", "12.50"]
)
def test_points_of_up_to_15_digits_are_sent_exactly(points: str) -> None:
    fake = FakeLoyverse()
    with fake.client() as client:
        client.customers.create(CustomerCreate(name="Ann", total_points=Decimal(points)))
    sent = json.loads(fake.requests[0].content, parse_float=Decimal, parse_int=Decimal)
    assert sent["total_points"] == Decimal(points)


def test_reading_points_beyond_15_digits_is_tolerant() -> None:
    body = json.dumps(customer("a", total_points=0.5)).replace(
        '"total_points": 0.5', '"total_points": 0.12345678901234567'
    )
    server = Recorder(httpx.Response(200, content=body.encode()))
    with server.client() as client:
        read = client.customers.get_by_id("a")
    # Read as every JSON reader does: the nearest double, never refused.
    assert read.total_points == Decimal(repr(0.12345678901234567))
