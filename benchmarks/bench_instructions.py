"""Per page, in instructions: bench_page.py's three variants counted by valgrind's callgrind.

Wall-time ratios move with the machine's load; instruction counts do not. Each variant runs in a
child of this script (``--child VARIANT N``) under ``valgrind --tool=callgrind``: the child
builds the same ``MockTransport``, bytes and clients as bench_page.py, warms up, then calls the
variant N times. Every variant runs twice, with N1 and N2 calls, and the per-page count is
(Ir(N2) - Ir(N1)) / (N2 - N1), which cancels start-up, imports and warm-up. Children run with a
fixed ``PYTHONHASHSEED`` so that a rerun executes the same instructions, and ``gc.freeze()`` the
start-up heap before the loop, so that a rare full collection scanning it cannot land in one
window and not the other (that moved the SDK's count by 5%). Instructions are not
time (a cache miss costs more than an add), so these ratios complement bench_page.py's, they do
not replace them.

    python benchmarks/bench_instructions.py
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

# Measure the checkout this script lives in, whatever the environment has installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_page import BASELINE, PAGE_SIZE, TARGET_LIST, TARGET_LIST_RAW, Contest, page_body
from bench_page import LIST as LIST_LABEL
from bench_page import LIST_RAW as LIST_RAW_LABEL

N1 = 5
N2 = 25
WARM_UP_CALLS = 3
RAW = "raw"
LIST = "list"
LIST_RAW = "list+raw"
LABELS = {RAW: BASELINE, LIST: LIST_LABEL, LIST_RAW: LIST_RAW_LABEL}
TARGETS = {LIST: TARGET_LIST, LIST_RAW: TARGET_LIST_RAW}
TOTALS = re.compile(rb"^(?:summary|totals):\s*(\d+)", re.MULTILINE)


def child(variant: str, calls: int) -> int:
    """Build everything as bench_page.py does, warm up, then call ``variant`` ``calls`` times."""
    contest = Contest(page_body())
    function = contest.targeted()[LABELS[variant]]
    contest.check()  # done in every child, so it cancels out
    for _ in range(WARM_UP_CALLS):
        function()
    # Start the loop from the same collector state in both runs, and keep the start-up heap out
    # of the collector's sight: a full collection would scan every object the imports made (a
    # cost of that heap's size, not the SDK's, landing in one run's window or the other's).
    # Collections of what the calls allocate still happen and are counted.
    gc.collect()
    gc.freeze()
    for _ in range(calls):
        function()
    contest.close()
    return 0


def instructions(valgrind: str, variant: str, calls: int, directory: str) -> int:
    """Total instructions (Ir) executed by one child under callgrind."""
    out = Path(directory) / f"callgrind.{variant}.{calls}.out"
    env = dict(os.environ, PYTHONHASHSEED="0")
    subprocess.run(
        [
            valgrind,
            "--tool=callgrind",
            "--quiet",
            f"--callgrind-out-file={out}",
            "--dump-instr=no",
            "--collect-systime=no",
            sys.executable,
            str(Path(__file__).resolve()),
            "--child",
            variant,
            str(calls),
        ],
        env=env,
        check=True,
    )
    match = TOTALS.search(out.read_bytes())
    if match is None:
        raise RuntimeError(f"no summary/totals line in {out}")
    return int(match.group(1))


def verdict(ratio: float, target: float) -> str:
    return "PASS" if ratio <= target else "MISS"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs=2, metavar=("VARIANT", "N"), help=argparse.SUPPRESS)
    parser.add_argument("--n1", type=int, default=N1, help=f"calls in the short run ({N1})")
    parser.add_argument("--n2", type=int, default=N2, help=f"calls in the long run ({N2})")
    args = parser.parse_args()
    if args.child is not None:
        return child(args.child[0], int(args.child[1]))
    if args.n2 <= args.n1:
        parser.error("--n2 must be greater than --n1")

    valgrind = shutil.which("valgrind")
    if valgrind is None:
        print("bench_instructions: valgrind not found on PATH; skipped")
        return 0

    started = time.perf_counter()
    jobs = [(variant, calls) for variant in LABELS for calls in (args.n1, args.n2)]
    with (
        tempfile.TemporaryDirectory(prefix="bench-instructions-") as directory,
        ThreadPoolExecutor(max_workers=min(len(jobs), os.cpu_count() or 1)) as pool,
    ):
        futures = {
            job: pool.submit(instructions, valgrind, job[0], job[1], directory) for job in jobs
        }
        counts = {job: future.result() for job, future in futures.items()}
    elapsed = time.perf_counter() - started

    per_page = {
        variant: (counts[variant, args.n2] - counts[variant, args.n1]) / (args.n2 - args.n1)
        for variant in LABELS
    }
    print(
        f"bench_instructions: one page of {PAGE_SIZE} sample customers over httpx.MockTransport; "
        f"instructions (callgrind Ir) per page = (Ir({args.n2} calls) - Ir({args.n1} calls)) / "
        f"{args.n2 - args.n1}; valgrind runs took {elapsed:.0f} s"
    )
    baseline = per_page[RAW]
    print(f"  {LABELS[RAW]:<42} {baseline / 1e6:8.2f} M instr  (baseline)")
    for variant, target in TARGETS.items():
        ratio = per_page[variant] / baseline
        print(
            f"  {LABELS[variant]:<42} {per_page[variant] / 1e6:8.2f} M instr  {ratio:5.2f}x  "
            f"target <= {target:.1f}x  {verdict(ratio, target)}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
