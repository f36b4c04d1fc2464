"""A client with ``oauth=OAuthSession(...)``: the refresh before expiry and after a 401, one at a
time however many threads or tasks wait on it, the rotated token handed to ``on_refresh``, and a
refused refresh. No test sleeps: the fake's clock and the clients' ``clock=`` stand in."""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from loyverse_client import AsyncLoyverseClient, LoyverseClient
from loyverse_client.errors import AuthenticationError
from loyverse_client.oauth import OAuthSession, OAuthToken
from loyverse_client.testing import FakeClock, FakeLoyverse
from loyverse_models import CustomerPage
from tests.helpers import Recorder, json_response, loyverse_error
from tests.oauth.helpers import (
    START,
    TWELVE_HOURS,
    Mode,
    Refreshes,
    account,
    app_of,
    connect,
    run,
    token_requests,
)

each_client = pytest.mark.parametrize("mode", ["sync", "async"])
CALLERS = 20


def customers_of(client: LoyverseClient) -> int:
    return len(client.customers.list().customers)


async def async_customers_of(client: AsyncLoyverseClient) -> int:
    return len((await client.customers.list()).customers)


def bearer(request: httpx.Request) -> str:
    return request.headers["Authorization"].removeprefix("Bearer ")


# --- settings -----------------------------------------------------------------------------------


@pytest.mark.parametrize("cls", [LoyverseClient, AsyncLoyverseClient])
def test_access_token_and_oauth_are_one_or_the_other(cls: type[Any]) -> None:
    session = OAuthSession(app_of(account()), OAuthToken("t", START))
    with pytest.raises(ValueError, match=r"access_token= .* or oauth= .*, not both"):
        cls("personal-token", oauth=session)
    with pytest.raises(TypeError, match="oauth must be an OAuthSession"):
        cls(oauth=OAuthToken("t", START))


def test_oauth_does_not_read_the_personal_token_of_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LOYVERSE_ACCESS_TOKEN", "personal-token")
    fake = account()
    session = OAuthSession(app_of(fake), connect(fake))
    with fake.client(oauth=session) as client:
        client.customers.list()
    assert bearer(fake.requests[-1]) == session.token.access_token


# --- when a refresh happens ---------------------------------------------------------------------


@each_client
@pytest.mark.parametrize(
    ("elapsed", "refreshed"),
    [
        pytest.param(TWELVE_HOURS - 61, False, id="61 s before expiry"),
        pytest.param(TWELVE_HOURS - 59, True, id="59 s before expiry"),
        pytest.param(TWELVE_HOURS + 3600, True, id="an hour after expiry"),
    ],
)
def test_the_token_is_refreshed_within_a_minute_of_its_expiry_on_the_clients_clock(
    mode: Mode, elapsed: float, refreshed: bool
) -> None:
    fake = account()
    old = connect(fake)
    refreshes = Refreshes()
    session = OAuthSession(app_of(fake), old, on_refresh=refreshes)
    fake.clock.advance(elapsed)
    assert run(mode, fake, session, customers_of, async_customers_of) == 3
    assert len(token_requests(fake)) == 1 + refreshed  # the exchange, and maybe a refresh
    assert refreshes.tokens == ([session.token] if refreshed else [])
    assert (session.token is old) is not refreshed
    assert bearer(fake.requests[-1]) == session.token.access_token
    if refreshed:
        assert session.token.refresh_token != old.refresh_token  # rotated, and handed over


@each_client
def test_a_401_refreshes_once_and_sends_the_request_again(mode: Mode) -> None:
    fake = account()
    refreshes = Refreshes()
    session = OAuthSession(app_of(fake), connect(fake), on_refresh=refreshes)
    fake.clock.advance(TWELVE_HOURS)  # expired for Loyverse; the client's own clock lags
    lagging = FakeClock(START)
    assert run(mode, fake, session, customers_of, async_customers_of, clock=lagging) == 3
    paths = [(r.method, r.url.path) for r in fake.requests[1:]]
    assert paths == [
        ("GET", "/v1.0/customers"),
        ("POST", "/oauth/token"),
        ("GET", "/v1.0/customers"),
    ]
    first, _, again = fake.requests[1:]
    assert bearer(first) != bearer(again) == session.token.access_token
    assert refreshes.tokens == [session.token]


@each_client
def test_a_second_401_after_the_refresh_is_raised_not_refreshed_again(mode: Mode) -> None:
    token = json_response(200, {"access_token": "at-2", "expires_in": 43200})
    unauthorized = loyverse_error(401, "UNAUTHORIZED", "The access token is missing or invalid")
    server = Recorder(unauthorized, token, unauthorized)
    session = OAuthSession(
        app_of(account()), OAuthToken("at-1", START.replace(year=2100), refresh_token="rt-1")
    )
    settings: dict[str, Any] = {"oauth": session, "access_token": None}

    def sync() -> None:
        with server.client(**settings) as client:
            client.customers.list()

    async def async_() -> None:
        async with server.async_client(**settings) as client:
            await client.customers.list()

    with pytest.raises(AuthenticationError, match="GET /customers failed with 401"):
        sync() if mode == "sync" else asyncio.run(async_())
    assert [bearer(r) for r in server.requests if "Authorization" in r.headers] == [
        "at-1",
        "at-2",
    ]
    assert len(server.requests) == 3


def test_a_retry_after_the_refresh_sends_the_new_token_without_refreshing_again() -> None:
    answers = (
        loyverse_error(401, "UNAUTHORIZED"),
        json_response(200, {"access_token": "at-2", "refresh_token": "rt-2"}),
        loyverse_error(503, "INTERNAL_SERVER_ERROR"),
        json_response(200, {"customers": []}),
    )
    server = Recorder(*answers)
    later = START.replace(year=2100)
    session = OAuthSession(app_of(account()), OAuthToken("at-1", later, refresh_token="rt-1"))
    with server.client(oauth=session, access_token=None, clock=FakeClock(START)) as client:
        assert client.customers.list().customers == []
    sent = [bearer(r) if "Authorization" in r.headers else r.url.path for r in server.requests]
    assert sent == ["at-1", "/oauth/token", "at-2", "at-2"]


# --- one refresh at a time ----------------------------------------------------------------------


class Gate(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """In front of the fake, so that every caller is inside the refresh logic at once.

    ``on="requests"`` (a 401 for everyone): the first ``CALLERS`` API requests are held until all
    have arrived (they all carry the old token), and the refresh until all have been answered
    (every caller has met its 401). ``on="callers"`` (the expiry seen coming): the refresh is held
    until every caller has started, each counting itself with ``arrive()``.
    """

    def __init__(self, fake: FakeLoyverse, on: str) -> None:
        self._fake, self.on = fake, on
        self._lock = threading.Lock()
        self._held = self._arrived = self._answered = 0
        self._all_arrived, self._all_answered = threading.Event(), threading.Event()

    def arrive(self) -> None:
        self._count("_arrived", self._all_arrived)

    def _count(self, name: str, event: threading.Event) -> None:
        with self._lock:
            setattr(self, name, getattr(self, name) + 1)
            if getattr(self, name) == CALLERS:
                event.set()

    def _waits_for(self, request: httpx.Request) -> threading.Event | None:
        if request.url.path == "/oauth/token":
            return self._all_answered if self.on == "requests" else self._all_arrived
        with self._lock:
            held = self.on == "requests" and self._held < CALLERS
            self._held += held
        if not held:
            return None
        self.arrive()
        return self._all_arrived

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        event = self._waits_for(request)
        if event is not None:
            assert event.wait(timeout=10)
        response = self._fake.transport.handle_request(request)
        self._answered_one(request, event)
        return response

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        event = self._waits_for(request)
        while event is not None and not event.is_set():
            await asyncio.sleep(0)  # the other tasks run meanwhile
        response = await self._fake.transport.handle_async_request(request)
        self._answered_one(request, event)
        return response

    def _answered_one(self, request: httpx.Request, event: threading.Event | None) -> None:
        if event is self._all_arrived and request.url.path != "/oauth/token":
            self._count("_answered", self._all_answered)


def concurrently(
    mode: Mode, fake: FakeLoyverse, gate: Gate, session: OAuthSession, clock: Any
) -> list[int]:
    """``CALLERS`` threads (sync) or tasks (async) listing customers with one client."""

    def one(client: LoyverseClient) -> int:
        if gate.on == "callers":
            gate.arrive()
        return customers_of(client)

    async def async_one(client: AsyncLoyverseClient) -> int:
        if gate.on == "callers":
            gate.arrive()
        return await async_customers_of(client)

    if mode == "sync":
        http = httpx.Client(transport=gate)
        client = fake.client(oauth=session, http_client=http, clock=clock)
        with client, ThreadPoolExecutor(CALLERS) as pool:
            return list(pool.map(lambda _: one(client), range(CALLERS)))

    async def main() -> list[int]:
        http = httpx.AsyncClient(transport=gate)
        async with fake.async_client(oauth=session, http_client=http, clock=clock) as client:
            return list(await asyncio.gather(*(async_one(client) for _ in range(CALLERS))))

    return asyncio.run(main())


def _api(request: httpx.Request) -> bool:
    return request.url.path.startswith("/v1.0/")


@each_client
@pytest.mark.parametrize("why", ["401", "expiry"])
def test_twenty_callers_needing_a_refresh_at_once_make_exactly_one(mode: Mode, why: str) -> None:
    fake = account()
    refreshes = Refreshes()
    session = OAuthSession(app_of(fake), connect(fake), on_refresh=refreshes)
    if why == "401":
        # Expired for Loyverse but not on the client's clock: the 20 requests all leave with the
        # old token, all meet a 401 and all ask for a refresh while the first one is running.
        fake.clock.advance(TWELVE_HOURS)
        clock: Any = FakeClock(START)
        gate = Gate(fake, on="requests")
    else:
        # Due on the client's clock: the first refresh is held at the token endpoint until every
        # caller has started, and so waits for it.
        fake.clock.advance(TWELVE_HOURS - 30)
        clock = fake.clock
        gate = Gate(fake, on="callers")
    results = concurrently(mode, fake, gate, session, clock)
    assert results == [3] * CALLERS
    assert len(token_requests(fake)) == 2  # the exchange, and one refresh
    assert refreshes.tokens == [session.token]
    sent = Counter(bearer(request) for request in fake.requests if _api(request))
    assert sent[session.token.access_token] == CALLERS
    assert sent.total() == (2 * CALLERS if why == "401" else CALLERS)  # 401: old, then new


# --- a refused refresh --------------------------------------------------------------------------


@each_client
def test_a_refused_refresh_says_to_reconnect_and_is_not_tried_again(mode: Mode) -> None:
    fake = account()
    refreshes = Refreshes()
    session = OAuthSession(app_of(fake), connect(fake), on_refresh=refreshes)
    fake.revoke(session.token.refresh_token or "")  # the merchant disconnected the app

    def twice(client: LoyverseClient) -> list[str]:
        said = []
        for _ in range(2):
            with pytest.raises(AuthenticationError) as raised:
                client.customers.list()
            said.append(str(raised.value))
        return said

    async def async_twice(client: AsyncLoyverseClient) -> list[str]:
        said = []
        for _ in range(2):
            with pytest.raises(AuthenticationError) as raised:
                await client.customers.list()
            said.append(str(raised.value))
        return said

    first, second = run(mode, fake, session, twice, async_twice)
    assert "the merchant must reconnect the app" in first
    assert first == second
    paths = [r.url.path for r in fake.requests[1:]]
    assert paths == ["/v1.0/customers", "/oauth/token"]  # the second call sent nothing
    assert refreshes.tokens == []


def test_an_async_on_refresh_is_awaited_by_the_async_client() -> None:
    fake = account()
    stored: list[OAuthToken] = []

    async def store(token: OAuthToken) -> None:
        await asyncio.sleep(0)
        stored.append(token)

    session = OAuthSession(app_of(fake), connect(fake), on_refresh=store)
    fake.clock.advance(TWELVE_HOURS)
    assert run("async", fake, session, customers_of, async_customers_of) == 3
    assert stored == [session.token]


def test_an_async_on_refresh_is_refused_by_the_sync_client() -> None:
    fake = account()

    async def store(token: OAuthToken) -> None:
        pass

    session = OAuthSession(app_of(fake), connect(fake), on_refresh=store)
    fake.clock.advance(TWELVE_HOURS)
    with fake.client(oauth=session) as client, pytest.raises(TypeError, match="awaitable"):
        client.customers.list()


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        pytest.param({"app": "app"}, TypeError, id="not an app"),
        pytest.param({"token": {"access_token": "t"}}, TypeError, id="not a token"),
        pytest.param({"on_refresh": "save"}, TypeError, id="not callable"),
        pytest.param({"refresh_margin": -1}, ValueError, id="negative margin"),
    ],
)
def test_a_session_checks_its_arguments(arguments: dict[str, Any], error: type[Exception]) -> None:
    fake = account()
    given: dict[str, Any] = {"app": app_of(fake), "token": OAuthToken("t", START), **arguments}
    with pytest.raises(error):
        OAuthSession(given.pop("app"), given.pop("token"), **given)


def test_a_page_read_with_an_oauth_token_is_the_same_page() -> None:
    fake = account()
    with fake.client() as personal:
        expected = personal.customers.list()
    with fake.client(oauth=OAuthSession(app_of(fake), connect(fake))) as client:
        page = client.customers.list()
    assert isinstance(page, CustomerPage)
    assert page == expected


def test_a_sync_client_inside_a_loop_refreshing_the_session_raises_instead_of_hanging() -> None:
    fake = account()
    session = OAuthSession(app_of(fake), connect(fake))
    fake.clock.advance(TWELVE_HOURS)
    raised: list[BaseException] = []

    class Meddling(httpx.AsyncBaseTransport):
        """Calls a sync client of the same session while the async refresh is under way."""

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            if request.url.path == "/oauth/token":
                with fake.client(oauth=session) as sync_client:
                    try:
                        sync_client.customers.list()
                    except RuntimeError as error:
                        raised.append(error)
            return await fake.transport.handle_async_request(request)

    async def main() -> int:
        http = httpx.AsyncClient(transport=Meddling())
        async with fake.async_client(oauth=session, http_client=http) as client:
            return await async_customers_of(client)

    assert asyncio.run(main()) == 3
    assert [str(error) for error in raised] == [
        "a LoyverseClient was called inside an event loop that is refreshing the same "
        "OAuthSession, and would wait for it forever: use AsyncLoyverseClient there"
    ]
    assert len(token_requests(fake)) == 2
