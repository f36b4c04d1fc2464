"""The ``loyverse`` command from the user's side: commands, formats, exit codes, streams, token.

Every test runs ``main`` in-process against a ``FakeLoyverse``: with ``--demo`` (the built-in
sample data) or through ``client_factory`` (a fake of the test's own, faults included). Clients
are built with ``max_retries=0``, so an injected fault fails at once and nothing sleeps.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from subprocess import PIPE
from typing import Annotated, Any

import pytest
from pydantic import AfterValidator, validate_call

from loyverse_client import CustomerQuery, LoyverseClient
from loyverse_client._version import __version__
from loyverse_client.cli import ClientFactory, main
from loyverse_client.cli._connect import demo_fake
from loyverse_client.cli._parser import aware_datetime
from loyverse_client.testing import FakeLoyverse, FakeLoyverseServer
from loyverse_models._schemas import SCHEMA_MODELS, json_schema
from tests.cli.helpers import (
    COLUMNS,
    TOKEN,
    Run,
    as_csv,
    csv_records,
    fake_factory,
    make_runner,
)


def test_list_prints_a_table_of_the_demo_customers(run: Run) -> None:
    result = run("--demo", "customers", "list")
    expected = demo_fake().customers
    lines = result.out.splitlines()
    assert result.code == 0
    assert result.err == ""
    assert lines[0].split() == [
        "ID",
        "NAME",
        "EMAIL",
        "PHONE",
        "TOTAL_SPENT",
        "POINTS",
        "CREATED_AT",
    ]
    assert len(lines) == 1 + len(expected) == 121
    assert [line.split()[0] for line in lines[1:]] == [c["id"] for c in expected]
    assert all(line.endswith(c["created_at"]) for line, c in zip(lines[1:], expected, strict=True))


def test_table_cells_are_sized_cut_and_kept_on_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    account = FakeLoyverse(
        [
            {"id": "c-long", "name": "Maximilian Alexander von Habsburg-Lothringen", "note": "x"},
            {"id": "c-ctrl", "name": "Two\nlines\tand a tab", "email": "a@example.com"},
            {"id": "c-wide", "name": "山田太郎", "total_spent": 120.55},
        ],
        access_token=TOKEN,
    )
    result = make_runner(capsys, account)("--token", TOKEN, "customers", "list")
    lines = result.out.splitlines()
    assert result.code == 0
    assert len(lines) == 4
    assert "Maximilian Alexander vo…" in result.out
    assert "Two lines and a tab" in result.out
    assert "120.55" in result.out
    # The name column ends where the email column starts, on every row.
    email_at = lines[0].index("EMAIL")
    assert all(line[email_at - 2 : email_at] == "  " for line in lines if "山" not in line)


def test_list_json_is_the_page_as_sent_cursor_included(run: Run, fake: FakeLoyverse) -> None:
    result = run("--token", TOKEN, "customers", "list", "--limit", "10", "--format", "json")
    page = json.loads(result.out)
    assert result.code == 0
    assert page["customers"] == fake.customers[:10]
    assert isinstance(page["cursor"], str)
    assert result.err.startswith("more customers follow: add --all, or --cursor ")
    assert page["cursor"] in result.err


def test_the_printed_cursor_fetches_the_next_page(run: Run, fake: FakeLoyverse) -> None:
    first = json.loads(
        run("--token", TOKEN, "customers", "list", "--limit", "10", "--format", "json").out
    )
    second = run(
        "--token", TOKEN, "customers", "list", "--limit", "10", "--cursor", first["cursor"],
        "--format", "jsonl",
    )  # fmt: skip
    assert second.code == 0
    assert [json.loads(line) for line in second.out.splitlines()] == fake.customers[10:20]


def test_the_cursor_printed_by_demo_works_in_the_next_command(run: Run) -> None:
    first = run("--demo", "customers", "list", "--limit", "5")
    cursor = first.err.split("--cursor ")[1].split()[0]
    second = run(
        "--demo", "customers", "list", "--limit", "5", "--cursor", cursor, "--format", "jsonl"
    )
    assert second.code == 0, second.err
    assert [json.loads(line) for line in second.out.splitlines()] == demo_fake().customers[5:10]


def test_list_all_follows_every_page(run: Run, fake: FakeLoyverse) -> None:
    result = run(
        "--token", TOKEN, "customers", "list", "--all", "--limit", "7", "--format", "jsonl"
    )
    assert result.code == 0
    assert result.err == ""
    assert [json.loads(line) for line in result.out.splitlines()] == fake.customers
    assert len(fake.requests) == 9  # ceil(60 / 7)


def test_list_all_as_json_is_one_document_written_as_it_streams(
    run: Run, fake: FakeLoyverse
) -> None:
    result = run(
        "--token", TOKEN, "customers", "list", "--all", "--limit", "25", "--format", "json"
    )
    expected = {"customers": fake.customers}
    assert result.code == 0
    assert json.loads(result.out) == expected
    assert result.out == json.dumps(expected, indent=2, ensure_ascii=False) + "\n"


def test_list_all_of_nothing_is_still_valid_output(capsys: pytest.CaptureFixture[str]) -> None:
    run = make_runner(capsys, FakeLoyverse(access_token=TOKEN))
    as_json = run("--token", TOKEN, "customers", "list", "--all", "--format", "json")
    as_csv_ = run("--token", TOKEN, "customers", "list", "--all", "--format", "csv")
    as_table = run("--token", TOKEN, "customers", "list", "--all")
    assert json.loads(as_json.out) == {"customers": []}
    assert as_csv_.out == ",".join(COLUMNS) + "\n"
    assert as_table.out.split() == [
        "ID",
        "NAME",
        "EMAIL",
        "PHONE",
        "TOTAL_SPENT",
        "POINTS",
        "CREATED_AT",
    ]


def test_list_csv_has_the_20_fields_as_the_api_wrote_them(run: Run, fake: FakeLoyverse) -> None:
    result = run("--token", TOKEN, "customers", "list", "--format", "csv")
    records = csv_records(result.out)
    assert result.code == 0
    assert records == as_csv(fake.customers)
    money = {r["total_spent"] for r in records}
    assert any("." in m for m in money)  # fractional, as written: 120.55
    assert any(m.isdigit() and len(m) > 3 for m in money)  # integral, as written: 585500
    assert all(r["created_at"].endswith(".000Z") for r in records)


def test_csv_quotes_what_needs_quoting(capsys: pytest.CaptureFixture[str]) -> None:
    note = 'Said "hi",\nthen left'
    account = FakeLoyverse([{"id": "c1", "name": "Doe, Jane", "note": note}], access_token=TOKEN)
    result = make_runner(capsys, account)("--token", TOKEN, "customers", "list", "--format", "csv")
    [record] = csv_records(result.out)
    assert record["name"] == "Doe, Jane"
    assert record["note"] == note


def test_filters_reach_the_api(run: Run, fake: FakeLoyverse) -> None:
    customers = fake.customers
    with_email = next(c for c in customers if c["email"])
    by_email = run(
        "--token", TOKEN, "customers", "list", "--email", with_email["email"], "--format", "jsonl"
    )
    ids = f"{customers[5]['id']},{customers[2]['id']}"
    by_ids = run("--token", TOKEN, "customers", "list", "--ids", ids, "--format", "jsonl")
    assert [json.loads(line) for line in by_email.out.splitlines()] == [with_email]
    assert [json.loads(line)["id"] for line in by_ids.out.splitlines()] == [
        customers[2]["id"],
        customers[5]["id"],
    ]


def test_time_filters_take_any_offset(run: Run, fake: FakeLoyverse) -> None:
    low = datetime(2024, 3, 5, tzinfo=timezone.utc)
    high = datetime(2024, 3, 12, 12, tzinfo=timezone.utc)
    result = run(
        "--token", TOKEN, "customers", "list", "--format", "jsonl",
        "--created-min", "2024-03-05T00:00:00Z",
        "--created-max", "2024-03-12T15:00:00+03:00",
    )  # fmt: skip

    def created(c: dict[str, Any]) -> datetime:
        return datetime.fromisoformat(c["created_at"].replace("Z", "+00:00"))

    expected = [c for c in fake.customers if low <= created(c) <= high]
    assert result.code == 0
    assert 0 < len(expected) < 60
    assert [json.loads(line) for line in result.out.splitlines()] == expected
    assert fake.requests[0].url.params["created_at_max"] == "2024-03-12T12:00:00.000Z"


@pytest.mark.parametrize(
    "option", ["--created-min", "--created-max", "--updated-min", "--updated-max"]
)
@pytest.mark.parametrize("value", ["2024-03-01T00:00:00", "2024-03-01"])
def test_a_time_without_timezone_is_a_usage_error_naming_the_option(
    run: Run, fake: FakeLoyverse, option: str, value: str
) -> None:
    result = run("--token", TOKEN, "customers", "list", option, value)
    assert result.code == 2
    assert result.out == ""
    assert f"argument {option}: '{value}' has no timezone" in result.err
    assert "add Z for UTC or an offset" in result.err
    assert fake.requests == []


@pytest.mark.parametrize(
    ("value", "sent"),
    [
        ("2024-03-05T00:00:00Z", "2024-03-05T00:00:00.000Z"),
        ("2024-03-05t00:00:00z", "2024-03-05T00:00:00.000Z"),
        ("2024-03-05 03:00:00+03:00", "2024-03-05T00:00:00.000Z"),
        ("2024-03-05T03:00:00+0300", "2024-03-05T00:00:00.000Z"),
        ("2024-03-04T21:30:00-02:30", "2024-03-05T00:00:00.000Z"),
        ("2024-03-05T00:00:00.5Z", "2024-03-05T00:00:00.500Z"),
        ("2024-03-05T00:00:00.1234Z", "2024-03-05T00:00:00.123Z"),
        ("2024-03-05T00:00:00.123456+00:00", "2024-03-05T00:00:00.123Z"),
        ("2024-03-05T00:00Z", "2024-03-05T00:00:00.000Z"),
        (" 2024-03-05T00:00:00Z ", "2024-03-05T00:00:00.000Z"),
    ],
)
def test_time_options_read_iso_8601_alike_on_every_python(
    run: Run, fake: FakeLoyverse, value: str, sent: str
) -> None:
    # datetime.fromisoformat of Python 3.10 refuses ".5Z", "+0300" and ".1234Z"; 3.11 reads them.
    result = run("--token", TOKEN, "customers", "list", "--limit", "1", "--created-min", value)
    assert result.code == 0, result.err
    assert fake.requests[0].url.params["created_at_min"] == sent


def test_a_parsed_time_keeps_its_offset() -> None:
    parsed = aware_datetime("2024-03-05T00:00:00.5+0300")
    assert parsed == datetime(2024, 3, 4, 21, 0, 0, 500000, tzinfo=timezone.utc)
    assert parsed.tzinfo == timezone(timedelta(hours=3))
    assert type(parsed.tzinfo) is timezone


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1709596800", "is not an ISO 8601 date-time"),  # pydantic alone reads a Unix time
        ("2024-03-05T00:00:00+03", "is not an ISO 8601 date-time"),
        ("2024-02-30T00:00:00Z", "is not an ISO 8601 date-time"),
        ("2024-03-05T24:00:00Z", "is not an ISO 8601 date-time"),
        ("20240305T000000Z", "is not an ISO 8601 date-time"),
        ("", "is not an ISO 8601 date-time"),
        ("2024-03-05T00:00:00.5", "has no timezone"),
        ("2024-03-05 00:00", "has no timezone"),
        ("9999-12-31T23:59:59-01:00", "is out of range once converted to UTC"),
        ("0001-01-01T00:00:00+01:00", "is out of range once converted to UTC"),
    ],
)
def test_a_time_option_that_cannot_be_read_is_a_usage_error(
    run: Run, fake: FakeLoyverse, value: str, message: str
) -> None:
    result = run("--token", TOKEN, "customers", "list", "--updated-max", value)
    assert result.code == 2
    assert result.out == ""
    assert f"argument --updated-max: {value!r} {message}" in result.err
    assert fake.requests == []


def test_export_rejects_a_naive_time_too(run: Run, tmp_path: Any) -> None:
    out = tmp_path / "c.csv"
    result = run(
        "--token",
        TOKEN,
        "customers",
        "export",
        "--out",
        str(out),
        "--updated-min",
        "2024-03-01T10:00",
    )
    assert result.code == 2
    assert "argument --updated-min" in result.err
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--created-min", "yesterday"], "argument --created-min: 'yesterday' is not an ISO 8601"),
        (
            ["--created-min", "2024-03-10T00:00:00Z", "--created-max", "2024-03-01T00:00:00Z"],
            "error: --created-min (2024-03-10T00:00:00+00:00) is after --created-max",
        ),
        (["--limit", "251"], "error: --limit: Input should be less than or equal to 250"),
        (["--limit", "0"], "error: --limit: Input should be greater than or equal to 1"),
        (["--limit", "ten"], "argument --limit: invalid int value: 'ten'"),
        (["--ids", "a,,b"], "error: --ids (item 2): a customer id must not be empty"),
        (["--email", " a@example.com"], "error: --email: must be non-empty text"),
        (["--format", "xml"], "argument --format: invalid choice: 'xml'"),
    ],
)
def test_bad_input_is_exit_2_before_any_request(
    run: Run, fake: FakeLoyverse, args: list[str], message: str
) -> None:
    result = run("--token", TOKEN, "customers", "list", *args)
    assert result.code == 2
    assert result.out == ""
    assert message in result.err
    assert "Traceback" not in result.err
    assert fake.requests == []


@pytest.mark.parametrize("option", ["--email", "--cursor"])
@pytest.mark.parametrize("value", ["", " padded"])
def test_a_refused_value_is_explained_for_the_command_line(
    run: Run, fake: FakeLoyverse, option: str, value: str
) -> None:
    result = run("--token", TOKEN, "customers", "list", f"{option}={value}")
    assert result.code == 2
    assert result.err == (
        f"error: {option}: must be non-empty text without surrounding whitespace, got {value!r} "
        f"(or leave {option} out)\n"
    )
    assert fake.requests == []


def _refuse(value: str) -> str:
    raise ValueError(f"{value!r} is refused (pass None to skip it)")


@validate_call
def _customer_lookup_path(*, lookup_key: Annotated[str, AfterValidator(_refuse)]) -> str:
    return lookup_key  # pragma: no cover - always refused


def _refusing(fake: FakeLoyverse, refusal: Callable[[], object]) -> ClientFactory:
    """A factory whose clients' ``customers.list`` and ``get_by_id`` raise ``refusal()``'s error,
    as an SDK helper validating its own arguments would."""

    def build(*, token: str | None, base_url: str | None) -> LoyverseClient:
        client = fake_factory(fake)(token=token, base_url=base_url)
        setattr(client.customers, "list", lambda *_: refusal())  # noqa: B010
        setattr(client.customers, "get_by_id", lambda *_: refusal())  # noqa: B010
        return client

    return build


@pytest.mark.parametrize(
    ("argv", "refusal", "message"),
    [
        (
            ["get", "x"],
            lambda: _customer_lookup_path(lookup_key="x"),
            "error: 'x' is refused (leave the option out to skip it)\n",
        ),
        (
            ["list"],
            lambda: CustomerQuery(created_at_min=datetime(2024, 1, 1)),
            "error: --created-min: has no timezone: add Z for UTC or an offset such as +03:00\n",
        ),
    ],
    ids=["a-helper-s-parameter", "a-model-s-field"],
)
def test_sdk_refusals_name_no_internal_helper_and_give_no_python_advice(
    run: Run, fake: FakeLoyverse, argv: list[str], refusal: Callable[[], object], message: str
) -> None:
    result = run("--token", TOKEN, "customers", *argv, factory=_refusing(fake, refusal))
    assert result.code == 2
    assert result.err == message
    for internal in ("_customer_lookup_path", "lookup_key", "CustomerQuery", "created_at_min"):
        assert internal not in result.err
    for python in ("None", "datetime(", "tzinfo"):
        assert python not in result.err


# --- customers get --------------------------------------------------------------------------


def test_get_prints_the_customer_as_pretty_json(run: Run, fake: FakeLoyverse) -> None:
    customer = fake.customers[7]
    result = run("--token", TOKEN, "customers", "get", customer["id"])
    assert result.code == 0
    assert result.err == ""
    assert result.out == json.dumps(customer, indent=2, ensure_ascii=False) + "\n"


def test_get_in_every_other_format(run: Run, fake: FakeLoyverse) -> None:
    customer = fake.customers[7]
    table = run("--token", TOKEN, "customers", "get", customer["id"], "--format", "table")
    jsonl = run("--token", TOKEN, "customers", "get", customer["id"], "--format", "jsonl")
    as_csv_ = run("--token", TOKEN, "customers", "get", customer["id"], "--format", "csv")
    rows: dict[str, str] = {}
    for line in table.out.splitlines():
        name, _, value = line.partition(" ")
        rows[name] = value.strip()
    assert list(rows) == COLUMNS
    assert rows["total_spent"] == json.dumps(customer["total_spent"])
    assert rows["deleted_at"] == "-"
    assert jsonl.out.count("\n") == 1
    assert json.loads(jsonl.out) == customer
    assert csv_records(as_csv_.out) == as_csv([customer])


def test_get_an_unknown_id_is_exit_1_with_loyverse_s_words(run: Run) -> None:
    result = run("--token", TOKEN, "customers", "get", "no-such-id")
    assert result.code == 1
    assert result.out == ""
    assert result.err == "error: NOT_FOUND: Customer no-such-id not found (HTTP 404)\n"


def test_get_an_impossible_id_is_a_usage_error(run: Run, fake: FakeLoyverse) -> None:
    result = run("--token", TOKEN, "customers", "get", "a,b")
    assert result.code == 2
    assert result.err == "error: ID: a customer id has no commas or whitespace, got 'a,b'\n"
    assert fake.requests == []


# --- API errors, exit 1 ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        (500, "error: INTERNAL_SERVER_ERROR: Internal Server Error (injected fault) (HTTP 500)"),
        (429, "error: RATE_LIMITED: Too Many Requests (injected fault) (HTTP 429)"),
        (402, "error: PAYMENT_REQUIRED: Payment Required (injected fault) (HTTP 402)"),
        ("connect", "error: GET /customers to api.loyverse.com failed: ConnectError: Connection"),
        ("timeout", "error: GET /customers to api.loyverse.com failed: ReadTimeout:"),
    ],
)
def test_api_failures_are_exit_1_with_one_line_and_no_traceback(
    run: Run, fake: FakeLoyverse, fault: Any, message: str
) -> None:
    fake.fail_next(fault)
    result = run("--token", TOKEN, "customers", "list", "--all")
    assert result.code == 1
    assert result.err.startswith(message)
    assert result.err.count("\n") == 1
    assert result.out == ""


# --- the token ------------------------------------------------------------------------------


def test_without_a_token_the_message_names_the_variable(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["customers", "list"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "no access token: set the LOYVERSE_ACCESS_TOKEN environment variable" in captured.err
    assert "--demo" in captured.err


def test_a_bad_base_url_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["--token", TOKEN, "--base-url", "http://api.example.com/v1.0", "customers", "list"]
    )
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err.startswith("error: --base-url: base_url must be an https:// URL")
    assert TOKEN not in captured.err


@pytest.fixture
def server(fake: FakeLoyverse) -> Iterator[FakeLoyverseServer]:
    with FakeLoyverseServer(fake) as running:
        yield running


def test_the_real_client_reads_the_token_from_the_environment(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    server: FakeLoyverseServer,
    fake: FakeLoyverse,
) -> None:
    monkeypatch.setenv("LOYVERSE_ACCESS_TOKEN", TOKEN)
    code = main(
        ["--base-url", server.base_url, "customers", "list", "--limit", "3", "--format", "jsonl"]
    )
    captured = capsys.readouterr()
    assert code == 0
    assert [json.loads(line) for line in captured.out.splitlines()] == fake.customers[:3]
    assert fake.requests[0].headers["authorization"] == f"Bearer {TOKEN}"


def test_the_real_client_reads_the_base_url_from_the_environment(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    server: FakeLoyverseServer,
    fake: FakeLoyverse,
) -> None:
    monkeypatch.setenv("LOYVERSE_BASE_URL", server.base_url)
    code = main(["--token", TOKEN, "customers", "list", "--limit", "2", "--format", "jsonl"])
    captured = capsys.readouterr()
    assert code == 0
    assert [json.loads(line) for line in captured.out.splitlines()] == fake.customers[:2]


def test_base_url_option_wins_over_the_environment(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    server: FakeLoyverseServer,
) -> None:
    monkeypatch.setenv("LOYVERSE_BASE_URL", "http://api.example.com/v1.0")  # refused if read
    argv = ["--token", TOKEN, "--base-url", server.base_url, "customers", "get", "nobody"]
    code = main(argv)
    captured = capsys.readouterr()
    assert code == 1
    assert captured.err.startswith("error: NOT_FOUND: ")


def test_a_bad_base_url_in_the_environment_is_a_usage_error_naming_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOYVERSE_BASE_URL", "http://api.example.com/v1.0")
    code = main(["--token", TOKEN, "customers", "list"])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err.startswith(
        "error: the LOYVERSE_BASE_URL environment variable must be an https:// URL"
    )


WRONG_TOKEN = "sk_wrong_7e2f4a9c1d3b5e8f0a6c"


@pytest.mark.parametrize(
    ("argv", "echoed"),
    [
        (["--token", TOKEN, "customers", "list", "--limit", "5"], False),
        (["--token", TOKEN, "customers", "list", "--limit", "5", "--format", "json"], False),
        (["--token", TOKEN, "customers", "get", "no-such-id"], False),
        (["--token", WRONG_TOKEN, "customers", "list"], False),
        (["customers", "list", "--token=" + TOKEN, "--created-min", "2024-03-01"], False),
        (["schema", "Customer", "--token=" + TOKEN], True),
        (["--token", TOKEN, "customers", "list", "--no-such-option", TOKEN], True),
    ],
    ids=["list", "json", "404", "401", "usage", "unknown-option", "echoed-argument"],
)
def test_the_token_is_never_printed(run: Run, argv: list[str], echoed: bool) -> None:
    result = run(*argv)
    printed = result.out + result.err
    assert TOKEN not in printed
    assert WRONG_TOKEN not in printed
    # Where argparse echoes the command line back, the token is replaced, not dropped.
    assert ("[token]" in result.err) is echoed


def test_only_whole_tokens_are_redacted(run: Run) -> None:
    result = run("--token", "abc", "customers", "list", "abcdef", "abc", "x-abc", "abc.")
    assert result.code == 2
    assert "unrecognized arguments: abcdef [token] x-abc [token]." in result.err


def test_a_wrong_token_is_exit_1_unauthorized(run: Run) -> None:
    result = run("--token", WRONG_TOKEN, "customers", "list")
    assert result.code == 1
    assert result.err.startswith("error: UNAUTHORIZED: ")


def test_the_token_from_the_environment_is_never_printed_either(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOYVERSE_ACCESS_TOKEN", TOKEN)
    result = run("customers", "list", TOKEN)  # a stray argument argparse will echo
    assert result.code == 2
    assert TOKEN not in result.err
    assert "unrecognized arguments: [token]" in result.err


# --- schema, help, version ------------------------------------------------------------------


@pytest.mark.parametrize("name", list(SCHEMA_MODELS))
def test_schema_prints_the_model_s_json_schema(run: Run, name: str) -> None:
    result = run("schema", name)
    assert result.code == 0
    assert json.loads(result.out) == json_schema(name)


def test_an_unknown_schema_lists_the_valid_names(run: Run) -> None:
    result = run("schema", "Customers")
    assert result.code == 2
    assert result.out == ""
    assert "argument MODEL: invalid choice: 'Customers'" in result.err
    assert all(f"'{name}'" in result.err for name in SCHEMA_MODELS)


@pytest.mark.parametrize(
    "argv", [[], ["customers"], ["customers", "lst"], ["--demo"], ["customers", "get"]]
)
def test_incomplete_commands_are_usage_errors(run: Run, argv: list[str]) -> None:
    result = run(*argv)
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith("usage: loyverse")


def test_help_and_version_go_to_stdout(run: Run) -> None:
    helped = run("--help")
    versioned = run("--version")
    export_help = run("customers", "export", "--help")
    assert helped.code == versioned.code == export_help.code == 0
    assert "customers" in helped.out
    assert "LOYVERSE_ACCESS_TOKEN" in helped.out
    assert versioned.out == f"loyverse {__version__}\n"
    assert "--resume" in export_help.out


def test_connection_options_work_before_and_after_the_command(run: Run) -> None:
    before = run("--demo", "customers", "list", "--limit", "2", "--format", "jsonl")
    after = run("customers", "list", "--limit", "2", "--format", "jsonl", "--demo")
    assert before.code == after.code == 0
    assert before.out == after.out
    assert len(before.out.splitlines()) == 2


def test_demo_ids_are_stable_across_runs(run: Run) -> None:
    newest = demo_fake().customers[0]
    result = run("--demo", "customers", "get", newest["id"])
    assert result.code == 0
    assert json.loads(result.out) == newest


# --- a reader that goes away: `loyverse customers list | head` --------------------------------


class _GoneReader(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


class _GoneByTheEnd(io.StringIO):
    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")


@pytest.mark.parametrize("stdout", [_GoneReader, _GoneByTheEnd])
@pytest.mark.parametrize("argv", [["--all"], ["--format", "csv"]])
def test_a_reader_gone_is_exit_141_without_a_word(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    stdout: type[io.StringIO],
    argv: list[str],
) -> None:
    monkeypatch.setattr("sys.stdout", stdout())
    assert main(["--demo", "customers", "list", *argv]) == 141
    assert capsys.readouterr().err == ""


@pytest.mark.skipif(shutil.which("head") is None, reason="needs head")
def test_piped_into_head_the_command_ends_quietly_with_141() -> None:
    read, write = os.pipe()
    if sys.platform == "linux":  # a small pipe: the demo's output surely outgrows it
        import fcntl

        with contextlib.suppress(OSError):
            fcntl.fcntl(write, fcntl.F_SETPIPE_SZ, 4096)
    command = [sys.executable, "-m", "loyverse_client", "--demo", "customers", "list", "--all"]
    producer = subprocess.Popen([*command, "--format", "json"], stdout=write, stderr=PIPE)
    head = subprocess.Popen(["head", "-1"], stdin=read, stdout=PIPE)
    os.close(read)
    os.close(write)
    first_line, _ = head.communicate(timeout=60)
    _, err = producer.communicate(timeout=60)
    assert first_line == b"{\n"
    assert err == b""
    assert producer.returncode == 141
