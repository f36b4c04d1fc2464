"""End to end: walking 25,000 customers with ``iterate()`` from the fake served over loopback HTTP,
vs a raw httpx loop (limit=250, follow ``cursor``, ``json.loads`` each page) against the same
server.

The server is ``python -m loyverse_client.testing serve --port 0`` in a separate process, so the
CPU time measured here (``time.process_time``) is the client's alone. Walks alternate SDK/raw (the
order flips every round); each ratio is the median over rounds of SDK / raw in that round. The
server is the standard library's ``http.server`` in pure Python, so wall time is mostly the
server's, and the wall ratio understates the client's own overhead: the CPU ratio is the one that
shows it.

    python benchmarks/bench_walk.py
"""

from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

# Measure the checkout this script lives in, whatever the environment has installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx

from loyverse_client import LoyverseClient

ROOT = Path(__file__).resolve().parents[1]
CUSTOMERS = 25_000
PAGE_SIZE = 250
ROUNDS = 5
TARGET_WALL = 1.2
TARGET_CPU = 1.8
SERVER_START_TIMEOUT = 90.0


class Server:
    """The fake's ``serve`` command in a child process; reads its base URL and token.

    ``command`` replaces the command run: any that prints ``LOYVERSE_BASE_URL=`` and
    ``LOYVERSE_ACCESS_TOKEN=`` lines once it serves, and stops on SIGTERM.
    """

    def __init__(self, customers: int, command: Sequence[str] | None = None) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        started = time.perf_counter()
        serve = [sys.executable, "-m", "loyverse_client.testing", "serve", "--port", "0"]
        self.process = subprocess.Popen(
            [*serve, "--customers", str(customers)] if command is None else list(command),
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        settings: dict[str, str] = {}
        assert self.process.stdout is not None
        # A server that never gets ready is killed, which ends the readline below.
        watchdog = threading.Timer(SERVER_START_TIMEOUT, self.process.kill)
        watchdog.start()
        try:
            while "LOYVERSE_ACCESS_TOKEN" not in settings:
                line = self.process.stdout.readline()
                if not line:
                    self.stop()
                    raise RuntimeError(
                        "the fake's serve command exited (or took over "
                        f"{SERVER_START_TIMEOUT:g} s) before printing its URL"
                    )
                name, sep, value = line.strip().partition("=")
                if sep and name.startswith("LOYVERSE_"):
                    settings[name] = value
        finally:
            watchdog.cancel()
        self.startup_seconds = time.perf_counter() - started
        self.base_url = settings["LOYVERSE_BASE_URL"]
        self.token = settings["LOYVERSE_ACCESS_TOKEN"]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


def sdk_walk(server: Server) -> int:
    # Default settings (rate limit included): 100 requests per walk stay under 300 per 300 s.
    with LoyverseClient(server.token, base_url=server.base_url) as client:
        return sum(1 for _ in client.customers.iterate())


def raw_walk(server: Server) -> int:
    count = 0
    params = {"limit": str(PAGE_SIZE)}
    headers = {"Authorization": f"Bearer {server.token}"}
    with httpx.Client(headers=headers) as http:
        while True:
            response = http.get(f"{server.base_url}/customers", params=params)
            response.raise_for_status()
            page: dict[str, Any] = json.loads(response.content)
            count += len(page["customers"])
            cursor = page.get("cursor")
            if not cursor:
                return count
            params = {"limit": str(PAGE_SIZE), "cursor": cursor}


def timed(walk: Callable[[Server], int], server: Server) -> tuple[float, float]:
    """(wall seconds, client CPU seconds) of one walk, which must see every customer."""
    wall, cpu = time.perf_counter(), time.process_time()
    count = walk(server)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if count != CUSTOMERS:
        raise RuntimeError(f"{walk.__name__} saw {count} customers, expected {CUSTOMERS}")
    return wall, cpu


def verdict(ratio: float, target: float) -> str:
    return "PASS" if ratio <= target else "MISS"


def main() -> int:
    server = Server(CUSTOMERS)
    try:
        walks = {"SDK iterate()": sdk_walk, "raw httpx loop": raw_walk}
        for walk in walks.values():  # warm-up: imports, first connection, server caches
            timed(walk, server)
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in walks}
        for index in range(ROUNDS):  # SDK, raw; raw, SDK; SDK, raw; ...
            names = list(walks) if index % 2 == 0 else list(walks)[::-1]
            for name in names:
                results[name].append(timed(walks[name], server))
    finally:
        server.stop()

    sdk, raw = results["SDK iterate()"], results["raw httpx loop"]
    print(
        f"bench_walk: {CUSTOMERS:,} customers, {CUSTOMERS // PAGE_SIZE} pages of {PAGE_SIZE}, "
        f"from `python -m loyverse_client.testing serve` in another process (ready in "
        f"{server.startup_seconds:.1f} s); {len(sdk)} rounds of one walk each, order "
        "alternating; medians"
    )
    for name, runs in results.items():
        wall = statistics.median(run[0] for run in runs)
        cpu = statistics.median(run[1] for run in runs)
        print(f"  {name:<16} wall {wall:6.2f} s   client CPU {cpu:6.2f} s")
    wall_ratio = statistics.median(s[0] / r[0] for s, r in zip(sdk, raw, strict=True))
    cpu_ratio = statistics.median(s[1] / r[1] for s, r in zip(sdk, raw, strict=True))
    print(
        f"  wall ratio       {wall_ratio:5.2f}x  target <= {TARGET_WALL:.1f}x  "
        f"{verdict(wall_ratio, TARGET_WALL)}"
    )
    print(
        f"  client CPU ratio {cpu_ratio:5.2f}x  target <= {TARGET_CPU:.1f}x  "
        f"{verdict(cpu_ratio, TARGET_CPU)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
