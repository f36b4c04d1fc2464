"""``loyverse_client.sync``: a first sync of 50,000 customers and 50,000 receipts from the fake
served on loopback, then a second run with nothing changed.

The server is this script's ``--serve`` mode in a child process, so the client's CPU time is its
own: the fake with 50,000 sample customers, the sample shop's catalogue, stock, staff and shifts,
and 50,000 receipts (500 sample receipts, repeated a week earlier each time under new numbers:
making each one from scratch would take the fake minutes). Client pacing is off, as the fake
does not limit: against the real API, at its 300 requests per 300 s, the requests alone would
take about one second each.

Printed: wall time and client CPU time, requests and objects per second of each run, the file's
size, and the sync's cost over walking the same two lists without storing them (``iter_pages``:
the same requests and parsing), as a ratio. One run of each: it reports, it does not gate.

    python benchmarks/bench_sync.py
"""

from __future__ import annotations

import contextlib
import copy
import signal
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import FrameType
from typing import Any

# Measure the checkout this script lives in, whatever the environment has installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_walk import Server

from loyverse_client import LoyverseClient
from loyverse_client.sync import SyncReport, sync
from loyverse_client.testing import FakeLoyverse, FakeLoyverseServer
from loyverse_models import format_timestamp

CUSTOMERS = 50_000
RECEIPTS = 50_000
WEEK = 500
_TIMES = ("created_at", "receipt_date", "updated_at", "cancelled_at")


def _earlier(text: str | None, weeks: int) -> str | None:
    if text is None:
        return None
    moment = datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%f%z").astimezone(timezone.utc)
    return format_timestamp(moment - timedelta(weeks=weeks))


def _repeated(week: list[dict[str, Any]], weeks: int) -> list[dict[str, Any]]:
    """``week``'s receipts again ``weeks`` weeks earlier, numbered ``<number>-<weeks>``."""
    numbers = {r["receipt_number"]: f"{r['receipt_number']}-{weeks}" for r in week}
    again = []
    for receipt in week:
        clone = copy.deepcopy(receipt)
        clone["receipt_number"] = numbers[receipt["receipt_number"]]
        if clone["refund_for"] is not None:
            clone["refund_for"] = numbers.get(clone["refund_for"], clone["refund_for"])
        for field in _TIMES:
            clone[field] = _earlier(clone[field], weeks)
        for payment in clone["payments"]:
            payment["paid_at"] = _earlier(payment["paid_at"], weeks)
        again.append(clone)
    return again


def _stop(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def serve() -> int:
    """The child process: the account, served until SIGTERM."""
    fake = FakeLoyverse(clock=time.monotonic)
    fake.add_sample_customers(CUSTOMERS)
    fake.add_sample_shop(
        resources=[r for r in fake.resources if r not in ("customers", "receipts")]
    )
    week = fake.add_sample_receipts(WEEK)
    for weeks in range(1, RECEIPTS // WEEK):
        fake.add("receipts", _repeated(week, weeks))
    server = FakeLoyverseServer(fake, "127.0.0.1", 0)
    print(f"LOYVERSE_BASE_URL={server.base_url}")
    print(f"LOYVERSE_ACCESS_TOKEN={fake.access_token}", flush=True)
    signal.signal(signal.SIGTERM, _stop)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


def timed_sync(client: LoyverseClient, path: Path) -> tuple[SyncReport, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    report = sync(client, path)
    return report, time.perf_counter() - wall, time.process_time() - cpu


def walk_only(client: LoyverseClient) -> tuple[int, float, float]:
    """Customers and receipts walked page by page, nothing stored: (objects, wall, CPU)."""
    wall, cpu = time.perf_counter(), time.process_time()
    count = sum(len(page.customers) for page in client.customers.iter_pages())
    count += sum(len(page.receipts) for page in client.receipts.iter_pages())
    return count, time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    server = Server(0, command=[sys.executable, __file__, "--serve"])
    try:
        with (
            tempfile.TemporaryDirectory() as folder,
            LoyverseClient(server.token, base_url=server.base_url, rate_limit=None) as client,
        ):
            path = Path(folder) / "copy.sqlite"
            first, first_wall, first_cpu = timed_sync(client, path)
            size = path.stat().st_size
            second, second_wall, second_cpu = timed_sync(client, path)
            walked, walk_wall, walk_cpu = walk_only(client)
    finally:
        server.stop()

    big = ("customers", "receipts")
    if walked != sum(first[name].inserted for name in big):
        raise RuntimeError(f"the walk saw {walked} objects, the sync inserted a different number")
    print(
        f"bench_sync: {CUSTOMERS:,} customers, {RECEIPTS:,} receipts and a sample shop, from the "
        f"fake served by another process on loopback (ready in {server.startup_seconds:.1f} s); "
        "client pacing off; one run each"
    )
    for name, report, wall, cpu in (
        ("first sync", first, first_wall, first_cpu),
        ("second sync", second, second_wall, second_cpu),
    ):
        total = report.total
        print(
            f"  {name:<12} wall {wall:6.2f} s   client CPU {cpu:6.2f} s   "
            f"{total.requests:4d} requests   {total.received:7,d} objects "
            f"({total.inserted:,} inserted, {total.unchanged:,} unchanged)   "
            f"{total.received / wall:8,.0f} objects/s"
        )
    for name in big:
        print(
            f"    {name:<10} first: {first[name].requests} requests, "
            f"{first[name].seconds:.2f} s; second: {second[name].requests} requests, "
            f"{second[name].received} objects read again"
        )
    print(f"  the file after the first sync: {size / 1e6:.1f} MB")
    sync_wall = sum(first[name].seconds for name in big)
    print(
        f"  walking the same {walked:,} customers and receipts without storing them: wall "
        f"{walk_wall:.2f} s, client CPU {walk_cpu:.2f} s; the sync takes "
        f"{sync_wall / walk_wall:.2f}x the walk's wall time"
    )
    print(
        f"  against the real API, paced at 1 request per second: the first sync's "
        f"{first.total.requests} requests alone take {first.total.requests / 60:.0f} min"
    )
    return 0


if __name__ == "__main__":
    sys.exit(serve() if sys.argv[1:] == ["--serve"] else main())
