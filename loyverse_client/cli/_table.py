"""Plain-text tables for people: columns sized to their content, long cells cut with ``…``.

Widths count terminal cells, not code points, so accented and East Asian names stay aligned.
Values are shown as the API wrote them (``.raw``): money is ``585500`` or ``120.55``, times keep
their ``.000Z``; a ``null`` is ``-``.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TextIO

from loyverse_models import RawModel

__all__ = [
    "CUSTOMER_COLUMNS",
    "READABLE_FIELDS",
    "Column",
    "RecordTable",
    "cell_text",
    "display_width",
    "fit",
    "readable_columns",
    "write_record",
]

_NULL = "-"
_ELLIPSIS = "…"


@dataclass(frozen=True)
class Column:
    """One column: the field it shows, its heading, and how wide it may grow."""

    field: str
    heading: str
    max_width: int | None = None  # None: never cut (an id cut short is useless)
    numeric: bool = False


CUSTOMER_COLUMNS = (
    Column("id", "ID"),
    Column("name", "NAME", max_width=24),
    Column("email", "EMAIL", max_width=32),
    Column("phone_number", "PHONE", max_width=16),
    Column("total_spent", "TOTAL_SPENT", max_width=14, numeric=True),
    Column("total_points", "POINTS", max_width=10, numeric=True),
    Column("created_at", "CREATED_AT"),
)

READABLE_FIELDS = (
    "name",
    "item_name",
    "business_name",
    "email",
    "sku",
    "type",
    "in_stock",
    "store_id",
)
"""Fields a person recognises an object by, shown after its key when the model has them."""

_NUMERIC = frozenset({"in_stock"})


def readable_columns(
    key: Sequence[str], fields: Sequence[str], created_field: str | None
) -> tuple[Column, ...]:
    """A table of any model: its key, the ``READABLE_FIELDS`` it has, then its creation time.

    >>> [c.heading for c in readable_columns(("variant_id", "store_id"), ("in_stock",), None)]
    ['VARIANT_ID', 'STORE_ID', 'IN_STOCK']
    """
    names = list(key)
    names += [name for name in READABLE_FIELDS if name in fields and name not in names]
    if created_field is not None and created_field not in names:
        names.append(created_field)
    return tuple(
        Column(
            name,
            name.upper(),
            max_width=None if name in key or name == created_field else 32,
            numeric=name in _NUMERIC,
        )
        for name in names
    )


def cell_text(value: object) -> str:
    """A raw JSON value on one line: control characters (a newline in a note) become spaces."""
    if value is None:
        return _NULL
    if isinstance(value, bool):
        return "true" if value else "false"
    # A nested object or list (a merchant's currency) as compact JSON, not Python's repr.
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list)) else str(value)
    return "".join(" " if unicodedata.category(char) == "Cc" else char for char in text)


def _cell_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """How many terminal cells ``text`` takes."""
    return sum(_cell_width(char) for char in text)


def fit(text: str, width: int, *, right: bool = False) -> str:
    """``text`` padded to ``width`` cells, or cut to ``width - 1`` cells plus ``…``."""
    if display_width(text) > width:
        kept, used = [], 0
        for char in text:
            if used + _cell_width(char) > width - 1:
                break
            kept.append(char)
            used += _cell_width(char)
        text = "".join(kept) + _ELLIPSIS
    padding = " " * (width - display_width(text))
    return padding + text if right else text + padding


class RecordTable:
    """Writes objects as table rows; widths come from the first batch and then stay.

    Sizing on the first page keeps a long listing streaming (one page in memory) and aligned: a
    later, longer cell is cut like any cell over its column's maximum.
    """

    def __init__(self, out: TextIO, columns: Sequence[Column] = CUSTOMER_COLUMNS) -> None:
        self._out = out
        self._columns = columns
        self._widths: list[int] | None = None

    def write(self, records: Sequence[RawModel]) -> None:
        """Rows for ``records``; the first call also writes the heading."""
        rows = [[cell_text(r.raw.get(col.field)) for col in self._columns] for r in records]
        if self._widths is None:
            self._widths = self._size(rows)
            self._line([col.heading for col in self._columns], self._widths)
        for row in rows:
            self._line(row, self._widths)

    def close(self) -> None:
        """Finish the table: an empty listing still gets its heading."""
        if self._widths is None:
            self.write([])

    def _size(self, rows: Iterable[Sequence[str]]) -> list[int]:
        widths = [display_width(col.heading) for col in self._columns]
        for row in rows:
            widths = [max(w, display_width(text)) for w, text in zip(widths, row, strict=True)]
        return [
            w if col.max_width is None else min(w, col.max_width)
            for w, col in zip(widths, self._columns, strict=True)
        ]

    def _line(self, cells: Sequence[str], widths: Sequence[int]) -> None:
        parts = [
            fit(text, width, right=col.numeric)
            for text, width, col in zip(cells, widths, self._columns, strict=True)
        ]
        self._out.write("  ".join(parts).rstrip() + "\n")


def write_record(out: TextIO, record: dict[str, object], fields: Iterable[str]) -> None:
    """One record as ``field  value`` lines, every field in ``fields`` then any extra ones."""
    names = list(fields)
    names += [name for name in record if name not in names]
    width = max(map(len, names), default=0)
    for name in names:
        out.write(f"{name.ljust(width)}  {cell_text(record.get(name))}\n")
