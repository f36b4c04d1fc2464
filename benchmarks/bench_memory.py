"""Memory: walking 100,000 customers with ``iterate()`` must not grow peak RSS by more than 15 MB,
nor with ``iterate(concurrency=8)`` by more than 30 MB.

Pages are generated on the fly by an ``httpx.MockTransport`` (400 pages of 250 customers built from
one template with varying ``id`` and ``created_at``, one a second, honouring ``created_at_min``
and ``_max`` so that concurrent windows work; ``cursor`` = where the next page starts), so no
stored data set is counted. Each walk runs in a fresh interpreter: imports, the client and the
first page (the warm-up page) are in the baseline, and the figure is how much the rest of the walk
adds to the peak, by ``getrusage(RUSAGE_SELF).ru_maxrss`` and, in a second walk, by the
``tracemalloc`` peak (Python allocations only). The same walk by a raw httpx loop is shown for
reference.

    python benchmarks/bench_memory.py
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# Measure the checkout this script lives in, whatever the environment has installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import math
from datetime import datetime, timezone

import httpx

from loyverse_client import LoyverseClient

ROOT = Path(__file__).resolve().parents[1]
PAGES = 400
PAGE_SIZE = 250
CUSTOMERS = PAGES * PAGE_SIZE
RUNS = 2  # fresh processes per side
TARGET_MB = 15.0
TARGET_CONCURRENT_MB = 30.0
BASE_URL = "https://api.loyverse.com/v1.0"
TOKEN = "bench-token"

TEMPLATE: dict[str, Any] = {
    "id": "",
    "name": "Wanjiru Mwangi",
    "email": "wanjiru.mwangi42@example.com",
    "phone_number": "+254712345678",
    "address": "17 Uhuru Street",
    "city": "Nairobi",
    "region": "Nairobi County",
    "postal_code": "00100",
    "country_code": "KE",
    "note": "Prefers oat milk",
    "customer_code": "2400123456789",
    "first_visit": "2024-03-02T09:12:45.000Z",
    "last_visit": "2024-04-11T17:03:10.000Z",
    "total_visits": 23,
    "total_spent": 1204.55,
    "total_points": 24.09,
    "permanent_deletion_at": None,
    "created_at": "",
    "updated_at": "2024-04-11T17:05:00.000Z",
    "deleted_at": None,
}
# One customer's JSON with two holes, so that a page costs a few string operations to build: the
# generator must stay cheap next to the walk it feeds (tracemalloc slows everything down).
CUSTOMER_JSON = (
    json.dumps({**TEMPLATE, "id": "@ID@", "created_at": "@CREATED@"}, separators=(",", ":"))
    .replace("%", "%%")
    .replace('"@ID@"', '"00000000-0000-4000-8000-%012d"')
    .replace('"@CREATED@"', '"2024-03-%02dT%02d:%02d:%02d.000Z"')
)
NEWEST = 21 * 86400 + 8 * 3600  # 2024-03-22T08:00:00Z, in seconds since 2024-03-01T00:00:00Z
START = datetime(2024, 3, 1, tzinfo=timezone.utc)
CONCURRENCY = 8


def customer_json(index: int) -> str:
    """Customer ``index`` of the walk: a distinct id, created one second before the previous."""
    day, seconds = divmod(NEWEST - index, 86400)
    hour, seconds = divmod(seconds, 3600)
    return CUSTOMER_JSON % (index, day + 1, hour, *divmod(seconds, 60))


def page_body(start: int, end: int) -> bytes:
    """The page of customers ``start``.. (newest first) of those up to ``end`` (excluded);
    its cursor is where the next page starts."""
    stop = min(start + PAGE_SIZE, end)
    customers = ",".join(customer_json(index) for index in range(start, stop))
    cursor = f',"cursor":"{stop}"' if stop < end else ""
    return f'{{"customers":[{customers}]{cursor}}}'.encode()


def index_of(stamp: str) -> float:
    """The (fractional) index of the customer created at ``stamp``: ``NEWEST`` - seconds."""
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return NEWEST - (moment - START).total_seconds()


def handle(request: httpx.Request) -> httpx.Response:
    # ``created_at_max`` / ``_min`` (inclusive) select indexes, as the API selects times.
    params = request.url.params
    start = (
        max(math.ceil(index_of(params["created_at_max"])), 0) if "created_at_max" in params else 0
    )
    end = CUSTOMERS
    if "created_at_min" in params:
        end = min(math.floor(index_of(params["created_at_min"])) + 1, CUSTOMERS)
    if "cursor" in params:
        start = int(params["cursor"])
    return httpx.Response(
        200,
        headers={"Content-Type": "application/json; charset=utf-8"},
        content=page_body(start, max(start, end)),
    )


def sdk_walk(concurrency: int = 1) -> Iterator[object]:
    with (
        httpx.Client(transport=httpx.MockTransport(handle)) as http,
        LoyverseClient(TOKEN, http_client=http, rate_limit=None) as client,
    ):
        yield from client.customers.iterate(concurrency=concurrency)


def concurrent_walk() -> Iterator[object]:
    return sdk_walk(CONCURRENCY)


def raw_walk() -> Iterator[object]:
    params = {"limit": str(PAGE_SIZE)}
    with httpx.Client(
        transport=httpx.MockTransport(handle), headers={"Authorization": f"Bearer {TOKEN}"}
    ) as http:
        while True:
            response = http.get(f"{BASE_URL}/customers", params=params)
            response.raise_for_status()
            page: dict[str, Any] = json.loads(response.content)
            yield from page["customers"]
            cursor = page.get("cursor")
            if not cursor:
                return
            params = {"limit": str(PAGE_SIZE), "cursor": cursor}


def max_rss_bytes() -> int:
    # Linux reports kilobytes, macOS bytes.
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale


def warm_up(walk: Iterator[object]) -> None:
    """Consume the first page, so that it and everything it needed is in the baseline."""
    for _ in range(PAGE_SIZE):
        next(walk)
    gc.collect()


def rest(walk: Iterator[object]) -> int:
    return PAGE_SIZE + sum(1 for _ in walk)


def child(side: str) -> dict[str, float]:
    """One process: an RSS walk, then a tracemalloc walk; returns the figures."""
    make = {"sdk": sdk_walk, "raw": raw_walk, "concurrent": concurrent_walk}[side]
    walk = make()
    warm_up(walk)
    before = max_rss_bytes()
    started = time.perf_counter()
    count = rest(walk)
    seconds = time.perf_counter() - started
    rss_growth = max_rss_bytes() - before
    if count != CUSTOMERS:
        raise RuntimeError(f"the {side} walk saw {count} customers, expected {CUSTOMERS}")

    tracemalloc.start()
    before_walk, _ = tracemalloc.get_traced_memory()
    walk = make()
    warm_up(walk)
    baseline, _ = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    rest(walk)
    _, peak = tracemalloc.get_traced_memory()
    del walk
    gc.collect()
    retained, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "rss_growth": rss_growth,
        "traced_growth": peak - baseline,
        "traced_retained": retained - before_walk,
        "rss_before": before,
        "seconds": seconds,
    }


def run_children(sides: list[str]) -> list[dict[str, float]]:
    """Runs one child per side at once (2 cores: one each); memory figures do not interfere."""
    processes = [
        subprocess.Popen(
            [sys.executable, __file__, "--child", side],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        for side in sides
    ]
    results = []
    for process in processes:
        output, _ = process.communicate()
        if process.returncode != 0:
            raise RuntimeError(f"a child walk failed with status {process.returncode}")
        results.append(json.loads(output.strip().splitlines()[-1]))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", choices=["sdk", "raw", "concurrent"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child)))
        return 0

    sides = {
        "sdk": "SDK iterate()",
        "raw": "raw httpx loop",
        "concurrent": f"concurrency={CONCURRENCY}",
    }
    results: dict[str, list[dict[str, float]]] = {side: [] for side in sides}
    for _ in range(RUNS):
        for pair in (["sdk", "raw"], ["concurrent"]):
            for side, result in zip(pair, run_children(pair), strict=True):
                results[side].append(result)

    mb = 1024 * 1024
    print(
        f"bench_memory: walking {CUSTOMERS:,} customers ({PAGES} generated pages of "
        f"{PAGE_SIZE}), each walk in a fresh process ({RUNS} per side; SDK and raw run side by "
        "side, one core each); growth of the peak after a warm-up page; medians"
    )
    print(
        f"  {'':<16}{'RSS base':>10}{'peak RSS growth':>17}{'tracemalloc peak':>18}"
        f"{'retained':>10}{'walk':>8}"
    )
    medians: dict[str, dict[str, float]] = {}
    for side, name in sides.items():
        medians[side] = {
            key: statistics.median(run[key] for run in results[side]) for key in results[side][0]
        }
        figures = medians[side]
        print(
            f"  {name:<16}{figures['rss_before'] / mb:7.0f} MB{figures['rss_growth'] / mb:14.1f} MB"
            f"{figures['traced_growth'] / mb:15.1f} MB{figures['traced_retained'] / mb:7.1f} MB"
            f"{figures['seconds']:7.1f}s"
        )
    print(
        "  (retained: traced memory still held once the walk is over, vs before it began; "
        "walk: RSS walk time)"
    )
    growth = medians["sdk"]["rss_growth"] / mb
    status = "PASS" if growth <= TARGET_MB else "MISS"
    print(f"  SDK peak RSS growth {growth:.1f} MB  target <= {TARGET_MB:.0f} MB  {status}")
    growth = medians["concurrent"]["rss_growth"] / mb
    status = "PASS" if growth <= TARGET_CONCURRENT_MB else "MISS"
    print(
        f"  iterate(concurrency={CONCURRENCY}) peak RSS growth {growth:.1f} MB  "
        f"target <= {TARGET_CONCURRENT_MB:.0f} MB  {status}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
