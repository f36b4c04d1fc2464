"""``loyverse demo``: the first thing a new user runs, so its output is held to its promises."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from loyverse_client._resources import RESOURCES
from loyverse_client.cli import main
from loyverse_client.cli._connect import demo_fake
from loyverse_client.cli._demo import loyverse_command


def test_demo_tours_the_sdk_in_a_screenful(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    newest = demo_fake().customers[0]
    assert captured.err == ""
    assert 35 <= len(lines) <= 70
    assert "1. One page: client.customers.list(CustomerQuery(limit=5))" in lines
    assert f"   {newest['id'][:8]}…  {newest['name']}" in captured.out
    assert "   120 customers in 3 requests: pages of 50" in captured.out
    assert "iterate(..., concurrency=4): the same 120 customers, each once, in " in captured.out
    assert "     -> the same customer" in lines
    assert "customer.total_spent  Decimal('" in captured.out
    assert "(aware, UTC)" in captured.out
    assert "-> pydantic.ValidationError: limit: Input should be less than or equal to 250" in (
        captured.out
    )
    assert "   requests sent for these: 0" in lines
    shop = demo_fake()
    assert f"client.merchant.get()  -> {shop.merchant['business_name']}, USD with 2" in (
        captured.out
    )
    items = shop.objects("items")
    variants = sum(len(item["variants"]) for item in items)
    assert f"-> {len(items)} items with {variants} variants inline, pages of 5" in captured.out
    assert "e.g. in_stock=Decimal('" in captured.out
    assert "ItemQuery(show_deleted=True) also lists deleted items: " in captured.out
    assert any(
        line.endswith("-m loyverse_client.testing serve --port 8080 --shop") for line in lines
    )
    assert all(len(line) <= 100 for line in lines)


def test_the_demo_s_suggested_command_works(capsys: pytest.CaptureFixture[str]) -> None:
    main(["demo"])
    suggested = next(
        shlex.split(line)
        for line in capsys.readouterr().out.splitlines()
        if " customers get " in line
    )
    assert suggested[0] == loyverse_command()
    assert suggested[1] == "--demo"
    assert main(suggested[1:]) == 0
    assert '"id": "' + suggested[-1] + '"' in capsys.readouterr().out


def _run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, capture_output=True, text=True, encoding="utf-8", env=env, timeout=60, check=False
    )


def _script() -> Path:
    return Path(sysconfig.get_path("scripts")) / ("loyverse.exe" if os.name == "nt" else "loyverse")


@pytest.mark.skipif(not _script().is_file(), reason="loyverse is not installed as a script")
def test_next_says_loyverse_only_when_that_is_the_one_on_path(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    scripts = str(_script().parent)
    monkeypatch.setenv("PATH", scripts)
    assert loyverse_command() == "loyverse"
    monkeypatch.setenv("PATH", str(tmp_path))  # after `python3 dev.py demo`: not on PATH
    script = _script()
    monkeypatch.chdir(script.parent.parent.parent)
    assert loyverse_command() == os.path.join(
        script.parent.parent.name, script.parent.name, script.name
    )
    monkeypatch.chdir(tmp_path)
    assert loyverse_command() == shlex.quote(str(_script()))


def test_the_next_lines_run_as_printed_from_a_shell_without_the_venv() -> None:
    scripts = os.path.normcase(sysconfig.get_path("scripts"))
    path = [
        d for d in os.environ.get("PATH", "").split(os.pathsep) if os.path.normcase(d) != scripts
    ]
    env = {k: v for k, v in os.environ.items() if k != "LOYVERSE_ACCESS_TOKEN"}
    env.update(PATH=os.pathsep.join(path), PYTHONIOENCODING="utf-8")
    demo = _run([sys.executable, "-m", "loyverse_client", "demo"], env)
    line = next(line for line in demo.stdout.splitlines() if " customers get " in line)
    suggested = shlex.split(line)
    completed = _run(suggested, env)
    assert completed.returncode == 0, (line, completed.stderr)
    assert json.loads(completed.stdout)["id"] == suggested[-1]


def test_python_m_loyverse_client_runs_the_demo() -> None:
    env = {k: v for k, v in os.environ.items() if k != "LOYVERSE_ACCESS_TOKEN"}
    env["PYTHONIOENCODING"] = "utf-8"
    completed = _run([sys.executable, "-m", "loyverse_client", "demo"], env)
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""
    assert completed.stdout.startswith("loyverse demo: the SDK against a built-in fake")
    assert "120 customers in 3 requests" in completed.stdout
    assert (
        shlex.split("loyverse --demo customers export --out customers.csv")[0] in completed.stdout
    )


@pytest.mark.parametrize("name", [resource.name for resource in RESOURCES])
def test_every_resource_has_data_with_demo(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--demo", name, "list", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows
    assert rows == demo_fake().objects(name)[: len(rows)]


def test_the_merchant_with_demo(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--demo", "merchant"]) == 0
    assert json.loads(capsys.readouterr().out) == demo_fake().merchant


def test_the_suggested_serve_command_uses_an_interpreter_that_has_the_sdk(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["demo"])
    line = next(line for line in capsys.readouterr().out.splitlines() if " serve " in line)
    interpreter = shlex.split(line)[0]
    check = _run([interpreter, "-c", "import loyverse_client.testing.__main__"], dict(os.environ))
    assert check.returncode == 0, check.stderr
