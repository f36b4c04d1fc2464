"""``FakeClock``: a clock whose waits take no time, for the clients and the fake Loyverse alike."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

__all__ = ["FakeClock"]


class FakeClock:
    """Time that moves only when something waits (or when a test calls ``advance``).

    Give it to a client (``LoyverseClient(clock=FakeClock())``; ``FakeLoyverse.client()`` does so
    with the fake's own clock): a retry's backoff or a pacing wait returns at once and moves the
    clock forward by as much, and the fake's rate-limit window moves with it. ``slept`` lists every
    wait, in order. It is also a plain callable returning ``monotonic()``.
    """

    def __init__(self, start: datetime | None = None) -> None:
        self._lock = threading.Lock()
        self._seconds = 0.0
        self._start = start or datetime.now(timezone.utc)
        self.slept: list[float] = []
        """Every wait asked of the clock, in seconds."""

    def __repr__(self) -> str:
        return f"<FakeClock at +{self._seconds:g} s>"

    def __call__(self) -> float:
        return self.monotonic()

    def monotonic(self) -> float:
        """Seconds since the clock was made, waits included."""
        with self._lock:
            return self._seconds

    def now(self) -> datetime:
        """The aware time: when the clock was made, plus every wait since."""
        return self._start + timedelta(seconds=self.monotonic())

    def advance(self, seconds: float) -> None:
        """Move time forward, as if ``seconds`` had passed."""
        if not seconds >= 0:
            raise ValueError(f"time only moves forward: got {seconds!r}")
        with self._lock:
            self._seconds += seconds

    def sleep(self, seconds: float) -> None:
        """Wait without waiting: record it, move the clock."""
        self.slept.append(seconds)
        self.advance(max(seconds, 0.0))

    async def asleep(self, seconds: float) -> None:
        """The async ``sleep``: as instant."""
        self.sleep(seconds)
