"""Pacing: 5,000 customers at 50 per page (100 requests) from a server that answers 429 above 20
requests per 2 s, with the client's limiter set to the same limit.

The fake (``FakeLoyverse(rate_limit=(20, 2.0))``, real clock) is served over loopback HTTP by
``FakeLoyverseServer`` from a thread of this process; a response hook on the client's
``httpx.Client`` counts every 429. The theoretical minimum is 4 waits of 2 s (bursts at t = 0, 2,
4, 6, 8) plus the time of one burst of 20 requests, measured here on the same server first. Then
the same walk by 8 concurrent windows (``iterate(concurrency=8)``), which the one pacer must keep
as clear of 429s and as close to the minimum (the same minimum: the rate, not the round trips,
bounds this walk). Then the same walk without the limiter (``rate_limit=None``) shows what
retries alone do. This one really waits: about 35 s in all.

    python benchmarks/bench_pacing.py
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Iterator
from pathlib import Path

# Measure the checkout this script lives in, whatever the environment has installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx

from loyverse_client import CustomerQuery, LoyverseClient, RateLimit, RateLimitError
from loyverse_client.testing import FakeLoyverse, FakeLoyverseServer

CUSTOMERS = 5_000
PAGE_SIZE = 50
REQUESTS = CUSTOMERS // PAGE_SIZE
LIMIT = 20
PER_SECONDS = 2.0
TARGET = 1.15
UNPACED_MAX_RETRIES = 10
CONCURRENCY = 8


class Counter:
    """Counts the responses the client receives, by status."""

    def __init__(self) -> None:
        self.responses = 0
        self.rate_limited = 0

    def __call__(self, response: httpx.Response) -> None:
        self.responses += 1
        if response.status_code == 429:
            self.rate_limited += 1


@contextlib.contextmanager
def client(
    server: FakeLoyverseServer,
    counter: Counter,
    rate_limit: RateLimit | None,
    max_retries: int | None = None,
) -> Iterator[LoyverseClient]:
    """An SDK client for the server, counting responses; ``max_retries=None`` keeps the default."""
    token, url = server.fake.access_token, server.base_url
    with httpx.Client(event_hooks={"response": [counter]}) as http:
        if max_retries is None:
            sdk = LoyverseClient(token, base_url=url, http_client=http, rate_limit=rate_limit)
        else:
            sdk = LoyverseClient(
                token,
                base_url=url,
                http_client=http,
                rate_limit=rate_limit,
                max_retries=max_retries,
            )
        with sdk:
            yield sdk


def walk(sdk: LoyverseClient, concurrency: int = 1) -> int:
    query = CustomerQuery(limit=PAGE_SIZE)
    return sum(1 for _ in sdk.customers.iterate(query, concurrency=concurrency))


def main() -> int:
    fake = FakeLoyverse(rate_limit=(LIMIT, PER_SECONDS), clock=time.monotonic)
    fake.add_sample_customers(CUSTOMERS, seed=0)
    limit = RateLimit(requests=LIMIT, per_seconds=PER_SECONDS)
    with FakeLoyverseServer(fake) as server:
        # One burst: the most the server allows at once, timed; then let its window empty.
        counter = Counter()
        with client(server, counter, rate_limit=None, max_retries=0) as sdk:
            started = time.perf_counter()
            for _ in range(LIMIT):
                sdk.customers.list(CustomerQuery(limit=PAGE_SIZE))
            burst = time.perf_counter() - started
        if counter.rate_limited:
            raise RuntimeError("the calibration burst met a 429; is the server shared?")
        time.sleep(PER_SECONDS + 0.2)

        paced = Counter()
        with client(server, paced, rate_limit=limit) as sdk:
            started = time.perf_counter()
            seen = walk(sdk)
            elapsed = time.perf_counter() - started
        if seen != CUSTOMERS:
            raise RuntimeError(f"the paced walk saw {seen} customers, expected {CUSTOMERS}")
        time.sleep(PER_SECONDS + 0.2)

        concurrent = Counter()
        with client(server, concurrent, rate_limit=limit) as sdk:
            started = time.perf_counter()
            concurrent_seen = walk(sdk, CONCURRENCY)
            concurrent_elapsed = time.perf_counter() - started
        if concurrent_seen != CUSTOMERS:
            raise RuntimeError(f"the concurrent walk saw {concurrent_seen} customers")
        time.sleep(PER_SECONDS + 0.2)

        unpaced = Counter()
        with client(server, unpaced, rate_limit=None, max_retries=UNPACED_MAX_RETRIES) as sdk:
            started = time.perf_counter()
            unpaced_seen = walk(sdk)
            unpaced_elapsed = time.perf_counter() - started
        time.sleep(PER_SECONDS + 0.2)

        default_retries = Counter()
        with client(server, default_retries, rate_limit=None) as sdk:
            started = time.perf_counter()
            try:
                walk(sdk)
                default_outcome = "finished"
            except RateLimitError:
                default_outcome = "raised RateLimitError"
            default_elapsed = time.perf_counter() - started

    bursts = -(-REQUESTS // LIMIT)
    minimum = (bursts - 1) * PER_SECONDS + burst
    ratio = elapsed / minimum
    status = "PASS" if paced.rate_limited == 0 and ratio <= TARGET else "MISS"
    print(
        f"bench_pacing: {CUSTOMERS:,} customers at {PAGE_SIZE} per page ({REQUESTS} requests) "
        f"from the fake over loopback HTTP, limited to {LIMIT} requests per {PER_SECONDS:g} s"
    )
    print(
        f"  minimum: {bursts - 1} x {PER_SECONDS:g} s + one burst of {LIMIT} requests "
        f"({burst:.2f} s, measured) = {minimum:.2f} s"
    )
    print(
        f"  limiter RateLimit({LIMIT}, {PER_SECONDS:g}): {paced.responses} responses, "
        f"{paced.rate_limited} x 429, {elapsed:.2f} s = {ratio:.3f}x the minimum  "
        f"target: 0 x 429 and <= {TARGET:.2f}x  {status}"
    )
    concurrent_ratio = concurrent_elapsed / minimum
    concurrent_status = (
        "PASS" if concurrent.rate_limited == 0 and concurrent_ratio <= TARGET else "MISS"
    )
    print(
        f"  limiter, iterate(concurrency={CONCURRENCY}): {concurrent.responses} responses, "
        f"{concurrent.rate_limited} x 429, {concurrent_elapsed:.2f} s = {concurrent_ratio:.3f}x "
        f"the minimum  target: 0 x 429 and <= {TARGET:.2f}x  {concurrent_status}"
    )
    print(
        f"  no limiter, max_retries={UNPACED_MAX_RETRIES}: {unpaced_seen:,} customers, "
        f"{unpaced.responses} responses, {unpaced.rate_limited} x 429, "
        f"{unpaced_elapsed:.2f} s = {unpaced_elapsed / minimum:.2f}x the minimum"
    )
    print(
        f"  no limiter, default max_retries: {default_outcome} after "
        f"{default_retries.responses} responses ({default_retries.rate_limited} x 429), "
        f"{default_elapsed:.2f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
