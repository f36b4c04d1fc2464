"""``loyverse <resource> export --concurrency N``: windows walked at once, and an exact resume.

A concurrent export writes pages as they come, so its file is not in the listing's order; what a
user can rely on is that it holds every object exactly once, however often it was interrupted
and resumed, which is what these tests check (as a multiset of records).
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Callable
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
    csv_records,
    fake_factory,
    make_runner,
    sample_fake,
)

FORMATS = ["csv", "jsonl"]


def export(run: Run, path: Path | str, *args: str, **kwargs: Any) -> Result:
    return run("--token", TOKEN, "customers", "export", "--out", str(path), *args, **kwargs)


def ids(path: Path, fmt: str) -> Counter[str]:
    text = path.read_text(encoding="utf-8")
    if fmt == "csv":
        return Counter(record["id"] for record in csv_records(text))
    return Counter(json.loads(line)["id"] for line in text.splitlines())


def everyone(fake: FakeLoyverse) -> Counter[str]:
    return Counter(customer["id"] for customer in fake.customers)


def at_request(fake: FakeLoyverse, request_number: int, what: Callable[[], None]) -> Any:
    """Clients that do ``what`` at their ``request_number``-th request (counting from 1), once,
    whichever worker thread sends it."""
    lock, sent = threading.Lock(), [0]

    def hook(request: httpx.Request) -> None:
        with lock:
            sent[0] += 1
            if sent[0] == request_number:
                what()

    return fake_factory(fake, hook)


def fail_at(fake: FakeLoyverse, request_number: int) -> Any:
    """Clients whose ``request_number``-th request fails with a 500."""
    return at_request(fake, request_number, lambda: fake.fail_next(500))


def interrupt_at(fake: FakeLoyverse, request_number: int) -> Any:
    """Clients interrupted (Ctrl-C) as they send their ``request_number``-th request."""

    def interrupt() -> None:
        raise KeyboardInterrupt

    return at_request(fake, request_number, interrupt)


def progress_of(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.with_name(path.name + ".progress.json").read_text())
    return data


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_concurrent_export_holds_every_customer_once(
    run: Run, fake: FakeLoyverse, tmp_path: Path, fmt: str
) -> None:
    path = tmp_path / f"customers.{fmt}"
    result = export(run, path, "--limit", "4", "--concurrency", "4")
    assert result.code == 0
    assert result.err == f"exported 60 customers to {path}\n"
    assert ids(path, fmt) == everyone(fake)
    progress = progress_of(path)
    assert progress["windows"] == []
    assert progress["records"] == 60
    assert progress["size"] == path.stat().st_size
    if fmt == "csv":
        assert path.read_text().count("id,") == 1  # one header


def tied_fake(per_ms: int = 6) -> FakeLoyverse:
    """60 customers created ``per_ms`` in each millisecond: pages and windows end mid-tie."""
    account = FakeLoyverse(access_token=TOKEN)
    account.add(
        "customers",
        [
            {
                "id": f"c{t}-{n:02d}",
                "name": f"C {t} {n}",
                "created_at": f"2024-03-01T10:00:00.00{t}Z",
            }
            for t in range(60 // per_ms)
            for n in range(per_ms)
        ],
    )
    return account


@pytest.mark.parametrize("concurrency", ["2", "5"])
@pytest.mark.parametrize("ties", [False, True])
def test_interrupted_after_any_request_then_resumed_holds_every_customer_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, concurrency: str, ties: bool
) -> None:
    fake = tied_fake() if ties else sample_fake()
    run = make_runner(capsys, fake)
    whole = tmp_path / "whole.csv"
    assert export(run, whole, "--limit", "4", "--concurrency", concurrency).code == 0
    requests = len(fake.requests)
    for failing in range(1, requests + 1):
        path = tmp_path / f"cut-{failing}.csv"
        options = ["--limit", "4", "--concurrency", concurrency]
        first = export(run, path, *options, factory=fail_at(fake, failing))
        if first.code == 0:
            continue  # the walk was over before that request (fewer splits this time)
        assert first.code == 1
        said = "run the same command with --resume to continue"
        assert said in first.err or f"{path} was not written" in first.err
        resumed = export(run, path, *options, "--resume")
        assert resumed.code == 0, resumed.err
        assert ids(path, "csv") == everyone(fake), failing
        assert progress_of(path)["windows"] == []


def test_a_resume_can_itself_be_interrupted_and_resumed(
    run: Run, fake: FakeLoyverse, tmp_path: Path
) -> None:
    path = tmp_path / "customers.jsonl"
    options = ["--limit", "3", "--concurrency", "3"]
    assert export(run, path, *options, factory=fail_at(fake, 4)).code == 1
    assert export(run, path, *options, "--resume", factory=fail_at(fake, 3)).code == 1
    assert export(run, path, *options, "--resume", factory=fail_at(fake, 2)).code == 1
    done = export(run, path, "--limit", "3", "--resume")  # any concurrency continues it
    assert done.code == 0
    assert ids(path, "jsonl") == everyone(fake)


@pytest.mark.parametrize("second", [1, 2, 3])
def test_resumes_interrupted_anywhere_hold_every_tied_customer_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, second: int
) -> None:
    fake = tied_fake(per_ms=12)  # three pages a millisecond
    run = make_runner(capsys, fake)
    options = ["--limit", "4", "--concurrency", "2"]
    for first in range(1, 16):
        path = tmp_path / f"cut-{first}.jsonl"
        if export(run, path, *options, factory=fail_at(fake, first)).code == 0:
            continue
        export(run, path, *options, "--resume", factory=fail_at(fake, second))
        assert export(run, path, *options, "--resume").code == 0
        assert ids(path, "jsonl") == everyone(fake), (first, second)


def test_a_record_cut_off_after_the_last_progress_is_dropped(
    run: Run, fake: FakeLoyverse, tmp_path: Path
) -> None:
    path = tmp_path / "customers.jsonl"
    options = ["--limit", "5", "--concurrency", "3"]
    assert export(run, path, *options, factory=fail_at(fake, 5)).code == 1
    with path.open("ab") as file:  # a page written after the last progress, cut short
        file.write(b'{"id":"half a customer"')
    resumed = export(run, path, *options, "--resume")
    assert resumed.code == 0
    assert ids(path, "jsonl") == everyone(fake)


def test_resume_refuses_other_filters_and_leaves_the_file(
    run: Run, fake: FakeLoyverse, tmp_path: Path
) -> None:
    path = tmp_path / "customers.jsonl"
    assert export(run, path, "--limit", "5", "--concurrency", "3", factory=fail_at(fake, 6)).code
    before = path.read_bytes() if path.exists() else None  # none if stopped before a page
    result = export(run, path, "--limit", "6", "--concurrency", "3", "--resume")
    assert result.code == 1
    assert "was exported with other filters or another format" in result.err
    assert (path.read_bytes() if path.exists() else None) == before


def test_resume_of_a_completed_concurrent_export_adds_nothing(
    run: Run, fake: FakeLoyverse, tmp_path: Path
) -> None:
    path = tmp_path / "customers.jsonl"
    assert export(run, path, "--concurrency", "3", "--limit", "5").code == 0
    before = path.read_bytes()
    requests = len(fake.requests)
    again = export(run, path, "--concurrency", "3", "--limit", "5", "--resume")
    assert again.code == 0
    assert again.err == f"resumed {path} after 60 customers: 0 more, 60 in total\n"
    assert path.read_bytes() == before
    assert len(fake.requests) == requests


def test_a_plain_export_replaces_the_progress_of_a_concurrent_one(
    run: Run, fake: FakeLoyverse, tmp_path: Path
) -> None:
    path = tmp_path / "customers.jsonl"
    assert export(run, path, "--concurrency", "3").code == 0
    assert export(run, path).code == 0
    assert not path.with_name(path.name + ".progress.json").exists()


def test_a_concurrent_export_to_stdout(run: Run, fake: FakeLoyverse, tmp_path: Path) -> None:
    result = export(run, "-", "--limit", "7", "--concurrency", "4")
    assert result.code == 0
    assert Counter(json.loads(line)["id"] for line in result.out.splitlines()) == everyone(fake)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("value", ["0", "33", "two", "1.5"])
def test_a_bad_concurrency_is_a_usage_error(run: Run, tmp_path: Path, value: str) -> None:
    result = export(run, tmp_path / "c.jsonl", "--concurrency", value)
    assert result.code == 2
    assert "--concurrency" in result.err
    assert "from 1 to 32" in result.err


def test_lists_without_creation_windows_have_no_concurrency(run: Run, tmp_path: Path) -> None:
    result = run(
        "--token", TOKEN, "categories", "export", "--out", str(tmp_path / "c.jsonl"),
        "--concurrency", "2",
    )  # fmt: skip
    assert result.code == 2
    assert "unrecognized arguments: --concurrency" in result.err


def test_receipts_export_concurrently(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from loyverse_client.cli import main

    shop = FakeLoyverse(access_token=TOKEN)
    shop.add_sample_shop()
    path = tmp_path / "receipts.jsonl"
    argv = ["--token", TOKEN, "receipts", "export", "--out", str(path), "--limit", "9"]
    assert main([*argv, "--concurrency", "4"], client_factory=fake_factory(shop)) == 0
    numbers = Counter(json.loads(line)["receipt_number"] for line in path.read_text().splitlines())
    assert numbers == Counter(r["receipt_number"] for r in shop.objects("receipts"))
    capsys.readouterr()


def test_progress_shows_pages_and_requests_per_second_on_a_terminal(
    fake: FakeLoyverse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from loyverse_client.cli import main

    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    argv = ["--token", TOKEN, "customers", "export", "--out", str(tmp_path / "c.jsonl")]
    assert (
        main([*argv, "--limit", "5", "--concurrency", "3"], client_factory=fake_factory(fake)) == 0
    )
    shown = terminal.getvalue()
    assert "\rexported 5 customers, " in shown
    assert " pages, " in shown
    assert " requests/s" in shown
    assert shown.endswith(f"\rexported 60 customers to {tmp_path / 'c.jsonl'}\n")


@pytest.mark.parametrize("stopped_at", [1, 2, 3])
def test_a_new_concurrent_export_stopped_early_resumes_from_its_own_start(
    run: Run, fake: FakeLoyverse, tmp_path: Path, stopped_at: int
) -> None:
    path = tmp_path / "customers.jsonl"
    options = ["--limit", "5", "--concurrency", "3"]
    assert export(run, path, *options).code == 0  # last week's export, complete
    fake.add_sample_customers(40, seed=99)  # the account grew since
    assert export(run, path, *options, factory=interrupt_at(fake, stopped_at)).code == 130
    assert export(run, path, *options, "--resume").code == 0
    assert ids(path, "jsonl") == everyone(fake)
    assert sum(everyone(fake).values()) == 100


def test_a_plain_export_stopped_before_writing_leaves_the_earlier_export_resumable(
    run: Run, fake: FakeLoyverse, tmp_path: Path
) -> None:
    path = tmp_path / "customers.jsonl"
    options = ["--limit", "5", "--concurrency", "3"]
    assert export(run, path, *options, factory=fail_at(fake, 4)).code == 1
    # A plain export of the same file fails before its first page: nothing was replaced.
    assert export(run, path, "--limit", "5", factory=fail_at(fake, 1)).code == 1
    assert export(run, path, *options, "--resume").code == 0
    assert ids(path, "jsonl") == everyone(fake)


def test_resume_with_concurrency_of_a_plain_export_continues_it_in_order(
    run: Run, fake: FakeLoyverse, tmp_path: Path
) -> None:
    path, whole = tmp_path / "customers.jsonl", tmp_path / "whole.jsonl"
    assert export(run, path, "--limit", "7", factory=fail_at(fake, 3)).code == 1
    assert export(run, path, "--limit", "7", "--resume", "--concurrency", "4").code == 0
    assert export(run, whole, "--limit", "7").code == 0
    assert path.read_bytes() == whole.read_bytes()
