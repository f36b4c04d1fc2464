"""What the OAuth tests share: an app registered with a fake Loyverse, a merchant connected to it,
and a way to run the same scenario on the sync and the async client."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime, timezone
from typing import Any, Literal, TypeVar

import httpx

from loyverse_client import AsyncLoyverseClient, LoyverseClient
from loyverse_client.oauth import OAuthApp, OAuthSession, OAuthToken, Scope
from loyverse_client.testing import FakeClock, FakeLoyverse

CLIENT_ID = "app-7f3c2a"
CLIENT_SECRET = "cs_4b1d9e0a7c2f48e6b3a5d8f1e2c4a6b9"
REDIRECT_URI = "https://app.example.com/loyverse/callback"
START = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
TWELVE_HOURS = 12 * 3600
EVERY_SCOPE = list(Scope)

Mode = Literal["sync", "async"]
T = TypeVar("T")


def account() -> FakeLoyverse:
    """A fake merchant account on a fake clock, with three customers and our app registered."""
    fake = FakeLoyverse(clock=FakeClock(START))
    fake.add_sample_customers(3, seed=5)
    fake.register_app(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI)
    return fake


def app_of(fake: FakeLoyverse, **settings: Any) -> OAuthApp:
    """Our app, reaching the fake's token endpoint, dating tokens on the fake's clock."""
    settings.setdefault("http_client", httpx.Client(transport=fake.transport))
    settings.setdefault("clock", fake.clock)
    return OAuthApp(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, **settings)


def connect(fake: FakeLoyverse, scopes: Iterable[Scope | str] = EVERY_SCOPE) -> OAuthToken:
    """The token of a merchant who consented to ``scopes``."""
    code = fake.authorize(CLIENT_ID, scopes)
    return app_of(fake).exchange_code(code, state="st", expected_state="st")


class Refreshes:
    """An ``on_refresh`` callback that remembers every token it was given."""

    def __init__(self) -> None:
        self.tokens: list[OAuthToken] = []

    def __call__(self, token: OAuthToken) -> None:
        self.tokens.append(token)


def token_requests(fake: FakeLoyverse) -> list[httpx.Request]:
    return [r for r in fake.requests if r.url.path == "/oauth/token"]


def run(
    mode: Mode,
    fake: FakeLoyverse,
    session: OAuthSession,
    sync: Callable[[LoyverseClient], T],
    async_: Callable[[AsyncLoyverseClient], Awaitable[T]],
    **settings: Any,
) -> T:
    """One scenario on a client of ``fake`` with ``oauth=session``: ``sync`` or ``async_``."""
    if mode == "sync":
        with fake.client(oauth=session, **settings) as client:
            return sync(client)

    async def main() -> T:
        async with fake.async_client(oauth=session, **settings) as client:
            return await async_(client)

    return asyncio.run(main())
