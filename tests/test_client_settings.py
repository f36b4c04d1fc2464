"""Constructing, configuring and closing the clients."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from loyverse_client import (
    APIConnectionError,
    AsyncLoyverseClient,
    LoyverseClient,
    LoyverseError,
    RateLimit,
)
from tests.helpers import TOKEN, Recorder, customer, json_response


def test_the_token_falls_back_to_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOYVERSE_ACCESS_TOKEN", "from-env")
    server = Recorder(json_response(200, {"customers": []}))
    client = LoyverseClient(http_client=httpx.Client(transport=httpx.MockTransport(server)))
    client.customers.list()
    assert server.requests[0].headers["authorization"] == "Bearer from-env"


@pytest.mark.parametrize("client_class", [LoyverseClient, AsyncLoyverseClient])
def test_without_any_token_construction_fails_naming_the_variable(
    client_class: type[LoyverseClient] | type[AsyncLoyverseClient],
) -> None:
    with pytest.raises(LoyverseError, match="LOYVERSE_ACCESS_TOKEN"):
        client_class()
    with pytest.raises(LoyverseError, match="LOYVERSE_ACCESS_TOKEN"):
        client_class("")


@pytest.mark.parametrize(
    "token", ["secret\r\nX-Injected: 1", "secr\u00e9t-token", "\u201csecret\u201d"]
)
def test_a_token_that_cannot_be_a_header_is_refused_without_echoing_it(token: str) -> None:
    with pytest.raises(LoyverseError) as caught:
        LoyverseClient(token)
    assert "secr" not in str(caught.value)
    assert "\u00e9" not in str(caught.value)


def test_the_token_is_not_in_repr_or_str() -> None:
    client = LoyverseClient(TOKEN)
    assert repr(client) == "LoyverseClient(base_url='https://api.loyverse.com/v1.0')"
    assert TOKEN not in str(client) + repr(vars(client)) + repr(client.customers)
    client.close()


@pytest.mark.parametrize(
    "url",
    ["http://localhost:8080/v1.0", "http://127.0.0.1:9000", "http://[::1]:8000/v1.0/"],
)
def test_plain_http_is_allowed_to_loopback_only(url: str) -> None:
    with LoyverseClient(TOKEN, base_url=url) as client:
        assert client.base_url == url.rstrip("/")


@pytest.mark.parametrize(
    "url",
    [
        "http://api.loyverse.com/v1.0",
        "http://10.0.0.5/v1.0",
        "ftp://x",
        "api.loyverse.com",
        "https://[::1",
        "https://api.loyverse.com/v1.0?x=1",
        "https://api.loyverse.com/v1.0#top",
        "https://user:pass@api.loyverse.com/v1.0",
    ],
)
def test_other_plain_urls_are_refused(url: str) -> None:
    with pytest.raises(ValueError, match="base_url"):
        LoyverseClient(TOKEN, base_url=url)


def test_base_url_is_used_for_every_request() -> None:
    server = Recorder(json_response(200, customer("a")))
    with server.client(base_url="https://proxy.example.com/loyverse/v1.0/") as client:
        assert client.base_url == "https://proxy.example.com/loyverse/v1.0"
        client.customers.get_by_id("a")
    assert str(server.requests[0].url) == "https://proxy.example.com/loyverse/v1.0/customers/a"


PROXY = "https://proxy.example.com/loyverse/v1.0"


@pytest.mark.parametrize("client_class", [LoyverseClient, AsyncLoyverseClient])
def test_the_base_url_falls_back_to_loyverse_base_url(
    monkeypatch: pytest.MonkeyPatch,
    client_class: type[LoyverseClient] | type[AsyncLoyverseClient],
) -> None:
    monkeypatch.setenv("LOYVERSE_BASE_URL", PROXY + "/")
    assert client_class(TOKEN).base_url == PROXY
    monkeypatch.setenv("LOYVERSE_BASE_URL", "")  # set but empty: not set
    assert client_class(TOKEN).base_url == "https://api.loyverse.com/v1.0"


def test_requests_go_to_loyverse_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOYVERSE_BASE_URL", "http://127.0.0.1:8080/v1.0")
    server = Recorder(json_response(200, customer("a")))
    with server.client() as client:
        client.customers.get_by_id("a")
    assert str(server.requests[0].url) == "http://127.0.0.1:8080/v1.0/customers/a"


def test_an_explicit_base_url_wins_over_loyverse_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOYVERSE_BASE_URL", "http://127.0.0.1:8080/v1.0")
    server = Recorder(json_response(200, customer("a")))
    with server.client(base_url=PROXY) as client:
        client.customers.get_by_id("a")
    assert str(server.requests[0].url) == PROXY + "/customers/a"
    monkeypatch.setenv("LOYVERSE_BASE_URL", "not a url")  # not even looked at
    assert LoyverseClient(TOKEN, base_url=PROXY).base_url == PROXY


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("http://api.loyverse.com/v1.0", "must be an https:// URL"),
        ("api.loyverse.com", "must be an https:// URL"),
        ("https://[::1", "is not a valid URL"),
        ("https://api.loyverse.com/v1.0?x=1", "without ?query"),
    ],
)
@pytest.mark.parametrize("client_class", [LoyverseClient, AsyncLoyverseClient])
def test_a_bad_loyverse_base_url_is_refused_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch,
    client_class: type[LoyverseClient] | type[AsyncLoyverseClient],
    value: str,
    message: str,
) -> None:
    monkeypatch.setenv("LOYVERSE_BASE_URL", value)
    with pytest.raises(ValueError, match="LOYVERSE_BASE_URL") as caught:
        client_class(TOKEN)
    assert str(caught.value).startswith("the LOYVERSE_BASE_URL environment variable ")
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("base_url", "host"),
    [
        ("https://api.loyverse.com/v1.0", "api.loyverse.com"),
        ("http://127.0.0.1:8080/v1.0", "127.0.0.1:8080"),
        ("http://[::1]:8000/v1.0", "[::1]:8000"),
    ],
)
@pytest.mark.parametrize(
    ("failure", "name"),
    [
        (httpx.ConnectError("[Errno 111] Connection refused"), "ConnectError"),
        (httpx.ReadTimeout("timed out"), "ReadTimeout"),
    ],
)
def test_connection_errors_name_the_host_but_not_the_token_or_query(
    base_url: str, host: str, failure: Exception, name: str
) -> None:
    server = Recorder(failure)
    with (
        server.client(base_url=base_url, max_retries=0) as client,
        pytest.raises(APIConnectionError) as caught,
    ):
        client.customers.get_by_query(email="ann@example.com")
    message = str(caught.value)
    assert message.startswith(f"GET /customers to {host} failed: {name}: ")
    assert "ann" not in message
    assert TOKEN not in message


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"max_retries": -1}, "max_retries must be an int >= 0"),
        ({"max_retries": 1.5}, "max_retries must be an int >= 0"),
        ({"timeout": 0}, "timeout must be a positive number"),
        ({"timeout": "30"}, "timeout must be a positive number"),
    ],
)
def test_bad_settings_are_refused(settings: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        LoyverseClient(TOKEN, **settings)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("requests", "per_seconds"), [(0, 1.0), (10, 0), (10, -1.0), (1.5, 1.0), (True, 1.0)]
)
def test_bad_rate_limits_are_refused(requests: int, per_seconds: float) -> None:
    with pytest.raises(ValueError, match="RateLimit"):
        RateLimit(requests=requests, per_seconds=per_seconds)


def test_the_wrong_kind_of_http_client_is_refused() -> None:
    with pytest.raises(TypeError, match=r"http_client must be an httpx\.Client"):
        LoyverseClient(TOKEN, http_client=httpx.AsyncClient())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"http_client must be an httpx\.AsyncClient"):
        AsyncLoyverseClient(TOKEN, http_client=httpx.Client())  # type: ignore[arg-type]


def test_the_timeout_is_applied_to_each_request() -> None:
    server = Recorder(json_response(200, {"customers": []}))
    with server.client(timeout=4.5) as client:
        client.customers.list()
    assert server.requests[0].extensions["timeout"] == httpx.Timeout(4.5).as_dict()


def test_default_settings() -> None:
    server = Recorder(json_response(200, {"customers": []}))
    with server.client(rate_limit=RateLimit()) as client:
        client.customers.list()
    assert server.requests[0].extensions["timeout"] == httpx.Timeout(30.0).as_dict()
    assert server.requests[0].headers["user-agent"].startswith("loyverse-client-python/")


def test_one_connection_pool_serves_every_request() -> None:
    server = Recorder(*(json_response(200, customer(str(i))) for i in range(3)))
    http = httpx.Client(transport=httpx.MockTransport(server))
    with LoyverseClient(TOKEN, http_client=http, rate_limit=None) as client:
        for i in range(3):
            client.customers.get_by_id(str(i))
    assert len(server.requests) == 3


def test_an_injected_http_client_is_used_as_given_and_left_open() -> None:
    server = Recorder(json_response(200, {"customers": []}))
    http = httpx.Client(transport=httpx.MockTransport(server), headers={"X-Trace": "abc"})
    with LoyverseClient(TOKEN, http_client=http) as client:
        client.customers.list()
    assert server.requests[0].headers["x-trace"] == "abc"
    assert not http.is_closed
    http.close()


def test_a_client_it_created_is_closed_with_it() -> None:
    client = LoyverseClient(TOKEN)
    with client:
        pass
    assert client._http.is_closed


def test_a_closed_client_cannot_be_used_or_reopened() -> None:
    server = Recorder()
    client = server.client()
    client.close()
    client.close()  # idempotent
    with pytest.raises(LoyverseError, match="LoyverseClient is closed"):
        client.customers.list()
    with pytest.raises(LoyverseError, match="closed"), client:
        pass
    assert server.requests == []


def test_the_async_client_closes_and_refuses_reuse() -> None:
    server = Recorder()

    async def main() -> None:
        client = server.async_client()
        async with client:
            pass
        with pytest.raises(LoyverseError, match="AsyncLoyverseClient is closed"):
            await client.customers.list()
        own = AsyncLoyverseClient(TOKEN)
        await own.aclose()
        assert own._http.is_closed
        assert repr(own) == "AsyncLoyverseClient(base_url='https://api.loyverse.com/v1.0')"

    asyncio.run(main())
    assert server.requests == []


def test_an_injected_client_closed_by_its_owner_gives_a_loyverse_error() -> None:
    server = Recorder()
    http = httpx.Client(transport=httpx.MockTransport(server))
    client = LoyverseClient(TOKEN, http_client=http)
    http.close()
    with pytest.raises(LoyverseError, match="http_client given to LoyverseClient has been closed"):
        client.customers.list()
    assert server.requests == []
