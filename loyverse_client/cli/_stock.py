"""``inventory set VARIANT_ID STORE_ID STOCK`` and ``inventory import FILE.csv [--apply]``.

An import reads every row first: ``variant_id,store_id,stock_after``, or ``sku,store,stock_after``
with the sku and the store's name resolved through the API. A bad row is reported with its line
number and nothing is sent. Without ``--apply`` it prints each change (current level and new) and
sends nothing; with ``--apply`` the levels go through ``client.inventory.update`` in batches.
"""

from __future__ import annotations

import argparse
import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from pydantic import ValidationError

from loyverse_client import LoyverseClient
from loyverse_client.errors import InventoryUpdateError, LoyverseError
from loyverse_models import InventoryChange, InventoryQuery

from ._connect import Session
from ._errors import (
    CommandError,
    UsageError,
    describe_api_error,
    describe_input_error,
    describe_validation_error,
)
from ._formats import FORMATS, write_object
from ._views import View

__all__ = ["add_stock_commands"]

BY_ID = ("variant_id", "store_id", "stock_after")
BY_NAME = ("sku", "store", "stock_after")
_READ_CHUNK = 50
"""Variants per request when the current levels are read for a dry run."""


@dataclass(frozen=True)
class Row:
    """A row of the file, checked: its line, how it names the level, and the change."""

    line: int
    label: str
    change: InventoryChange


def set_stock(view: View, session: Session) -> None:
    """``inventory set VARIANT_ID STORE_ID STOCK``: the level as Loyverse stored it."""
    args = session.args
    fields = {"variant_id": args.variant_id, "store_id": args.store_id, "stock_after": args.stock}
    try:
        change = InventoryChange.model_validate(fields)
    except ValidationError as exc:
        names = {"variant_id": "VARIANT_ID", "store_id": "STORE_ID", "stock_after": "STOCK"}
        raise UsageError(describe_input_error(exc, names)) from None
    with session.client() as client:
        level = client.inventory.update([change])[0]
    write_object(args.format, session.out, level, view.shape)


def _read_rows(source: str) -> tuple[tuple[str, ...], list[tuple[int, dict[str, Any]]]]:
    try:
        with open(source, newline="", encoding="utf-8-sig") as file:
            reader = csv.DictReader(file)
            header = tuple(name.strip() for name in reader.fieldnames or ())
            reader.fieldnames = list(header)
            rows = [(reader.line_num, row) for row in reader]
    except UnicodeDecodeError:
        raise UsageError(f"{source} is not UTF-8 text") from None
    except OSError as exc:
        raise CommandError(f"cannot read {source}: {exc.strerror or exc}") from None
    except csv.Error as exc:
        raise UsageError(f"{source} is not csv: {exc}") from None
    columns = next((form for form in (BY_ID, BY_NAME) if set(form) <= set(header)), None)
    if columns is None:
        raise UsageError(
            f"{source}: the header must name the columns {','.join(BY_ID)} or {','.join(BY_NAME)}"
            f" (found {','.join(header) or 'none'})"
        )
    return columns, rows


class _Names:
    """Skus and store names, resolved through the API: one walk of the variants, one list of
    the stores."""

    def __init__(self, client: LoyverseClient) -> None:
        self.skus: dict[str, list[str]] = {}
        for variant in client.variants.iterate():
            if variant.sku:
                self.skus.setdefault(variant.sku, []).append(variant.variant_id)
        self.stores: dict[str, list[str]] = {}
        for store in client.stores.list().stores:
            self.stores.setdefault(store.name or "", []).append(store.id)

    def one(self, found: dict[str, list[str]], what: str, value: str) -> str:
        ids = found.get(value, [])
        if len(ids) != 1:
            several = f"{len(ids)} {what}s have" if ids else f"no {what} has"
            raise ValueError(f"{several} the {what} {value!r}")
        return ids[0]


def _check(
    columns: tuple[str, ...],
    rows: Iterable[tuple[int, dict[str, Any]]],
    names: Callable[[], _Names],
) -> list[Row]:
    """Every row checked; a ``UsageError`` naming each bad line if any is bad."""
    checked: list[Row] = []
    problems: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    for line, row in rows:
        try:
            if None in row or any(row.get(column) in (None, "") for column in columns):
                raise ValueError(f"give exactly the columns {', '.join(columns)}, each a value")
            first, second, stock = (str(row[column]).strip() for column in columns)
            label = f"{first} in {second}"
            if columns == BY_NAME:
                resolved = names()
                first = resolved.one(resolved.skus, "sku", first)
                second = resolved.one(resolved.stores, "store", second)
            fields = {"variant_id": first, "store_id": second, "stock_after": stock}
            change = InventoryChange.model_validate(fields)
            pair = (change.variant_id, change.store_id)
            if pair in seen:
                raise ValueError(f"this level is already set on line {seen[pair]}")
            seen[pair] = line
            checked.append(Row(line, label, change))
        except ValidationError as exc:
            problems.append(f"line {line}: {describe_validation_error(exc)}")
        except ValueError as exc:
            problems.append(f"line {line}: {exc}")
    if problems:
        raise UsageError("nothing was sent:\n" + "\n".join(problems))
    return checked


def _current(client: LoyverseClient, rows: list[Row]) -> dict[tuple[str, str], Any]:
    variants = sorted({row.change.variant_id for row in rows})
    levels: dict[tuple[str, str], Any] = {}
    for start in range(0, len(variants), _READ_CHUNK):
        query = InventoryQuery(variant_ids=variants[start : start + _READ_CHUNK])
        for level in client.inventory.iterate(query):
            levels[(level.variant_id, level.store_id)] = level.in_stock
    return levels


def import_stock(session: Session) -> None:
    """``inventory import FILE.csv [--apply]``: a dry run unless ``--apply``."""
    args = session.args
    columns, rows = _read_rows(args.file)
    with session.client() as client:
        cache: list[_Names] = []

        def names() -> _Names:
            if not cache:
                cache.append(_Names(client))
            return cache[0]

        checked = _check(columns, rows, names)
        if not args.apply:
            current = _current(client, checked)
            for row in checked:
                now = current.get((row.change.variant_id, row.change.store_id), "-")
                new = row.change.stock_after
                session.out.write(f"line {row.line}: {row.label}: {now} -> {new}\n")
            session.err.write(
                f"dry run: {len(checked)} change(s), nothing sent; add --apply to send them\n"
            )
            return
        try:
            levels = client.inventory.update(row.change for row in checked)
        except InventoryUpdateError as exc:
            raise CommandError(_partly(exc, checked)) from None
    session.err.write(f"set {len(levels)} stock level(s) from {args.file}\n")


def _partly(exc: InventoryUpdateError, rows: list[Row]) -> str:
    lines = {(row.change.variant_id, row.change.store_id): row.line for row in rows}
    pending = [lines[(change.variant_id, change.store_id)] for change in exc.not_applied]
    cause = exc.__cause__
    said = describe_api_error(cause) if isinstance(cause, LoyverseError) else str(exc)
    return (
        f"{len(exc.applied)} stock level(s) were set, then a batch failed: {said}\n"
        f"not applied: the rows of lines {', '.join(map(str, pending))} (setting a level twice "
        "is harmless: import the file again once the cause is fixed)"
    )


Command = Callable[..., argparse.ArgumentParser]


def add_stock_commands(
    actions: argparse._SubParsersAction[argparse.ArgumentParser], view: View, command: Command
) -> None:
    """``inventory set`` and ``inventory import``, beside the generic list and export."""
    setting = command(
        actions,
        "set",
        partial(set_stock, view),
        summary="set one stock level (absolute, not a delta); prints it as stored",
    )
    setting.add_argument("variant_id", metavar="VARIANT_ID")
    setting.add_argument("store_id", metavar="STORE_ID")
    setting.add_argument("stock", metavar="STOCK", help="the new level, e.g. 12 or 2.5")
    setting.add_argument("--format", choices=FORMATS, default="json", help="default: json")

    importing = command(
        actions,
        "import",
        import_stock,
        summary="set stock levels from a csv file; a dry run unless --apply",
        description=f"""\
Set stock levels from FILE, a csv with the columns {",".join(BY_ID)}, or {",".join(BY_NAME)}
(the variant's sku and the store's name, resolved through the API). Every row is checked
first: a bad row is reported with its line number and nothing is sent. Without --apply the
changes are printed (current level -> new) and nothing is sent.""",
    )
    importing.add_argument("file", metavar="FILE")
    importing.add_argument("--apply", action="store_true", help="send the changes")
