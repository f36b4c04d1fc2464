"""Start-up: importing the client and the models in a fresh interpreter vs their dependencies.

``import loyverse_client`` alone loads almost nothing (its names are imported on first use), so
the SDK's statement takes ``LoyverseClient`` from it: what using the SDK costs.

``import pydantic`` alone is lazy and loads almost nothing, so the baseline that counts is
``import httpx, pydantic; from pydantic import BaseModel``: what any code with a pydantic model
pays. For reference: the same plus defining one small model (pydantic's first model class loads
more of pydantic, and its plugin loader scans the installed packages' entry points), the bare
``import httpx, pydantic`` and an empty interpreter. Each
figure is the median wall time of a whole ``python -c ...`` subprocess over interleaved rounds
(the order rotates every round); each ratio is the median over rounds of SDK / baseline.

Every child gets the same ``sys.path`` (the checkout first) and writes and reads its bytecode in a
private cache (``PYTHONPYCACHEPREFIX``), warmed before timing: an installed package has its
``.pyc`` files, so compiling the SDK's sources must not be counted, even with
``PYTHONDONTWRITEBYTECODE`` set in the environment.

    python benchmarks/bench_startup.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 15
WARM_UP_ROUNDS = 2
TARGET = 1.5

SDK = "SDK: from loyverse_client import LoyverseClient; import loyverse_models"
BASELINE = "import httpx, pydantic; from pydantic import BaseModel"
STATEMENTS = {
    SDK: "from loyverse_client import LoyverseClient; import loyverse_models",
    BASELINE: "import httpx, pydantic; from pydantic import BaseModel",
    "SDK and every resource's models imported": (
        "from loyverse_client import LoyverseClient; import loyverse_models as m\n"
        "for name in m.__all__: getattr(m, name)"
    ),
    "... and define one model (class M(BaseModel): x: int)": (
        "import httpx, pydantic; from pydantic import BaseModel\nclass M(BaseModel):\n    x: int"
    ),
    "import httpx, pydantic": "import httpx, pydantic",
    "empty interpreter": "pass",
}


def run(statement: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", statement], env=env, check=True, cwd=ROOT)
    return time.perf_counter() - started


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-startup-pycache-") as cache:
        env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
        env.update(PYTHONPATH=str(ROOT), PYTHONPYCACHEPREFIX=cache)
        # Check that the SDK really is the checkout's, and that each statement works.
        check = "import loyverse_client; print(loyverse_client.__file__)"
        where = subprocess.run(
            [sys.executable, "-c", check], env=env, check=True, capture_output=True, text=True
        ).stdout.strip()
        if not where.startswith(str(ROOT)):
            raise RuntimeError(f"the child imported loyverse_client from {where!r}, not {ROOT}")
        names = list(STATEMENTS)
        for _ in range(WARM_UP_ROUNDS):
            for name in names:
                run(STATEMENTS[name], env)
        times: dict[str, list[float]] = {name: [] for name in names}
        for index in range(ROUNDS):
            for name in names[index % len(names) :] + names[: index % len(names)]:
                times[name].append(run(STATEMENTS[name], env))

    medians = {name: statistics.median(values) for name, values in times.items()}
    empty = medians["empty interpreter"]
    print(
        f"bench_startup: `python -c ...` in a fresh interpreter, {ROUNDS} interleaved rounds, "
        "median wall time of the subprocess (and minus the empty interpreter)"
    )
    for name in names:
        ratio = statistics.median(a / b for a, b in zip(times[name], times[BASELINE], strict=True))
        net = (medians[name] - empty) * 1e3
        print(
            f"  {name:<56} {medians[name] * 1e3:6.1f} ms (+{net:5.1f} ms)  "
            f"{ratio:4.2f}x the baseline"
        )
    ratio = statistics.median(a / b for a, b in zip(times[SDK], times[BASELINE], strict=True))
    bare = statistics.median(
        a / b for a, b in zip(times[SDK], times["import httpx, pydantic"], strict=True)
    )
    status = "PASS" if ratio <= TARGET else "MISS"
    print(f"  SDK vs `{BASELINE}` (the baseline): {ratio:.2f}x  target <= {TARGET:.1f}x  {status}")
    print(f"  (vs the lazy `import httpx, pydantic` alone it is {bare:.2f}x; not the target's)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
