"""What the CLI tests share: running ``main`` in-process against a fake Loyverse."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from loyverse_client import LoyverseClient
from loyverse_client.cli import ClientFactory, main
from loyverse_client.testing import FakeLoyverse
from loyverse_models import Customer

TOKEN = "sk_cli_test_3f9a0c7e21b84d5c9e6f0a1b2c3d4e5f"
COLUMNS = list(Customer.model_fields)


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


Run = Callable[..., Result]


def fake_factory(
    fake: FakeLoyverse, hook: Callable[[httpx.Request], None] | None = None
) -> ClientFactory:
    """Clients of ``fake`` for the given ``--token``, never retrying; ``hook`` sees each request."""

    def build(*, token: str | None, base_url: str | None) -> LoyverseClient:
        hooks = {"request": [hook]} if hook is not None else {}
        http = httpx.Client(transport=fake.transport, event_hooks=hooks)
        return fake.client(access_token=token, max_retries=0, http_client=http)

    return build


class Terminal(io.StringIO):
    """A stderr that says it is a terminal, to see what the status line does there."""

    def isatty(self) -> bool:
        return True


def make_runner(capsys: pytest.CaptureFixture[str], fake: FakeLoyverse) -> Run:
    def run(*argv: str, factory: ClientFactory | None = None) -> Result:
        code = main(list(argv), client_factory=factory or fake_factory(fake))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def sample_fake() -> FakeLoyverse:
    """A fake account of 60 sample customers, reached with ``--token TOKEN``."""
    account = FakeLoyverse(access_token=TOKEN)
    account.add_sample_customers(60, seed=3)
    return account


def csv_value(value: object) -> str:
    """What a csv cell must hold: the JSON text of the value, strings bare, null empty."""
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value)


def csv_records(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert reader.fieldnames == COLUMNS
    return list(reader)


def as_csv(customers: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [{name: csv_value(c[name]) for name in COLUMNS} for c in customers]


# --- customers list -------------------------------------------------------------------------


# --- receipts as csv: the documented layout, written out here rather than taken from the code ----
RECEIPT_CSV_HEADER = [
    # the receipt's columns, repeated on each of its rows
    "receipt_number", "receipt_type", "refund_for", "receipt_date", "created_at", "store_id",
    "employee_id", "customer_id", "pos_device_id", "order", "source", "note", "cancelled_at",
    "total_money", "total_tax", "total_discount", "tip", "surcharge", "payments",
    # then the line item's
    "line_id", "item_id", "variant_id", "item_name", "variant_name", "sku", "quantity", "price",
    "gross_total_money", "line_total_discount", "line_total_money", "cost", "cost_total",
    "line_note", "line_taxes", "line_discounts", "line_modifiers",
]  # fmt: skip
_FIRST_LINE_COLUMN = RECEIPT_CSV_HEADER.index("line_id")
_LINE_FIELD = {"line_id": "id", "line_total_discount": "total_discount"}
_LINE_FIELD["line_total_money"] = "total_money"


def compact_cell(value: object) -> str:
    """A cell as documented: text bare, null empty, a number or a list as its compact JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def receipt_csv_rows(receipt: dict[str, Any]) -> list[list[str]]:
    """A receipt's documented csv rows: one per line item (one, line cells empty, if none)."""
    head = [compact_cell(receipt.get(name)) for name in RECEIPT_CSV_HEADER[:_FIRST_LINE_COLUMN]]
    return [
        head
        + [
            compact_cell(line.get(_LINE_FIELD.get(name, name)))
            for name in RECEIPT_CSV_HEADER[_FIRST_LINE_COLUMN:]
        ]
        for line in receipt.get("line_items") or [{}]
    ]
