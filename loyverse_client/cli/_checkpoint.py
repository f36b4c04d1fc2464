"""Where an interrupted export stopped: the last complete object of the file, read back.

A file is written one record at a time and flushed after each page, so an interruption (an API
error, Ctrl-C, a killed process) leaves complete records followed by at most one cut-off record.
The cut-off record is dropped (``keep`` is where the complete ones end) and the last complete
one is the anchor that ``--resume`` looks for in a new walk of the listing.

A jsonl record is one line: JSON escapes newlines inside strings. A csv record can span lines
(a note with a newline is quoted), so a record ends at a newline outside quotes, where the count
of ``"`` seen since the record began is even (csv doubles a quote inside a quoted field). The
file is read once, line by line, holding one record in memory.

Where an object takes several csv rows (a receipt: one per line item), its rows are written
together, and an interruption may cut them short at a row's end, where nothing in the file tells.
So the file's last object is never trusted: its rows are dropped and it is written again, and the
anchor is the object before it, whose rows the next object's proves complete.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from pydantic import TypeAdapter, ValidationError

from loyverse_models import Timestamp

from ._errors import CommandError
from ._formats import Shape

__all__ = ["Checkpoint", "read_checkpoint"]

_TIMESTAMP: TypeAdapter[datetime] = TypeAdapter(Timestamp)


@dataclass(frozen=True)
class Checkpoint:
    """What an export file already holds."""

    size: int
    """The file's size in bytes (0 when it does not exist)."""
    keep: int
    """Bytes to keep: the csv header and the complete records; the rest is a cut-off record."""
    records: int
    """How many complete objects the file holds."""
    has_header: bool
    """Whether a complete csv header is there (always ``False`` for jsonl, which has none)."""
    last_id: str | None = None
    """The id (first key field) of the last complete object; ``None`` when there is none yet."""
    last_created_at: datetime | None = None
    """Its creation time, when readable: it lets resume start the new walk near it."""
    last_key: tuple[str, ...] = ()
    """Its whole key (``(variant_id, store_id)`` for stock levels); ``(last_id,)`` if unset."""
    rewritten: str | None = None
    """The object whose rows are dropped to be written again (a grouped csv's last one)."""

    @property
    def anchor(self) -> tuple[str, ...] | None:
        """The key that resume looks for, ``None`` when the file holds no object yet."""
        if self.last_key:
            return self.last_key
        return None if self.last_id is None else (self.last_id,)


def read_checkpoint(path: Path, fmt: str, shape: Shape) -> Checkpoint:
    """Read ``path``, an earlier export in ``fmt``; a missing or empty file is a fresh start.

    Raises ``CommandError`` when the file is not such an export (another format, another csv
    header, a last record without an id): appending to it would corrupt it.
    """
    grouped = fmt == "csv" and shape.csv.grouped
    objects = _Objects(shape) if grouped else None
    keep, count, last, has_header = 0, 0, b"", False
    try:
        with path.open("rb") as file:
            for end, record in _complete_records(file, quoted=fmt == "csv"):
                if fmt == "csv" and not has_header:
                    _check_header(path, record, shape)
                    has_header = True
                elif record.strip():
                    count, last = count + 1, record
                    if objects is not None:
                        objects.add(keep, record)
                keep = end
            size = file.seek(0, io.SEEK_END)
    except FileNotFoundError:
        return Checkpoint(size=0, keep=0, records=0, has_header=False)
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror or exc}") from None
    rewritten = None
    if objects is not None and objects.count:  # the last object's rows are written again
        keep, count, last = objects.last_start, objects.count - 1, objects.before_last
        rewritten = objects.last_key
    if not last:
        return Checkpoint(
            size=size, keep=keep, records=0, has_header=has_header, rewritten=rewritten
        )
    read_anchor = _csv_anchor if fmt == "csv" else _jsonl_anchor
    key, created_at = read_anchor(path, _text(path, last), shape)
    return Checkpoint(
        size=size,
        keep=keep,
        records=count,
        has_header=has_header,
        last_id=key[0],
        last_created_at=created_at,
        last_key=key,
        rewritten=rewritten,
    )


@dataclass
class _Objects:
    """The objects of a grouped csv, as its rows go by: where the last one starts, and the last
    row of the one before it."""

    shape: Shape
    count: int = 0
    last_key: str | None = None
    last_start: int = 0
    last_row: bytes = b""
    before_last: bytes = b""
    _key_cells: list[int] = field(default_factory=list)

    def add(self, start: int, record: bytes) -> None:
        """The row ``record``, which starts at byte ``start``."""
        key = self._key(record)
        if self.count == 0 or key != self.last_key:
            self.count += 1
            self.last_key, self.last_start, self.before_last = key, start, self.last_row
        self.last_row = record

    def _key(self, record: bytes) -> str:
        if not self._key_cells:
            self._key_cells = [self.shape.csv.columns.index(name) for name in self.shape.key]
        row = _csv_row(record.decode("utf-8", errors="replace"))
        if row is None or len(row) != len(self.shape.csv.columns):
            return record.decode("utf-8", errors="replace")  # not a row of ours: its own group
        return " ".join(row[cell] for cell in self._key_cells)


def _complete_records(file: BinaryIO, *, quoted: bool) -> Iterator[tuple[int, bytes]]:
    """``(end offset, bytes)`` of each complete record, in file order."""
    offset, pending, quotes = 0, b"", 0
    for line in file:
        offset += len(line)
        if not line.endswith(b"\n"):
            return  # the last line, cut off
        pending += line
        if quoted:
            quotes += line.count(b'"')
            if quotes % 2:
                continue  # the newline is inside a quoted cell
        yield offset, pending
        pending, quotes = b"", 0


def _text(path: Path, record: bytes) -> str:
    try:
        return record.decode("utf-8")
    except UnicodeDecodeError:
        raise CommandError(f"{path} is not UTF-8 text; it is not an export to resume") from None


def _check_header(path: Path, record: bytes, shape: Shape) -> None:
    columns = shape.csv.columns
    if _csv_row(_text(path, record)) != list(columns):
        raise CommandError(
            f"{path} does not start with the {shape.noun} csv header "
            f"({','.join(columns[:3])},...); --resume only continues a file that this "
            "command wrote"
        )


def _csv_row(text: str) -> list[str] | None:
    # Python 3.10's reader refuses any NUL; a note may hold one, and only id and created_at matter.
    try:
        rows = list(csv.reader(io.StringIO(text.replace("\0", "\ufffd"), newline="")))
    except csv.Error:
        return None
    return rows[0] if len(rows) == 1 else None


def _timestamp(value: object) -> datetime | None:
    try:
        return _TIMESTAMP.validate_python(value)
    except ValidationError:
        return None


def _csv_anchor(path: Path, text: str, shape: Shape) -> tuple[tuple[str, ...], datetime | None]:
    row = _csv_row(text)
    columns = shape.csv.columns
    if row is None or len(row) != len(columns) or not all(row[columns.index(f)] for f in shape.key):
        raise CommandError(
            f"the last complete record of {path} is not a {shape.noun} row of {len(columns)} "
            f"cells with {shape.key_words}; the file was not written by this command, or was "
            "edited"
        )
    created = shape.created_field
    created_at = None if created is None else _timestamp(row[columns.index(created)])
    return tuple(row[columns.index(f)] for f in shape.key), created_at


def _jsonl_anchor(path: Path, text: str, shape: Shape) -> tuple[tuple[str, ...], datetime | None]:
    try:
        record = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: a line nested too deeply to read
        record = None
    key = [record.get(f) for f in shape.key] if isinstance(record, dict) else [None]
    if not all(isinstance(part, str) and part for part in key):
        raise CommandError(
            f"the last complete line of {path} is not a {shape.noun}'s JSON object with "
            f"{shape.key_words}; the file is not a jsonl export of {shape.name}, or was edited"
        )
    assert isinstance(record, dict)
    created = shape.created_field
    created_at = None if created is None else _timestamp(record.get(created))
    return tuple(str(part) for part in key), created_at
