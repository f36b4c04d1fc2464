"""``loyverse customers export``: streamed files, progress, and resuming an interrupted export.

The resume tests end the same way: the file holds every customer exactly once, in the listing's
order (newest first), with one csv header, byte for byte what an uninterrupted export writes.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import httpx
import pytest

from loyverse_client.testing import FakeLoyverse
from tests.cli.helpers import (
    TOKEN,
    Result,
    Run,
    Terminal,
    as_csv,
    csv_records,
    fake_factory,
    make_runner,
)

FORMATS = ["csv", "jsonl"]


def export(run: Run, path: Path, *args: str, **kwargs: Any) -> Result:
    return run("--token", TOKEN, "customers", "export", "--out", str(path), *args, **kwargs)


def records(path: Path, fmt: str) -> list[dict[str, Any]]:
    """The file's customers, parsed; csv cells compared as the API's JSON text."""
    text = path.read_text(encoding="utf-8")
    if fmt == "csv":
        return csv_records(text)
    return [json.loads(line) for line in text.splitlines()]


def expected(customers: list[dict[str, Any]], fmt: str) -> list[dict[str, Any]]:
    return as_csv(customers) if fmt == "csv" else customers


def fail_after(fake: FakeLoyverse, pages: int) -> Any:
    """A client factory whose walk fails (500, no retry) once ``pages`` requests succeeded."""

    def hook(request: httpx.Request) -> None:
        if len(fake.requests) == pages:
            fake.fail_next(500)

    return fake_factory(fake, hook)


# --- a fresh export -------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_writes_every_customer_page_by_page(
    run: Run, fake: FakeLoyverse, tmp_path: Path, fmt: str
) -> None:
    path = tmp_path / f"customers.{fmt}"
    result = export(run, path, "--limit", "7")
    assert result.code == 0
    assert result.out == ""
    assert result.err == f"exported 60 customers to {path}\n"
    assert records(path, fmt) == expected(fake.customers, fmt)
    assert len(fake.requests) == 9
    if fmt == "csv":
        assert path.read_text().count("id,name,email,") == 1


def test_export_format_comes_from_the_option_or_the_file_name(
    run: Run, fake: FakeLoyverse, tmp_path: Path
) -> None:
    named = export(run, tmp_path / "all.ndjson")
    forced = export(run, tmp_path / "all.txt", "--format", "csv")
    unknown = export(run, tmp_path / "all.txt")
    assert named.code == forced.code == 0
    assert records(tmp_path / "all.ndjson", "jsonl") == fake.customers
    assert records(tmp_path / "all.txt", "csv") == as_csv(fake.customers)
    assert unknown.code == 2
    assert "add --format jsonl or --format csv" in unknown.err


def test_export_applies_the_filters(run: Run, fake: FakeLoyverse, tmp_path: Path) -> None:
    path = tmp_path / "march.jsonl"
    result = export(run, path, "--created-min", "2024-03-10T00:00:00Z")
    wanted = [c for c in fake.customers if c["created_at"] >= "2024-03-10T00:00:00.000Z"]
    assert result.code == 0
    assert 0 < len(wanted) < 60
    assert records(path, "jsonl") == wanted


def test_export_replaces_an_existing_file(run: Run, fake: FakeLoyverse, tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text("old\n")
    assert export(run, path).code == 0
    assert records(path, "jsonl") == fake.customers


def test_progress_is_shown_on_a_terminal(
    fake: FakeLoyverse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from loyverse_client.cli import main

    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    argv = ["--token", TOKEN, "customers", "export", "--out", str(tmp_path / "c.csv")]
    assert main([*argv, "--limit", "25"], client_factory=fake_factory(fake)) == 0
    shown = terminal.getvalue()
    assert shown.startswith("\rexported 25 customers\rexported 50 customers\rexported 60 customers")
    assert shown.endswith(f"\rexported 60 customers to {tmp_path / 'c.csv'}\n")


def test_a_failure_before_the_first_page_writes_no_file(
    run: Run, fake: FakeLoyverse, tmp_path: Path
) -> None:
    path = tmp_path / "c.csv"
    fake.fail_next(503)
    result = export(run, path)
    assert result.code == 1
    assert result.err.splitlines() == [
        "error: SERVICE_UNAVAILABLE: Service Unavailable (injected fault) (HTTP 503)",
        f"{path} was not written",
    ]
    assert not path.exists()


def test_an_unwritable_file_is_exit_1(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "missing-dir" / "c.csv"
    result = export(run, path)
    assert result.code == 1
    assert result.err.startswith(f"error: cannot write {path}: ")


# --- interrupted, then resumed --------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_interrupted_export_resumes_without_duplicates_or_gaps(
    run: Run, fake: FakeLoyverse, tmp_path: Path, fmt: str
) -> None:
    path = tmp_path / f"customers.{fmt}"
    first = export(run, path, "--limit", "7", factory=fail_after(fake, pages=3))
    assert first.code == 1
    assert first.err.splitlines() == [
        "error: INTERNAL_SERVER_ERROR: Internal Server Error (injected fault) (HTTP 500)",
        f"{path} holds 21 complete customers; run the same command with --resume to continue",
    ]
    assert records(path, fmt) == expected(fake.customers[:21], fmt)

    # The process died in the middle of writing the next record.
    partial = b'{"id":"5d1c7a2e-0b3f-4c' if fmt == "jsonl" else b"5d1c7a2e-0b3f-4c,Half a Na"
    with path.open("ab") as file:
        file.write(partial)
    requests_before = len(fake.requests)

    resumed = export(run, path, "--limit", "7", "--resume")
    assert resumed.code == 0
    assert resumed.err == (
        f"resumed {path} after 21 customers (dropped a cut-off last record of {len(partial)} "
        "bytes): "
        "39 more, 60 in total\n"
    )
    assert records(path, fmt) == expected(fake.customers, fmt)
    # The new walk starts at the anchor's creation time: the 21 exported before cost no page.
    assert len(fake.requests) - requests_before == math.ceil((39 + 1) / 7)

    fresh = tmp_path / f"fresh.{fmt}"
    assert export(run, fresh, "--limit", "7").code == 0
    assert path.read_bytes() == fresh.read_bytes()


@pytest.mark.parametrize("fmt", FORMATS)
def test_resume_can_be_interrupted_and_resumed_again(
    run: Run, fake: FakeLoyverse, tmp_path: Path, fmt: str
) -> None:
    path = tmp_path / f"customers.{fmt}"
    assert export(run, path, "--limit", "5", factory=fail_after(fake, pages=2)).code == 1
    start = len(fake.requests)
    assert (
        export(run, path, "--limit", "5", "--resume", factory=fail_after(fake, start + 3)).code == 1
    )
    assert len(records(path, fmt)) == 10 + 14  # the anchor's page gave 4, then two full pages
    assert export(run, path, "--limit", "5", "--resume").code == 0
    assert records(path, fmt) == expected(fake.customers, fmt)


def _tricky_customers() -> list[dict[str, Any]]:
    notes = ["line one\nline two", 'He said "hi"\n"bye"', None, "a,b", '"\n"\n"']
    return [
        {
            "id": f"c{i:02d}",
            "name": f"Customer {i}",
            "note": notes[i % len(notes)],
            "created_at": f"2024-03-{1 + i // 3:02d}T10:00:00.000Z",  # ties, broken by id
        }
        for i in range(12)
    ]


def _cut_points(data: bytes) -> list[int]:
    """Offsets where an interruption is hard to read back: at, before and after every newline."""
    points = {0, len(data)}
    for index, byte in enumerate(data):
        if byte == ord("\n"):
            points.update({index, index + 1, index + 2})
    return sorted(p for p in points if 0 <= p <= len(data))


@pytest.mark.parametrize("fmt", FORMATS)
def test_resume_after_a_cut_anywhere_near_a_line_end_restores_the_exact_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str
) -> None:
    fake = FakeLoyverse(_tricky_customers(), access_token=TOKEN)
    run = make_runner(capsys, fake)
    complete = tmp_path / f"complete.{fmt}"
    assert export(run, complete, "--limit", "4").code == 0
    data = complete.read_bytes()
    cut = tmp_path / f"cut.{fmt}"
    for point in _cut_points(data):
        cut.write_bytes(data[:point])
        result = export(run, cut, "--limit", "4", "--resume")
        assert result.code == 0, (point, result.err)
        assert cut.read_bytes() == data, point


@pytest.mark.parametrize("fmt", FORMATS)
def test_resume_refuses_when_the_last_customer_is_gone(
    capsys: pytest.CaptureFixture[str], fake: FakeLoyverse, tmp_path: Path, fmt: str
) -> None:
    path = tmp_path / f"customers.{fmt}"
    assert (
        export(make_runner(capsys, fake), path, "--limit", "7", factory=fail_after(fake, 2)).code
        == 1
    )
    with path.open("ab") as file:
        file.write(b'{"id": "cut o')
    before = path.read_bytes()
    anchor = fake.customers[13]["id"]
    gone = FakeLoyverse([c for c in fake.customers if c["id"] != anchor], access_token=TOKEN)

    result = export(make_runner(capsys, gone), path, "--limit", "7", "--resume")
    assert result.code == 1
    assert result.err.startswith(
        f"error: the last customer in {path} (id {anchor}) is not in the listing any more"
    )
    assert "Nothing was appended; export again without --resume" in result.err
    assert path.read_bytes() == before


def test_resume_refuses_a_file_of_another_format(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "customers.csv"
    assert export(run, path, "--format", "jsonl").code == 0
    before = path.read_bytes()
    result = export(run, path, "--resume")
    assert result.code == 1
    assert "does not start with the customer csv header" in result.err
    assert path.read_bytes() == before


def test_resume_refuses_a_jsonl_file_that_is_not_customers(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "customers.jsonl"
    path.write_text('{"name": "no id"}\n')
    result = export(run, path, "--resume")
    assert result.code == 1
    assert "is not a customer's JSON object with an id" in result.err


def test_resume_refuses_a_jsonl_line_nested_too_deeply_to_read(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "customers.jsonl"
    path.write_text("[" * 100_000 + "]" * 100_000 + "\n")
    result = export(run, path, "--resume")
    assert result.code == 1
    assert "is not a customer's JSON object with an id" in result.err


@pytest.mark.parametrize("fmt", FORMATS)
def test_resume_of_a_missing_or_finished_file(
    run: Run, fake: FakeLoyverse, tmp_path: Path, fmt: str
) -> None:
    path = tmp_path / f"customers.{fmt}"
    started = export(run, path, "--resume")
    assert started.code == 0
    assert started.err == f"exported 60 customers to {path}\n"
    before = path.read_bytes()
    again = export(run, path, "--resume")
    assert again.code == 0
    assert again.err == f"resumed {path} after 60 customers: 0 more, 60 in total\n"
    assert path.read_bytes() == before


def test_ctrl_c_during_an_export_says_how_to_resume(
    run: Run, fake: FakeLoyverse, tmp_path: Path
) -> None:
    def hook(request: httpx.Request) -> None:
        if len(fake.requests) == 2:
            raise KeyboardInterrupt

    path = tmp_path / "customers.jsonl"
    result = export(run, path, "--limit", "10", factory=fake_factory(fake, hook))
    assert result.code == 130
    assert result.err.splitlines() == [
        "error: interrupted",
        f"{path} holds 20 complete customers; run the same command with --resume to continue",
    ]
    assert export(run, path, "--limit", "10", "--resume").code == 0
    assert records(path, "jsonl") == fake.customers


def test_the_resumed_walk_starts_just_after_the_anchor_s_creation_time() -> None:
    from datetime import datetime, timezone

    from loyverse_client.cli._checkpoint import Checkpoint
    from loyverse_client.cli._export import resume_query
    from loyverse_models import CustomerQuery

    anchor_time = datetime(2024, 3, 5, 10, 0, 0, 123000, tzinfo=timezone.utc)
    checkpoint = Checkpoint(size=10, keep=10, records=1, has_header=False, last_id="c1",
                            last_created_at=anchor_time)  # fmt: skip
    narrowed = resume_query(CustomerQuery(email="a@example.com", limit=7), checkpoint)
    # One millisecond later: the anchor is in the walk whether Loyverse's bound is inclusive or not.
    assert narrowed.to_params() == {
        "email": "a@example.com",
        "created_at_max": "2024-03-05T10:00:00.124Z",
        "limit": "7",
    }
    earlier = CustomerQuery(created_at_max=anchor_time)
    assert resume_query(earlier, checkpoint) == earlier
    unknown_time = Checkpoint(size=10, keep=10, records=1, has_header=False, last_id="c1")
    assert resume_query(earlier, unknown_time) == earlier


# --- --out -: stdout ------------------------------------------------------------------------


@pytest.mark.parametrize(("args", "fmt"), [([], "jsonl"), (["--format", "csv"], "csv")])
def test_out_dash_writes_to_stdout(
    run: Run,
    fake: FakeLoyverse,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    fmt: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("--token", TOKEN, "customers", "export", "--out", "-", "--limit", "25", *args)
    assert result.code == 0
    assert result.err == "exported 60 customers to stdout\n"
    assert list(tmp_path.iterdir()) == []
    path = tmp_path / f"same.{fmt}"
    assert export(run, path, "--limit", "25").code == 0
    assert result.out == path.read_text(encoding="utf-8")


def test_an_export_to_stdout_that_fails_says_what_came_through(
    run: Run, fake: FakeLoyverse
) -> None:
    argv = ["--token", TOKEN, "customers", "export", "--out", "-", "--limit", "25"]
    result = run(*argv, factory=fail_after(fake, pages=2))
    assert result.code == 1
    assert len(result.out.splitlines()) == 50
    assert result.err.splitlines()[1] == (
        "stdout got 50 complete customers; an export to stdout cannot be resumed (--out FILE can)"
    )


def test_resume_of_stdout_is_a_usage_error(run: Run, fake: FakeLoyverse) -> None:
    result = run("--token", TOKEN, "customers", "export", "--out", "-", "--resume")
    assert result.code == 2
    assert result.err.startswith("error: --resume continues a file from its last customer")
    assert fake.requests == []
