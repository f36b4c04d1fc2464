"""``loyverse sync --db FILE [RESOURCE ...] [--full]``: the copy, its report, its failures."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import httpx
import pytest

from loyverse_client import LoyverseClient
from loyverse_client.cli import ClientFactory, main
from loyverse_client.cli._connect import DEMO_CUSTOMERS, demo_fake
from loyverse_client.sync import RESOURCE_NAMES
from loyverse_client.testing import FakeLoyverse
from tests.cli.helpers import TOKEN, Result, Run, Terminal, fake_factory, make_runner
from tests.sync.helpers import DEFAULT_TABLES, held, stored_json

HEADINGS = "RESOURCE INSERTED UPDATED DELETED UNCHANGED REQUESTS SECONDS"


@pytest.fixture
def fake() -> FakeLoyverse:
    account = FakeLoyverse(access_token=TOKEN)
    account.add_sample_customers(300, seed=4)
    account.add_sample_shop(seed=1)
    return account


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], fake: FakeLoyverse) -> Run:
    return make_runner(capsys, fake)


def table(result: Result) -> dict[str, list[str]]:
    """The report on stdout: the cells of each row, by resource."""
    lines = [line.split() for line in result.out.splitlines()]
    assert " ".join(lines[0]) == HEADINGS
    return {cells[0]: cells[1:] for cells in lines[1:]}


def test_sync_copies_the_account_and_prints_the_report(
    run: Run, fake: FakeLoyverse, tmp_path: Path
) -> None:
    path = tmp_path / "copy.sqlite"
    first = run("--token", TOKEN, "sync", "--db", str(path))
    assert (first.code, first.err) == (0, "")
    rows = table(first)
    assert list(rows) == [*DEFAULT_TABLES, "total"]
    assert rows["customers"][:5] == [str(len(fake.customers)), "0", "0", "0", "2"]
    for name in DEFAULT_TABLES:
        assert stored_json(path, name) == held(fake, name), name

    again = run("--token", TOKEN, "sync", "--db", str(path), "customers", "receipts")
    assert again.code == 0
    rows = table(again)
    assert list(rows) == ["customers", "receipts", "total"]
    assert rows["total"][:3] == ["0", "0", "0"]
    assert rows["total"][4] == "2"
    assert TOKEN not in first.out + first.err + again.out + again.err


def test_full_removes_the_customers_deleted_in_loyverse(
    run: Run, fake: FakeLoyverse, tmp_path: Path
) -> None:
    path = tmp_path / "copy.sqlite"
    run("--token", TOKEN, "sync", "--db", str(path), "customers")
    fake.delete("customers", fake.customers[0]["id"])
    result = run("--token", TOKEN, "sync", "--db", str(path), "customers", "--full")
    assert result.code == 0
    assert table(result)["customers"][:4] == ["0", "0", "1", str(len(fake.customers))]
    assert result.err == "note: customers: removed 1 that Loyverse no longer lists\n"
    assert stored_json(path, "customers") == held(fake, "customers")


def test_the_demo_syncs_without_a_token(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["--demo", "sync", "--db", "demo.sqlite"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    rows = {line.split()[0]: line.split()[1:] for line in captured.out.splitlines()[1:]}
    assert rows["customers"][0] == str(DEMO_CUSTOMERS)
    shop = demo_fake()
    for name in DEFAULT_TABLES:
        assert len(stored_json(tmp_path / "demo.sqlite", name)) == len(held(shop, name)), name


def test_progress_shows_on_a_terminal_and_is_cleared(
    fake: FakeLoyverse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    argv = ["--token", TOKEN, "sync", "--db", str(tmp_path / "c.sqlite"), "customers"]
    assert main(argv, client_factory=fake_factory(fake)) == 0
    shown = terminal.getvalue()
    assert shown.startswith("\rcustomers: 0 received, 0 requests")
    assert "\rcustomers: 250 received, 1 requests" in shown
    assert f"\rcustomers: {len(fake.customers)} received, 2 requests" in shown
    assert shown.endswith(
        "\r" + " " * len(f"customers: {len(fake.customers)} received, 2 requests") + "\r"
    )


def test_notes_go_to_stderr(
    fake: FakeLoyverse, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def refusing(*, token: str | None, base_url: str | None) -> LoyverseClient:
        def handle(request: httpx.Request) -> httpx.Response:
            if request.url.path.endswith("/shifts"):
                body = {"errors": [{"code": "FORBIDDEN", "details": "missing SHIFTS_READ"}]}
                return httpx.Response(403, json=body)
            return fake.transport.handle_request(request)

        http = httpx.Client(transport=httpx.MockTransport(handle))
        return fake.client(access_token=token, http_client=http, max_retries=0)

    factory: ClientFactory = refusing
    argv = ["--token", TOKEN, "sync", "--db", str(tmp_path / "c.sqlite"), "shifts", "stores"]
    assert main(argv, client_factory=factory) == 0
    captured = capsys.readouterr()
    assert captured.err.startswith("note: shifts: skipped: ")
    assert "SHIFTS_READ" in captured.err
    assert "note" not in captured.out
    assert table(Result(0, captured.out, ""))["stores"][0] == "2"


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["sync"], "the following arguments are required: --db"),
        (["sync", "--db", "x.sqlite", "orders"], "argument RESOURCE: 'orders' is not a resource"),
        (
            ["sync", "--db", "{missing}/x.sqlite"],
            "error: --db: the folder {missing} does not exist",
        ),
        (["sync", "--db", "{tmp}"], "error: --db: {tmp} is a folder"),
    ],
)
def test_bad_arguments_exit_2_naming_the_option(
    run: Run, fake: FakeLoyverse, tmp_path: Path, argv: list[str], said: str
) -> None:
    where = {"missing": str(tmp_path / "missing"), "tmp": str(tmp_path)}
    result = run("--token", TOKEN, *(arg.format(**where) for arg in argv))
    assert result.code == 2
    assert said.format(**where) in result.err
    assert result.out == ""
    assert fake.requests == []


def test_a_database_of_a_later_version_fails_naming_the_option(
    run: Run, fake: FakeLoyverse, tmp_path: Path
) -> None:
    path = tmp_path / "copy.sqlite"
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA user_version = 9")
    result = run("--token", TOKEN, "sync", "--db", str(path))
    assert result.code == 1
    assert result.err.startswith(f"error: --db: {path} has schema version 9")
    assert fake.requests == []


def test_the_command_knows_every_resource_of_the_sync() -> None:
    from loyverse_client.cli._sync import _NAMES

    assert _NAMES == RESOURCE_NAMES


def test_neither_the_sdk_nor_the_command_line_parser_import_the_sync() -> None:
    code = (
        "import sys, loyverse_client\n"
        "from loyverse_client import LoyverseClient\n"
        "from loyverse_client.cli._parser import build_parser\n"
        "build_parser()\n"
        "print([m for m in ('sqlite3', 'loyverse_client.sync') if m in sys.modules])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
