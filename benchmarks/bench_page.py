"""Per page: fetching and parsing one page of 250 customers through the SDK vs raw httpx + json.

Both sides use the same ``httpx.MockTransport`` answering the same pre-built bytes (a real page of
the fake's sample customers, with a cursor), so the ratio is the SDK's own cost: building the
request, validating 250 customers into models and keeping ``.raw``. Rounds are interleaved (the
order rotates every round) and each ratio is the median over rounds of SDK / raw in that round.

    python benchmarks/bench_page.py             # ratios vs targets, and a breakdown
    python benchmarks/bench_page.py --profile   # also a cProfile of the SDK path
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Measure the checkout this script lives in, whatever the environment has installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx
import pydantic_core

from loyverse_client import CustomerPage, LoyverseClient
from loyverse_client.testing import FakeLoyverse

BASE_URL = "https://api.loyverse.com/v1.0"
TOKEN = "bench-token"
PAGE_SIZE = 250
ROUNDS = 21
CALLS_PER_ROUND = 10
TARGET_LIST = 2.0
TARGET_LIST_RAW = 2.5
BASELINE = "raw: httpx get + json.loads"
LIST = "SDK: customers.list()"
LIST_RAW = "SDK: customers.list() + c.raw each"


def page_body() -> bytes:
    """The exact bytes the fake serves for the first page of 250 of 300 sample customers."""
    fake = FakeLoyverse(access_token=TOKEN)
    fake.add_sample_customers(PAGE_SIZE + 50, seed=0)
    with httpx.Client(transport=fake.transport) as http:
        response = http.get(
            f"{BASE_URL}/customers",
            params={"limit": str(PAGE_SIZE)},
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
    response.raise_for_status()
    return response.content


class Contest:
    """The paths compared, over one ``httpx.MockTransport`` that answers ``body`` every time.

    Shared by ``bench_page.py`` (timed) and ``bench_instructions.py`` (instructions counted).
    """

    url = f"{BASE_URL}/customers"

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.auth = {"Authorization": f"Bearer {TOKEN}"}
        headers = {"Content-Type": "application/json; charset=utf-8"}
        transport = httpx.MockTransport(
            lambda request: httpx.Response(200, headers=headers, content=body)
        )
        self.raw_http = httpx.Client(transport=transport)
        self._sdk_http = httpx.Client(transport=transport)
        self.client = LoyverseClient(TOKEN, http_client=self._sdk_http, rate_limit=None)

    def raw_get_and_parse(self) -> Any:
        response = self.raw_http.get(self.url, params={"limit": str(PAGE_SIZE)}, headers=self.auth)
        return json.loads(response.content)

    def sdk_list(self) -> object:
        return self.client.customers.list()

    def sdk_list_and_raw(self) -> object:
        page = self.client.customers.list()
        return [customer.raw for customer in page.customers]

    def targeted(self) -> dict[str, Callable[[], object]]:
        """The baseline first, then the two SDK paths that have targets, by label."""
        return {
            BASELINE: self.raw_get_and_parse,
            LIST: self.sdk_list,
            LIST_RAW: self.sdk_list_and_raw,
        }

    def check(self) -> CustomerPage:
        """Both sides see the same page, and ``.raw`` is the received object itself."""
        page = self.client.customers.list()
        received = self.raw_get_and_parse()
        assert len(page.customers) == len(received["customers"]) == PAGE_SIZE
        assert page.cursor is not None
        assert [c.raw for c in page.customers] == received["customers"]
        assert page.customers[0].raw is page.raw["customers"][0]
        return page

    def close(self) -> None:
        self.client.close()
        self._sdk_http.close()
        self.raw_http.close()


def measure(
    variants: dict[str, Callable[[], object]], rounds: int, calls: int
) -> dict[str, list[float]]:
    """Seconds per call of each variant, one figure per round; the order rotates every round."""
    names = list(variants)
    times: dict[str, list[float]] = {name: [] for name in names}
    for index in range(rounds):
        order = names[index % len(names) :] + names[: index % len(names)]
        for name in order:
            function = variants[name]
            gc.collect()
            start = time.perf_counter()
            for _ in range(calls):
                function()
            times[name].append((time.perf_counter() - start) / calls)
    return times


def paired_ratio(times: dict[str, list[float]], name: str, baseline: str) -> float:
    return statistics.median(a / b for a, b in zip(times[name], times[baseline], strict=True))


def verdict(ratio: float, target: float) -> str:
    return "PASS" if ratio <= target else "MISS"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", action="store_true", help="also profile the SDK path")
    args = parser.parse_args()

    contest = Contest(page_body())
    body, raw_http, parsed = contest.body, contest.raw_http, json.loads(contest.body)
    page = contest.check()
    url, auth = contest.url, contest.auth

    variants: dict[str, Callable[[], object]] = {
        **contest.targeted(),
        # Reference: pieces the SDK path may use, and alternatives, timed in the same rounds.
        "  httpx get only (no parsing)": lambda: raw_http.get(
            url, params={"limit": str(PAGE_SIZE)}, headers=auth
        ),
        "  json.loads(body)": lambda: json.loads(body),
        "  CustomerPage.model_validate(dict)": lambda: CustomerPage.model_validate(parsed),
        "  pydantic_core.from_json(body)": lambda: pydantic_core.from_json(body),
        "  CustomerPage.model_validate_json(body)": lambda: CustomerPage.model_validate_json(body),
        f"  {PAGE_SIZE} x customer.raw (parsed page)": lambda: [c.raw for c in page.customers],
    }
    for function in variants.values():  # warm-up
        function()
    times = measure(variants, ROUNDS, CALLS_PER_ROUND)
    medians = {name: statistics.median(values) for name, values in times.items()}

    baseline = BASELINE
    print(
        f"bench_page: one page of {PAGE_SIZE} sample customers ({len(body):,} bytes) over "
        f"httpx.MockTransport; {ROUNDS} interleaved rounds of {CALLS_PER_ROUND} calls; "
        "ratio = median over rounds of variant/baseline"
    )
    print(f"  {baseline:<42} {medians[baseline] * 1e3:7.3f} ms  (baseline)")
    for name, target in ((LIST, TARGET_LIST), (LIST_RAW, TARGET_LIST_RAW)):
        ratio = paired_ratio(times, name, baseline)
        print(
            f"  {name:<42} {medians[name] * 1e3:7.3f} ms  {ratio:5.2f}x  "
            f"target <= {target:.1f}x  {verdict(ratio, target)}"
        )
    print("reference timings of the pieces and alternatives (same rounds, per page):")
    for name in list(variants)[3:]:
        print(f"  {name:<42} {medians[name] * 1e3:7.3f} ms")
    if args.profile:
        profile(contest.sdk_list)
    contest.close()
    return 0


def profile(function: Callable[[], object], calls: int = 200) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(calls):
        function()
    profiler.disable()
    print(f"\ncProfile of {calls} x customers.list() (top 20 by own time; Rust time is inside")
    print("validate_python, Python callbacks from pydantic-core are listed separately):")
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.strip_dirs().sort_stats("tottime").print_stats(20)


if __name__ == "__main__":
    sys.exit(main())
