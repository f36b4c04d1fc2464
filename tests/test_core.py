"""The pure rules behind the clients, as tables: retry decisions and delays, pacing."""

from __future__ import annotations

from datetime import datetime, timezone

import httpx
import pytest

from loyverse_client import RateLimit
from loyverse_client._core import (
    RETRY_AFTER_CAP,
    Call,
    Replay,
    delay_before_retry,
    is_retryable,
    retry_delay,
)
from loyverse_client._rate_limit import Pacer

READ = Call("GET", "customers")
CREATE = Call("POST", "customers", body={"name": "x"}, replay=Replay.NOT_IF_RECEIVED)
NOW = datetime(2024, 5, 1, 12, 0, 0, tzinfo=timezone.utc)


def _status(code: int) -> httpx.Response:
    return httpx.Response(code)


@pytest.mark.parametrize(
    ("failure", "read", "create"),
    [
        (_status(400), False, False),
        (_status(401), False, False),
        (_status(404), False, False),
        (_status(408), True, False),
        (_status(429), True, True),
        (_status(500), True, False),
        (_status(503), True, False),
        (httpx.ConnectError("refused"), True, True),
        (httpx.ConnectTimeout("slow connect"), True, True),
        (httpx.PoolTimeout("no free connection"), True, True),
        (httpx.ReadTimeout("slow answer"), True, False),
        (httpx.WriteTimeout("slow upload"), True, False),
        (httpx.ReadError("reset"), True, False),
        (httpx.RemoteProtocolError("closed mid-response"), True, False),
        (httpx.LocalProtocolError("bad header"), False, False),
        (httpx.UnsupportedProtocol("gopher"), False, False),
        (httpx.DecodingError("bad gzip"), False, False),
    ],
)
def test_what_is_retried(
    failure: httpx.Response | httpx.RequestError, read: bool, create: bool
) -> None:
    assert is_retryable(READ, failure) is read
    assert is_retryable(CREATE, failure) is create


@pytest.mark.parametrize(
    ("retries_done", "jitter", "expected"),
    [
        (0, 0.0, 0.5),
        (1, 0.0, 1.0),
        (2, 0.0, 2.0),
        (3, 0.0, 4.0),
        (4, 0.0, 8.0),
        (9, 0.0, 8.0),
        (0, 1.0, 0.375),
        (4, 0.5, 7.0),
    ],
)
def test_backoff(retries_done: int, jitter: float, expected: float) -> None:
    assert retry_delay(retries_done, None, now=NOW, jitter=jitter) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("0", 0.0),
        ("2.5", 2.5),
        ("60", 60.0),
        ("60.5", None),  # beyond the cap: give up now rather than fail after waiting
        ("3600", None),
        ("Wed, 01 May 2024 12:00:20 GMT", 20.0),
        ("Wed, 01 May 2024 11:00:00 GMT", 0.0),  # already past: go now
        ("Wed, 01 May 2024 12:01:00 GMT", 60.0),
        ("Wed, 01 May 2024 13:00:00 GMT", None),
        ("-5", 0.0),
        ("soon", 1.0),  # unreadable: ignored, the backoff applies
        ("nan", 1.0),
    ],
)
def test_retry_after(header: str, expected: float | None) -> None:
    delay = retry_delay(1, header, now=NOW, jitter=0.0)
    assert delay == (None if expected is None else pytest.approx(expected))


def _asking(status: int, retry_after: str | None) -> httpx.Response:
    headers = {} if retry_after is None else {"Retry-After": retry_after}
    return httpx.Response(status, headers=headers)


@pytest.mark.parametrize(
    ("call", "failure", "retries_done", "expected"),
    [
        (READ, _asking(429, None), 0, 0.5),
        (READ, _asking(429, "7"), 0, 7.0),
        (READ, _asking(429, "60"), 1, 60.0),
        (READ, _asking(429, "3600"), 0, None),  # asks for too long: give up at once
        (READ, _asking(503, "3600"), 0, None),
        (READ, _asking(408, "61"), 0, None),
        (CREATE, _asking(429, "5"), 0, 5.0),
        (CREATE, _asking(429, "3600"), 0, None),
        (CREATE, _asking(503, "1"), 0, None),  # a create is never repeated after a 5xx
        (READ, _asking(404, "1"), 0, None),  # not retryable, whatever it asks
        (READ, _asking(429, "1"), 2, None),  # the attempts are spent
        (READ, httpx.ConnectError("refused"), 1, 1.0),
    ],
)
def test_the_retry_decision(
    call: Call, failure: httpx.Response | httpx.RequestError, retries_done: int, expected: float
) -> None:
    delay = delay_before_retry(
        call, failure, retries_done=retries_done, max_retries=2, now=NOW, jitter=0.0
    )
    assert delay == expected


def test_the_retry_after_cap_is_a_minute() -> None:
    assert RETRY_AFTER_CAP == 60.0


def test_the_pacer_allows_a_burst_then_spaces_requests_by_completion_time() -> None:
    pacer = Pacer(RateLimit(requests=3, per_seconds=8))
    for t in (0.0, 0.25, 0.5):
        assert pacer.reserve(t) == 0.0
        pacer.release(t + 0.5)  # each answer takes half a second: done at 0.5, 0.75, 1.0
    # the window is full until the first answer (t=0.5) is 8 s old
    assert pacer.reserve(1.0) == 7.5
    assert pacer.reserve(8.5) == 0.0
    pacer.release(8.75)
    assert pacer.reserve(8.625) == 0.125  # until the answer at 0.75 expires
    assert pacer.reserve(8.75) == 0.0


def test_requests_in_flight_hold_their_slot() -> None:
    pacer = Pacer(RateLimit(requests=2, per_seconds=1))
    assert pacer.reserve(0.0) == 0.0
    assert pacer.reserve(0.0) == 0.0
    wait = pacer.reserve(5.0)  # both still in flight, whatever the time
    assert 0 < wait <= 0.05
    pacer.release(5.0)
    assert pacer.reserve(5.0) > 0  # the finished one still counts for a second
    assert pacer.reserve(6.0) == 0.0


def test_free_counts_the_slots_in_flight_and_in_the_window() -> None:
    pacer = Pacer(RateLimit(requests=3, per_seconds=2))
    assert pacer.free(0.0) == 3
    assert pacer.reserve(0.0) == 0.0
    assert pacer.reserve(0.0) == 0.0
    assert pacer.free(0.0) == 1  # two in flight
    pacer.release(0.5)
    assert pacer.free(1.0) == 1  # done at 0.5: still in the window
    assert pacer.free(2.5) == 2  # out of the window; one still in flight
    assert pacer.reserve(2.5) == 0.0
    assert pacer.reserve(2.5) == 0.0
    assert pacer.free(2.5) == 0


def test_the_default_rate_limit_is_loyverses() -> None:
    assert RateLimit() == RateLimit(requests=300, per_seconds=300)
