"""Small things a first user of the command line noticed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from loyverse_client.cli import main
from tests.cli.helpers import Run
from tests.helpers import Recorder
from tests.test_resources import BY_NAME, page


def test_the_shifts_time_options_say_they_bound_the_opening_time(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["shifts", "list", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "--created-min TIME opened at or after TIME" in text
    assert "created at or after" not in text


def test_a_nested_object_in_a_table_is_json_not_python(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--demo", "merchant", "--format", "table"]) == 0
    line = next(line for line in capsys.readouterr().out.splitlines() if "currency" in line)
    assert line.split(None, 1)[1] == '{"code": "USD", "decimal_places": 2}'


def test_an_export_says_how_many_repeated_objects_it_wrote_once(tmp_path: Path, run: Run) -> None:
    resource = BY_NAME["items"]
    server = Recorder(page(resource, "k1", "k2", cursor="c1"), page(resource, "k2", "k3"))
    out = tmp_path / "items.jsonl"
    result = run("items", "export", "--out", str(out), factory=lambda **_: server.client())
    assert result.code == 0, result.err
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["k1", "k2", "k3"]
    assert "1 items repeated from one page to the next were written once" in result.err
