"""``LoyverseClient`` and ``AsyncLoyverseClient``: settings, the send-and-retry loop, closing.

The two classes differ only where I/O happens: ``send`` and ``sleep``. Every decision (which
request, what an answer means, whether and when to retry) is made by ``_core``; pacing is
``_rate_limit``. Module-level ``_sleep``, ``_asleep``, ``_monotonic``, ``_wall_clock`` and
``_jitter`` are the only sources of time and randomness, so tests replace them and never sleep.

A number given as ``timeout`` bounds each attempt twice. httpx applies it to every single wait on
the network (connect, each write, each read, a free connection from the pool), and the body is
read in chunks as they arrive, checking a deadline of ``timeout`` seconds after the attempt
started: a server that answers a trickle of bytes, each in time, is cut off when the deadline has
passed. A read already waiting is not interrupted, so an attempt lasts at most about
``2 * timeout``: up to its deadline, then at most one more network wait. An ``httpx.Timeout``
bounds the single waits only.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timezone
from types import TracebackType
from typing import TYPE_CHECKING

import httpx

from . import _core
from ._clock import Clock
from ._collections import Collections
from ._concurrent import STOP, Stopped
from ._core import Call, Failure, ModelT
from ._oauth_core import USERINFO_CALL, host_url
from ._rate_limit import Pacer, RateLimit
from ._version import __version__
from .customers import AsyncCustomers, Customers
from .errors import LoyverseError

if TYPE_CHECKING:
    from typing_extensions import Self

    from loyverse_models.oauth import UserInfo

    from .oauth import OAuthSession, OAuthToken, _Link

__all__ = ["AsyncLoyverseClient", "LoyverseClient"]

logger = logging.getLogger("loyverse_client")

WAIT_ATTRIBUTE = "loyverse_wait"
"""The LogRecord attribute holding the seconds of a logged wait (a float), for progress displays."""
_QUIET_WAIT = 1.0
"""Pacing waits up to this many seconds are not logged: they are the normal rhythm of a walk."""

_sleep = time.sleep


async def _asleep(seconds: float) -> None:
    import asyncio  # here, not at the top: it is a sizeable import that sync users never need

    await asyncio.sleep(seconds)


_monotonic = time.monotonic
_jitter = random.random


def _wall_clock() -> datetime:
    return datetime.now(timezone.utc)


class _SystemClock:
    """The real time and real waits (through the module's functions, which tests replace)."""

    def monotonic(self) -> float:
        return _monotonic()

    def now(self) -> datetime:
        return _wall_clock()

    def sleep(self, seconds: float) -> None:
        _sleep(seconds)

    async def asleep(self, seconds: float) -> None:
        await _asleep(seconds)


_SYSTEM_CLOCK = _SystemClock()


class _Settings:
    """What both clients are configured with, validated once; holds a personal token only in
    headers, an OAuth session's in each request's."""

    def __init__(
        self,
        access_token: str | None,
        oauth: OAuthSession | None,
        base_url: str | None,
        timeout: float | httpx.Timeout,
        max_retries: int,
        rate_limit: RateLimit | None,
        clock: Clock | None,
    ) -> None:
        if oauth is not None and access_token is not None:
            raise ValueError(
                "pass access_token= (a personal access token) or oauth= (an app's OAuthSession), "
                "not both"
            )
        self.clock: Clock = _SYSTEM_CLOCK if clock is None else clock
        token = _core.resolve_token(access_token) if oauth is None else None
        self.headers = _core.default_headers(token, __version__)
        self.base_url = _core.resolve_base_url(base_url)
        self.host_url = host_url(self.base_url)
        """The bare host: the OAuth and OpenID endpoints are there, not under ``/v1.0``."""
        self.timeout = _core.check_settings(timeout, max_retries)
        self.oauth = None if oauth is None else _link(oauth, self)
        self.total_timeout = None if isinstance(timeout, httpx.Timeout) else float(timeout)
        """The seconds an attempt may last in all (its deadline), when ``timeout`` is a number."""
        self.max_retries = max_retries
        if rate_limit is not None and not isinstance(rate_limit, RateLimit):
            raise TypeError(f"rate_limit must be a RateLimit or None, got {rate_limit!r}")
        self.pacer = Pacer(rate_limit) if rate_limit is not None else None

    def build(
        self, http: httpx.Client | httpx.AsyncClient, call: Call, token: OAuthToken | None
    ) -> httpx.Request:
        headers = self.headers
        if call.content_type is not None:
            headers = httpx.Headers(headers)
            headers["Content-Type"] = call.content_type
        request = http.build_request(
            call.method,
            f"{self.host_url if call.bare_host else self.base_url}/{call.path}",
            params=call.params,
            json=call.body,
            content=call.content,
            headers=headers,
            timeout=self.timeout,
        )
        if token is not None:
            request.headers["Authorization"] = f"Bearer {token.access_token}"
        return request

    def reauthorize(
        self, call: Call, failure: Failure, token: OAuthToken | None, stale: OAuthToken | None
    ) -> bool:
        """Whether to refresh the OAuth token and send again: a call's first 401."""
        if token is None or stale is not None:
            return False
        if not isinstance(failure, httpx.Response) or failure.status_code != 401:
            return False
        logger.info("%s got 401; refreshing the OAuth token to send it again", call.describe())
        return True

    def give_up(
        self, call: Call, failure: Failure, retries_done: int, earlier_maybe_done: bool
    ) -> LoyverseError:
        """The error to raise; it says how many attempts were made and, for a write, whether
        one of the earlier ones may have been carried out."""
        error = _core.final_error(call, failure, now=self.clock.now())
        error.attempts = retries_done + 1
        if earlier_maybe_done and call.method != "GET":
            error.outcome_unknown = True
        return error

    def next_delay(self, call: Call, failure: Failure, retries_done: int) -> float | None:
        """Seconds to wait before sending again, or ``None`` to give up."""
        delay = _core.delay_before_retry(
            call,
            failure,
            retries_done=retries_done,
            max_retries=self.max_retries,
            now=self.clock.now(),
            jitter=_jitter(),
        )
        if delay is None:
            return None
        logger.info(
            "%s got %s; retry %d of %d in %.2f s",
            call.describe(),
            _core.describe_failure(failure),
            retries_done + 1,
            self.max_retries,
            delay,
            extra={WAIT_ATTRIBUTE: delay},
        )
        return delay

    def deadline(self) -> float | None:
        """When an attempt starting now must be over, on the ``_monotonic`` clock."""
        return None if self.total_timeout is None else self.clock.monotonic() + self.total_timeout

    def spare_requests(self) -> int | None:
        """How many requests the pacer would let through at once now (``None``: no pacing)."""
        return None if self.pacer is None else self.pacer.free(self.clock.monotonic())

    def pacing_wait(self, call: Call) -> float:
        """Seconds to wait before ``call`` may be sent (``0.0``: a slot is reserved, send now).

        A wait longer than a second is logged, so that a paced walk never looks like a hang.
        """
        if self.pacer is None:
            return 0.0
        wait = self.pacer.reserve(self.clock.monotonic())
        if wait > _QUIET_WAIT:
            limit = self.pacer.limit
            logger.info(
                "%s waits %.2f s: the client keeps to %d requests per %g s (rate_limit)",
                call.describe(),
                wait,
                limit.requests,
                limit.per_seconds,
                extra={WAIT_ATTRIBUTE: wait},
            )
        return wait


class LoyverseClient(Collections):
    """A synchronous client for the Loyverse API.

    >>> from loyverse_client import LoyverseClient
    >>> with LoyverseClient() as client:  # doctest: +SKIP
    ...     for customer in client.customers.iterate():
    ...         print(customer.id, customer.email)

    ``access_token`` falls back to ``LOYVERSE_ACCESS_TOKEN``. An app acting for a merchant gives
    ``oauth=OAuthSession(...)`` instead (``loyverse_client.oauth``): the client then refreshes the
    merchant's token before it expires and after a 401. Settings are keyword-only:
    ``base_url`` (default: ``LOYVERSE_BASE_URL`` when set, else ``https://api.loyverse.com/v1.0``;
    plain http only for localhost), ``timeout`` (default 30; see below), ``max_retries`` (extra
    attempts after a retryable failure; default 2), ``rate_limit`` (client-side pacing; default
    Loyverse's 300 requests per 300 s, ``None`` to turn it off), ``http_client`` (an
    ``httpx.Client`` of yours, for proxies or mounts: used as given and never closed by this
    client) and ``clock`` (where the time comes from and how waits are done: default the real
    clock; ``loyverse_client.testing.FakeClock`` makes retries and pacing instant in tests).

    ``timeout`` in seconds bounds every single network wait (connect, write, each read, the pool)
    and each attempt in all: once ``timeout`` seconds have passed since an attempt started, the
    rest of a slowly arriving answer is not waited for (``APITimeoutError``, retried like any
    timeout). A read already waiting is not interrupted, so an attempt ends within about
    ``2 * timeout``. An ``httpx.Timeout`` bounds the single waits only.

    One connection pool serves every request. Close the client (or use ``with``) when done; a
    closed client cannot be reopened.
    """

    def __init__(
        self,
        access_token: str | None = None,
        *,
        oauth: OAuthSession | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout = _core.DEFAULT_TIMEOUT,
        max_retries: int = _core.DEFAULT_MAX_RETRIES,
        rate_limit: RateLimit | None = RateLimit(),  # noqa: B008 - frozen, shared safely
        http_client: httpx.Client | None = None,
        clock: Clock | None = None,
    ) -> None:
        if http_client is not None and not isinstance(http_client, httpx.Client):
            raise TypeError(
                f"http_client must be an httpx.Client, got {type(http_client).__name__}"
            )
        self._settings = _Settings(
            access_token, oauth, base_url, timeout, max_retries, rate_limit, clock
        )
        self._owns_http = http_client is None
        self._http = http_client if http_client is not None else httpx.Client()
        self._closed = False
        self.customers = Customers(self)
        """The Customers API: ``list``, ``iterate``, ``get_by_id``, ``create``, ..."""

    @property
    def base_url(self) -> str:
        return self._settings.base_url

    def __repr__(self) -> str:
        return f"LoyverseClient(base_url={self.base_url!r})"

    def close(self) -> None:
        """Close the connection pool (unless it was given as ``http_client``). Idempotent."""
        if not self._closed:
            self._closed = True
            if self._owns_http:
                self._http.close()

    def __enter__(self) -> Self:
        _check_open(self._closed, self)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def userinfo(self) -> UserInfo:
        """OpenID: the merchant account behind the token (``GET https://api.loyverse.com/userinfo``;
        an OAuth token needs ``Scope.OPENID``)."""
        from loyverse_models.oauth import UserInfo

        return self._request(USERINFO_CALL, UserInfo)

    def _request(self, call: Call, model: type[ModelT]) -> ModelT:
        return _core.parse_response(call, self._send(call), model)

    def _send(self, call: Call) -> httpx.Response:
        settings, retries, maybe_done, stale = self._settings, 0, False, None
        while True:
            _check_open(self._closed, self)
            _check_stop()
            token = None if settings.oauth is None else settings.oauth.sync_token(self._http, stale)
            request = settings.build(self._http, call, token)
            self._pace(call)
            try:
                failure: Failure = self._receive(request)
            except httpx.RequestError as exc:
                failure = exc
            finally:
                if settings.pacer is not None:
                    settings.pacer.release(settings.clock.monotonic())
            if isinstance(failure, httpx.Response) and failure.is_success:
                return failure
            if settings.reauthorize(call, failure, token, stale):
                stale = token
                continue
            delay = settings.next_delay(call, failure, retries)
            if delay is None:
                raise settings.give_up(call, failure, retries, maybe_done) from _cause(failure)
            maybe_done = maybe_done or _core.may_have_been_processed(failure)
            _wait(settings.clock, delay)
            retries += 1

    def _receive(self, request: httpx.Request) -> httpx.Response:
        """The response to ``request``, its body read in full within the attempt's deadline."""
        deadline = self._settings.deadline()
        response = self._http.send(request, stream=True)
        try:
            if deadline is not None and isinstance(response.stream, httpx.SyncByteStream):
                response.stream = _Deadline(response.stream, deadline, self._settings)
            response.read()
        finally:
            response.close()
        return response

    def _pace(self, call: Call) -> None:
        while (wait := self._settings.pacing_wait(call)) > 0:
            _wait(self._settings.clock, wait)


class AsyncLoyverseClient(Collections):
    """The asynchronous twin of ``LoyverseClient``: same settings, same behaviour, awaitable.

    >>> from loyverse_client import AsyncLoyverseClient
    >>> async with AsyncLoyverseClient() as client:  # doctest: +SKIP
    ...     async for customer in client.customers.iterate():
    ...         print(customer.id)

    ``http_client`` is an ``httpx.AsyncClient``. Close with ``await client.aclose()`` or
    ``async with``.
    """

    def __init__(
        self,
        access_token: str | None = None,
        *,
        oauth: OAuthSession | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout = _core.DEFAULT_TIMEOUT,
        max_retries: int = _core.DEFAULT_MAX_RETRIES,
        rate_limit: RateLimit | None = RateLimit(),  # noqa: B008 - frozen, shared safely
        http_client: httpx.AsyncClient | None = None,
        clock: Clock | None = None,
    ) -> None:
        if http_client is not None and not isinstance(http_client, httpx.AsyncClient):
            raise TypeError(
                f"http_client must be an httpx.AsyncClient, got {type(http_client).__name__}"
            )
        self._settings = _Settings(
            access_token, oauth, base_url, timeout, max_retries, rate_limit, clock
        )
        self._owns_http = http_client is None
        self._http = http_client if http_client is not None else httpx.AsyncClient()
        self._closed = False
        self.customers = AsyncCustomers(self)
        """The Customers API, awaitable: ``await list(...)``, ``async for ... in iterate()``."""

    @property
    def base_url(self) -> str:
        return self._settings.base_url

    def __repr__(self) -> str:
        return f"AsyncLoyverseClient(base_url={self.base_url!r})"

    async def aclose(self) -> None:
        """Close the connection pool (unless it was given as ``http_client``). Idempotent."""
        if not self._closed:
            self._closed = True
            if self._owns_http:
                await self._http.aclose()

    async def __aenter__(self) -> Self:
        _check_open(self._closed, self)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def userinfo(self) -> UserInfo:
        """OpenID: the merchant account behind the token (see ``LoyverseClient.userinfo``)."""
        from loyverse_models.oauth import UserInfo

        return await self._request(USERINFO_CALL, UserInfo)

    async def _request(self, call: Call, model: type[ModelT]) -> ModelT:
        return _core.parse_response(call, await self._send(call), model)

    async def _send(self, call: Call) -> httpx.Response:
        settings, retries, maybe_done, stale = self._settings, 0, False, None
        while True:
            _check_open(self._closed, self)
            oauth = settings.oauth
            token = None if oauth is None else await oauth.async_token(self._http, stale)
            request = settings.build(self._http, call, token)
            await self._pace(call)
            try:
                failure: Failure = await self._receive(request)
            except httpx.RequestError as exc:
                failure = exc
            finally:
                if settings.pacer is not None:
                    settings.pacer.release(settings.clock.monotonic())
            if isinstance(failure, httpx.Response) and failure.is_success:
                return failure
            if settings.reauthorize(call, failure, token, stale):
                stale = token
                continue
            delay = settings.next_delay(call, failure, retries)
            if delay is None:
                raise settings.give_up(call, failure, retries, maybe_done) from _cause(failure)
            maybe_done = maybe_done or _core.may_have_been_processed(failure)
            await settings.clock.asleep(delay)
            retries += 1

    async def _receive(self, request: httpx.Request) -> httpx.Response:
        """The response to ``request``, its body read in full within the attempt's deadline."""
        deadline = self._settings.deadline()
        response = await self._http.send(request, stream=True)
        try:
            if deadline is not None and isinstance(response.stream, httpx.AsyncByteStream):
                response.stream = _AsyncDeadline(response.stream, deadline, self._settings)
            await response.aread()
        finally:
            await response.aclose()
        return response

    async def _pace(self, call: Call) -> None:
        while (wait := self._settings.pacing_wait(call)) > 0:
            await self._settings.clock.asleep(wait)


def _link(oauth: OAuthSession, settings: _Settings) -> _Link:
    from .oauth import OAuthSession, _Link  # here: only apps need it

    if not isinstance(oauth, OAuthSession):
        raise TypeError(f"oauth must be an OAuthSession, got {type(oauth).__name__}")
    return _Link(oauth, settings.host_url, settings.timeout, settings.clock)


def _check_open(closed: bool, client: LoyverseClient | AsyncLoyverseClient) -> None:
    if closed:
        raise LoyverseError(f"{type(client).__name__} is closed; create a new client")
    if client._http.is_closed:
        raise LoyverseError(f"the http_client given to {type(client).__name__} has been closed")


def _check_stop() -> None:
    """Give up in a worker of a concurrent walk that is ending (``_concurrent``)."""
    stop = STOP.get()
    if stop is not None and stop.is_set():
        raise Stopped


def _wait(clock: Clock, seconds: float) -> None:
    """``clock.sleep``; in a worker of a concurrent walk, cut short when the walk ends."""
    stop = STOP.get()
    if stop is not None and isinstance(clock, _SystemClock):
        stop.wait(seconds)
    else:
        clock.sleep(seconds)
    _check_stop()


def _cause(failure: Failure) -> BaseException | None:
    return failure if isinstance(failure, BaseException) else None


class _Deadline(httpx.SyncByteStream):
    """A response body that fails with ``httpx.ReadTimeout`` once the attempt's deadline passed."""

    def __init__(self, body: httpx.SyncByteStream, deadline: float, settings: _Settings) -> None:
        self._body, self._deadline, self._settings = body, deadline, settings

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._body:
            _check_deadline(self._deadline, self._settings)
            yield chunk

    def close(self) -> None:
        self._body.close()


class _AsyncDeadline(httpx.AsyncByteStream):
    """``_Deadline`` for the async client."""

    def __init__(self, body: httpx.AsyncByteStream, deadline: float, settings: _Settings) -> None:
        self._body, self._deadline, self._settings = body, deadline, settings

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._body:
            _check_deadline(self._deadline, self._settings)
            yield chunk

    async def aclose(self) -> None:
        await self._body.aclose()


def _check_deadline(deadline: float, settings: _Settings) -> None:
    if settings.clock.monotonic() > deadline:
        # httpx's own exception, so that it is retried and reported like any other read timeout.
        raise httpx.ReadTimeout(
            f"the response was still arriving when timeout={settings.total_timeout:g} s ran out"
        )
