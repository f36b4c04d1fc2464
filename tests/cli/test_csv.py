"""csv that reads back: every cell, on every supported Python, also after an interrupted export.

Files are read back the way a user's program would, with ``csv.reader(open(path, newline=""))``,
and compared with the values Loyverse sent (``helpers.csv_value``: text as is, numbers in the API's
spelling, null empty).
"""

from __future__ import annotations

import contextlib
import csv
import io
import sys
import tempfile
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loyverse_client.cli import main
from loyverse_client.cli._formats import csv_record
from loyverse_client.testing import FakeLoyverse
from tests.cli.helpers import COLUMNS, TOKEN, csv_value, fake_factory, make_runner

TEXT_FIELDS = [
    "name",
    "email",
    "phone_number",
    "address",
    "city",
    "region",
    "postal_code",
    "country_code",
    "note",
    "customer_code",
]

NASTY_CELLS = [
    "\r",
    "\n",
    "\r\n",
    "\n\r",
    "a\rb",
    "ends with\r",
    "\rstarts with",
    '"',
    '""',
    'say "hi", then\r\nleave',
    ",",
    "a,b",
    " leading space",
    "trailing space ",
    "   ",
    "\t tab",
    "'quoted'",
    "=SUM(A1:A2)",
    "+44 20 7946 0958",
    "-5",
    "@home",
    "é à ü ß",
    "日本語の名前",
    "emoji 😀 and \u200d joiner",
    "\u2028line separator\u2029",
    "\x0b\x0c\x1c",
    "back\\slash",
    "",
]

# Python 3.10's csv.reader refuses a NUL anywhere in its input, so no csv holding one reads back
# there; the writer still writes it (3.11 and later read it) and resume still works (tested below).
NUL_READS_BACK = sys.version_info >= (3, 11)


def nasty_customers(cells: list[str]) -> list[dict[str, Any]]:
    """One customer per cell, the cell in every text field; ids that a spreadsheet would run."""
    return [
        {
            "id": ("-", "=", "@", "+")[index % 4] + f"c{index:03d}",
            **dict.fromkeys(TEXT_FIELDS, cell),
            "total_points": -index,
            "created_at": f"2024-03-{1 + index % 28:02d}T{index // 28:02d}:00:00.000Z",
        }
        for index, cell in enumerate(cells)
    ]


def read_back(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.reader(file))


def as_rows(customers: list[dict[str, Any]]) -> list[list[str]]:
    return [COLUMNS] + [[csv_value(c[name]) for name in COLUMNS] for c in customers]


def export_to(path: Path, fake: FakeLoyverse, *args: str, hook: Any = None) -> int:
    argv = ["--token", TOKEN, "customers", "export", "--out", str(path), *args]
    with contextlib.redirect_stderr(io.StringIO()):
        return main(argv, client_factory=fake_factory(fake, hook))


def test_every_nasty_cell_reads_back_unchanged(tmp_path: Path) -> None:
    fake = FakeLoyverse(nasty_customers(NASTY_CELLS), access_token=TOKEN)
    path = tmp_path / "nasty.csv"
    assert export_to(path, fake, "--limit", "7") == 0
    assert read_back(path) == as_rows(fake.customers)


def test_a_listing_as_csv_reads_back_unchanged(capsys: pytest.CaptureFixture[str]) -> None:
    fake = FakeLoyverse(nasty_customers(NASTY_CELLS), access_token=TOKEN)
    result = make_runner(capsys, fake)("--token", TOKEN, "customers", "list", "--format", "csv")
    assert result.code == 0
    assert list(csv.reader(io.StringIO(result.out, newline=""))) == as_rows(fake.customers)


_CELLS = st.text(
    st.sampled_from("\r\n\",\t =+-@'")
    | st.characters(exclude_characters=["\0"], exclude_categories=["Cs"]),
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_CELLS, min_size=1, max_size=6))
def test_any_cell_reads_back_unchanged(cells: list[str]) -> None:
    fake = FakeLoyverse(nasty_customers(cells), access_token=TOKEN)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "any.csv"
        assert export_to(path, fake, "--limit", "2") == 0
        assert read_back(path) == as_rows(fake.customers)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(st.sampled_from("a,\"\n 'é\t"), max_size=6), min_size=2, max_size=5))
def test_records_are_spelled_as_csv_writer_spells_them(cells: list[str]) -> None:
    # Files written before csv_record existed must be continued in the same spelling.
    written = io.StringIO()
    csv.writer(written, lineterminator="\n").writerow(cells)
    assert csv_record(cells) == written.getvalue()


def test_a_nul_is_written_and_reads_back_where_python_can(tmp_path: Path) -> None:
    fake = FakeLoyverse(nasty_customers(["a\0b", "\0"]), access_token=TOKEN)
    path = tmp_path / "nul.csv"
    assert export_to(path, fake) == 0
    assert path.read_bytes().count(b"\0") == 2 * len(TEXT_FIELDS)
    if NUL_READS_BACK:
        assert read_back(path) == as_rows(fake.customers)


def fail_after(fake: FakeLoyverse, pages: int) -> Any:
    def hook(request: httpx.Request) -> None:
        if len(fake.requests) == pages:
            fake.fail_next(500)

    return hook


@pytest.mark.parametrize("excel_safe", [[], ["--excel-safe"]], ids=["exact", "excel-safe"])
def test_resume_continues_a_file_of_nasty_cells(tmp_path: Path, excel_safe: list[str]) -> None:
    fake = FakeLoyverse(nasty_customers([*NASTY_CELLS, "nul\0inside"]), access_token=TOKEN)
    path, fresh = tmp_path / "resumed.csv", tmp_path / "fresh.csv"
    args = ["--limit", "4", *excel_safe]

    # Each interruption leaves a nasty cell in the last complete record: the anchor.
    assert export_to(path, fake, *args, hook=fail_after(fake, 2)) == 1
    assert (
        export_to(path, fake, *args, "--resume", hook=fail_after(fake, len(fake.requests) + 3)) == 1
    )
    assert export_to(path, fake, *args, "--resume") == 0
    assert export_to(fresh, fake, *args) == 0
    assert path.read_bytes() == fresh.read_bytes()
    if not excel_safe and NUL_READS_BACK:
        assert read_back(path) == as_rows(fake.customers)


def test_excel_safe_shows_formulas_as_text_and_keeps_numbers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    cells = ["=1+2", "+44 20", "-x", "@x", "\tx", "\rx", "Ann", "x=1", "'=already"]
    fake = FakeLoyverse(nasty_customers(cells), access_token=TOKEN)
    argv = ["--token", TOKEN, "customers", "list", "--format", "csv", "--excel-safe"]
    result = make_runner(capsys, fake)(*argv)
    assert result.code == 0
    header, *rows = list(csv.reader(io.StringIO(result.out, newline="")))
    names = [row[header.index("name")] for row in rows]
    ids = [row[header.index("id")] for row in rows]
    points = [row[header.index("total_points")] for row in rows]
    assert names == ["'=already", "x=1", "Ann", "'\rx", "'\tx", "'@x", "'-x", "'+44 20", "'=1+2"]
    assert all(cell.startswith("'") for cell in ids)
    assert points == [str(-index) for index in reversed(range(len(cells)))]


@pytest.mark.parametrize(
    "argv",
    [
        ["customers", "list", "--excel-safe"],
        ["customers", "get", "x", "--excel-safe"],
        ["customers", "export", "--out", "x.jsonl", "--excel-safe"],
    ],
)
def test_excel_safe_is_for_csv_only(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    fake = FakeLoyverse(access_token=TOKEN)
    result = make_runner(capsys, fake)("--token", TOKEN, *argv)
    assert result.code == 2
    assert result.err == "error: --excel-safe changes csv only: add --format csv\n"
    assert fake.requests == []


def test_a_file_resumes_whichever_way_it_was_written(tmp_path: Path) -> None:
    fake = FakeLoyverse(nasty_customers(NASTY_CELLS), access_token=TOKEN)
    safe, exact = tmp_path / "safe.csv", tmp_path / "exact.csv"
    assert export_to(safe, fake, "--limit", "5", "--excel-safe", hook=fail_after(fake, 2)) == 1
    assert (
        export_to(exact, fake, "--limit", "5", hook=fail_after(fake, len(fake.requests) + 2)) == 1
    )
    # The anchors' ids start with - = @ or +: written as '-c009 in one file, -c009 in the other.
    assert export_to(safe, fake, "--limit", "5", "--resume") == 0
    assert export_to(exact, fake, "--limit", "5", "--resume", "--excel-safe") == 0
    assert len(read_back(safe)) == len(read_back(exact)) == 1 + len(NASTY_CELLS)
