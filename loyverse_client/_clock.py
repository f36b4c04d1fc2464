"""``Clock``: where a client gets the time and how it waits, so tests can make both instant.

A client waits before a retry (backoff, ``Retry-After``) and when pacing keeps it under the rate
limit. By default it uses the real clock. ``LoyverseClient(clock=...)`` takes any object with
these four methods; ``loyverse_client.testing.FakeClock`` is one whose ``sleep`` only moves its
time forward, and the fake Loyverse's clients use it, so a test of a retry finishes at once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

__all__ = ["Clock"]


class Clock(Protocol):
    """The time and the waits of a client."""

    def monotonic(self) -> float:
        """Seconds on a clock that never goes back (pacing windows and deadlines)."""
        ...

    def now(self) -> datetime:
        """The aware current time (to read an HTTP-date ``Retry-After``)."""
        ...

    def sleep(self, seconds: float) -> None:
        """Wait, in the sync client."""
        ...

    async def asleep(self, seconds: float) -> None:
        """Wait, in the async client."""
        ...
