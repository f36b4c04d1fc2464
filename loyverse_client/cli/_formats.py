"""The output formats of every resource: ``table``, ``json``, ``jsonl`` and ``csv``.

Everything but the table writes ``.raw``, the JSON exactly as Loyverse sent it, so nothing is
reformatted on the way through: timestamps stay ``2024-03-23T17:52:46.000Z``, money stays
``585500`` or ``120.55``, unknown fields survive (except in csv, whose columns are the
model's documented fields in order, nested objects and lists as compact JSON cells, numbers in
plain decimal notation). Writers take one page at a time and hold nothing back, so a listing of any
length streams.

A resource may lay its csv out otherwise (``CsvLayout``): receipts are written one row per line
item, the receipt's columns repeated on each. An object's rows are always written together.

csv is UTF-8 without a byte order mark, records end in ``\n``. With ``excel_safe`` a text cell
that a spreadsheet would run as a formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return, OWASP's list) is written with a ``'`` in front, which spreadsheets show as text;
the data then no longer reads back exactly, so it is off unless asked for.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol, TextIO

from loyverse_models import RawModel
from loyverse_models._page import ResourcePage

from .._resource import Resource
from ._table import CUSTOMER_COLUMNS, Column, RecordTable, readable_columns, write_record

__all__ = [
    "CUSTOMER_SHAPE",
    "FILE_FORMATS",
    "FORMATS",
    "FORMULA_STARTS",
    "CsvLayout",
    "RecordWriter",
    "Shape",
    "csv_cell",
    "csv_record",
    "excel_safe_values",
    "json_line",
    "plain_number",
    "pretty_json",
    "record_writer",
    "shape_of",
    "write_object",
    "write_page",
]

FORMATS = ("table", "json", "jsonl", "csv")
FILE_FORMATS = ("jsonl", "csv")
"""The formats an export can append to, one object per record, header at most once."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""How a cell that a spreadsheet would read as a formula begins (OWASP, CSV injection)."""


Row = Sequence[object]
"""The raw JSON values of one csv row, in the order of its layout's columns."""


@dataclass(frozen=True)
class CsvLayout:
    """The csv of one resource: its header, and the rows of one object.

    By default an object is one row of the model's fields. ``rows`` lays out an object as one or
    more rows (``grouped``): a receipt is a row per line item. The rows of one object are written
    together and read back as one by ``--resume``.
    """

    columns: tuple[str, ...]
    """The header."""
    rows: Callable[[dict[str, Any]], Sequence[Row]] | None = None
    """An object's ``.raw`` as its rows; ``None``: one row, each column the field of its name."""
    doc: str = ""
    """How the rows are laid out, for ``--help`` (the default layout needs no words)."""

    @property
    def grouped(self) -> bool:
        """Whether an object may take more than one row."""
        return self.rows is not None

    def rows_of(self, raw: dict[str, Any]) -> Sequence[Row]:
        if self.rows is None:
            return ([raw.get(name) for name in self.columns],)
        return self.rows(raw)


@dataclass(frozen=True)
class Shape:
    """How the objects of one resource are written and read back, taken from its declaration."""

    name: str
    """The collection, in messages: ``customers``, ``payment types``."""
    noun: str
    """One object, in messages: ``customer``, ``payment type``."""
    list_key: str
    """The key of the objects in a page's JSON (``inventory_levels``)."""
    columns: tuple[str, ...]
    """The model's fields in order: the table of one object, and the default csv header."""
    table: tuple[Column, ...]
    key: tuple[str, ...]
    created_field: str | None
    csv: CsvLayout
    """The csv; its ``columns`` hold the key and ``created_field`` under their own names."""

    @property
    def key_words(self) -> str:
        """The key in messages: ``an id``, ``a variant_id and store_id``."""
        return "an id" if self.key == ("id",) else "a " + " and ".join(self.key)


def shape_of(
    resource: Resource[Any, Any, Any],
    table: tuple[Column, ...] | None = None,
    csv: CsvLayout | None = None,
) -> Shape:
    """The shape of ``resource``: csv columns from its model (unless ``csv`` lays them out), a
    table of its readable fields (unless ``table`` says which)."""
    columns = tuple(resource.model.model_fields)
    return Shape(
        name=resource.name.replace("_", " "),
        noun=resource.noun,
        list_key=resource.page.list_key(),
        columns=columns,
        table=table or readable_columns(resource.key, columns, resource.created_field),
        key=resource.key,
        created_field=resource.created_field,
        csv=csv or CsvLayout(columns),
    )


class RecordWriter(Protocol):
    """Writes objects as they arrive, one page per call."""

    def write(self, records: Sequence[RawModel]) -> None:
        """Write these objects after the ones already written."""

    def close(self) -> None:
        """Write whatever ends the output (the table heading of an empty listing, a ``]``)."""


def pretty_json(value: object) -> str:
    """Indented JSON, non-ASCII kept as is."""
    return json.dumps(value, indent=2, ensure_ascii=False)


def json_line(value: object) -> str:
    """Compact JSON on one line: newlines inside strings are escaped by JSON itself."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def csv_cell(value: object, *, excel_safe: bool = False) -> str:
    """A raw JSON value as a csv cell: ``null`` is empty, a number is the number Loyverse sent in
    plain decimal notation (never rounded, never with an exponent a spreadsheet would misread).

    >>> [csv_cell(v) for v in (None, 585500, 120.55, "2024-03-23T17:52:46.000Z", True)]
    ['', '585500', '120.55', '2024-03-23T17:52:46.000Z', 'true']
    >>> [csv_cell(v) for v in (1e-05, 2.5e16, -0.0, 10**20)]
    ['0.00001', '25000000000000000', '-0.0', '100000000000000000000']

    ``excel_safe`` puts a ``'`` before text that would start a formula; numbers stay numbers:

    >>> [csv_cell(v, excel_safe=True) for v in ("=1+2", "+44 20 7946 0958", -5, "Ann")]
    ["'=1+2", "'+44 20 7946 0958", '-5', 'Ann']
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return "'" + value if excel_safe and value.startswith(FORMULA_STARTS) else value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return plain_number(value)
    return json_line(value)


def plain_number(value: float) -> str:
    """A parsed JSON number in plain decimal notation: its shortest round-trip digits, so 120.55
    stays 120.55 and 1e-05 is 0.00001; an integral value keeps its ``.0`` (``335.0``).

    >>> [plain_number(v) for v in (120.55, 335.0, 1e-05, 1.5e17, -2.0)]
    ['120.55', '335.0', '0.00001', '150000000000000000', '-2.0']
    """
    text = repr(value)
    if "e" not in text and "E" not in text:
        return text  # nan and inf cannot come from JSON
    return format(Decimal(text), "f")


def excel_safe_values(cell: str) -> tuple[str, ...]:
    """The text values a cell may stand for: itself, or itself without the ``'`` of excel_safe.

    >>> excel_safe_values("'-x"), excel_safe_values("'ok"), excel_safe_values("plain")
    (("'-x", '-x'), ("'ok",), ('plain',))
    """
    if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS):
        return cell, cell[1:]
    return (cell,)


_NEEDS_QUOTES = re.compile(r'[,"\r\n]')


def csv_record(cells: Iterable[str]) -> str:
    r"""One csv record ending in ``\n``, a cell quoted when it holds ``,``, ``"``, ``\r`` or ``\n``.

    Quoting is done here rather than by ``csv.writer``: with ``\n`` as the line end, the writer of
    Python 3.10 to 3.12 leaves a lone ``\r`` unquoted, and readers then end the record there.
    Every cell reads back unchanged with ``csv.reader`` on every Python (a NUL, which csv cannot
    escape, reads back from 3.11 on); otherwise the bytes are those of ``csv.writer``.

    >>> csv_record(["plain", "a,b", 'a "quote" inside', "cr\rhere", " kept "])
    'plain,"a,b","a ""quote"" inside","cr\rhere", kept \n'
    """
    return ",".join(_quoted(cell) for cell in cells) + "\n"


def _quoted(cell: str) -> str:
    if _NEEDS_QUOTES.search(cell):
        return '"' + cell.replace('"', '""') + '"'
    return cell


class _JsonLines:
    def __init__(self, out: TextIO) -> None:
        self._out = out

    def write(self, records: Sequence[RawModel]) -> None:
        self._out.writelines(json_line(record.raw) + "\n" for record in records)

    def close(self) -> None:
        pass


class _Csv:
    def __init__(self, out: TextIO, layout: CsvLayout, *, header: bool, excel_safe: bool) -> None:
        # Records end in "\n" rather than csv's "\r\n": the same bytes on every platform, and
        # what resume scans.
        self._out = out
        self._layout = layout
        self._excel_safe = excel_safe
        if header:
            out.write(csv_record(layout.columns))

    def write(self, records: Sequence[RawModel]) -> None:
        safe, layout = self._excel_safe, self._layout
        self._out.writelines(
            csv_record(csv_cell(value, excel_safe=safe) for value in row)
            for record in records
            for row in layout.rows_of(record.raw)
        )

    def close(self) -> None:
        pass


class _JsonDocument:
    """``{"customers": [...]}``, byte for byte what ``pretty_json`` would write, but streamed."""

    def __init__(self, out: TextIO, list_key: str) -> None:
        self._out = out
        self._key = json_line(list_key)
        self._count = 0

    def write(self, records: Sequence[RawModel]) -> None:
        for record in records:
            self._out.write(f"{{\n  {self._key}: [\n" if self._count == 0 else ",\n")
            self._out.write(textwrap.indent(pretty_json(record.raw), "    "))
            self._count += 1

    def close(self) -> None:
        self._out.write(f"{{\n  {self._key}: []\n}}\n" if self._count == 0 else "\n  ]\n}\n")


def record_writer(
    fmt: str, out: TextIO, shape: Shape, *, header: bool = True, excel_safe: bool = False
) -> RecordWriter:
    """A streaming writer of ``fmt``; ``json`` writes a single ``{"<list key>": [...]}``.

    ``header=False`` leaves out the csv header, to append to a file that has one; ``excel_safe``
    guards csv cells against formula injection (see the module's docstring).
    """
    if fmt == "table":
        return RecordTable(out, shape.table)
    if fmt == "json":
        return _JsonDocument(out, shape.list_key)
    if fmt == "jsonl":
        return _JsonLines(out)
    if fmt == "csv":
        return _Csv(out, shape.csv, header=header, excel_safe=excel_safe)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def write_page(
    fmt: str, out: TextIO, page: ResourcePage, shape: Shape, *, excel_safe: bool = False
) -> None:
    """One page; as ``json`` it is the page's own JSON, ``cursor`` included when there is one."""
    if fmt == "json":
        out.write(pretty_json(page.raw) + "\n")
        return
    writer = record_writer(fmt, out, shape, excel_safe=excel_safe)
    writer.write(page.objects())
    writer.close()


def write_object(
    fmt: str, out: TextIO, record: RawModel, shape: Shape, *, excel_safe: bool = False
) -> None:
    """One object; as a table it is one ``field  value`` line per field."""
    if fmt == "json":
        out.write(pretty_json(record.raw) + "\n")
    elif fmt == "table":
        write_record(out, record.raw, shape.columns)
    else:
        writer = record_writer(fmt, out, shape, excel_safe=excel_safe)
        writer.write([record])
        writer.close()


def _customer_shape() -> Shape:
    from ..customers import CUSTOMERS

    return shape_of(CUSTOMERS, CUSTOMER_COLUMNS)


CUSTOMER_SHAPE = _customer_shape()
"""Customers keep their own table: name, email, phone, money and points."""
