"""Catalogue writes on the command line: generated create/update/delete, images, stock."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from loyverse_client import LoyverseClient
from loyverse_client.cli import main
from loyverse_client.cli._catalogue import field_options
from loyverse_client.cli._views import CATALOGUE_WRITES
from tests.helpers import Recorder, json_response, loyverse_error
from tests.test_catalogue_writes import WRITABLE
from tests.test_resources import BY_NAME, T0, obj

V1 = "6b1f0a3c-1d2e-4f5a-8b9c-0d1e2f3a4b5c"
S1 = "7c2a1b4d-2e3f-4a5b-9c0d-1e2f3a4b5c6d"


def run(server: Recorder, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    def factory(**_: Any) -> LoyverseClient:
        return server.client(max_retries=0)

    code = main(["--token", "t", *argv], client_factory=factory)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def body(request: httpx.Request) -> Any:
    return json.loads(request.content)


def test_every_writable_resource_has_generated_commands() -> None:
    assert set(CATALOGUE_WRITES) == set(WRITABLE)


@pytest.mark.parametrize("name", WRITABLE)
def test_the_generated_options_exist(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    writes = CATALOGUE_WRITES[name]
    for verb, model in (("create", writes.create), ("update", writes.update)):
        assert main([name, verb, "--help"]) == 0
        shown = capsys.readouterr().out
        assert "--json FILE" in shown
        for option in field_options(model):
            assert option.option in shown


def test_create_from_options_sends_the_documented_body(
    capsys: pytest.CaptureFixture[str],
) -> None:
    stored = obj(BY_NAME["taxes"], "t1", name="VAT", type="ADDED", rate=5.255)
    server = Recorder(json_response(200, stored))
    code, out, err = run(
        server, capsys, "taxes", "create", "--name", "VAT", "--type", "ADDED",
        "--rate", "5.255", "--stores", f"{S1}",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert json.loads(out)["id"] == "t1"
    (request,) = server.requests
    assert (request.method, request.url.path) == ("POST", "/v1.0/taxes")
    assert body(request) == {"name": "VAT", "type": "ADDED", "rate": 5.255, "stores": [S1]}


def test_create_from_json_sends_nested_fields(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = {"name": "Milk", "modifier_options": [{"name": "Oat", "price": 0.5}]}
    source = tmp_path / "modifier.json"
    source.write_text(json.dumps(new))
    answer = {**new, "modifier_options": [{"id": "o1", "name": "Oat", "price": 0.5}]}
    server = Recorder(json_response(200, obj(BY_NAME["modifiers"], "m1", **answer)))
    code, _, err = run(server, capsys, "modifiers", "create", "--json", str(source))
    assert (code, err) == (0, "")
    (request,) = server.requests
    assert body(request)["modifier_options"][0]["name"] == "Oat"
    assert body(request)["name"] == "Milk"


def test_a_flag_and_a_choice_go_through_the_model(capsys: pytest.CaptureFixture[str]) -> None:
    server = Recorder(json_response(200, obj(BY_NAME["items"], "i1")))
    code, _, err = run(
        server, capsys, "items", "create", "--item-name", "Latte", "--no-track-stock",
        "--color", "RED",
    )  # fmt: skip
    assert (code, err) == (0, "")
    sent = body(server.requests[0])
    assert sent["item_name"] == "Latte"
    assert sent["track_stock"] is False
    assert sent["color"] == "RED"


@pytest.mark.parametrize(
    ("name", "args", "message"),
    [
        ("taxes", ["--name", "VAT", "--type", "ADDED", "--rate", "101"], "--rate"),
        ("categories", ["--color", "BLACK"], "--color"),
        ("categories", [], "--name"),
        ("items", ["--item-name", "A" * 200], "--item-name"),
    ],
)
def test_a_bad_value_exits_2_before_any_request(
    capsys: pytest.CaptureFixture[str], name: str, args: list[str], message: str
) -> None:
    server = Recorder()
    code, out, err = run(server, capsys, name, "create", *args)
    assert code == 2
    assert message in err
    assert out == ""
    assert server.requests == []


def test_a_bad_json_field_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "tax.json"
    source.write_text(json.dumps({"name": "VAT", "type": "ADDED", "rate": -1}))
    server = Recorder()
    code, _, err = run(server, capsys, "taxes", "create", "--json", str(source))
    assert code == 2
    assert "rate" in err
    assert server.requests == []


def test_a_create_that_may_have_happened_says_how_to_look(
    capsys: pytest.CaptureFixture[str],
) -> None:
    server = Recorder(httpx.ReadTimeout("slow"))
    code, _, err = run(server, capsys, "categories", "create", "--name", "Drinks")
    assert code == 1
    assert "may have been created anyway" in err
    assert "loyverse categories list" in err
    assert len(server.requests) == 1


@pytest.mark.parametrize("name", WRITABLE)
def test_update_reads_then_posts_the_full_record(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    resource = BY_NAME[name]
    current = obj(resource, "k1")
    if name == "items":
        current["variants"] = [obj(BY_NAME["variants"], "v1", item_id="k1")]
    server = Recorder(json_response(200, current), json_response(200, current))
    writes = CATALOGUE_WRITES[name]
    text = next(o for o in field_options(writes.update) if o.kind == "text")
    code, _, err = run(server, capsys, name, "update", "k1", text.option, "New")
    assert (code, err) == (0, "")
    read, write = server.requests
    assert read.method == "GET"
    assert read.url.path.endswith("/k1")
    assert write.method == "POST"
    sent = body(write)
    assert sent[text.field] == "New"
    for key in resource.key:
        assert sent[key] == "k1"


def test_update_without_changes_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    server = Recorder()
    code, _, err = run(server, capsys, "suppliers", "update", "s1")
    assert code == 2
    assert "nothing to change" in err
    assert server.requests == []


def test_update_clear_empties_a_field(capsys: pytest.CaptureFixture[str]) -> None:
    current = obj(BY_NAME["suppliers"], "s1", email="a@example.com")
    server = Recorder(json_response(200, current), json_response(200, current))
    code, _, err = run(server, capsys, "suppliers", "update", "s1", "--clear", "email")
    assert (code, err) == (0, "")
    assert body(server.requests[1])["email"] is None


def test_delete_asks_first(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    server = Recorder(json_response(200, obj(BY_NAME["categories"], "c1")))
    code, _, err = run(server, capsys, "categories", "delete", "c1")
    assert code == 1
    assert "Delete category c1, Drinks? [y/N]" in err
    assert [r.method for r in server.requests] == ["GET"]


def test_delete_with_yes_sends_it(capsys: pytest.CaptureFixture[str]) -> None:
    server = Recorder(json_response(200, {"deleted_object_ids": ["c1"]}))
    code, out, err = run(server, capsys, "categories", "delete", "c1", "--yes")
    assert code == 0
    assert "deleted category c1" in err
    assert json.loads(out) == {"deleted_object_ids": ["c1"]}
    (request,) = server.requests
    assert (request.method, request.url.path) == ("DELETE", "/v1.0/categories/c1")


@pytest.mark.parametrize(
    ("suffix", "content_type"),
    [(".png", "image/png"), (".JPG", "image/jpeg"), (".webp", "image/webp")],
)
def test_the_image_command_sends_the_bytes_with_their_type(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str, content_type: str
) -> None:
    image = tmp_path / f"latte{suffix}"
    image.write_bytes(b"\x89PNG" + bytes(200))
    server = Recorder(httpx.Response(201))
    code, _, err = run(server, capsys, "items", "image", "i1", str(image))
    assert code == 0
    assert "uploaded" in err
    (request,) = server.requests
    assert (request.method, request.url.path) == ("POST", "/v1.0/items/i1/image")
    assert request.headers["content-type"] == content_type
    assert request.content == image.read_bytes()


def test_an_image_of_unknown_type_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    image = tmp_path / "latte.bmp"
    image.write_bytes(bytes(200))
    server = Recorder()
    code, _, err = run(server, capsys, "items", "image", "i1", str(image))
    assert code == 2
    assert ".png" in err
    assert server.requests == []


def test_delete_image(capsys: pytest.CaptureFixture[str]) -> None:
    server = Recorder(httpx.Response(200))
    code, _, _ = run(server, capsys, "items", "delete-image", "i1")
    assert code == 0
    (request,) = server.requests
    assert (request.method, request.url.path) == ("DELETE", "/v1.0/items/i1/image")


def level(variant: str, store: str, stock: float) -> dict[str, Any]:
    return {"variant_id": variant, "store_id": store, "in_stock": stock, "updated_at": T0}


def test_inventory_set(capsys: pytest.CaptureFixture[str]) -> None:
    server = Recorder(json_response(200, {"inventory_levels": [level(V1, S1, 12)]}))
    code, out, err = run(server, capsys, "inventory", "set", V1, S1, "12")
    assert (code, err) == (0, "")
    assert json.loads(out)["in_stock"] == 12
    (request,) = server.requests
    assert (request.method, request.url.path) == ("POST", "/v1.0/inventory")
    assert body(request) == {
        "inventory_levels": [{"variant_id": V1, "store_id": S1, "stock_after": 12}]
    }


def test_inventory_set_refuses_a_bad_stock(capsys: pytest.CaptureFixture[str]) -> None:
    server = Recorder()
    code, _, err = run(server, capsys, "inventory", "set", V1, S1, "lots")
    assert code == 2
    assert "STOCK" in err
    assert server.requests == []


def csv_file(tmp_path: Path, text: str) -> str:
    path = tmp_path / "stock.csv"
    path.write_text(text)
    return str(path)


def test_import_dry_run_prints_and_sends_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = csv_file(tmp_path, f"variant_id,store_id,stock_after\n{V1},{S1},7\n")
    server = Recorder(json_response(200, {"inventory_levels": [level(V1, S1, 3)]}))
    code, out, err = run(server, capsys, "inventory", "import", source)
    assert code == 0
    assert out == f"line 2: {V1} in {S1}: 3 -> 7\n"
    assert "nothing sent" in err
    assert [r.method for r in server.requests] == ["GET"]


def _stock_set(request: httpx.Request) -> httpx.Response:
    """Loyverse's answer to ``POST /inventory``: the levels as sent."""
    sent = body(request)["inventory_levels"]
    levels = [level(c["variant_id"], c["store_id"], c["stock_after"]) for c in sent]
    return json_response(200, {"inventory_levels": levels})


def _three_hundred_rows(tmp_path: Path) -> str:
    rows = "".join(f"{V1[:-3]}{n:03d},{S1},{n}\n" for n in range(300))
    return csv_file(tmp_path, "variant_id,store_id,stock_after\n" + rows)


def test_import_apply_sends_batches(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _three_hundred_rows(tmp_path)
    server = Recorder(_stock_set, _stock_set)
    code, _, err = run(server, capsys, "inventory", "import", source, "--apply")
    assert code == 0
    assert "set 300 stock level(s)" in err
    assert [len(body(r)["inventory_levels"]) for r in server.requests] == [250, 50]


def test_a_batch_that_fails_during_apply_says_which_lines_were_not_applied(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _three_hundred_rows(tmp_path)
    refused = loyverse_error(400, "INVALID_VALUE", "unknown variant", "object.inventory_levels")
    server = Recorder(_stock_set, refused)
    code, _, err = run(server, capsys, "inventory", "import", source, "--apply")
    assert code == 1
    assert "250 stock level(s) were set, then a batch failed" in err
    assert "not applied: the rows of lines 252, 253," in err
    assert err.rstrip().count(",") >= 49


def test_a_bad_row_is_reported_by_line_and_nothing_is_sent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = f"variant_id,store_id,stock_after\n{V1},{S1},7\n{V1},{S1},8\n{V1},,1\n"
    source = csv_file(tmp_path, text)
    server = Recorder()
    code, out, err = run(server, capsys, "inventory", "import", source, "--apply")
    assert code == 2
    assert "line 3: this level is already set on line 2" in err
    assert "line 4:" in err
    assert out == ""
    assert server.requests == []


def test_sku_and_store_names_are_resolved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = csv_file(tmp_path, "sku,store,stock_after\nTS-S,Main Street,5\n")
    variants = {"variants": [obj(BY_NAME["variants"], V1, item_id="i1", sku="TS-S")]}
    stores = {"stores": [obj(BY_NAME["stores"], S1)]}
    levels = {"inventory_levels": [level(V1, S1, 5)]}
    server = Recorder(
        json_response(200, variants), json_response(200, stores), json_response(200, levels)
    )
    code, _, err = run(server, capsys, "inventory", "import", source, "--apply")
    assert (code, err.strip()) == (0, f"set 1 stock level(s) from {source}")
    assert body(server.requests[-1])["inventory_levels"] == [
        {"variant_id": V1, "store_id": S1, "stock_after": 5}
    ]


def test_an_unknown_sku_is_a_bad_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = csv_file(tmp_path, "sku,store,stock_after\nNOPE,Main Street,5\n")
    server = Recorder(
        json_response(200, {"variants": []}),
        json_response(200, {"stores": [obj(BY_NAME["stores"], S1)]}),
    )
    code, _, err = run(server, capsys, "inventory", "import", source, "--apply")
    assert code == 2
    assert "line 2: no sku has the sku 'NOPE'" in err
    assert all(r.method == "GET" for r in server.requests)


def test_the_catalogue_commands_work_against_the_demo_fake(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    created = ["--demo", "taxes", "create", "--name", "City tax", "--type", "ADDED"]
    assert main([*created, "--rate", "2.5"]) == 0
    assert json.loads(capsys.readouterr().out)["name"] == "City tax"
    source = csv_file(
        tmp_path, "sku,store,stock_after\nTEE-3,Market Hall,9\nCRO-1,Harbour Café,4\n"
    )
    assert main(["--demo", "inventory", "import", source]) == 0  # a dry run
    dry = capsys.readouterr()
    assert "-> 9" in dry.out + dry.err
    assert main(["--demo", "inventory", "import", source, "--apply"]) == 0
    assert "set 2 stock level(s)" in capsys.readouterr().err
