"""Concurrent windowed walks: ``iterate()`` vs ``iterate(concurrency=8)`` against a server that
answers every request after 100 ms, as a distant API does.

The server is this script in another process (``--serve``): the fake's sample customers and
receipts (25,000 of each), serialized once and served newest first with the API's
``created_at_min``/``_max`` (inclusive), ``limit`` and ``cursor``, each answer held 100 ms. It
spends well under a millisecond a page, so what is measured is the client, not the server (the
fake itself filters its whole collection on every request, which would be the bottleneck). Each
walk uses a fresh client with the default settings (the default ``RateLimit`` included: about 100
requests stay within its burst). The two walks of a round must see the same multiset of keys;
rounds alternate the order; medians.

    python benchmarks/bench_concurrency.py
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

# Measure the checkout this script lives in, whatever the environment has installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx

from loyverse_client import LoyverseClient
from loyverse_client.testing import FakeLoyverse

ROOT = Path(__file__).resolve().parents[1]
OBJECTS = 25_000
LATENCY = 0.1
CONCURRENCY = 8
ROUNDS = 3
TARGET = 5.0
KEYS = {"customers": "id", "receipts": "receipt_number"}
TOKEN = "bench-token"


class Listing:
    """One resource's objects, newest first, as JSON text, with their creation times."""

    def __init__(self, objects: list[dict[str, Any]]) -> None:
        ordered = sorted(objects, key=lambda o: o["created_at"], reverse=True)
        # Negated-order keys so that bisect works on an ascending list.
        self.times = [_negate(o["created_at"]) for o in ordered]
        self.texts = [json.dumps(o, separators=(",", ":")) for o in ordered]

    def page(self, name: str, query: dict[str, str]) -> bytes:
        start = 0
        if "created_at_max" in query:  # created at or before: the first one not newer
            start = bisect.bisect_left(self.times, _negate(query["created_at_max"]))
        end = len(self.texts)
        if "created_at_min" in query:  # created at or after
            end = bisect.bisect_right(self.times, _negate(query["created_at_min"]))
        if "cursor" in query:
            start = int(query["cursor"])
        stop = min(start + int(query.get("limit", "50")), end)
        cursor = f',"cursor":"{stop}"' if stop < end else ""
        return f'{{"{name}":[{",".join(self.texts[start:stop])}]{cursor}}}'.encode()


def _negate(stamp: str) -> tuple[int, ...]:
    return tuple(-ord(char) for char in stamp)


def serve() -> None:
    """The child: build the data, serve it, print the port."""
    fake = FakeLoyverse()
    fake.add_sample_customers(OBJECTS, seed=1)
    fake.add_sample_shop(resources=[n for n in fake.resources if n != "receipts"])
    fake.add_sample_receipts(OBJECTS, seed=1)
    listings = {name: Listing(fake.objects(name)) for name in KEYS}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            name = url.path.rsplit("/", 1)[-1]
            query = {key: values[0] for key, values in parse_qs(url.query).items()}
            body = listings[name].page(name, query)
            time.sleep(LATENCY)
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()


def walk(url: str, resource: str, concurrency: int) -> tuple[float, Counter[str], int]:
    """(wall seconds, the keys seen, requests sent) of one walk."""
    requests = 0

    def count(_: httpx.Request) -> None:
        nonlocal requests
        requests += 1

    with (
        httpx.Client(event_hooks={"request": [count]}) as http,
        LoyverseClient(TOKEN, base_url=url, http_client=http) as client,
    ):
        started = time.perf_counter()
        objects = getattr(client, resource).iterate(concurrency=concurrency)
        keys = Counter(getattr(obj, KEYS[resource]) for obj in objects)
        return time.perf_counter() - started, keys, requests


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    if parser.parse_args().serve:
        serve()
        return 0

    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, __file__, "--serve"],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert child.stdout is not None
    watchdog = threading.Timer(120, child.kill)
    watchdog.start()
    port = child.stdout.readline().strip()
    watchdog.cancel()
    ready = time.perf_counter() - started
    url = f"http://127.0.0.1:{port}/v1.0"
    results: dict[str, dict[int, list[tuple[float, int]]]] = {}
    try:
        if not port:
            raise RuntimeError("the server did not start")
        for resource in KEYS:
            results[resource] = {1: [], CONCURRENCY: []}
            for index in range(ROUNDS):
                order = [1, CONCURRENCY] if index % 2 == 0 else [CONCURRENCY, 1]
                seen: dict[int, Counter[str]] = {}
                for concurrency in order:
                    seconds, seen[concurrency], requests = walk(url, resource, concurrency)
                    results[resource][concurrency].append((seconds, requests))
                if seen[1] != seen[CONCURRENCY] or sum(seen[1].values()) < OBJECTS:
                    raise RuntimeError(f"the {resource} walks saw different objects")
                if max(seen[1].values()) != 1:
                    raise RuntimeError(f"a {resource} walk saw an object twice")
    finally:
        child.kill()
        child.wait()
        child.stdout.close()

    print(
        f"bench_concurrency: {OBJECTS:,} customers and {OBJECTS:,} receipts (the fake's samples) "
        f"from a loopback server in another process answering after {LATENCY * 1000:.0f} ms "
        f"(ready in {ready:.1f} s); {ROUNDS} rounds, order alternating; medians; both walks of a "
        "round saw the same objects, each once"
    )
    for resource, runs in results.items():
        sequential = statistics.median(run[0] for run in runs[1])
        concurrent = statistics.median(run[0] for run in runs[CONCURRENCY])
        speedup = sequential / concurrent
        status = "PASS" if speedup >= TARGET else "MISS"
        print(
            f"  {resource:<10} iterate() {sequential:6.2f} s ({runs[1][0][1]} requests)   "
            f"iterate(concurrency={CONCURRENCY}) {concurrent:5.2f} s "
            f"({statistics.median(run[1] for run in runs[CONCURRENCY]):.0f} requests)   "
            f"{speedup:4.1f}x faster  target >= {TARGET:g}x  {status}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
