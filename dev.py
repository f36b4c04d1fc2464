#!/usr/bin/env python3
"""The project's commands. Each one prepares ``.venv`` itself, so a fresh clone needs only python3.

    python3 dev.py demo      the SDK's main job against the built-in fake Loyverse (no token)
    python3 dev.py test      the whole check: pytest, mypy --strict, ruff check, ruff format --check
    python3 dev.py schemas   regenerate schemas/*.json from the models
    python3 dev.py bench     run every benchmark in benchmarks/

The virtual environment is rebuilt only when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed-from"
# An editable install in setuptools' compat mode is a plain path entry (a .pth file), which type
# checkers and IDEs follow; the default mode's import hook is invisible to them, so mypy run from
# outside the checkout would not find the package.
EDITABLE = ["--config-settings", "editable_mode=compat"]


def _ensure_venv() -> None:
    recipe = (ROOT / "pyproject.toml").read_bytes() + " ".join(EDITABLE).encode()
    wanted = hashlib.sha256(recipe).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted and PYTHON.exists():
        return
    if not PYTHON.exists():
        print("dev.py: creating .venv", file=sys.stderr)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    print("dev.py: installing loyverse-client[dev] into .venv", file=sys.stderr)
    pip = [str(PYTHON), "-m", "pip", "--disable-pip-version-check", "--quiet", "--quiet"]
    subprocess.run([*pip, "install", "-e", f"{ROOT}[dev]", *EDITABLE], check=True, cwd=ROOT)
    STAMP.write_text(wanted)


def _run(*args: str, cwd: Path | None = ROOT) -> int:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([str(PYTHON), *args], cwd=cwd, env=env).returncode


def _test(extra: list[str]) -> int:
    steps = [
        ("pytest", ["-m", "pytest", "-q", *extra]),
        ("mypy --strict", ["-m", "mypy"]),
        ("ruff check", ["-m", "ruff", "check", "."]),
        ("ruff format --check", ["-m", "ruff", "format", "--check", "."]),
    ]
    failed = []
    for name, args in steps:
        print(f"\n== {name}", flush=True)
        if _run(*args) != 0:
            failed.append(name)
    if failed:
        print(f"\nFAILED: {', '.join(failed)}", file=sys.stderr)
        return 1
    print("\nall checks passed")
    return 0


def _bench() -> int:
    status = 0
    for script in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        print(f"\n== {script.name}", flush=True)
        status |= _run(str(script))
    return status


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"demo", "test", "schemas", "bench"}:
        print(__doc__, file=sys.stderr)
        return 2
    command, rest = argv[0], argv[1:]
    _ensure_venv()
    if command == "demo":
        # From the caller's directory: the commands the demo suggests are spelled for it.
        return _run("-m", "loyverse_client", "demo", *rest, cwd=None)
    if command == "test":
        return _test(rest)
    if command == "schemas":
        return _run("-m", "loyverse_models._schemas", str(ROOT / "schemas"))
    return _bench()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
