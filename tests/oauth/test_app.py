"""The app's side of OAuth: the authorization URL, the code exchange, the refresh, and the token
endpoint's refusals, through the public API (``httpx.MockTransport`` and the fake)."""

from __future__ import annotations

import asyncio
import inspect
import json
import pickle
import string
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from loyverse_client.errors import (
    APIConnectionError,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    InternalServerError,
    LoyverseError,
    OAuthStateError,
    RateLimitError,
    ResponseValidationError,
)
from loyverse_client.oauth import (
    AsyncOAuthApp,
    OAuthApp,
    OAuthToken,
    Scope,
    authorization_url,
)
from loyverse_client.testing import FakeClock
from tests.helpers import Recorder, json_response
from tests.oauth.helpers import (
    CLIENT_ID,
    CLIENT_SECRET,
    REDIRECT_URI,
    START,
    TWELVE_HOURS,
    account,
    app_of,
    connect,
)

CODE = "c0de-5e1b7d2a"
REFRESH = "rt-90af33c1d2e4"
ACCESS = "at-77e1c0ffee42"
ID_TOKEN = "eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiJ1In0.c2ln"
SECRETS = (CLIENT_SECRET, CODE, REFRESH, ACCESS, ID_TOKEN)

# --- the authorization URL ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scopes", "sent"),
    [
        pytest.param(["customers_read"], "CUSTOMERS_READ", id="lower case"),
        pytest.param(Scope.ITEMS_READ, "ITEMS_READ", id="one scope"),
        pytest.param(
            [Scope.ITEMS_READ, "items_read", "OpenID"], "ITEMS_READ%20OPENID", id="each once"
        ),
    ],
)
def test_the_authorization_url_is_the_documented_one_percent_encoded(
    scopes: Any, sent: str
) -> None:
    redirect = "https://app.example.com/cb?tenant=a b&x=1"
    url, state = authorization_url(CLIENT_ID, redirect, scopes, state="st/1+2 3")
    assert url == (
        f"https://api.loyverse.com/oauth/authorize?client_id={CLIENT_ID}&scope={sent}"
        "&response_type=code"
        "&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb%3Ftenant%3Da%20b%26x%3D1"
        "&state=st%2F1%2B2%203"
    )
    assert state == "st/1+2 3"
    assert parse_qs(urlsplit(url).query)["redirect_uri"] == [redirect]


def test_a_fresh_unguessable_state_is_made_when_none_is_given() -> None:
    made = [authorization_url(CLIENT_ID, REDIRECT_URI, ["openid"]) for _ in range(50)]
    states = {state for _, state in made}
    assert len(states) == 50
    for url, state in made:
        assert len(state) >= 43  # 32 random bytes
        assert set(state) <= set(string.ascii_letters + string.digits + "-_")
        assert parse_qs(urlsplit(url).query)["state"] == [state]


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        pytest.param((CLIENT_ID, REDIRECT_URI, []), "at least one", id="no scope"),
        pytest.param((CLIENT_ID, REDIRECT_URI, ["items_reed"]), "items_reed", id="unknown scope"),
        pytest.param(("", REDIRECT_URI, ["openid"]), "client_id", id="no client id"),
        pytest.param((CLIENT_ID, " ", ["openid"]), "redirect_uri", id="blank redirect"),
        pytest.param((CLIENT_ID, REDIRECT_URI, ["openid"], ""), "state", id="empty state"),
    ],
)
def test_a_bad_authorization_argument_is_refused_by_name(arguments: Any, said: str) -> None:
    with pytest.raises(ValueError, match=said):
        authorization_url(*arguments)


def test_the_url_is_on_the_host_of_the_base_url() -> None:
    url, _ = authorization_url(
        CLIENT_ID, REDIRECT_URI, ["openid"], "s", base_url="http://127.0.0.1:8080/v1.0"
    )
    assert url.startswith("http://127.0.0.1:8080/oauth/authorize?client_id=")


def test_the_merchants_consent_to_the_url_gives_a_code_the_app_exchanges() -> None:
    fake = account()
    app = app_of(fake)
    url, state = app.authorization_url(["customers_read", "openid"])
    callback = parse_qs(urlsplit(fake.consent(url)).query)
    token = app.exchange_code(callback["code"][0], state=callback["state"][0], expected_state=state)
    assert token.scopes == {Scope.CUSTOMERS_READ, Scope.OPENID}
    assert token.id_token is not None
    assert token.expires_at == START + timedelta(seconds=TWELVE_HOURS)


@pytest.mark.parametrize("scope", list(Scope), ids=lambda scope: scope.value)
def test_scopes_are_read_case_insensitively(scope: Scope) -> None:
    assert Scope(scope.value.lower()) is scope
    assert Scope(scope.value.title()) is scope
    assert Scope(scope.value) == scope.value


def test_every_documented_scope_is_there_and_no_other() -> None:
    documented = """items_read items_write taxes_read taxes_write customers_read customers_write
    employees_read inventory_read inventory_write merchant_read payment_types_read
    pos_devices_read pos_devices_write receipts_read receipts_write shifts_read stores_read
    suppliers_read suppliers_write openid profile_read"""
    assert {Scope(name) for name in documented.split()} == set(Scope)
    assert len(Scope) == 21
    with pytest.raises(ValueError, match="WEBHOOKS_READ"):
        Scope("WEBHOOKS_READ")


# --- the code exchange and the refresh, on the wire ---------------------------------------------


def token_json(**fields: Any) -> dict[str, Any]:
    answer = {
        "access_token": ACCESS,
        "token_type": "Bearer",
        "expires_in": 43200,
        "refresh_token": REFRESH,
        "scope": "OPENID ITEMS_READ customers_read SOMETHING_NEW",
        "id_token": ID_TOKEN,
    }
    answer.update(fields)
    return {name: value for name, value in answer.items() if value is not None}


def recorded_app(*answers: httpx.Response | Exception) -> tuple[OAuthApp, Recorder]:
    server = Recorder(*answers)
    http = httpx.Client(transport=httpx.MockTransport(server))
    return OAuthApp(
        CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, http_client=http, clock=FakeClock(START)
    ), server


def form_of(request: httpx.Request) -> dict[str, str]:
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    return {name: values[0] for name, values in parse_qs(request.content.decode()).items()}


def test_a_code_is_exchanged_with_the_documented_form() -> None:
    app, server = recorded_app(json_response(200, token_json()))
    token = app.exchange_code(CODE, state="s1", expected_state="s1")
    (request,) = server.requests
    assert (request.method, str(request.url)) == ("POST", "https://api.loyverse.com/oauth/token")
    assert form_of(request) == {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uri": REDIRECT_URI,
        "code": CODE,
        "grant_type": "authorization_code",
    }
    assert token == OAuthToken(
        access_token=ACCESS,
        expires_at=START + timedelta(hours=12),
        refresh_token=REFRESH,
        scopes=frozenset({Scope.OPENID, Scope.ITEMS_READ, Scope.CUSTOMERS_READ}),
        id_token=ID_TOKEN,
    )
    assert token.expires_at.tzinfo is not None


@pytest.mark.parametrize(
    ("state", "expected", "error"),
    [
        pytest.param("s1", "s2", OAuthStateError, id="another"),
        pytest.param("s1", "s1 ", OAuthStateError, id="a space more"),
        pytest.param("S1", "s1", OAuthStateError, id="another case"),
        pytest.param("", "s1", OAuthStateError, id="empty"),
        pytest.param(None, "s1", OAuthStateError, id="missing"),
        pytest.param("s1", "", TypeError, id="nothing expected"),
        pytest.param("s1", None, TypeError, id="expected missing"),
    ],
)
def test_a_state_mismatch_is_refused_before_any_request(
    state: Any, expected: Any, error: type[Exception]
) -> None:
    app, server = recorded_app()  # any request would fail the test
    with pytest.raises(error):
        app.exchange_code(CODE, state=state, expected_state=expected)
    assert server.requests == []


@pytest.mark.parametrize(
    ("answer", "refresh_token", "scopes"),
    [
        pytest.param({}, "rt-new", {Scope.ITEMS_READ}, id="rotated"),
        pytest.param(
            {"refresh_token": None, "scope": None}, REFRESH, {Scope.OPENID}, id="kept from old"
        ),
    ],
)
def test_a_refresh_sends_the_documented_form_and_keeps_what_the_answer_omits(
    answer: dict[str, Any], refresh_token: str, scopes: set[Scope]
) -> None:
    old = OAuthToken(ACCESS, START, refresh_token=REFRESH, scopes=frozenset({Scope.OPENID}))
    fields = {"access_token": "at-new", "refresh_token": "rt-new", "scope": "ITEMS_READ"}
    app, server = recorded_app(json_response(200, token_json(**{**fields, **answer})))
    new = app.refresh(old)
    assert form_of(server.requests[0]) == {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "refresh_token": REFRESH,
        "grant_type": "refresh_token",
    }
    assert (new.access_token, new.refresh_token) == ("at-new", refresh_token)
    assert new.scopes == frozenset(scopes)


def test_a_token_without_a_refresh_token_is_not_sent_to_refresh() -> None:
    app, server = recorded_app()
    with pytest.raises(LoyverseError, match="reconnect"):
        app.refresh(OAuthToken(ACCESS, START))
    assert server.requests == []


# --- the token endpoint's refusals --------------------------------------------------------------

WHAT_WAS_SAID = "SENT of SECRET expired"
"""What a refusal says; ``SENT`` and ``SECRET`` become what the app sent."""

REFUSALS = [
    pytest.param(
        400,
        {"error": "invalid_grant", "error_description": WHAT_WAS_SAID},
        AuthenticationError,
        "invalid_grant",
        id="invalid_grant",
    ),
    pytest.param(
        401, {"error": "invalid_client"}, AuthenticationError, "invalid_client", id="invalid_client"
    ),
    pytest.param(
        400,
        {"error": "invalid_request", "error_description": WHAT_WAS_SAID},
        BadRequestError,
        "invalid_request",
        id="invalid_request",
    ),
    pytest.param(
        401,
        {"errors": [{"code": "UNAUTHORIZED", "details": WHAT_WAS_SAID}]},
        AuthenticationError,
        "UNAUTHORIZED",
        id="loyverse-envelope",
    ),
    pytest.param(
        429,
        {"errors": [{"code": "RATE_LIMITED", "details": "slow down"}]},
        RateLimitError,
        "RATE_LIMITED",
        id="rate-limited",
    ),
    pytest.param(503, f"<html>{WHAT_WAS_SAID}</html>", InternalServerError, None, id="proxy-page"),
]


def refused(status: int, body: Any, sent: str) -> httpx.Response:
    text = body if isinstance(body, str) else json.dumps(body)
    text = text.replace("SENT", sent).replace("SECRET", CLIENT_SECRET)
    return httpx.Response(status, text=text, headers={"content-type": "application/json"})


def assert_holds_no_secret(error: BaseException) -> None:
    shown = [str(error), repr(error), repr(vars(error)), pickle.dumps(error).decode("latin-1")]
    for name in ("response", "request"):
        held = getattr(error, name, None)
        if isinstance(held, httpx.Response):
            shown += [held.text, held.request.content.decode()]
        elif isinstance(held, httpx.Request):
            shown.append(held.content.decode())
    for text in shown:
        for secret in SECRETS:
            assert secret not in text
    assert error.__cause__ is None
    assert error.__context__ is None or isinstance(error.__context__, LoyverseError)


def ask(app: OAuthApp, grant: str) -> OAuthToken:
    if grant == "exchange":
        return app.exchange_code(CODE, state="s", expected_state="s")
    return app.refresh(OAuthToken(ACCESS, START, refresh_token=REFRESH))


@pytest.mark.parametrize(("status", "body", "cls", "code"), REFUSALS)
@pytest.mark.parametrize("grant", ["exchange", "refresh"])
def test_a_refusal_is_a_typed_error_with_what_was_said_but_no_secret(
    grant: str, status: int, body: Any, cls: type[APIStatusError], code: str | None
) -> None:
    app, _ = recorded_app(refused(status, body, CODE if grant == "exchange" else REFRESH))
    with pytest.raises(cls) as raised:
        ask(app, grant)
    error = raised.value
    assert type(error) is cls
    assert (error.status_code, error.code) == (status, code)
    assert str(error).startswith(f"POST /oauth/token failed with {status}")
    if cls is AuthenticationError and code != "invalid_client":
        assert ("reconnect" if grant == "refresh" else "authorization_url() again") in str(error)
    if code is not None and "[redacted]" in error.response.text:
        assert "[redacted] of [redacted] expired" in str(error)  # what was said, sans secrets
    assert_holds_no_secret(error)
    assert_holds_no_secret(pickle.loads(pickle.dumps(error)))


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(json_response(200, {"refresh_token": REFRESH}), id="no access token"),
        pytest.param(json_response(200, token_json(expires_in="soon")), id="bad expires_in"),
        pytest.param(httpx.Response(200, text=f"{ACCESS} {REFRESH}"), id="not JSON"),
    ],
)
def test_an_answer_without_a_token_is_a_validation_error_holding_no_token(
    answer: httpx.Response,
) -> None:
    app, _ = recorded_app(answer)
    with pytest.raises(ResponseValidationError, match="POST /oauth/token answered 200") as raised:
        app.exchange_code(CODE, state="s", expected_state="s")
    assert raised.value.response.content == b""
    assert_holds_no_secret(raised.value)


def test_a_token_request_without_an_answer_holds_no_form() -> None:
    def unreachable(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("Connection refused", request=request)

    app, _ = recorded_app(unreachable)  # type: ignore[arg-type]
    said = r"POST /oauth/token to api\.loyverse\.com"
    with pytest.raises(APIConnectionError, match=said) as raised:
        app.refresh(OAuthToken(ACCESS, START, refresh_token=REFRESH))
    assert raised.value.request is not None
    assert raised.value.request.content == b""
    assert_holds_no_secret(raised.value)


# --- against the fake: one use per code, the registered redirect URI, the right secret ---------


@pytest.mark.parametrize(
    ("change", "said"),
    [
        pytest.param({}, "already used", id="a code used twice"),
        pytest.param({"redirect_uri": "https://evil.example/cb"}, "redirect", id="other redirect"),
        pytest.param({"client_secret": "not-it"}, "client id or secret", id="wrong secret"),
    ],
)
def test_the_fake_refuses_a_code_as_loyverse_would(change: dict[str, str], said: str) -> None:
    fake = account()
    code = fake.authorize(CLIENT_ID, ["openid"])
    app_of(fake).exchange_code(code, state="s", expected_state="s")
    if change:
        code = fake.authorize(CLIENT_ID, ["openid"])
    other = OAuthApp(
        CLIENT_ID,
        change.get("client_secret", CLIENT_SECRET),
        change.get("redirect_uri", REDIRECT_URI),
        http_client=httpx.Client(transport=fake.transport),
    )
    with pytest.raises(AuthenticationError, match=said):
        other.exchange_code(code, state="s", expected_state="s")


def test_the_fake_rotates_refresh_tokens_and_refuses_the_old_one() -> None:
    fake = account()
    app = app_of(fake)
    first = connect(fake)
    second = app.refresh(first)
    assert second.refresh_token != first.refresh_token
    assert second.access_token != first.access_token
    with pytest.raises(AuthenticationError, match="reconnect"):
        app.refresh(first)


# --- the token ----------------------------------------------------------------------------------


def test_a_token_shows_no_secret_and_round_trips_through_to_dict() -> None:
    token = OAuthToken(ACCESS, START, REFRESH, frozenset({Scope.OPENID}), ID_TOKEN)
    for shown in (repr(token), str(token), f"{token}", repr([token])):
        assert all(secret not in shown for secret in SECRETS)
        assert "2024-05-01T12:00:00+00:00" in shown
        assert "OPENID" in shown
    assert OAuthToken.from_dict(token.to_dict()) == token
    assert token.to_dict()["scope"] == "OPENID"


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        pytest.param({"access_token": ""}, "access_token", id="empty token"),
        pytest.param({"expires_at": START.replace(tzinfo=None)}, "aware", id="naive expiry"),
        pytest.param({"scopes": ["NOT_A_SCOPE"]}, "NOT_A_SCOPE", id="unknown scope"),
    ],
)
def test_a_token_is_checked_when_made(fields: dict[str, Any], said: str) -> None:
    with pytest.raises(ValueError, match=said):
        OAuthToken(**{"access_token": ACCESS, "expires_at": START, **fields})


# --- the async twin -----------------------------------------------------------------------------


def test_the_async_app_is_the_twin_of_the_sync_one() -> None:
    for name in ("exchange_code", "refresh", "authorization_url"):
        sync, async_ = getattr(OAuthApp, name), getattr(AsyncOAuthApp, name)
        assert inspect.signature(sync) == inspect.signature(async_), name
        assert inspect.iscoroutinefunction(async_) == (name != "authorization_url"), name
    sync_init = inspect.signature(OAuthApp.__init__).parameters
    async_init = inspect.signature(AsyncOAuthApp.__init__).parameters
    assert list(sync_init) == list(async_init)


def test_the_async_app_exchanges_and_refreshes_with_the_fake() -> None:
    fake = account()
    code = fake.authorize(CLIENT_ID, ["customers_read"])

    async def main() -> tuple[OAuthToken, OAuthToken]:
        async with httpx.AsyncClient(transport=fake.transport) as http:
            app = AsyncOAuthApp(
                CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, http_client=http, clock=fake.clock
            )
            first = await app.exchange_code(code, state="s", expected_state="s")
            fake.clock.advance(60)
            return first, await app.refresh(first)

    first, second = asyncio.run(main())
    assert second.expires_at - first.expires_at == timedelta(seconds=60)
    assert second.scopes == first.scopes == {Scope.CUSTOMERS_READ}
