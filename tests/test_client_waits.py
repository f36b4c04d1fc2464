"""Waits a user can see: pacing and retry waits are logged with their length."""

from __future__ import annotations

import asyncio
import logging

import pytest

from loyverse_client import RateLimit
from tests.helpers import FakeTime, Recorder, customer, json_response, loyverse_error

LOGGER = "loyverse_client"


def _waits(caplog: pytest.LogCaptureFixture) -> list[tuple[str, float]]:
    return [
        (record.getMessage(), record.__dict__["loyverse_wait"])
        for record in caplog.records
        if record.name == LOGGER and hasattr(record, "loyverse_wait")
    ]


def test_a_pacing_wait_over_a_second_is_logged_with_its_seconds(
    fake_time: FakeTime, caplog: pytest.LogCaptureFixture
) -> None:
    server = Recorder(*(json_response(200, customer(str(i))) for i in range(3)))
    limit = RateLimit(requests=2, per_seconds=30)
    with caplog.at_level(logging.INFO, logger=LOGGER), server.client(rate_limit=limit) as client:
        for i in range(3):
            client.customers.get_by_id(str(i))
    assert fake_time.sleeps == [30.0]
    (record,) = caplog.records
    assert record.levelno == logging.INFO
    assert record.getMessage() == (
        "GET /customers/2 waits 30.00 s: the client keeps to 2 requests per 30 s (rate_limit)"
    )
    wait = record.__dict__["loyverse_wait"]
    assert isinstance(wait, float)
    assert wait == 30.0


def test_pacing_waits_of_a_second_or_less_are_not_logged(
    fake_time: FakeTime, caplog: pytest.LogCaptureFixture
) -> None:
    server = Recorder(*(json_response(200, customer(str(i))) for i in range(4)))
    limit = RateLimit(requests=1, per_seconds=1)
    with caplog.at_level(logging.DEBUG, logger=LOGGER), server.client(rate_limit=limit) as client:
        for i in range(4):
            client.customers.get_by_id(str(i))
    assert fake_time.sleeps == [1.0, 1.0, 1.0]
    assert caplog.records == []


def test_every_retry_wait_is_logged_with_its_seconds(
    fake_time: FakeTime, caplog: pytest.LogCaptureFixture
) -> None:
    server = Recorder(
        loyverse_error(503, "INTERNAL_SERVER_ERROR"),
        json_response(429, {}, **{"Retry-After": "12"}),
        json_response(200, customer("a")),
    )
    with caplog.at_level(logging.INFO, logger=LOGGER), server.client() as client:
        client.customers.get_by_id("a")
    assert _waits(caplog) == [
        ("GET /customers/a got 503 Service Unavailable; retry 1 of 2 in 0.50 s", 0.5),
        ("GET /customers/a got 429 Too Many Requests; retry 2 of 2 in 12.00 s", 12.0),
    ]


def test_the_async_client_logs_its_waits_alike(
    fake_time: FakeTime, caplog: pytest.LogCaptureFixture
) -> None:
    server = Recorder(
        json_response(200, customer("a")),
        loyverse_error(500, "INTERNAL_ERROR"),
        json_response(200, customer("b")),
    )

    async def main() -> None:
        limit = RateLimit(requests=1, per_seconds=5)
        async with server.async_client(rate_limit=limit) as client:
            await client.customers.get_by_id("a")
            await client.customers.get_by_id("b")

    with caplog.at_level(logging.INFO, logger=LOGGER):
        asyncio.run(main())
    assert _waits(caplog) == [
        ("GET /customers/b waits 5.00 s: the client keeps to 1 requests per 5 s (rate_limit)", 5.0),
        ("GET /customers/b got 500 Internal Server Error; retry 1 of 2 in 0.50 s", 0.5),
        ("GET /customers/b waits 4.50 s: the client keeps to 1 requests per 5 s (rate_limit)", 4.5),
    ]
