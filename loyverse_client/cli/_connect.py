"""Which Loyverse a command talks to: the real API (``--token``, ``--base-url``) or, with
``--demo``, the built-in fake holding the demo's sample customers.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TextIO

import httpx

from loyverse_client import LoyverseClient
from loyverse_client._core import TOKEN_ENV_VAR
from loyverse_client.errors import LoyverseError

from ._errors import UsageError
from ._status import StatusLine, waits_shown

if TYPE_CHECKING:
    from loyverse_client.testing import FakeLoyverse

__all__ = [
    "DEMO_CURSOR_SECRET",
    "DEMO_CUSTOMERS",
    "DEMO_SEED",
    "ClientFactory",
    "Session",
    "demo_client",
    "demo_fake",
    "network_client",
]

DEMO_CUSTOMERS = 120
DEMO_SEED = 1
"""The demo's sample customers: the same 120 every time, so its ids work with ``--demo``."""
DEMO_CURSOR_SECRET = b"loyverse --demo"
"""Signs the demo's cursors: the same in every process, so a printed ``--cursor`` works again."""


class ClientFactory(Protocol):
    """Builds the client for ``--token`` and ``--base-url`` (``None`` when not given)."""

    def __call__(self, *, token: str | None, base_url: str | None) -> LoyverseClient: ...


def network_client(*, token: str | None, base_url: str | None) -> LoyverseClient:
    """A client of the real API; the token comes from ``--token`` or ``LOYVERSE_ACCESS_TOKEN``,
    the base URL from ``--base-url`` or ``LOYVERSE_BASE_URL``."""
    token = token or os.environ.get(TOKEN_ENV_VAR) or None
    if token is None:
        raise UsageError(
            f"no access token: set the {TOKEN_ENV_VAR} environment variable (Loyverse Back "
            "Office > Integrations > Access tokens) or pass --token; to try the command without "
            "one, add --demo"
        )
    try:
        # Without --base-url, the client reads LOYVERSE_BASE_URL itself, else the real API.
        return LoyverseClient(token, base_url=base_url or None)
    except LoyverseError as exc:  # a malformed token; the message never contains it
        raise UsageError(str(exc)) from None
    except ValueError as exc:  # a bad URL; from the environment, the message names the variable
        raise UsageError(f"--base-url: {exc}" if base_url else str(exc)) from None


def demo_fake() -> FakeLoyverse:
    """An in-memory Loyverse account: the demo's customers, a sample shop, stable cursors."""
    from loyverse_client.testing import FakeLoyverse

    fake = FakeLoyverse(cursor_secret=DEMO_CURSOR_SECRET)
    fake.add_sample_customers(DEMO_CUSTOMERS, seed=DEMO_SEED)
    # The rest of a small shop (its own few customers aside), so that every command has data.
    fake.add_sample_shop(DEMO_SEED, resources=[r for r in fake.resources if r != "customers"])
    return fake


@contextmanager
def demo_client(fake: FakeLoyverse) -> Iterator[LoyverseClient]:
    """A client of ``fake``, closed (connection pool included) on exit."""
    with httpx.Client(transport=fake.transport) as http, fake.client(http_client=http) as client:
        yield client


@dataclass(frozen=True)
class Session:
    """What a command runs with: its arguments, its streams, the way to its client and the
    status line on ``err``."""

    args: argparse.Namespace
    out: TextIO
    err: TextIO
    stdin: TextIO
    factory: ClientFactory
    status: StatusLine

    @contextmanager
    def client(self) -> Iterator[LoyverseClient]:
        """The client the global options ask for, closed on exit; its waits show on ``status``."""
        with waits_shown(self.status):
            if self.args.demo:
                with demo_client(demo_fake()) as client:
                    yield client
            else:
                with self.factory(token=self.args.token, base_url=self.args.base_url) as client:
                    yield client
