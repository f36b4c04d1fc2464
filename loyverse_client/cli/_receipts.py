"""Receipts on the command line: their csv (a row per line item), ``create`` and ``refund``.

The listing, ``get`` and ``export`` are the generic commands of every resource (``_commands``),
with this module's csv layout and ``--day`` (``_views``). A sale or a refund goes through
``ReceiptCreate`` / ``ReceiptRefund`` before anything is sent, from a JSON file or from a few
options, and a write whose fate is unknown (a timeout, a 5xx) says how to look for the receipt
before running the command again: Loyverse has no idempotency keys, so the SDK never sends it twice.
"""

from __future__ import annotations

import argparse
import shlex
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from loyverse_client import LoyverseClient
from loyverse_client.errors import LoyverseError
from loyverse_models import Receipt, ReceiptCreate, ReceiptRefund

from .._resources import RECEIPTS
from ._connect import Session
from ._errors import (
    CommandError,
    UsageError,
    describe_api_error,
    describe_input_error,
    describe_validation_error,
)
from ._formats import CsvLayout, Row, shape_of, write_object
from ._table import Column

__all__ = [
    "LINE_COLUMNS",
    "RECEIPT_COLUMNS",
    "RECEIPT_CSV",
    "RECEIPT_SHAPE",
    "RECEIPT_TABLE",
    "create_receipt",
    "refund_line",
    "refund_receipt",
    "sale_line",
]

RECEIPT_COLUMNS = (
    "receipt_number",
    "receipt_type",
    "refund_for",
    "receipt_date",
    "created_at",
    "store_id",
    "employee_id",
    "customer_id",
    "pos_device_id",
    "order",
    "source",
    "note",
    "cancelled_at",
    "total_money",
    "total_tax",
    "total_discount",
    "tip",
    "surcharge",
    "payments",
)
"""The receipt's columns of a receipts csv, repeated on each of its rows; each is the receipt's
field of that name (``payments`` as compact JSON)."""

LINE_COLUMNS: Mapping[str, str] = {
    "line_id": "id",
    "item_id": "item_id",
    "variant_id": "variant_id",
    "item_name": "item_name",
    "variant_name": "variant_name",
    "sku": "sku",
    "quantity": "quantity",
    "price": "price",
    "gross_total_money": "gross_total_money",
    "line_total_discount": "total_discount",
    "line_total_money": "total_money",
    "cost": "cost",
    "cost_total": "cost_total",
    "line_note": "line_note",
    "line_taxes": "line_taxes",
    "line_discounts": "line_discounts",
    "line_modifiers": "line_modifiers",
}
"""The line's columns, after the receipt's: column -> the ``LineItem`` field it holds (a line's
``id``, ``total_money`` and ``total_discount`` are prefixed, the receipt having its own)."""


def receipt_rows(receipt: dict[str, Any]) -> list[Row]:
    """A receipt's rows: one per line item, the receipt's cells first; one row with empty line
    cells for a receipt without lines."""
    head = [receipt.get(name) for name in RECEIPT_COLUMNS]
    lines = receipt.get("line_items") or [{}]
    return [head + [line.get(field) for field in LINE_COLUMNS.values()] for line in lines]


_CSV_DOC = f"""\
csv: one row per line item, the receipt's columns repeated on each (a receipt without lines gets
one row, its line cells empty). The receipt's columns, then the line's:
{textwrap.fill(", ".join(RECEIPT_COLUMNS), 96, initial_indent="  ", subsequent_indent="  ")}
{textwrap.fill(", ".join(LINE_COLUMNS), 96, initial_indent="  ", subsequent_indent="  ")}
Money and quantities are the numbers Loyverse sent, as plain decimals; payments, line_taxes,
line_discounts and line_modifiers are compact JSON. jsonl and json hold every field."""

RECEIPT_CSV = CsvLayout(RECEIPT_COLUMNS + tuple(LINE_COLUMNS), receipt_rows, _CSV_DOC)
RECEIPT_TABLE = (
    Column("receipt_number", "RECEIPT_NUMBER"),
    Column("receipt_type", "TYPE"),
    Column("receipt_date", "RECEIPT_DATE"),
    Column("total_money", "TOTAL", max_width=14, numeric=True),
    Column("refund_for", "REFUND_FOR"),
    Column("store_id", "STORE_ID", max_width=36),
    Column("created_at", "CREATED_AT"),
)
"""A table of receipts: when each sale happened and its total, a refund's sale."""
RECEIPT_SHAPE = shape_of(RECEIPTS, RECEIPT_TABLE, RECEIPT_CSV)


# --- the options of a sale and of a refund --------------------------------------------------------
def _colon_spec(text: str, names: tuple[str, ...], form: str) -> dict[str, object]:
    """``ID:NUMBER[:NUMBER]`` as ``{names[0]: ID, names[1]: Decimal, ...}``; the first two
    parts are required, the numbers are then checked by the model."""
    parts = text.split(":")
    if not 2 <= len(parts) <= len(names) or not parts[0]:
        raise argparse.ArgumentTypeError(f"{text!r} is not {form}")
    values: dict[str, object] = {names[0]: parts[0]}
    for name, part in zip(names[1:], parts[1:], strict=False):
        try:
            number = Decimal(part)
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite() or part != part.strip():
            raise argparse.ArgumentTypeError(f"{text!r}: {part!r} is not a number; write {form}")
        values[name] = number
    return values


def sale_line(text: str) -> dict[str, object]:
    """``--line VARIANT:QTY[:PRICE]`` of ``receipts create``."""
    return _colon_spec(text, ("variant_id", "quantity", "price"), "VARIANT:QTY[:PRICE]")


def refund_line(text: str) -> dict[str, object]:
    """``--line LINE_ID:QTY`` of ``receipts refund``."""
    return _colon_spec(text, ("id", "quantity"), "LINE_ID:QTY")


@dataclass(frozen=True)
class Form:
    """A write from the command line: the options that set its model's fields (so that a refused
    value names what the user typed), the fields it cannot do without, and how to give them."""

    options: Mapping[str, str]
    required: tuple[str, ...]
    usage: str


_SALE = Form(
    {
        "store_id": "--store",
        "line_items": "--line",
        "variant_id": "--line",
        "quantity": "--line",
        "price": "--line",
        "payments": "--payment",
        "payment_type_id": "--payment",
        "order": "--order",
        "note": "--note",
        "receipt_date": "--receipt-date",
    },
    ("store_id", "line_items"),
    "--store ID and --line VARIANT:QTY[:PRICE]",
)
_REFUND = Form(
    {"line_items": "--line", "id": "--line", "quantity": "--line"},
    ("line_items",),
    "--line LINE_ID:QTY",
)

WriteT = TypeVar("WriteT", bound=BaseModel)


def write_body(session: Session, form: Form, fields: dict[str, Any], model: type[WriteT]) -> WriteT:
    """The write, from ``--json FILE`` or from the options' ``fields``; exit 2 naming the field or
    the option of anything the model refuses, before any request."""
    source, options = session.args.json, form.options
    if source is None:
        if any(name not in fields for name in form.required):
            raise UsageError(f"nothing to send: give {form.usage}, or --json FILE")
        try:
            return model.model_validate(fields)
        except ValidationError as exc:
            raise UsageError(describe_input_error(exc, options)) from None
    if fields:
        given = ", ".join(sorted({options[name] for name in fields}))
        raise UsageError(f"--json holds the whole {model.__name__}: leave out {given}")
    text, name = read_input(session, source)
    try:
        return model.model_validate_json(text)
    except ValidationError as exc:
        problems = textwrap.indent(describe_validation_error(exc), "  ")
        raise UsageError(f"{name} is not a valid {model.__name__}:\n{problems}") from None


def read_input(session: Session, source: str) -> tuple[str, str]:
    """The text of ``--json`` (``-``: stdin), and how to name it."""
    if source == "-":
        return session.stdin.read(), "stdin"
    try:
        return Path(source).read_text(encoding="utf-8"), source
    except UnicodeDecodeError:
        raise UsageError(f"{source} is not UTF-8 text") from None
    except OSError as exc:
        raise CommandError(f"cannot read {source}: {exc.strerror or exc}") from None


def _given(**fields: Any) -> dict[str, Any]:
    return {name: value for name, value in fields.items() if value is not None}


_CLOCK_MARGIN = timedelta(minutes=5)
"""How long before sending a search for the receipt starts: Loyverse's clock is not ours."""


def _send(
    session: Session, send: Callable[[LoyverseClient], Receipt], may_exist: Callable[[str], str]
) -> None:
    """Send the write and print the receipt; a write that may have been booked says how to look
    for it (``may_exist`` of the ``--created-min`` to search from) and exits 1."""
    since = datetime.now(timezone.utc).replace(second=0, microsecond=0) - _CLOCK_MARGIN
    with session.client() as client:
        try:
            receipt = send(client)
        except ValidationError as exc:  # a receipt number that cannot be one, before any request
            raise UsageError(
                describe_input_error(exc, {"receipt_number": "RECEIPT_NUMBER"})
            ) from None
        except LoyverseError as exc:
            if not exc.outcome_unknown:
                raise
            advice = may_exist(since.strftime("%Y-%m-%dT%H:%M:%SZ"))
            raise CommandError(describe_api_error(exc, advice)) from None
    write_object(session.args.format, session.out, receipt, RECEIPT_SHAPE)


_NOT_SENT_AGAIN = "(Loyverse has no idempotency keys, so it was not sent again)"


def create_receipt(session: Session) -> None:
    """``receipts create``: a sale, as Loyverse stored it (its number and totals computed)."""
    args = session.args
    payments = None if args.payment is None else [{"payment_type_id": args.payment}]
    fields = _given(
        store_id=args.store,
        line_items=args.line,
        payments=payments,
        order=args.order,
        note=args.note,
        receipt_date=args.receipt_date,
    )
    sale = write_body(session, _SALE, fields, ReceiptCreate)

    def look_for_it(since: str) -> str:
        search = ["loyverse", "receipts", "list", "--store-id", sale.store_id]
        for name in ("order", "source"):
            value = getattr(sale, name)
            if value:
                search += [f"--{name}", value]
        search += ["--created-min", since]
        return (
            f"the sale may have been booked anyway {_NOT_SENT_AGAIN}: before creating it again, "
            f"look for it with\n  {shlex.join(search)}"
        )

    _send(session, lambda client: client.receipts.create(sale), look_for_it)


def refund_receipt(session: Session) -> None:
    """``receipts refund NUMBER``: a refund of lines of that sale, as Loyverse stored it."""
    args = session.args
    number = args.receipt_number
    refund = write_body(session, _REFUND, _given(line_items=args.line), ReceiptRefund)

    def look_for_it(since: str) -> str:
        search = shlex.join(["loyverse", "receipts", "list", "--created-min", since])
        return (
            f"the refund may have been booked anyway {_NOT_SENT_AGAIN}: before refunding again, "
            f"look for a receipt whose refund_for is {number} with\n  {search}"
        )

    _send(session, lambda client: client.receipts.refund(number, refund), look_for_it)
