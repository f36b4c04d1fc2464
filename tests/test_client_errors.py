"""Failures as a user meets them: typed errors, retries, Retry-After, and no leaked token."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import httpx
import pytest

from loyverse_client import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    InternalServerError,
    LoyverseError,
    NotFoundError,
    PaymentRequiredError,
    PermissionDeniedError,
    RateLimitError,
    ResponseValidationError,
)
from tests.helpers import TOKEN, FakeTime, Recorder, customer, json_response, loyverse_error


@pytest.mark.parametrize(
    ("status", "code", "error_class"),
    [
        (400, "INVALID_CURSOR", BadRequestError),
        (401, "UNAUTHORIZED", AuthenticationError),
        (402, "PAYMENT_REQUIRED", PaymentRequiredError),
        (403, "FORBIDDEN", PermissionDeniedError),
        (404, "NOT_FOUND", NotFoundError),
        (415, "UNSUPPORTED_MEDIA_TYPE", APIStatusError),
        (409, "SOMETHING_NEW", APIStatusError),
    ],
)
def test_each_status_raises_its_class_with_loyverse_details(
    status: int, code: str, error_class: type[APIStatusError]
) -> None:
    server = Recorder(loyverse_error(status, code, "what went wrong", field="cursor"))
    with server.client() as client, pytest.raises(error_class) as caught:
        client.customers.list()
    error = caught.value
    assert type(error) is error_class
    assert error.status_code == status
    assert (error.code, error.details, error.field) == (code, "what went wrong", "cursor")
    assert error.errors == [{"code": code, "details": "what went wrong", "field": "cursor"}]
    assert error.response.status_code == status
    assert f"GET /customers failed with {status} {code}: what went wrong (field cursor)" in str(
        error
    )
    assert len(server.requests) == 1  # 4xx other than 408/429 is never retried


def test_every_entry_of_the_errors_list_is_kept() -> None:
    body = {"errors": [{"code": "INVALID_VALUE", "field": "limit"}, {"code": "INVALID_RANGE"}]}
    server = Recorder(json_response(400, body))
    with server.client() as client, pytest.raises(BadRequestError) as caught:
        client.customers.list()
    assert caught.value.errors == body["errors"]
    assert caught.value.details is None


@pytest.mark.parametrize(
    ("status", "body", "content_type"),
    [
        (502, b"<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html"),
        (503, b"", "text/plain"),
        (401, b"Unauthorized", "text/plain"),
        (500, b'{"errors": "not a list"}', "application/json"),
        (500, b"[" * 100_000 + b"]" * 100_000, "application/json"),
    ],
)
def test_bodies_that_are_not_loyverse_json_still_give_the_typed_error(
    fake_time: FakeTime, status: int, body: bytes, content_type: str
) -> None:
    answer = httpx.Response(status, content=body, headers={"content-type": content_type})
    server = Recorder(answer, answer, answer)
    expected = InternalServerError if status >= 500 else AuthenticationError
    with server.client() as client, pytest.raises(expected) as caught:
        client.customers.list()
    assert caught.value.code is None
    assert caught.value.errors == []
    assert "not Loyverse's error JSON" in str(caught.value)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<html>maintenance</html>", "not JSON"),
        (b"", "not JSON"),
        (b"[1, 2]", "JSON list, not an object"),
        (b'{"customers": [{"id": "x"}]}', "customers.0.created_at: Field required"),
        (b'{"customers": "nope"}', "not a valid CustomerPage"),
        (b"\xff\xfe", "not JSON"),
    ],
)
def test_malformed_success_bodies_raise_response_validation_error(
    body: bytes, message: str
) -> None:
    server = Recorder(httpx.Response(200, content=body))
    with server.client() as client, pytest.raises(ResponseValidationError, match=message) as caught:
        client.customers.list()
    assert caught.value.response.status_code == 200
    assert caught.value.__cause__ is not None or "not an object" in message


@pytest.mark.parametrize(
    ("failure", "error_class"),
    [
        (httpx.ConnectError("[Errno 111] Connection refused"), APIConnectionError),
        (httpx.RemoteProtocolError("peer closed connection"), APIConnectionError),
        (httpx.ReadError("connection reset by peer"), APIConnectionError),
        (httpx.ReadTimeout("timed out"), APITimeoutError),
        (httpx.ConnectTimeout("timed out"), APITimeoutError),
    ],
)
def test_transport_failures_are_retried_then_raised_typed(
    fake_time: FakeTime, failure: Exception, error_class: type[APIConnectionError]
) -> None:
    server = Recorder(failure, failure, failure)
    with server.client() as client, pytest.raises(error_class) as caught:
        client.customers.list()
    assert type(caught.value) is error_class
    assert caught.value.__cause__ is failure
    assert len(server.requests) == 3  # the first try and max_retries=2 more
    assert fake_time.sleeps == [0.5, 1.0]


def test_a_retry_that_succeeds_returns_the_result(fake_time: FakeTime) -> None:
    server = Recorder(
        httpx.ReadError("reset"),
        loyverse_error(503, "INTERNAL_SERVER_ERROR"),
        json_response(200, customer("a")),
    )
    with server.client() as client:
        assert client.customers.get_by_id("a").id == "a"
    assert len(server.requests) == 3


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
def test_retryable_statuses(fake_time: FakeTime, status: int) -> None:
    server = Recorder(loyverse_error(status, "X"), json_response(200, {"customers": []}))
    with server.client() as client:
        client.customers.list()
    assert len(server.requests) == 2


def test_give_up_after_max_retries_with_the_last_error(fake_time: FakeTime) -> None:
    server = Recorder(*(loyverse_error(429, "RATE_LIMITED") for _ in range(5)))
    with server.client(max_retries=4) as client, pytest.raises(RateLimitError) as caught:
        client.customers.list()
    assert caught.value.code == "RATE_LIMITED"
    assert len(server.requests) == 5
    assert fake_time.sleeps == [0.5, 1.0, 2.0, 4.0]


def test_max_retries_zero_never_retries(fake_time: FakeTime) -> None:
    server = Recorder(loyverse_error(500, "INTERNAL_ERROR"))
    with server.client(max_retries=0) as client, pytest.raises(InternalServerError):
        client.customers.list()
    assert len(server.requests) == 1
    assert fake_time.sleeps == []


def test_backoff_is_capped_at_8_seconds(fake_time: FakeTime) -> None:
    server = Recorder(*(httpx.ConnectError("refused") for _ in range(7)))
    with server.client(max_retries=6) as client, pytest.raises(APIConnectionError):
        client.customers.list()
    assert fake_time.sleeps == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]


def test_retry_after_in_seconds_is_honoured(fake_time: FakeTime) -> None:
    server = Recorder(
        json_response(429, {"errors": [{"code": "RATE_LIMITED"}]}, **{"Retry-After": "7"}),
        json_response(200, {"customers": []}),
    )
    with server.client() as client:
        client.customers.list()
    assert fake_time.sleeps == [7.0]


def test_retry_after_as_an_http_date_is_honoured(fake_time: FakeTime) -> None:
    when = datetime.now(timezone.utc) + timedelta(seconds=30)
    server = Recorder(
        json_response(503, {}, **{"Retry-After": format_datetime(when, usegmt=True)}),
        json_response(200, {"customers": []}),
    )
    with server.client() as client:
        client.customers.list()
    (slept,) = fake_time.sleeps
    assert 27 <= slept <= 30


def test_a_retry_after_beyond_a_minute_gives_up_at_once(fake_time: FakeTime) -> None:
    server = Recorder(
        json_response(429, {"errors": [{"code": "RATE_LIMITED"}]}, **{"Retry-After": "3600"}),
        json_response(200, {"customers": []}),
    )
    with server.client() as client, pytest.raises(RateLimitError) as caught:
        client.customers.list()
    assert caught.value.retry_after == 3600.0
    assert caught.value.attempts == 1
    assert "asked to wait 3600 s" in str(caught.value)
    assert fake_time.sleeps == []
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    ("status", "error_class"), [(503, InternalServerError), (408, APIStatusError)]
)
def test_any_retryable_status_asking_for_too_long_gives_up_at_once(
    fake_time: FakeTime, status: int, error_class: type[APIStatusError]
) -> None:
    when = datetime.now(timezone.utc) + timedelta(hours=2)
    answer = json_response(status, {}, **{"Retry-After": format_datetime(when, usegmt=True)})
    server = Recorder(answer)
    with server.client() as client, pytest.raises(error_class) as caught:
        client.customers.get_by_id("a")
    assert type(caught.value) is error_class
    assert caught.value.retry_after == pytest.approx(7200, abs=5)
    assert fake_time.sleeps == []


def test_retry_after_is_kept_on_the_error_and_none_without_one(fake_time: FakeTime) -> None:
    limited = json_response(429, {"errors": [{"code": "RATE_LIMITED"}]}, **{"Retry-After": "7"})
    server = Recorder(limited, limited, loyverse_error(429, "RATE_LIMITED"))
    with server.client(max_retries=1) as client, pytest.raises(RateLimitError) as first:
        client.customers.list()
    with server.client(max_retries=0) as client, pytest.raises(RateLimitError) as second:
        client.customers.list()
    assert first.value.retry_after == 7.0
    assert second.value.retry_after is None
    assert fake_time.sleeps == [7.0]


def test_the_async_client_gives_up_alike(fake_time: FakeTime) -> None:
    server = Recorder(json_response(429, {}, **{"Retry-After": "120"}))

    async def main() -> None:
        async with server.async_client() as client:
            with pytest.raises(RateLimitError) as caught:
                await client.customers.list()
            assert caught.value.retry_after == 120.0

    asyncio.run(main())
    assert fake_time.sleeps == []


def test_each_retry_is_logged_at_info_without_the_token(
    fake_time: FakeTime, caplog: pytest.LogCaptureFixture
) -> None:
    server = Recorder(loyverse_error(429, "RATE_LIMITED"), json_response(200, customer("a")))
    with caplog.at_level(logging.DEBUG, logger="loyverse_client"), server.client() as client:
        client.customers.get_by_id("a")
    (record,) = caplog.records
    assert record.levelno == logging.INFO
    assert record.name == "loyverse_client"
    assert (
        record.getMessage() == "GET /customers/a got 429 Too Many Requests; retry 1 of 2 in 0.50 s"
    )
    assert TOKEN not in caplog.text


def test_the_token_never_appears_in_errors_reprs_or_logs(
    fake_time: FakeTime, caplog: pytest.LogCaptureFixture
) -> None:
    failures: list[httpx.Response | Exception] = [
        loyverse_error(401, "UNAUTHORIZED", "bad token"),
        httpx.ConnectError("refused"),
        httpx.ConnectError("refused"),
        httpx.ConnectError("refused"),
        httpx.Response(200, content=b"garbage"),
    ]
    server = Recorder(*failures)
    with caplog.at_level(logging.DEBUG), server.client() as client:
        seen: list[LoyverseError] = []
        for _ in range(3):
            with pytest.raises(LoyverseError) as caught:
                client.customers.list()
            seen.append(caught.value)
        texts = [repr(client), str(client), repr(client.customers), caplog.text]
        for error in seen:
            texts += [str(error), repr(error), repr(vars(error))]
            if isinstance(error, (APIStatusError, ResponseValidationError)):
                texts += [repr(error.response), repr(error.response.request.headers)]
    for text in texts:
        assert TOKEN not in text


def test_the_async_client_retries_and_raises_alike(fake_time: FakeTime) -> None:
    server = Recorder(
        httpx.ConnectError("refused"),
        loyverse_error(500, "INTERNAL_ERROR"),
        json_response(200, customer("a")),
        loyverse_error(404, "NOT_FOUND"),
        httpx.ReadTimeout("slow"),
        httpx.ReadTimeout("slow"),
        httpx.ReadTimeout("slow"),
    )

    async def main() -> None:
        async with server.async_client() as client:
            assert (await client.customers.get_by_id("a")).id == "a"
            with pytest.raises(NotFoundError):
                await client.customers.get_by_id("b")
            with pytest.raises(APITimeoutError):
                await client.customers.list()

    asyncio.run(main())
    assert fake_time.sleeps == [0.5, 1.0, 0.5, 1.0]
