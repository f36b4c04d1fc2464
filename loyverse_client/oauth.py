"""OAuth 2.0 for apps that serve many merchants: authorize, exchange the code, refresh.

    from loyverse_client import LoyverseClient
    from loyverse_client.oauth import OAuthApp, OAuthSession, Scope, authorization_url

    url, state = authorization_url(CLIENT_ID, REDIRECT_URI, [Scope.CUSTOMERS_READ])
    # ... the merchant consents; Loyverse sends them to REDIRECT_URI?code=...&state=...
    app = OAuthApp(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI)
    token = app.exchange_code(code, state=state_returned, expected_state=state)
    session = OAuthSession(app, token, on_refresh=save_token)   # save_token persists the new one
    with LoyverseClient(oauth=session) as client:
        client.customers.list()

A client with ``oauth=`` refreshes the access token (12 hours) shortly before it expires, and once
after a 401, then sends the request again. However many threads or tasks use the session, one
refresh runs at a time, and the others wait for it and use its token:

- the sync clients take the session's ``threading.Lock`` for the refresh, request included;
- the async clients first queue on an ``asyncio.Lock`` of their event loop (made on first use,
  one per loop), so tasks wait without blocking the loop; the one task let through then takes
  the same ``threading.Lock``, without blocking: should a thread or another event loop be
  refreshing at that moment, it looks again every few milliseconds.

Whoever gets the lock checks again whether a refresh is still needed: a waiter finds the new token
and sends with it. ``on_refresh(new_token)`` is called once per refresh, under the lock, so the
app can store the rotated refresh token before anyone uses it (if it raises, the request that
refreshed gets the error; the session keeps the new token). A refused refresh (revoked or
expired grant) raises ``AuthenticationError`` saying that the merchant must reconnect, and the
session stays refused: its later requests raise the same at once, without a request. A refresh
is one request, not retried nor paced: should it fail otherwise (no connection, a 5xx), that
error reaches the request that needed it, and the next request tries again.

A sync client called from inside an event loop while a task of that loop refreshes the same
session would wait for a refresh that cannot finish: it raises ``RuntimeError`` instead (use the
async client there).

The token endpoint lives on the bare host (``https://api.loyverse.com/oauth/token``): a client
derives it from its ``base_url`` (without ``/v1.0``) and sends the refresh through its own
``http_client``; the apps take ``base_url`` and ``http_client`` for the same reasons. Secrets never
appear in a repr, a log line or an error (see ``_oauth_core``).
"""

from __future__ import annotations

import contextlib
import copy
import hmac
import inspect
import logging
import secrets
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

import httpx

from loyverse_models.oauth import Scope

from ._clock import Clock
from ._core import DEFAULT_TIMEOUT, resolve_base_url
from ._oauth_core import (
    Grant,
    OAuthToken,
    _check_text,
    host_url,
    read_token,
    scopes_of,
    token_connection_error,
    token_request,
)
from .errors import AuthenticationError, LoyverseError, OAuthStateError

if TYPE_CHECKING:
    import asyncio
    from collections.abc import AsyncIterator

__all__ = [
    "AsyncOAuthApp",
    "OAuthApp",
    "OAuthSession",
    "OAuthToken",
    "Scope",
    "authorization_url",
]

logger = logging.getLogger("loyverse_client")

AUTHORIZE_PATH = "oauth/authorize"
DEFAULT_REFRESH_MARGIN = 60.0
"""Seconds before its expiry at which a client refreshes an access token."""
_POLL_SECONDS = 0.005
"""How often an async refresh looks again while a thread or another event loop refreshes."""


def authorization_url(
    client_id: str,
    redirect_uri: str,
    scopes: Iterable[Scope | str],
    state: str | None = None,
    *,
    base_url: str | None = None,
) -> tuple[str, str]:
    """The URL to send the merchant to, and the ``state`` it carries.

    ``state`` is a fresh unguessable value (``secrets.token_urlsafe``) unless given: keep it (in
    the user's session) and pass it as ``expected_state`` to ``exchange_code``. Scopes are sent
    once each, space-separated; names are read case-insensitively. ``base_url`` is the API's (as
    for the clients: default ``LOYVERSE_BASE_URL``, else the real API); the URL is on its host.

    >>> url, state = authorization_url("app", "https://example.com/cb", ["items_read"], "s1")
    >>> url  # doctest: +NORMALIZE_WHITESPACE
    'https://api.loyverse.com/oauth/authorize?client_id=app&scope=ITEMS_READ&response_type=code&redirect_uri=https%3A%2F%2Fexample.com%2Fcb&state=s1'
    """
    chosen = scopes_of(scopes)
    if not chosen:
        raise ValueError("scopes: ask for at least one, e.g. [Scope.CUSTOMERS_READ]")
    state = secrets.token_urlsafe(32) if state is None else _check_text(state, "state")
    query = {
        "client_id": _check_text(client_id, "client_id"),
        "scope": " ".join(scope.value for scope in chosen),
        "response_type": "code",
        "redirect_uri": _check_text(redirect_uri, "redirect_uri"),
        "state": state,
    }
    host = host_url(resolve_base_url(base_url))
    return f"{host}/{AUTHORIZE_PATH}?{urlencode(query, quote_via=quote)}", state


class _App:
    """The app's credentials and the token requests built from them, for both twins."""

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        redirect_uri: str,
        *,
        base_url: str | None,
        clock: Clock | None,
    ) -> None:
        self.client_id = _check_text(client_id, "client_id")
        self._client_secret = _check_text(client_secret, "client_secret")
        self.redirect_uri = _check_text(redirect_uri, "redirect_uri")
        self.base_url = host_url(resolve_base_url(base_url))
        """The bare host of the OAuth endpoints, e.g. ``https://api.loyverse.com``."""
        self._clock = clock

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(client_id={self.client_id!r}, "
            f"redirect_uri={self.redirect_uri!r}, base_url={self.base_url!r})"
        )

    def authorization_url(
        self, scopes: Iterable[Scope | str], state: str | None = None
    ) -> tuple[str, str]:
        """``authorization_url()`` for this app."""
        return authorization_url(
            self.client_id, self.redirect_uri, scopes, state, base_url=self.base_url
        )

    def _now(self) -> datetime:
        return datetime.now(timezone.utc) if self._clock is None else self._clock.now()

    def _exchange_form(self, code: str, state: str, expected_state: str) -> dict[str, str]:
        """The form of a code exchange; the state is checked first, in constant time."""
        if not isinstance(expected_state, str) or not expected_state:
            raise TypeError("expected_state must be the state authorization_url() returned")
        if not isinstance(state, str) or not hmac.compare_digest(
            state.encode(), expected_state.encode()
        ):
            raise OAuthStateError(
                "the state sent back to the redirect URI is not the one this app sent: the "
                "request may be forged (CSRF); nothing was exchanged, start the authorization again"
            )
        return {
            "client_id": self.client_id,
            "client_secret": self._client_secret,
            "redirect_uri": self.redirect_uri,
            "code": _check_text(code, "code"),
            "grant_type": "authorization_code",
        }

    def _refresh_form(self, token: OAuthToken) -> dict[str, str]:
        if not isinstance(token, OAuthToken):
            raise TypeError(f"token must be an OAuthToken, got {type(token).__name__}")
        if token.refresh_token is None:
            raise LoyverseError(
                "this token has no refresh token, so it cannot be refreshed: the merchant must "
                "reconnect the app"
            )
        return {
            "client_id": self.client_id,
            "client_secret": self._client_secret,
            "refresh_token": token.refresh_token,
            "grant_type": "refresh_token",
        }

    def _read(
        self,
        response: httpx.Response,
        form: dict[str, str],
        previous: OAuthToken | None,
        received_at: datetime,
    ) -> OAuthToken:
        grant: Grant = "refresh_token" if previous is not None else "authorization_code"
        sent = [form[key] for key in ("client_secret", "code", "refresh_token") if key in form]
        return read_token(
            response, grant=grant, received_at=received_at, secrets=sent, previous=previous
        )


class OAuthApp(_App):
    """An OAuth app registered with Loyverse: exchanges codes for tokens and refreshes them.

    ``http_client`` (an ``httpx.Client`` of yours, never closed here) sends the token requests;
    without one, each request gets a short-lived client. ``base_url`` is the API's (default
    ``LOYVERSE_BASE_URL``, else the real API): the token endpoint is on its host. ``clock`` dates
    ``expires_at`` (default: the real time). The client secret is never shown by ``repr``.
    """

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        redirect_uri: str,
        *,
        http_client: httpx.Client | None = None,
        base_url: str | None = None,
        clock: Clock | None = None,
    ) -> None:
        if http_client is not None and not isinstance(http_client, httpx.Client):
            raise TypeError(
                f"http_client must be an httpx.Client, got {type(http_client).__name__}"
            )
        super().__init__(client_id, client_secret, redirect_uri, base_url=base_url, clock=clock)
        self._http = http_client

    def exchange_code(self, code: str, *, state: str, expected_state: str) -> OAuthToken:
        """The merchant's first token, for the ``code`` and ``state`` sent to the redirect URI.

        ``OAuthStateError`` before any request when ``state`` is not ``expected_state``;
        ``AuthenticationError`` when Loyverse refuses the code (used, expired).
        """
        form = self._exchange_form(code, state, expected_state)
        return self._read(self._post(form), form, None, self._now())

    def refresh(self, token: OAuthToken) -> OAuthToken:
        """A new token for ``token``'s refresh token (kept when the answer has none).

        A client with ``oauth=OAuthSession(...)`` does this by itself; call it directly only
        where no session shares the token. ``AuthenticationError`` when it is refused.
        """
        form = self._refresh_form(token)
        return self._read(self._post(form), form, token, self._now())

    def _post(self, form: dict[str, str]) -> httpx.Response:
        with self._client() as http:
            return _send(http, token_request(http, self.base_url, form))

    @contextlib.contextmanager
    def _client(self) -> Iterator[httpx.Client]:
        if self._http is not None:
            yield self._http
        else:
            with httpx.Client(timeout=DEFAULT_TIMEOUT) as http:
                yield http


class AsyncOAuthApp(_App):
    """``OAuthApp`` for asyncio: ``await exchange_code(...)``, ``await refresh(...)``;
    ``http_client`` is an ``httpx.AsyncClient``."""

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        redirect_uri: str,
        *,
        http_client: httpx.AsyncClient | None = None,
        base_url: str | None = None,
        clock: Clock | None = None,
    ) -> None:
        if http_client is not None and not isinstance(http_client, httpx.AsyncClient):
            raise TypeError(
                f"http_client must be an httpx.AsyncClient, got {type(http_client).__name__}"
            )
        super().__init__(client_id, client_secret, redirect_uri, base_url=base_url, clock=clock)
        self._http = http_client

    async def exchange_code(self, code: str, *, state: str, expected_state: str) -> OAuthToken:
        """See ``OAuthApp.exchange_code``."""
        form = self._exchange_form(code, state, expected_state)
        return self._read(await self._post(form), form, None, self._now())

    async def refresh(self, token: OAuthToken) -> OAuthToken:
        """See ``OAuthApp.refresh``."""
        form = self._refresh_form(token)
        return self._read(await self._post(form), form, token, self._now())

    async def _post(self, form: dict[str, str]) -> httpx.Response:
        async with self._client() as http:
            return await _asend(http, token_request(http, self.base_url, form))

    @contextlib.asynccontextmanager
    async def _client(self) -> AsyncIterator[httpx.AsyncClient]:
        if self._http is not None:
            yield self._http
        else:
            async with httpx.AsyncClient(timeout=DEFAULT_TIMEOUT) as http:
                yield http


def _send(http: httpx.Client, request: httpx.Request) -> httpx.Response:
    try:
        return http.send(request)
    except httpx.RequestError as exc:
        failure = exc
    # Raised outside the except block: the httpx error, whose request holds the form, is not
    # chained to it.
    raise token_connection_error(failure, request.url)


async def _asend(http: httpx.AsyncClient, request: httpx.Request) -> httpx.Response:
    try:
        return await http.send(request)
    except httpx.RequestError as exc:
        failure = exc
    raise token_connection_error(failure, request.url)


OnRefresh = Callable[[OAuthToken], object]


@dataclass(frozen=True)
class _Link:
    """A client's link to its session: the bare host of the token endpoint, the client's
    timeout and its clock (which decides when a token is due, and dates the new one)."""

    session: OAuthSession
    host: str
    timeout: httpx.Timeout
    clock: Clock

    def sync_token(self, http: httpx.Client, stale: OAuthToken | None) -> OAuthToken:
        return self.session._sync_token(http, self, stale)

    async def async_token(self, http: httpx.AsyncClient, stale: OAuthToken | None) -> OAuthToken:
        return await self.session._async_token(http, self, stale)


class OAuthSession:
    """One merchant's connection, shared by the clients that act for them:
    ``LoyverseClient(oauth=session)`` or ``AsyncLoyverseClient(oauth=session)``.

    ``app`` is an ``OAuthApp`` or ``AsyncOAuthApp`` (only its credentials are used: the client
    sends the refresh itself); ``token`` the merchant's current token. ``on_refresh(new_token)``
    is called once per refresh: store the new token there, since the old refresh token may no
    longer work. The async clients await it if it returns an awaitable. ``refresh_margin`` is how
    many seconds before ``expires_at`` a client refreshes. ``token`` is always the latest.
    """

    def __init__(
        self,
        app: OAuthApp | AsyncOAuthApp,
        token: OAuthToken,
        *,
        on_refresh: OnRefresh | None = None,
        refresh_margin: float = DEFAULT_REFRESH_MARGIN,
    ) -> None:
        if not isinstance(app, _App):
            raise TypeError(f"app must be an OAuthApp or AsyncOAuthApp, got {type(app).__name__}")
        if not isinstance(token, OAuthToken):
            raise TypeError(
                f"token must be an OAuthToken (from exchange_code, or OAuthToken.from_dict), "
                f"got {type(token).__name__}"
            )
        if on_refresh is not None and not callable(on_refresh):
            raise TypeError("on_refresh must be a function taking the new OAuthToken")
        if isinstance(refresh_margin, bool) or not isinstance(refresh_margin, (int, float)):
            raise TypeError(f"refresh_margin must be seconds, got {refresh_margin!r}")
        if not refresh_margin >= 0:
            raise ValueError(f"refresh_margin must be 0 or more seconds, got {refresh_margin!r}")
        self.app = app
        self.refresh_margin = float(refresh_margin)
        self._token = token
        self._on_refresh = on_refresh
        self._refusal: AuthenticationError | None = None
        self._lock = threading.Lock()
        """Held by the one refresh running, in whichever thread or event loop."""
        self._async_holder: int | None = None
        """The thread whose event loop holds ``_lock``, while an async refresh runs."""
        self._loop_locks: weakref.WeakKeyDictionary[Any, asyncio.Lock] = weakref.WeakKeyDictionary()
        self._loop_locks_guard = threading.Lock()

    def __repr__(self) -> str:
        return f"OAuthSession(app={self.app!r}, token={self._token!r})"

    @property
    def token(self) -> OAuthToken:
        """The latest token (after any refresh)."""
        return self._token

    def _needs_refresh(self, stale: OAuthToken | None, now: datetime) -> bool:
        """Whether the current token must be refreshed: it is ``stale`` (a 401 came back for it)
        or expires within the margin. A session whose refresh was refused raises that again."""
        if self._refusal is not None:
            raise copy.copy(self._refusal)
        token = self._token
        return token is stale or token.expires_within(self.refresh_margin, now=now)

    def _refreshed(
        self, response: httpx.Response, form: dict[str, str], received_at: datetime
    ) -> OAuthToken:
        try:
            token = self.app._read(response, form, self._token, received_at)
        except AuthenticationError as refused:
            self._refusal = refused
            raise
        self._token = token
        logger.info(
            "POST /oauth/token: refreshed the OAuth access token; it expires at %s",
            token.expires_at.isoformat(),
        )
        return token

    def _sync_token(self, http: httpx.Client, link: _Link, stale: OAuthToken | None) -> OAuthToken:
        """The token to send with, refreshed first (once, under the lock) if it must be."""
        if self._needs_refresh(stale, link.clock.now()):
            if self._async_holder == threading.get_ident():
                raise RuntimeError(
                    "a LoyverseClient was called inside an event loop that is refreshing the same "
                    "OAuthSession, and would wait for it forever: use AsyncLoyverseClient there"
                )
            with self._lock:
                if self._needs_refresh(stale, link.clock.now()):
                    form = self.app._refresh_form(self._token)
                    request = token_request(http, link.host, form, link.timeout)
                    token = self._refreshed(_send(http, request), form, link.clock.now())
                    if inspect.isawaitable(result := self._call_on_refresh(token)):
                        _discard(result)
                        raise TypeError(
                            "on_refresh returned an awaitable, which LoyverseClient cannot await: "
                            "give it a plain function, or use AsyncLoyverseClient"
                        )
        return self._token

    async def _async_token(
        self, http: httpx.AsyncClient, link: _Link, stale: OAuthToken | None
    ) -> OAuthToken:
        """``_sync_token`` for the async clients."""
        if self._needs_refresh(stale, link.clock.now()):
            async with self._loop_lock():
                await self._acquire()
                self._async_holder = threading.get_ident()
                try:
                    if self._needs_refresh(stale, link.clock.now()):
                        form = self.app._refresh_form(self._token)
                        request = token_request(http, link.host, form, link.timeout)
                        token = self._refreshed(await _asend(http, request), form, link.clock.now())
                        if inspect.isawaitable(result := self._call_on_refresh(token)):
                            await result
                finally:
                    self._async_holder = None
                    self._lock.release()
        return self._token

    def _call_on_refresh(self, token: OAuthToken) -> object:
        return None if self._on_refresh is None else self._on_refresh(token)

    def _loop_lock(self) -> asyncio.Lock:
        import asyncio  # here: sync users never need it

        loop = asyncio.get_running_loop()
        with self._loop_locks_guard:
            lock = self._loop_locks.get(loop)
            if lock is None:
                lock = self._loop_locks[loop] = asyncio.Lock()
        return lock

    async def _acquire(self) -> None:
        import asyncio

        # Blocking here would stop the event loop; only a refresh in another thread (a sync
        # client, another loop) can hold the lock now, so looking again soon is enough.
        while not self._lock.acquire(blocking=False):
            await asyncio.sleep(_POLL_SECONDS)


def _discard(awaitable: object) -> None:
    close = getattr(awaitable, "close", None)
    if callable(close):
        close()  # a coroutine never awaited would warn
