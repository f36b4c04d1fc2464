"""``loyverse receipts``: a local business day, a csv row per line item, create and refund.

Answered by a ``Recorder`` over ``httpx.MockTransport``, as in ``test_resources``, with receipts
shaped like the real page of ``tests/fixtures/receipts_page.json``.
"""

from __future__ import annotations

import copy
import csv
import io
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from loyverse_client.cli import main
from loyverse_client.cli._connect import demo_fake
from tests.cli.helpers import RECEIPT_CSV_HEADER, receipt_csv_rows
from tests.cli.test_resources import run
from tests.helpers import Recorder, json_response, loyverse_error
from tests.test_receipts import receipt, sample_page

NASTY = 'Café "Zürich", 日本\nsecond line, with "quotes"'


def line(line_id: str, **fields: Any) -> dict[str, Any]:
    """A line item of the real sample, renamed ``line_id``."""
    data: dict[str, Any] = copy.deepcopy(sample_page()["receipts"][0]["line_items"][0])
    data.update(id=line_id, **fields)
    return data


def sale(number: str, lines: int, created_at: str = "2024-03-30T12:00:00.000Z") -> dict[str, Any]:
    """A sale with ``lines`` line items, nasty text in its note and its lines' names and notes."""
    data = receipt(number, created_at)
    data.update(
        note=f"{NASTY} ({number})",
        total_money=1234.5,
        line_items=[
            line(f"{number}-l{i}", item_name=f"{NASTY} {i}", line_note=f"n\r\n{i},", quantity=1.5)
            for i in range(1, lines + 1)
        ],
    )
    return data


def receipts_page(*receipts: dict[str, Any], cursor: str | None = None) -> httpx.Response:
    body: dict[str, Any] = {"receipts": list(receipts)}
    if cursor is not None:
        body["cursor"] = cursor
    return json_response(200, body)


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def refused(capsys: pytest.CaptureFixture[str], *argv: str, code: int = 2) -> str:
    """What ``loyverse receipts ARGV`` says on stderr, once checked that it exits ``code``
    having printed nothing and sent no request."""
    server = Recorder()
    exit_code, out, err = run(capsys, server, "receipts", *argv)
    assert (exit_code, out, server.requests) == (code, "", []), err
    return err


# --- --day and --tz ---------------------------------------------------------------------------
# 2024-03-31 in Paris is 23 hours long (2024-03-30T23:00Z to 21:59:59.999Z); 2024-10-27, 25 hours.
DAYS = [
    ("2024-03-31", "Europe/Paris", "2024-03-30T23:00:00.000Z", "2024-03-31T21:59:59.999Z"),
    ("2024-10-27", "Europe/Paris", "2024-10-26T22:00:00.000Z", "2024-10-27T22:59:59.999Z"),
    ("2024-03-10", "America/New_York", "2024-03-10T05:00:00.000Z", "2024-03-11T03:59:59.999Z"),
    ("2024-03-31", None, "2024-03-31T00:00:00.000Z", "2024-03-31T23:59:59.999Z"),
]


def shifted(instant: str, milliseconds: int) -> str:
    moment = datetime.fromisoformat(instant.replace("Z", "+00:00"))
    moment = moment.fromtimestamp(moment.timestamp() + milliseconds / 1000, timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


@pytest.mark.parametrize("command", ["list", "export"])
@pytest.mark.parametrize(("day", "tz", "start", "end"), DAYS)
def test_day_asks_from_local_midnight_and_keeps_by_receipt_date(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    command: str,
    day: str,
    tz: str | None,
    start: str,
    end: str,
) -> None:
    server = Recorder(
        receipts_page(
            # Received days later (an offline sale): still that day's.
            receipt("late", end, "2024-11-03T09:00:00.000Z"),
            receipt("next-day", shifted(end, 1)),
            receipt("last", end),
            cursor="c1",
        ),
        receipts_page(receipt("first", start), receipt("day-before", shifted(start, -1))),
    )
    out = tmp_path / "day.jsonl"
    where = ["--out", str(out)] if command == "export" else ["--format", "jsonl"]
    zone = [] if tz is None else ["--tz", tz]  # UTC by default
    code, printed, err = run(capsys, server, "receipts", command, "--day", day, *zone, *where)
    assert code == 0, err
    written = out.read_text(encoding="utf-8") if command == "export" else printed
    assert [json.loads(row)["receipt_number"] for row in written.splitlines()] == [
        "late",
        "last",
        "first",
    ]
    first, second = (dict(request.url.params) for request in server.requests)
    # From the day's first moment, by the time Loyverse received them, with no end: every page.
    assert first == {"created_at_min": start, "limit": "250"}
    assert second == {**first, "cursor": "c1"}


def test_day_keeps_the_other_filters_and_writes_the_day_as_csv(
    capsys: pytest.CaptureFixture[str],
) -> None:
    server = Recorder(receipts_page(sale("in", 2, "2024-03-31T10:00:00.000Z")))
    argv = ["receipts", "list", "--day", "2024-03-31", "--store-id", "s1", "--format", "csv"]
    code, out, err = run(capsys, server, *argv)
    assert (code, err) == (0, "")
    assert dict(server.requests[0].url.params) == {
        "store_id": "s1",
        "created_at_min": "2024-03-31T00:00:00.000Z",
        "limit": "250",
    }
    assert csv_rows(out)[1:] == receipt_csv_rows(sale("in", 2, "2024-03-31T10:00:00.000Z"))


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--created-min", "2024-03-01T00:00:00Z"], "error: --day conflicts with --created-min"),
        (["--created-max", "2024-03-01T00:00:00Z"], "error: --day conflicts with --created-max"),
        (["--since-receipt-number", "1-1"], "error: --day conflicts with --since-receipt-number"),
        (["--before-receipt-number", "1-1"], "error: --day conflicts with --before-receipt-number"),
    ],
)
@pytest.mark.parametrize("command", ["list", "export"])
def test_day_with_another_bound_of_the_walk_exits_2_before_any_request(
    capsys: pytest.CaptureFixture[str], command: str, argv: list[str], said: str
) -> None:
    extra = ["--out", "unused.jsonl"] if command == "export" else []
    err = refused(capsys, command, *extra, "--day", "2024-03-31", *argv)
    assert err.startswith(said), err


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--day", "2024-03-31", "--cursor", "c1"], "error: --day conflicts with --cursor"),
        (["--tz", "Europe/Paris"], "error: --tz is the time zone of --day: add --day"),
        (["--day", "2024-03-31", "--tz", "Mars/Olympus"], "argument --tz: 'Mars/Olympus' is not"),
        (["--day", "2024-03-31", "--tz", "../etc/passwd"], "argument --tz: '../etc/passwd' is not"),
        (["--day", "2024-02-30"], "argument --day: '2024-02-30' is not a date: write YYYY-MM-DD"),
        (["--day", "20240331"], "argument --day: '20240331' is not a date"),
        (
            ["--day", "9999-12-31", "--tz", "America/New_York"],
            "error: --day: the end of 9999-12-31",
        ),
    ],
)
def test_a_bad_day_or_zone_exits_2_naming_the_option_before_any_request(
    capsys: pytest.CaptureFixture[str], argv: list[str], said: str
) -> None:
    assert said in refused(capsys, "list", *argv)


def test_a_zone_without_a_time_zone_database_says_what_to_install(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("loyverse_client.cli._parser.available_timezones", set)
    err = refused(capsys, "list", "--day", "2024-03-31", "--tz", "Nowhere/Atlantis")
    assert "this Python has no time zone database; install it with `pip install tzdata`" in err


def test_a_day_past_the_plan_s_31_days_says_what_to_do(capsys: pytest.CaptureFixture[str]) -> None:
    details = "Receipts older than 31 days need the Unlimited sales history add-on"
    server = Recorder(loyverse_error(402, "PAYMENT_REQUIRED", details))
    code, _, err = run(capsys, server, "receipts", "list", "--day", "2020-01-01")
    assert code == 1
    assert "choose a --day or --created-min within the last 31 days" in err
    assert len(server.requests) == 1


# --- csv: a row per line item -----------------------------------------------------------------
@pytest.mark.parametrize("lines", [0, 1, 3])
@pytest.mark.parametrize("command", ["list", "get", "export"])
def test_csv_has_a_row_per_line_item_with_the_receipt_repeated(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str, lines: int
) -> None:
    made = sale("2-1008", lines)
    server = Recorder(json_response(200, made) if command == "get" else receipts_page(made))
    path = tmp_path / "receipts.csv"
    where = ["--out", str(path)] if command == "export" else ["--format", "csv"]
    key = ["2-1008"] if command == "get" else []
    code, out, err = run(capsys, server, "receipts", command, *key, *where)
    assert code == 0, err
    rows = csv_rows(path.read_bytes().decode() if command == "export" else out)
    assert rows[0] == RECEIPT_CSV_HEADER
    assert rows[1:] == receipt_csv_rows(made)
    assert len(rows) == 1 + max(lines, 1)
    receipt_cells = rows[1][: RECEIPT_CSV_HEADER.index("line_id")]
    assert all(row[: len(receipt_cells)] == receipt_cells for row in rows[1:])
    by_name = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    if lines == 0:
        assert {cell for name, cell in by_name[0].items() if name in rows[0][19:]} == {""}
    else:
        assert [row["line_id"] for row in by_name] == [f"2-1008-l{i}" for i in range(1, lines + 1)]
        assert by_name[-1]["item_name"] == f"{NASTY} {lines}"
        assert by_name[-1]["line_note"] == f"n\r\n{lines},"
        assert json.loads(by_name[-1]["line_taxes"]) == made["line_items"][-1]["line_taxes"]
    assert by_name[0]["note"] == f"{NASTY} (2-1008)"
    assert by_name[0]["total_money"] == "1234.5"
    assert json.loads(by_name[0]["payments"]) == made["payments"]


@pytest.mark.parametrize(
    ("sent", "cell"),
    [
        ("0.00001", "0.00001"),  # Python would write 1e-05
        ("2.5E+19", "25000000000000000000"),
        ("46.21", "46.21"),
        ("585500", "585500"),
        ("335.00", "335.0"),  # the value: JSON keeps no trailing zeros once read
        ("-0.05", "-0.05"),
    ],
)
def test_csv_numbers_are_the_values_loyverse_sent_as_plain_decimals(
    capsys: pytest.CaptureFixture[str], sent: str, cell: str
) -> None:
    text = json.dumps({"receipts": [sale("1", 1)]}).replace("1234.5", sent)
    answer = httpx.Response(200, text=text, headers={"content-type": "application/json"})
    code, out, err = run(capsys, Recorder(answer), "receipts", "list", "--format", "csv")
    assert (code, err) == (0, "")
    assert dict(zip(*csv_rows(out), strict=True))["total_money"] == cell


def test_excel_safe_receipts_csv_shows_formulas_as_text_and_keeps_numbers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    made = sale("=1", 2)
    made.update(note="=HYPERLINK(x)", total_money=-0.05)
    made["line_items"][0].update(item_name="-x", line_note="@y")
    server = Recorder(receipts_page(made))
    argv = ["receipts", "list", "--format", "csv", "--excel-safe"]
    code, out, err = run(capsys, server, *argv)
    assert (code, err) == (0, "")
    first, second = (dict(zip(RECEIPT_CSV_HEADER, row, strict=True)) for row in csv_rows(out)[1:])
    assert (first["receipt_number"], first["note"], first["total_money"]) == (
        "'=1",
        "'=HYPERLINK(x)",
        "-0.05",
    )
    assert (first["item_name"], first["line_note"]) == ("'-x", "'@y")
    assert second["note"] == first["note"]


@pytest.mark.parametrize("command", ["list", "get", "export"])
def test_help_documents_the_csv_columns_in_order(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    code, out, _ = run(capsys, Recorder(), "receipts", command, "--help")
    assert code == 0
    said = " ".join(out.split())
    line_id = RECEIPT_CSV_HEADER.index("line_id")
    assert ", ".join(RECEIPT_CSV_HEADER[:line_id]) in said
    assert ", ".join(RECEIPT_CSV_HEADER[line_id:]) in said


# Where an interruption cut the file, and the receipt whose rows are therefore written again: the
# file's last receipt, whose rows may have been cut short at a row's end, where nothing tells.
CUTS = {
    "after A's first row": "A",
    "in B's first row": "A",
    "after B's first row": "B",
    "after B's second row": "B",
    "after B": "B",
}


@pytest.mark.parametrize(("cut", "rewritten"), CUTS.items())
def test_resume_after_a_cut_in_a_receipt_s_rows_writes_each_receipt_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, cut: str, rewritten: str
) -> None:
    a, b = sale("A", 3, "2024-03-30T12:00:04.000Z"), sale("B", 3, "2024-03-30T12:00:03.000Z")
    c, d = sale("C", 0, "2024-03-30T12:00:02.000Z"), sale("D", 1, "2024-03-30T12:00:01.000Z")
    fresh, path = tmp_path / "fresh.csv", tmp_path / "resumed.csv"
    argv = ["receipts", "export", "--limit", "2", "--out"]
    server = Recorder(receipts_page(a, b, cursor="c1"), receipts_page(c, d))
    assert run(capsys, server, *argv, str(fresh))[0] == 0
    text = fresh.read_bytes()
    # Where each row ends: at a newline outside quotes (notes and names hold newlines).
    ends = [i + 1 for i, byte in enumerate(text) if byte == 10 and text[:i].count(b'"') % 2 == 0]
    a_rows, b_rows = ends[1:4], ends[4:7]
    keep = {
        "after A's first row": a_rows[0],
        "in B's first row": a_rows[-1] + 11,
        "after B's first row": b_rows[0],
        "after B's second row": b_rows[1],
        "after B": b_rows[2],
    }[cut]
    path.write_bytes(text[:keep])  # what an interruption left

    resumed = Recorder(receipts_page(a, b, cursor="c1"), receipts_page(c, d))
    code, _, err = run(capsys, resumed, *argv, str(path), "--resume")
    assert code == 0, err
    assert path.read_bytes() == text
    rows = csv_rows(path.read_bytes().decode())[1:]
    assert [row[0] for row in rows] == ["A"] * 3 + ["B"] * 3 + ["C", "D"]
    kept = "AB".index(rewritten)
    assert err.startswith(
        f"resumed {path} after {kept} receipts (wrote receipt {rewritten} again: its rows may "
    )
    if kept:  # the new walk starts at the anchor, A
        assert resumed.requests[0].url.params["created_at_max"] == "2024-03-30T12:00:04.001Z"
    else:  # nothing before the rewritten receipt: the walk starts over, the header kept
        assert "created_at_max" not in resumed.requests[0].url.params


# --- create and refund ------------------------------------------------------------------------
SALE_JSON = {
    "store_id": "s1",
    "order": "A-17",
    "note": NASTY,
    "receipt_date": "2024-03-30T19:30:00+01:00",
    "line_items": [
        {"variant_id": "v1", "quantity": 2, "line_taxes": ["t1"], "line_discounts": ["d1"]},
        {"variant_id": "v2", "quantity": 0.5, "price": 4.5, "line_modifiers": [
            {"modifier_option_id": "m1"}
        ]},
    ],
    "total_discounts": [{"id": "d1", "type": "VARIABLE_PERCENT", "scope": "LINE_ITEM",
                         "percentage": 10}],
    "payments": [{"payment_type_id": "cash"}],
}  # fmt: skip
SALE_BODY = {
    "store_id": "s1",
    "order": "A-17",
    "receipt_date": "2024-03-30T18:30:00.000Z",
    "note": NASTY,
    "line_items": [
        {"variant_id": "v1", "quantity": 2, "line_taxes": [{"id": "t1"}],
         "line_discounts": [{"id": "d1"}]},
        {"variant_id": "v2", "quantity": 0.5, "price": 4.5, "line_modifiers": [
            {"modifier_option_id": "m1"}
        ]},
    ],
    "total_discounts": [{"id": "d1", "scope": "LINE_ITEM", "percentage": 10}],
    "payments": [{"payment_type_id": "cash"}],
}  # fmt: skip
"""What POST /receipts carries for SALE_JSON: the API's field order, UTC times, id objects, and no
discount ``type`` (the SDK checks with it; Loyverse knows its discounts)."""


@pytest.mark.parametrize("source", ["file", "stdin"])
def test_create_from_json_sends_the_documented_body_and_prints_the_receipt(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    source: str,
) -> None:
    stored = sale("1001", 2)
    server = Recorder(json_response(200, stored))
    path = tmp_path / "sale.json"
    path.write_text(json.dumps(SALE_JSON, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(SALE_JSON)))
    given = str(path) if source == "file" else "-"
    code, out, err = run(capsys, server, "receipts", "create", "--json", given)
    assert (code, err) == (0, "")
    (request,) = server.requests
    assert (request.method, request.url.path) == ("POST", "/v1.0/receipts")
    assert json.loads(request.content) == SALE_BODY
    assert json.loads(out) == stored


@pytest.mark.parametrize(
    ("options", "body"),
    [
        (
            ["--store", "s1", "--line", "v1:2"],
            {"store_id": "s1", "line_items": [{"variant_id": "v1", "quantity": 2}]},
        ),
        (
            [
                "--store", "s1", "--line", "v1:2", "--line", "v2:0.5:4.50", "--payment", "cash",
                "--order", "A-17", "--note", NASTY, "--receipt-date", "2024-03-30T19:30:00+01:00",
            ],
            {
                "store_id": "s1",
                "order": "A-17",
                "receipt_date": "2024-03-30T18:30:00.000Z",
                "note": NASTY,
                "line_items": [
                    {"variant_id": "v1", "quantity": 2},
                    {"variant_id": "v2", "quantity": 0.5, "price": 4.5},
                ],
                "payments": [{"payment_type_id": "cash"}],
            },
        ),
    ],
    ids=["least", "every option"],
)  # fmt: skip
def test_create_from_options_sends_the_documented_body(
    capsys: pytest.CaptureFixture[str], options: list[str], body: dict[str, Any]
) -> None:
    stored = sale("1001", len(body["line_items"]))
    server = Recorder(json_response(200, stored))
    code, out, err = run(capsys, server, "receipts", "create", *options, "--format", "csv")
    assert (code, err) == (0, "")
    assert json.loads(server.requests[0].content) == body
    assert csv_rows(out)[1:] == receipt_csv_rows(stored)


BAD_OPTIONS = [
    (["--line", "v1"], "argument --line: 'v1' is not VARIANT:QTY[:PRICE]"),
    (["--line", ":2"], "argument --line: ':2' is not VARIANT:QTY[:PRICE]"),
    (["--line", "v1:2:4:5"], "argument --line: 'v1:2:4:5' is not VARIANT:QTY[:PRICE]"),
    (["--line", "v1:two"], "argument --line: 'v1:two': 'two' is not a number"),
    (["--line", "v1:2:"], "argument --line: 'v1:2:': '' is not a number"),
    (["--line", "v1:nan"], "'nan' is not a number"),
    (["--line", "v1: 2"], "' 2' is not a number"),
    (["--line", "v1:0"], "error: --line (item 1): Input should be greater than 0"),
    (["--line", "v1:1", "--line", "v 2:1"], "error: --line (item 2): an id has no commas"),
    (["--line", "v1:1:-4"], "error: --line (item 1): Input should be greater than or equal to 0"),
    (["--line", "v1:0.1234567890123456789"], "error: --line (item 1): 0.1234567890123456789 has"),
    (["--line", "v1:1", "--payment", ""], "error: --payment (item 1): an id must not be empty"),
    (["--line", "v1:1", "--receipt-date", "2024-03-30T19:30"], "argument --receipt-date: "),
    ([], "error: nothing to send: give --store ID and --line VARIANT:QTY[:PRICE], or --json FILE"),
]
BAD_JSON = [
    ('{"store_id": "s1", "line_items": [{"variant_id": "v1", "quantity": 0}]}',
     "line_items.0.quantity: Input should be greater than 0"),
    ('{"store_id": "s1", "line_items": [{"variant_id": "v1", "quantity": 1}], "total_money": 5}',
     "total_money: total_money cannot be written: computed by Loyverse"),
    ('{"line_items": [{"variant_id": "v1", "quantity": 1}]}', "store_id: Field required"),
    ('{"store_id": "s1", "line_items": []}', "line_items: a receipt needs at least one line"),
    ('{"store_id": "s1", "line_items": [{"variant_id": "v1", "quantity": 1}], "payments": '
     '[{"payment_type_id": "a"}, {"payment_type_id": "b"}]}',
     "payments: Loyverse takes at most one payment per receipt"),
    ('{"store_id": "s1", "receipt_date": "2024-03-30T19:30:00", "line_items": '
     '[{"variant_id": "v1", "quantity": 1}]}', "receipt_date: must be timezone-aware"),
    ('{"store_id": "s1",', "Invalid JSON"),
]  # fmt: skip


@pytest.mark.parametrize(("argv", "said"), BAD_OPTIONS)
def test_a_bad_line_or_option_exits_2_before_any_request(
    capsys: pytest.CaptureFixture[str], argv: list[str], said: str
) -> None:
    store = ["--store", "s1"] if argv else []
    assert said in refused(capsys, "create", *store, *argv)


@pytest.mark.parametrize(("text", "said"), BAD_JSON)
def test_a_bad_json_field_exits_2_naming_it_before_any_request(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, said: str
) -> None:
    path = tmp_path / "sale.json"
    path.write_text(text, encoding="utf-8")
    err = refused(capsys, "create", "--json", str(path))
    assert err.startswith(f"error: {path} is not a valid ReceiptCreate:\n  "), err
    assert said in err


@pytest.mark.parametrize(
    ("argv", "code", "said"),
    [
        (["--json", "x.json", "--store", "s1"], 2, "error: --json holds the whole ReceiptCreate: "),
        (["--json", "missing.json"], 1, "error: cannot read missing.json: "),
    ],
)
def test_json_stands_alone_and_must_be_readable(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    argv: list[str],
    code: int,
    said: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert refused(capsys, "create", *argv, code=code).startswith(said)


@pytest.mark.parametrize(
    "failure",
    [
        loyverse_error(500, "INTERNAL_SERVER_ERROR", "Something went wrong"),
        loyverse_error(503, "INTERNAL_SERVER_ERROR"),
        httpx.Response(502, text="Bad Gateway"),
        httpx.ReadTimeout("timed out"),
    ],
    ids=["500", "503", "502 not JSON", "timeout"],
)
def test_a_create_that_may_have_been_booked_exits_1_and_says_how_to_look_for_it(
    capsys: pytest.CaptureFixture[str], failure: Any
) -> None:
    server = Recorder(failure, json_response(200, sale("1001", 1)))
    before = datetime.now(timezone.utc)
    argv = ["receipts", "create", "--store", "s1", "--line", "v1:2", "--order", "A 17"]
    code, out, err = run(capsys, server, *argv)
    assert (code, out) == (1, "")
    assert len(server.requests) == 1  # never sent twice
    said, advice, look, *rest = err.splitlines()
    assert said.startswith("error: ")
    assert advice.startswith("the sale may have been booked anyway (Loyverse has no idempotency")
    assert "before creating it again, look for it with" in advice
    assert look.startswith("  loyverse receipts list --store-id s1 --order 'A 17' --created-min ")
    since = datetime.fromisoformat(look.split()[-1].replace("Z", "+00:00"))
    assert before.timestamp() - 600 < since.timestamp() <= before.timestamp()
    assert rest == []
    assert "customer" not in err
    assert "client.receipts" not in err  # the SDK's advice, here in the command line's words


def test_a_create_refused_by_loyverse_is_exit_1_without_doubt(
    capsys: pytest.CaptureFixture[str],
) -> None:
    server = Recorder(loyverse_error(400, "INVALID_VALUE", "variant not found", "variant_id"))
    code, _, err = run(capsys, server, "receipts", "create", "--store", "s1", "--line", "v1:1")
    assert code == 1
    assert err == "error: INVALID_VALUE: variant not found (field variant_id) (HTTP 400)\n"


@pytest.mark.parametrize("source", ["options", "json"])
def test_refund_sends_the_sale_s_line_ids(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, source: str
) -> None:
    made = sale("1002", 2)
    made.update(receipt_type="REFUND", refund_for="1-1008")
    server = Recorder(json_response(200, made))
    path = tmp_path / "refund.json"
    path.write_text(
        json.dumps({"line_items": [{"id": "l1", "quantity": 1}, {"id": "l2", "quantity": 0.5}]})
    )
    given = ["--line", "l1:1", "--line", "l2:0.5"] if source == "options" else ["--json", str(path)]
    code, out, err = run(capsys, server, "receipts", "refund", "1-1008", *given)
    assert (code, err) == (0, "")
    (request,) = server.requests
    assert (request.method, request.url.path) == ("POST", "/v1.0/receipts/1-1008/refund")
    assert json.loads(request.content) == {
        "line_items": [{"id": "l1", "quantity": 1}, {"id": "l2", "quantity": 0.5}]
    }
    assert json.loads(out) == made


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        ([], "error: nothing to send: give --line LINE_ID:QTY, or --json FILE"),
        (["--line", "l1"], "argument --line: 'l1' is not LINE_ID:QTY"),
        (["--line", "l1:1:2"], "argument --line: 'l1:1:2' is not LINE_ID:QTY"),
        (["--line", "l1:0"], "error: --line (item 1): Input should be greater than 0"),
        (["--line", "l1:1", "--line", "l1:2"], "error: --line (item 2): line l1 is already"),
    ],
)
def test_a_bad_refund_exits_2_before_any_request(
    capsys: pytest.CaptureFixture[str], argv: list[str], said: str
) -> None:
    assert said in refused(capsys, "refund", "1-1008", *argv)


def test_a_refund_that_may_have_been_booked_says_how_to_look_for_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    server = Recorder(loyverse_error(500, "INTERNAL_SERVER_ERROR"))
    code, _, err = run(capsys, server, "receipts", "refund", "1-1008", "--line", "l1:1")
    assert code == 1
    assert len(server.requests) == 1
    assert "the refund may have been booked anyway" in err
    assert "look for a receipt whose refund_for is 1-1008 with\n  loyverse receipts list " in err


# --- with --demo: the built-in fake's sample receipts -----------------------------------------
def demo(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = main(["--demo", "receipts", *argv])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out


def test_demo_day_lists_the_sample_receipts_of_that_paris_day(
    capsys: pytest.CaptureFixture[str],
) -> None:
    samples = demo_fake().objects("receipts")
    paris = ZoneInfo("Europe/Paris")

    def day_of(receipt: dict[str, Any]) -> str:
        moment = datetime.fromisoformat(receipt["receipt_date"].replace("Z", "+00:00"))
        return moment.astimezone(paris).date().isoformat()

    out = demo(capsys, "list", "--day", "2024-04-06", "--tz", "Europe/Paris", "--format", "jsonl")
    listed = [json.loads(row) for row in out.splitlines()]
    assert listed == [r for r in samples if day_of(r) == "2024-04-06"]
    assert len(listed) >= 3
    assert any(r["created_at"][:10] > r["receipt_date"][:10] for r in listed)  # received later


def test_demo_export_as_csv_has_the_documented_rows_of_every_sample_receipt(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    samples = demo_fake().objects("receipts")
    path = tmp_path / "receipts.csv"
    demo(capsys, "export", "--out", str(path), "--limit", "7")
    rows = csv_rows(path.read_bytes().decode())
    assert rows[0] == RECEIPT_CSV_HEADER
    assert rows[1:] == [row for receipt in samples for row in receipt_csv_rows(receipt)]
    assert len(rows) - 1 > len(samples)  # receipts of several lines


def test_demo_sale_and_refund(capsys: pytest.CaptureFixture[str]) -> None:
    shop = demo_fake()
    store = shop.objects("stores")[0]["id"]
    variant = next(
        v
        for v in shop.objects("variants")
        if any(s["store_id"] == store and s["price"] is not None for s in v["stores"])
    )
    payment = shop.objects("payment_types")[0]["id"]
    line = f"{variant['variant_id']}:2"
    made = json.loads(
        demo(capsys, "create", "--store", store, "--line", line, "--payment", payment)
    )
    assert (made["receipt_type"], made["store_id"]) == ("SALE", store)
    assert [(x["variant_id"], x["quantity"]) for x in made["line_items"]] == [
        (variant["variant_id"], 2)
    ]
    # --demo starts from the sample shop each time: refund a sample sale of one payment.
    sold = next(
        r
        for r in shop.objects("receipts")
        if r["receipt_type"] == "SALE" and len(r["payments"]) == 1 and r["line_items"]
    )
    first, number = sold["line_items"][0], sold["receipt_number"]
    refund = json.loads(demo(capsys, "refund", number, "--line", f"{first['id']}:1"))
    assert (refund["receipt_type"], refund["refund_for"]) == ("REFUND", number)
    assert [(x["variant_id"], x["quantity"]) for x in refund["line_items"]] == [
        (first["variant_id"], 1)
    ]
