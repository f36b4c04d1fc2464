"""Client-side pacing, so that a long walk stays under Loyverse's limit instead of meeting 429s.

Loyverse allows 300 requests per 300 seconds per account. ``RateLimit`` describes such a window;
``Pacer`` keeps one for a client and tells the caller how long to wait before the next request.

The window counts a request from the moment its response *arrived*, not from when it was sent: the
server saw it somewhere in between, so counting from the later moment can never let the client get
ahead of the server's own window. A request still in flight holds a slot until it completes.
``Pacer`` has no I/O and takes the time as an argument; the clients supply the clock and the sleep.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass

__all__ = ["Pacer", "RateLimit"]

_POLL_SECONDS = 0.05
"""How often to look again when every slot is held by a request still in flight."""


@dataclass(frozen=True)
class RateLimit:
    """At most ``requests`` requests in any ``per_seconds`` window (default: Loyverse's limit).

    The whole allowance may be used as a burst. Pass ``rate_limit=None`` to a client to turn
    pacing off, for example when several processes share the account and pace themselves.
    """

    requests: int = 300
    per_seconds: float = 300.0

    def __post_init__(self) -> None:
        if (
            isinstance(self.requests, bool)
            or not isinstance(self.requests, int)
            or self.requests < 1
        ):
            raise ValueError(f"RateLimit.requests must be a positive int, got {self.requests!r}")
        if isinstance(self.per_seconds, bool) or not isinstance(self.per_seconds, (int, float)):
            raise ValueError(f"RateLimit.per_seconds must be a number, got {self.per_seconds!r}")
        if not self.per_seconds > 0:
            raise ValueError(f"RateLimit.per_seconds must be positive, got {self.per_seconds!r}")


class Pacer:
    """A sliding window of recent requests, shared by every thread or task of one client.

    Call ``reserve(now)``: ``0.0`` means a slot is yours, go; a positive number is how long to wait
    before asking again. Call ``release(now)`` exactly once when a reserved request has completed.
    """

    def __init__(self, limit: RateLimit) -> None:
        self.limit = limit
        self._completed: deque[float] = deque()
        self._in_flight = 0
        self._lock = threading.Lock()

    def reserve(self, now: float) -> float:
        with self._lock:
            window_start = self._forget_before(now)
            if len(self._completed) + self._in_flight < self.limit.requests:
                self._in_flight += 1
                return 0.0
            if self._completed:
                return max(self._completed[0] - window_start, 1e-6)
            return _POLL_SECONDS

    def free(self, now: float) -> int:
        """How many requests could be sent at once now, without waiting."""
        with self._lock:
            self._forget_before(now)
            return max(self.limit.requests - len(self._completed) - self._in_flight, 0)

    def _forget_before(self, now: float) -> float:
        """Drop the requests that left the window ending ``now``; returns its start."""
        window_start = now - self.limit.per_seconds
        while self._completed and self._completed[0] <= window_start:
            self._completed.popleft()
        return window_start

    def release(self, now: float) -> None:
        with self._lock:
            self._in_flight -= 1
            self._completed.append(now)
