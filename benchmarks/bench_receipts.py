"""Per page of receipts: ``receipts.list()`` of 250 receipts vs raw httpx + ``json.loads``.

Receipts are the SDK's deepest objects: each of these has 3 lines (with their taxes, a modifier
on one of them), its total taxes and a payment, all money as ``Decimal`` and every time aware, so
a page is some 5,000 nested models. The page is built from a real ``GET /receipts`` page of a
point of sale (``tests/fixtures/receipts_page.json``): its first receipt's first three lines,
repeated with other numbers and amounts. Both sides use the same ``httpx.MockTransport`` and
bytes; rounds are interleaved, each ratio is the median over rounds of SDK / raw in that round.

    python benchmarks/bench_receipts.py
"""

from __future__ import annotations

import copy
import json
import random
import statistics
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Measure the checkout this script lives in, whatever the environment has installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx
from bench_page import BASE_URL, TOKEN, measure, paired_ratio, verdict

from loyverse_client import LoyverseClient

ROOT = Path(__file__).resolve().parents[1]
PAGE_SIZE = 250
ROUNDS = 21
CALLS_PER_ROUND = 5
TARGET = 2.0
BASELINE = "raw: httpx get + json.loads"
LIST = "SDK: receipts.list()"
LIST_RAW = "SDK: receipts.list() + r.raw each"


def receipts_page(seed: int = 0) -> bytes:
    """250 receipts of 3 lines each, shaped exactly as the real page's receipts are."""
    real = json.loads((ROOT / "tests" / "fixtures" / "receipts_page.json").read_bytes())
    model = real["receipts"][0]
    rng = random.Random(seed)
    receipts = []
    for number in range(PAGE_SIZE):
        receipt = copy.deepcopy(model)
        receipt["line_items"] = receipt["line_items"][:3]
        for line in receipt["line_items"]:
            line["id"] = f"{number:04d}-{line['id'][5:]}"
            line["quantity"] = rng.choice((1, 2, 3, 0.5))
        total = round(sum(line["total_money"] for line in receipt["line_items"]), 2)
        receipt.update(receipt_number=f"1-{20000 - number}", total_money=total)
        receipt["payments"][0]["money_amount"] = total
        receipts.append(receipt)
    body = {"receipts": receipts, "cursor": real["cursor"]}
    return json.dumps(body, separators=(",", ":")).encode()


def main() -> int:
    body = receipts_page()
    headers = {"Content-Type": "application/json; charset=utf-8"}
    transport = httpx.MockTransport(lambda _: httpx.Response(200, headers=headers, content=body))
    raw_http, sdk_http = httpx.Client(transport=transport), httpx.Client(transport=transport)
    client = LoyverseClient(TOKEN, http_client=sdk_http, rate_limit=None)
    url, auth = f"{BASE_URL}/receipts", {"Authorization": f"Bearer {TOKEN}"}

    def raw() -> Any:
        return json.loads(raw_http.get(url, params={"limit": "250"}, headers=auth).content)

    page = client.receipts.list()
    assert [r.raw for r in page.receipts] == raw()["receipts"]
    assert sum(len(r.line_items) for r in page.receipts) == 3 * PAGE_SIZE
    variants: dict[str, Callable[[], object]] = {
        BASELINE: raw,
        LIST: client.receipts.list,
        LIST_RAW: lambda: [r.raw for r in client.receipts.list().receipts],
    }
    for function in variants.values():  # warm-up
        function()
    times = measure(variants, ROUNDS, CALLS_PER_ROUND)
    print(
        f"bench_receipts: one page of {PAGE_SIZE} receipts of 3 lines ({len(body):,} bytes) over "
        f"httpx.MockTransport; {ROUNDS} interleaved rounds of {CALLS_PER_ROUND} calls"
    )
    print(f"  {BASELINE:<36} {statistics.median(times[BASELINE]) * 1e3:7.2f} ms  (baseline)")
    for name in (LIST, LIST_RAW):
        ratio = paired_ratio(times, name, BASELINE)
        target = f"target <= {TARGET:.1f}x  {verdict(ratio, TARGET)}" if name == LIST else ""
        print(
            f"  {name:<36} {statistics.median(times[name]) * 1e3:7.2f} ms  {ratio:5.2f}x  {target}"
        )
    client.close()
    sdk_http.close()
    raw_http.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
