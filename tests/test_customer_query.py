"""CustomerQuery: the strict writer that stands between a caller and GET /customers."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from loyverse_models import CustomerQuery, format_timestamp

UTC = timezone.utc
DOCUMENTED_PARAMS = {
    "customer_ids",
    "email",
    "created_at_min",
    "created_at_max",
    "updated_at_min",
    "updated_at_max",
    "limit",
    "cursor",
}


def test_defaults_send_only_the_limit() -> None:
    assert CustomerQuery().to_params() == {"limit": "250"}


def test_every_filter_becomes_its_documented_parameter() -> None:
    query = CustomerQuery(
        customer_ids=["a1", "b2"],
        email="ann@example.com",
        created_at_min=datetime(2024, 1, 1, tzinfo=UTC),
        created_at_max=datetime(2024, 1, 31, 23, 59, 59, 999000, tzinfo=UTC),
        updated_at_min=datetime(2024, 2, 1, 12, tzinfo=timezone(timedelta(hours=3))),
        updated_at_max=datetime(2024, 2, 2, tzinfo=UTC),
        limit=10,
        cursor="opaque==",
    )
    assert query.to_params() == {
        "customer_ids": "a1,b2",
        "email": "ann@example.com",
        "created_at_min": "2024-01-01T00:00:00.000Z",
        "created_at_max": "2024-01-31T23:59:59.999Z",
        "updated_at_min": "2024-02-01T09:00:00.000Z",
        "updated_at_max": "2024-02-02T00:00:00.000Z",
        "limit": "10",
        "cursor": "opaque==",
    }


@pytest.mark.parametrize("limit", [1, 250])
def test_limit_bounds_are_inclusive(limit: int) -> None:
    assert CustomerQuery(limit=limit).to_params()["limit"] == str(limit)


@pytest.mark.parametrize("limit", [0, -1, 251, 1000])
def test_limit_outside_1_to_250_is_rejected(limit: int) -> None:
    with pytest.raises(ValidationError) as caught:
        CustomerQuery(limit=limit)
    assert caught.value.errors()[0]["loc"] == ("limit",)


@pytest.mark.parametrize("limit", ["50", 50.0, True])
def test_limit_must_be_an_int(limit: object) -> None:
    with pytest.raises(ValidationError, match="limit"):
        CustomerQuery(limit=limit)  # type: ignore[arg-type]


def test_a_misspelled_filter_is_an_error_not_no_filter() -> None:
    with pytest.raises(ValidationError) as caught:
        CustomerQuery(emial="ann@example.com")  # type: ignore[call-arg]
    assert caught.value.errors()[0]["loc"] == ("emial",)
    assert "Extra inputs are not permitted" in str(caught.value)


@pytest.mark.parametrize(
    "field", ["created_at_min", "created_at_max", "updated_at_min", "updated_at_max"]
)
def test_naive_datetimes_are_rejected_with_a_fix(field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        CustomerQuery.model_validate({field: datetime(2024, 1, 1)})
    error = caught.value.errors()[0]
    assert error["loc"] == (field,)
    assert "must be timezone-aware" in error["msg"]
    assert "tzinfo=timezone.utc" in error["msg"]


@pytest.mark.parametrize(
    ("low", "high"), [("created_at_min", "created_at_max"), ("updated_at_min", "updated_at_max")]
)
def test_a_reversed_range_is_rejected_naming_both_bounds(low: str, high: str) -> None:
    with pytest.raises(ValidationError) as caught:
        CustomerQuery.model_validate(
            {low: datetime(2024, 2, 1, tzinfo=UTC), high: datetime(2024, 1, 1, tzinfo=UTC)}
        )
    message = str(caught.value)
    assert f"{low} (2024-02-01T00:00:00+00:00) is after {high}" in message
    assert "swap" in message


def test_ranges_compare_instants_across_timezones() -> None:
    # 10:00 in Tokyo is 01:00 UTC: before 02:00 UTC although "10" > "02".
    tokyo = ZoneInfo("Asia/Tokyo")
    query = CustomerQuery(
        created_at_min=datetime(2024, 1, 1, 10, tzinfo=tokyo),
        created_at_max=datetime(2024, 1, 1, 2, tzinfo=UTC),
    )
    assert query.to_params()["created_at_min"] == "2024-01-01T01:00:00.000Z"
    with pytest.raises(ValidationError, match="is after created_at_max"):
        CustomerQuery(
            created_at_min=datetime(2024, 1, 1, 12, tzinfo=tokyo),
            created_at_max=datetime(2024, 1, 1, 2, tzinfo=UTC),
        )


def test_equal_bounds_are_fine() -> None:
    moment = datetime(2024, 1, 1, tzinfo=UTC)
    assert (
        CustomerQuery(updated_at_min=moment, updated_at_max=moment).to_params()["updated_at_max"]
        == "2024-01-01T00:00:00.000Z"
    )


def test_assignment_is_validated_like_construction() -> None:
    query = CustomerQuery(created_at_max=datetime(2024, 1, 1, tzinfo=UTC))
    with pytest.raises(ValidationError, match="is after created_at_max"):
        query.created_at_min = datetime(2025, 1, 1, tzinfo=UTC)
    with pytest.raises(ValidationError, match="limit"):
        query.limit = 251


@pytest.mark.parametrize(
    ("ids", "message"),
    [
        ([], "at least 1 item"),
        ([""], "must not be empty"),
        (["a,b"], "no commas or whitespace"),
        (["a b"], "no commas or whitespace"),
        ([".."], "is not a customer id"),
    ],
)
def test_bad_customer_ids_are_rejected(ids: list[str], message: str) -> None:
    with pytest.raises(ValidationError, match=message) as caught:
        CustomerQuery(customer_ids=ids)
    assert caught.value.errors()[0]["loc"][0] == "customer_ids"


def test_a_single_string_is_not_mistaken_for_a_list_of_ids() -> None:
    with pytest.raises(ValidationError, match="customer_ids"):
        CustomerQuery(customer_ids="abc")  # type: ignore[arg-type]


@pytest.mark.parametrize("field", ["email", "cursor"])
@pytest.mark.parametrize("value", ["", "  ", " ann@example.com"])
def test_blank_or_padded_text_filters_are_rejected(field: str, value: str) -> None:
    with pytest.raises(ValidationError, match="pass None to leave this filter out") as caught:
        CustomerQuery.model_validate({field: value})
    assert caught.value.errors()[0]["loc"] == (field,)


def test_the_query_round_trips_through_json() -> None:
    query = CustomerQuery(
        customer_ids=["x"], created_at_min=datetime(2024, 5, 5, 5, 5, 5, 5000, tzinfo=UTC)
    )
    body = query.model_dump_json()
    assert '"created_at_min":"2024-05-05T05:05:05.005Z"' in body
    assert CustomerQuery.model_validate_json(body) == query


# Property tests for to_params().
_aware = st.datetimes(
    min_value=datetime(1970, 1, 2),
    max_value=datetime(2200, 1, 1),
    timezones=st.sampled_from(
        [UTC, timezone(timedelta(hours=-11)), timezone(timedelta(hours=13, minutes=45))]
    )
    | st.timezones(),
)
_ids = st.lists(
    st.text(
        alphabet=st.characters(blacklist_categories=["Z", "C"], blacklist_characters=","),
        min_size=1,
        max_size=12,
    ).filter(lambda s: s not in {".", ".."}),
    min_size=1,
    max_size=5,
)


@given(
    ids=st.none() | _ids,
    start=st.none() | _aware,
    end=st.none() | _aware,
    limit=st.integers(min_value=1, max_value=250),
)
def test_to_params_is_exact_and_lossless(
    ids: list[str] | None, start: datetime | None, end: datetime | None, limit: int
) -> None:
    if start is not None and end is not None and start > end:
        start, end = end, start
    query = CustomerQuery(customer_ids=ids, updated_at_min=start, updated_at_max=end, limit=limit)
    params = query.to_params()

    assert set(params) <= DOCUMENTED_PARAMS
    assert params["limit"] == str(limit)
    if ids is None:
        assert "customer_ids" not in params
    else:
        assert params["customer_ids"].split(",") == ids
    for name, value in (("updated_at_min", start), ("updated_at_max", end)):
        if value is None:
            assert name not in params
            continue
        text = params[name]
        assert len(text) == 24
        assert text.endswith("Z")
        assert text == format_timestamp(value)
        sent = datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%f%z")
        # the same instant, cut (never rounded up) to the millisecond the API keeps
        assert timedelta(0) <= value - sent < timedelta(milliseconds=1)


@pytest.mark.parametrize(
    "update",
    [
        {"limit": 500},
        {"created_at_min": datetime(2024, 1, 1)},
        {"emial": "x"},
        {"customer_ids": "abc,def"},
        {"created_at_min": datetime(2030, 1, 1, tzinfo=UTC)},
    ],
)
def test_a_changed_copy_is_validated_like_a_new_query(update: dict[str, object]) -> None:
    query = CustomerQuery(limit=50, created_at_max=datetime(2025, 1, 1, tzinfo=UTC))
    with pytest.raises(ValidationError):
        query.model_copy(update=update)
    assert query.model_copy(update={"cursor": "c2"}).to_params()["cursor"] == "c2"
