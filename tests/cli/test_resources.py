"""Every resource of ``RESOURCES`` on the command line: list, get, export, parametrised.

The built-in fake serves customers only, so these tests answer from a ``Recorder`` over
``httpx.MockTransport`` with each resource's minimal valid objects (``tests.test_resources``).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from loyverse_client import LoyverseClient
from loyverse_client._resource import Resource
from loyverse_client._resources import RESOURCES
from loyverse_client.cli import ClientFactory, main
from loyverse_models._query import holds_list
from tests.cli.helpers import RECEIPT_CSV_HEADER, receipt_csv_rows
from tests.helpers import Recorder, json_response, loyverse_error
from tests.test_resources import MERCHANT, obj, page

NAMES = [resource.name for resource in RESOURCES]
BY_NAME = {resource.name: resource for resource in RESOURCES}
PAGINATED = [resource.name for resource in RESOURCES if resource.paginated]
GETTABLE = [resource.name for resource in RESOURCES if resource.gettable]
RESUMABLE = [r.name for r in RESOURCES if r.paginated and r.created_field is not None]
NOT_RESUMABLE = [name for name in NAMES if name not in RESUMABLE]
LIST_FORMATS = ["table", "json", "jsonl", "csv"]


def factory(server: Recorder) -> ClientFactory:
    def build(*, token: str | None, base_url: str | None) -> LoyverseClient:
        return server.client(max_retries=0)

    return build


def run(capsys: pytest.CaptureFixture[str], server: Recorder, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv), client_factory=factory(server))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def option(name: str) -> str:
    """The documented spelling: customers' ``--ids``, else the filter with dashes, ``_at`` of a
    time bound left out (``--created-min``)."""
    if name == "customer_ids":
        return "--ids"
    if name.endswith(("_min", "_max")):
        name = name.replace("_at_", "_")
    return "--" + name.replace("_", "-")


def is_list(resource: Resource[Any, Any, Any], name: str) -> bool:
    """Whether the filter takes ids (``item_ids``, ``receipt_numbers``)."""
    return holds_list(resource.query.model_fields[name].annotation)


def filter_arguments(resource: Resource[Any, Any, Any]) -> list[str]:
    """An option and a valid value for each filter of the resource."""
    arguments: list[str] = []
    for name in resource.query.filters():
        if name == "show_deleted":
            arguments.append(option(name))
        elif name.endswith("_min"):
            arguments += [option(name), "2024-03-01T00:00:00Z"]
        elif name.endswith("_max"):
            arguments += [option(name), "2024-03-02T00:00:00+02:00"]
        else:
            arguments += [option(name), "a,b" if is_list(resource, name) else "text"]
    return arguments


def objects(resource: Resource[Any, Any, Any], *keys: str) -> list[dict[str, Any]]:
    return [obj(resource, key) for key in keys]


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def csv_cells(resource: Resource[Any, Any, Any], record: dict[str, Any]) -> list[str]:
    """What each csv cell holds: strings bare, null empty, anything else its compact JSON."""
    cells = []
    for name in resource.model.model_fields:
        value = record.get(name)
        if value is None:
            cells.append("")
        elif isinstance(value, str):
            cells.append(value)
        else:
            cells.append(json.dumps(value, separators=(",", ":")))
    return cells


def check_output(resource: Resource[Any, Any, Any], fmt: str, out: str, keys: list[str]) -> None:
    records = objects(resource, *keys)
    if fmt == "json":
        assert json.loads(out) == {resource.page.list_key(): records}
    elif fmt == "jsonl":
        assert [json.loads(line) for line in out.splitlines()] == records
    elif fmt == "csv" and resource.name == "receipts":  # a row per line item
        rows = csv_rows(out)
        assert rows[0] == RECEIPT_CSV_HEADER
        assert rows[1:] == [row for record in records for row in receipt_csv_rows(record)]
    elif fmt == "csv":
        rows = csv_rows(out)
        assert rows[0] == list(resource.model.model_fields)
        assert rows[1:] == [csv_cells(resource, record) for record in records]
    else:
        heading, *lines = out.splitlines()
        assert heading.split()[: len(resource.key)] == [f.upper() for f in resource.key]
        assert [line.split()[0] for line in lines] == keys


@pytest.mark.parametrize("fmt", LIST_FORMATS)
@pytest.mark.parametrize("name", NAMES)
def test_list_sends_every_filter_under_its_wire_name_and_prints_each_format(
    capsys: pytest.CaptureFixture[str], name: str, fmt: str
) -> None:
    resource = BY_NAME[name]
    server = Recorder(page(resource, "k1", "k2"))
    argv = [name, "list", *filter_arguments(resource), "--format", fmt]
    code, out, err = run(capsys, server, *argv)
    assert (code, err) == (0, "")
    [request] = server.requests
    assert request.url.path == f"/v1.0/{resource.path}"
    sent = dict(request.url.params)
    wires = {wire.name for wire in resource.query.filters().values()}
    assert set(sent) == wires | ({"limit"} if resource.paginated else set())
    for python_name, wire in resource.query.filters().items():
        if is_list(resource, python_name):
            assert sent[wire.name] == "a,b"
        elif python_name.endswith("_max"):
            assert sent[wire.name] == "2024-03-01T22:00:00.000Z"  # converted to UTC
        elif python_name == "show_deleted":
            assert sent[wire.name] == "true"
    check_output(resource, fmt, out, ["k1", "k2"])


@pytest.mark.parametrize("name", PAGINATED)
def test_list_all_follows_cursors_with_the_same_filters(
    capsys: pytest.CaptureFixture[str], name: str
) -> None:
    resource = BY_NAME[name]
    server = Recorder(page(resource, "k1", "k2", cursor="c1"), page(resource, "k3"))
    argv = [name, "list", "--all", "--limit", "2", "--format", "jsonl"]
    code, out, err = run(capsys, server, *argv, *filter_arguments(resource))
    assert (code, err) == (0, "")
    check_output(resource, "jsonl", out, ["k1", "k2", "k3"])
    first, second = (dict(request.url.params) for request in server.requests)
    assert second == {**first, "cursor": "c1"}


@pytest.mark.parametrize("name", PAGINATED)
def test_one_page_says_how_to_get_the_next(capsys: pytest.CaptureFixture[str], name: str) -> None:
    resource = BY_NAME[name]
    server = Recorder(page(resource, "k1", cursor="c1"))
    code, _, err = run(capsys, server, name, "list", "--format", "jsonl")
    assert code == 0
    plural = name.replace("_", " ")
    assert err.startswith(f"more {plural} follow: add --all, or --cursor c1 for the next page")


@pytest.mark.parametrize("name", GETTABLE)
def test_get_prints_the_object_s_raw_json(capsys: pytest.CaptureFixture[str], name: str) -> None:
    resource = BY_NAME[name]
    record = {**obj(resource, "k1"), "not_yet_documented": {"kept": True}}
    server = Recorder(json_response(200, record))
    code, out, err = run(capsys, server, name, "get", "k1")
    assert (code, err) == (0, "")
    assert json.loads(out) == record
    assert server.requests[0].url.path == f"/v1.0/{resource.name}/k1"


def test_only_gettable_resources_have_get(capsys: pytest.CaptureFixture[str]) -> None:
    for resource in RESOURCES:
        code, out, _ = run(capsys, Recorder(), resource.name, "--help")
        assert code == 0
        assert ("get" in out.split("ACTION", 2)[2].split()) is resource.gettable, resource.name


def _checked_filter(name: str) -> str | None:
    """A filter of the resource whose value is checked (an id list, a store id), if any."""
    filters = BY_NAME[name].query.filters()
    return next((f for f in filters if f.endswith("_ids") or f == "store_id"), None)


@pytest.mark.parametrize("name", [name for name in NAMES if _checked_filter(name)])
def test_a_bad_filter_value_exits_2_naming_the_option_before_any_request(
    capsys: pytest.CaptureFixture[str], name: str
) -> None:
    bad = str(_checked_filter(name))
    for command in ("list", "export"):
        server = Recorder()
        extra = ["--out", "unused.jsonl"] if command == "export" else []
        code, out, err = run(capsys, server, name, command, *extra, option(bad), "a, b")
        assert (code, out) == (2, "")
        assert err.startswith(f"error: {option(bad)}"), err
        assert server.requests == []


@pytest.mark.parametrize("name", PAGINATED)
def test_a_bad_limit_exits_2_naming_it(capsys: pytest.CaptureFixture[str], name: str) -> None:
    server = Recorder()
    code, _, err = run(capsys, server, name, "list", "--limit", "251")
    assert code == 2
    assert err == "error: --limit: Input should be less than or equal to 250\n"
    assert server.requests == []


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
@pytest.mark.parametrize("name", NAMES)
def test_export_writes_a_file_that_reads_back(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, fmt: str
) -> None:
    resource = BY_NAME[name]
    path = tmp_path / f"out.{fmt}"
    more = [page(resource, "k3")] if resource.paginated else []
    first = page(resource, "k1", "k2", cursor="c1" if resource.paginated else None)
    server = Recorder(first, *more)
    code, out, err = run(capsys, server, name, "export", "--out", str(path))
    assert (code, out) == (0, "")
    keys = ["k1", "k2", "k3"] if resource.paginated else ["k1", "k2"]
    assert err == f"exported {len(keys)} {name.replace('_', ' ')} to {path}\n"
    check_output(resource, fmt, path.read_text(encoding="utf-8"), keys)


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
@pytest.mark.parametrize("name", RESUMABLE)
def test_resume_continues_a_cut_off_export(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, fmt: str
) -> None:
    resource = BY_NAME[name]
    path = tmp_path / f"out.{fmt}"
    broken = Recorder(
        page(resource, "k5", "k4", cursor="c1"), loyverse_error(500, "INTERNAL_SERVER_ERROR")
    )
    code, _, err = run(capsys, broken, name, "export", "--out", str(path), "--limit", "2")
    assert code == 1
    assert "run the same command with --resume" in err
    with path.open("a", encoding="utf-8") as file:
        file.write('{"cut off' if fmt == "jsonl" else "k3,cut")  # a record the kill cut short
    resumed = Recorder(page(resource, "k5", "k4", "k3", cursor="c2"), page(resource, "k2", "k1"))
    argv = [name, "export", "--out", str(path), "--limit", "2", "--resume"]
    code, _, err = run(capsys, resumed, *argv)
    assert code == 0, err
    # A receipt may take several csv rows: the last one (k4) is written again, whole.
    kept = 1 if name == "receipts" and fmt == "csv" else 2
    assert err.startswith(f"resumed {path} after {kept} {name.replace('_', ' ')}")
    check_output(resource, fmt, path.read_text(encoding="utf-8"), ["k5", "k4", "k3", "k2", "k1"])
    if "created_at_max" in resource.query.filters():  # the walk starts at the anchor's time
        assert dict(resumed.requests[0].url.params)["created_at_max"] == "2024-03-01T08:00:00.001Z"


@pytest.mark.parametrize("name", NOT_RESUMABLE)
def test_resume_is_refused_where_an_export_cannot_continue(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    server = Recorder()
    argv = [name, "export", "--out", str(tmp_path / "x.jsonl"), "--resume"]
    code, out, err = run(capsys, server, *argv)
    assert (code, out) == (2, "")
    assert err.startswith(f"error: --resume is not available for {name.replace('_', ' ')}: ")
    assert server.requests == []
    _, helped, _ = run(capsys, server, name, "export", "--help")
    assert "--resume is not available" in " ".join(helped.split())


@pytest.mark.parametrize("fmt", ["json", "table"])
def test_merchant_prints_the_merchant(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    server = Recorder(json_response(200, MERCHANT))
    code, out, err = run(capsys, server, "merchant", "--format", fmt)
    assert (code, err) == (0, "")
    assert server.requests[0].url.path == "/v1.0/merchant/"
    if fmt == "json":
        assert json.loads(out) == MERCHANT
    else:
        assert out.splitlines()[0].split() == ["id", MERCHANT["id"]]
        assert f"business_name  {MERCHANT['business_name']}" in out


def test_help_lists_every_resource(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, Recorder(), "--help")
    assert code == 0
    listed = out.split("COMMAND\n", 1)[1].split()
    assert set(NAMES) | {"merchant", "schema", "demo"} <= set(listed)
