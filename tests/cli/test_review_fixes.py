"""Small things a first user of the command line noticed."""

from __future__ import annotations

import pytest

from loyverse_client.cli import main


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
