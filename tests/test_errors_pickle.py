"""Errors cross process boundaries: they pickle and copy whole, and never carry the token."""

from __future__ import annotations

import asyncio
import copy
import multiprocessing
import pickle
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import httpx
import pytest

from loyverse_client import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    CustomerCreate,
    InternalServerError,
    LoyverseClient,
    LoyverseError,
    NotFoundError,
    PaginationError,
    RateLimitError,
    ResponseValidationError,
    WebhookPayloadError,
    WebhookSignatureError,
)
from loyverse_client.webhooks import parse_customers_webhook
from tests.helpers import (
    FakeTime,
    Recorder,
    customer,
    fail_with_not_found,
    json_response,
    loyverse_error,
)

SECRET = "sk_live_pickle_5d41402abc4b2a76b9719d911017c592"
RETRY_AFTER = {"Retry-After": "7"}
HTML = {"content-type": "text/html"}


def _raised(call: Callable[[], object]) -> LoyverseError:
    with pytest.raises(LoyverseError) as caught:
        call()
    return caught.value


def _read_error(answer: httpx.Response | Exception) -> LoyverseError:
    # max_retries=0: every error here is raised on its first attempt, without any wait.
    with Recorder(answer).client(access_token=SECRET, max_retries=0) as client:
        return _raised(lambda: client.customers.get_by_id("a"))


def _create_error(answer: httpx.Response | Exception) -> LoyverseError:
    with Recorder(answer).client(access_token=SECRET, max_retries=0) as client:
        return _raised(lambda: client.customers.create(CustomerCreate(name="Ann")))


def _paginated_twice() -> LoyverseError:
    page = json_response(200, {"customers": [customer("a")], "cursor": "same"})
    server = Recorder(page, page)
    with server.client(access_token=SECRET) as client:
        return _raised(lambda: list(client.customers.iterate()))


def _closed_client() -> LoyverseError:
    client = LoyverseClient(SECRET)
    client.close()
    return _raised(client.customers.list)


def _errors() -> list[LoyverseError]:
    return [
        _read_error(loyverse_error(404, "NOT_FOUND", "The resource with ID a was not found")),
        _read_error(json_response(429, {"errors": [{"code": "RATE_LIMITED"}]}, **RETRY_AFTER)),
        _read_error(httpx.Response(502, content=b"<html>bad gateway</html>", headers=HTML)),
        _create_error(httpx.ConnectError("refused")),
        _create_error(httpx.ReadTimeout("slow")),
        _read_error(httpx.Response(200, content=b"<html>maintenance</html>")),
        _paginated_twice(),
        _closed_client(),
        _raised(lambda: parse_customers_webhook(b"{}", signature="0" * 40, client_secret=SECRET)),
        _raised(lambda: parse_customers_webhook(b"<html>")),
    ]


def _public(error: LoyverseError) -> dict[str, Any]:
    """Every public attribute, with requests and responses described by their plain data."""
    names = {name for name in dir(error) if not name.startswith("_")}
    names -= {"args", "with_traceback", "add_note"}
    return {name: _plain(getattr(error, name)) for name in sorted(names)}


def _plain(value: object) -> object:
    if isinstance(value, httpx.Response):
        return ("response", value.status_code, value.content, _plain(value.request))
    if isinstance(value, httpx.Request):
        headers = {k: v for k, v in value.headers.items() if k != "authorization"}
        return ("request", value.method, str(value.url), headers, value.content)
    return value


@pytest.fixture(scope="module")
def errors() -> list[LoyverseError]:
    return _errors()


def test_every_kind_of_error_is_covered(errors: list[LoyverseError]) -> None:
    kinds = {type(error) for error in errors}
    assert {
        NotFoundError,
        RateLimitError,
        InternalServerError,
        APIConnectionError,
        APITimeoutError,
        ResponseValidationError,
        PaginationError,
        LoyverseError,
        WebhookSignatureError,
        WebhookPayloadError,
    } <= kinds


def test_errors_pickle_whole_without_the_token(errors: list[LoyverseError]) -> None:
    for error in errors:
        data = pickle.dumps(error)
        assert SECRET.encode() not in data, type(error).__name__
        back = pickle.loads(data)
        assert type(back) is type(error)
        assert str(back) == str(error) == back.message
        assert back.args == error.args
        assert _public(back) == _public(error)
        for text in (str(back), repr(back), repr(vars(back)), str(error), repr(error)):
            assert SECRET not in text


def test_a_pickled_response_is_still_a_response_with_the_authorization_redacted(
    errors: list[LoyverseError],
) -> None:
    error = pickle.loads(pickle.dumps(errors[0]))
    assert isinstance(error, APIStatusError)
    assert error.response.json() == {
        "errors": [{"code": "NOT_FOUND", "details": "The resource with ID a was not found"}]
    }
    request = error.response.request
    assert (request.method, str(request.url)) == (
        "GET",
        "https://api.loyverse.com/v1.0/customers/a",
    )
    assert request.headers["authorization"] == "[redacted]"
    assert request.headers["accept"] == "application/json"
    assert (error.status_code, error.code, error.attempts) == (404, "NOT_FOUND", 1)
    assert error.retry_after is None
    limited = pickle.loads(pickle.dumps(errors[1]))
    assert isinstance(limited, RateLimitError)
    assert limited.retry_after == 7.0


def test_a_pickled_connection_error_keeps_its_request_and_outcome(
    errors: list[LoyverseError],
) -> None:
    refused, timed_out = (pickle.loads(pickle.dumps(errors[i])) for i in (3, 4))
    assert isinstance(timed_out, APITimeoutError)
    assert timed_out.outcome_unknown is True
    error = refused
    assert isinstance(error, APIConnectionError)
    assert error.outcome_unknown is False
    assert error.request is not None
    assert error.request.method == "POST"
    assert error.request.headers["authorization"] == "[redacted]"
    assert error.request.content == b'{"name":"Ann"}'


def test_errors_copy_and_deepcopy(errors: list[LoyverseError]) -> None:
    for error in errors:
        shallow = copy.copy(error)
        assert type(shallow) is type(error)
        assert vars(shallow) == vars(error)
        assert shallow.__cause__ is error.__cause__
        deep = copy.deepcopy(error)
        assert _public(deep) == _public(error)
        assert SECRET not in repr(vars(deep))


def test_an_error_raised_in_a_worker_process_reaches_the_parent_as_itself() -> None:
    context = multiprocessing.get_context("spawn")  # no fork of a threaded test process
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        future = pool.submit(fail_with_not_found, SECRET)
        with pytest.raises(NotFoundError) as caught:
            future.result(timeout=60)
    error = caught.value
    assert (error.status_code, error.code) == (404, "NOT_FOUND")
    assert error.details == "The resource with ID x was not found"
    assert error.response.request.headers["authorization"] == "[redacted]"
    assert SECRET not in str(error.__cause__)  # the worker's traceback, as text


def test_the_async_client_s_errors_pickle_too(fake_time: FakeTime) -> None:
    server = Recorder(loyverse_error(500, "INTERNAL_ERROR"))

    async def main() -> LoyverseError:
        async with server.async_client(access_token=SECRET, max_retries=0) as client:
            with pytest.raises(InternalServerError) as caught:
                await client.customers.list()
            return caught.value

    error = asyncio.run(main())
    data = pickle.dumps(error)
    assert SECRET.encode() not in data
    assert _public(pickle.loads(data)) == _public(error)
