"""``customers export``: every customer of a query into a jsonl or csv file, streamed.

Pages are written as they arrive and flushed, so the file only ever grows by complete pages
(one page in memory) and an interrupted export can be resumed.

Resume. Loyverse lists customers newest first, and its cursors are opaque and short-lived, so
the file itself is the checkpoint: its last complete customer (``_checkpoint``) is the anchor.
The same query is walked again, customers are skipped by id up to and including the anchor,
and everything after it is appended. Two refinements keep that cheap and safe:

- The listing is sorted by ``created_at``, so nothing after the anchor was created later than
  it; the new walk asks only for ``created_at`` up to the anchor's plus one millisecond (which
  includes the anchor whether Loyverse treats the bound as inclusive or not). Resuming near the
  end of a long export costs a page or two, not a second walk of everything before it.
- If the anchor is not found (deleted since, or other filters than the first run), nothing is
  appended and the command fails: guessing where to continue would duplicate or lose customers.
  The file is only touched (its cut-off last record dropped) once the anchor has been found.

Customers created after the first run began sort before the anchor and are not added; those
changed meanwhile are written as they are now.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TextIO

from loyverse_client import LoyverseClient
from loyverse_client.errors import LoyverseError
from loyverse_models import Customer, CustomerPage, CustomerQuery

from ._checkpoint import Checkpoint, read_checkpoint
from ._errors import EXIT_INTERRUPTED, CommandError, describe_api_error
from ._formats import customer_writer, excel_safe_values
from ._status import StatusLine

__all__ = ["ExportJob", "resume_query"]

_ONE_MS = timedelta(milliseconds=1)


def resume_query(query: CustomerQuery, checkpoint: Checkpoint) -> CustomerQuery:
    """``query``, bounded to customers created no later than the anchor (plus 1 ms)."""
    if checkpoint.last_created_at is None:
        return query
    bound = checkpoint.last_created_at + _ONE_MS
    if query.created_at_max is not None and query.created_at_max <= bound:
        return query
    return query.model_copy(update={"created_at_max": bound})


def _after_anchor(
    pages: Iterable[CustomerPage], anchor: str | None, path: Path | None, fmt: str
) -> Iterator[list[Customer]]:
    """Each page's customers that come after the one with id ``anchor`` (all, when ``None``).

    A csv anchor matches with or without the ``'`` of ``--excel-safe``, so a file resumes
    whichever way it was written. Raises ``CommandError`` at the end of the walk if the anchor
    never came.
    """
    ids = () if anchor is None else excel_safe_values(anchor) if fmt == "csv" else (anchor,)
    for page in pages:
        customers = page.customers
        if ids:
            position = next((i for i, c in enumerate(customers) if c.id in ids), None)
            if position is None:
                continue
            customers, ids = customers[position + 1 :], ()
        yield customers
    if ids:
        raise CommandError(
            f"the last customer in {path} (id {anchor}) is not in the listing any more: it was "
            "deleted, or the filters differ from the first run. Nothing was appended; export "
            "again without --resume"
        )


class _Output:
    """Where the customers go: the export file (fresh, or appended to after its last complete
    record), or a stream such as stdout, which is flushed but never closed."""

    def __init__(
        self, name: str, file: TextIO, fmt: str, *, header: bool, excel_safe: bool, owned: bool
    ) -> None:
        self.name = name
        self._file = file
        self._owned = owned
        self._writer = customer_writer(fmt, file, header=header, excel_safe=excel_safe)

    @classmethod
    def to_file(
        cls, path: Path, fmt: str, checkpoint: Checkpoint | None, *, excel_safe: bool
    ) -> _Output:
        try:
            if checkpoint is not None and checkpoint.size > 0:
                if checkpoint.keep < checkpoint.size:
                    with path.open("r+b") as file:
                        file.truncate(checkpoint.keep)
                opened = path.open("a", encoding="utf-8", newline="")
                header = not checkpoint.has_header
            else:
                opened = path.open("w", encoding="utf-8", newline="")
                header = True
            return cls(str(path), opened, fmt, header=header, excel_safe=excel_safe, owned=True)
        except OSError as exc:
            raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from None

    def write(self, customers: list[Customer]) -> None:
        try:
            self._writer.write(customers)
            self._file.flush()
        except BrokenPipeError:
            raise  # the reader of stdout went away: main ends quietly
        except OSError as exc:
            raise CommandError(f"cannot write {self.name}: {exc.strerror or exc}") from None

    def close(self) -> None:
        self._writer.close()
        if self._owned:
            self._file.close()
        else:
            self._file.flush()


class _Count:
    """How many customers the output holds, shown as ``exported N customers`` on the status line
    (unless the customers go to stdout, which may be the same terminal)."""

    def __init__(self, status: StatusLine, done: int, *, shown: bool) -> None:
        self.done = done
        self._status = status
        self._shown = shown

    def add(self, count: int) -> None:
        self.done += count
        if self._shown:
            self._status.progress(f"exported {self.done} customers")

    def end(self, message: str | None = None) -> None:
        """Replace the status line with ``message`` (or just clear it)."""
        self._status.end(message)


@dataclass(frozen=True)
class ExportJob:
    """One run of ``customers export``: the query, the file (``None``: stdout), its format,
    fresh or resumed (a file only)."""

    query: CustomerQuery
    path: Path | None
    fmt: str
    resume: bool
    excel_safe: bool = False

    def run(self, client: LoyverseClient, status: StatusLine, stdout: TextIO) -> None:
        """Export, reporting on ``status``; every failure is a ``CommandError`` saying what is
        left."""
        checkpoint = read_checkpoint(self.path, self.fmt) if self.path and self.resume else None
        query = self.query if checkpoint is None else resume_query(self.query, checkpoint)
        anchor = None if checkpoint is None else checkpoint.last_id
        already = 0 if checkpoint is None else checkpoint.records
        progress = _Count(status, already, shown=self.path is not None)
        output: _Output | None = None
        try:
            for customers in _after_anchor(
                client.customers.iter_pages(query), anchor, self.path, self.fmt
            ):
                if output is None:
                    output = self._open(checkpoint, stdout)
                if self.path is None:
                    status.clear()  # a wait shown on the terminal that stdout may be too
                output.write(customers)
                progress.add(len(customers))
            if output is None:  # no customers at all: still an (empty) export
                output = self._open(checkpoint, stdout)
        except LoyverseError as exc:
            progress.end()
            left = self._left(output, progress.done)
            raise CommandError(f"{describe_api_error(exc)}\n{left}") from None
        except KeyboardInterrupt:
            progress.end()
            left = self._left(output, progress.done)
            raise CommandError(f"interrupted\n{left}", EXIT_INTERRUPTED) from None
        except CommandError:
            progress.end()
            raise
        finally:
            if output is not None:
                output.close()
        progress.end(self._summary(checkpoint, progress.done - already))

    def _open(self, checkpoint: Checkpoint | None, stdout: TextIO) -> _Output:
        if self.path is None:
            return _Output(
                "stdout", stdout, self.fmt, header=True, excel_safe=self.excel_safe, owned=False
            )
        return _Output.to_file(self.path, self.fmt, checkpoint, excel_safe=self.excel_safe)

    def _left(self, output: _Output | None, done: int) -> str:
        if self.path is None:
            return (
                f"stdout got {done} complete customers; an export to stdout cannot be resumed "
                "(--out FILE can)"
            )
        if output is None:
            state = "is unchanged" if self.resume else "was not written"
            return f"{self.path} {state}"
        return (
            f"{self.path} holds {done} complete customers; run the same command with --resume "
            "to continue"
        )

    def _summary(self, checkpoint: Checkpoint | None, added: int) -> str:
        if checkpoint is None or checkpoint.size == 0:
            return f"exported {added} customers to {self.path or 'stdout'}"
        dropped = checkpoint.size - checkpoint.keep
        note = f" (dropped a cut-off last record of {dropped} bytes)" if dropped else ""
        return (
            f"resumed {self.path} after {checkpoint.records} customers{note}: "
            f"{added} more, {checkpoint.records + added} in total"
        )
