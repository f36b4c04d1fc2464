"""``<resource> export``: every object of a query into a jsonl or csv file, streamed.

Pages are written as they arrive and flushed, so the file only ever grows by complete pages
(one page in memory) and an interrupted export can be resumed.

Resume (paginated resources with a creation time). Loyverse lists objects newest first, and its
cursors are opaque and short-lived, so the file itself is the checkpoint: its last complete
object (``_checkpoint``) is the anchor. The same query is walked again, objects are skipped by
key (the resource's ``key`` fields) up to and including the anchor, and everything after it is
appended. Two refinements keep that cheap and safe:

- The listing is sorted by the resource's ``created_field``, so nothing after the anchor was
  created later than it; where the query has ``created_at_max``, the new walk asks only for
  objects created up to the anchor's time plus one millisecond (which includes the anchor whether
  Loyverse treats the bound as inclusive or not). Resuming near the end of a long export costs a
  page or two, not a second walk of everything before it.
- If the anchor is not found (deleted since, or other filters than the first run), nothing is
  appended and the command fails: guessing where to continue would duplicate or lose objects.
  The file is only touched (its cut-off last record dropped) once the anchor has been found.
- Where a csv object takes several rows (receipts), the last object's rows are dropped and it
  is written again (``_checkpoint``); the anchor is the one before it.

Objects created after the first run began sort before the anchor and are not added; those
changed meanwhile are written as they are now.

With ``--concurrency N`` (lists filtered on creation time), N windows of creation time are walked
at once (``iterate(concurrency=N)``) and pages are written as they come, so the file is not in
the listing's order: such an export records where it stands in a progress file beside it
(``_progress``), and ``--resume`` continues from that instead of from the file's last object.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any, TextIO, TypeVar

from loyverse_client import LoyverseClient
from loyverse_client._concurrent import run_threads
from loyverse_client._resource import Resource
from loyverse_client._windows import WindowPlan
from loyverse_client.errors import LoyverseError
from loyverse_models import RawModel
from loyverse_models._page import ResourcePage
from loyverse_models._query import ResourceQuery

from ._checkpoint import Checkpoint, read_checkpoint
from ._errors import EXIT_INTERRUPTED, CommandError, describe_api_error
from ._formats import Shape, excel_safe_values, record_writer
from ._progress import Progress, read_progress, remove_progress, write_progress
from ._status import StatusLine

__all__ = ["ExportJob", "every", "resume_query"]

_ONE_MS = timedelta(milliseconds=1)

QueryT = TypeVar("QueryT", bound=ResourceQuery)


def resume_query(query: QueryT, checkpoint: Checkpoint) -> QueryT:
    """``query``, bounded to objects created no later than the anchor (plus 1 ms), where the
    query can say so."""
    if checkpoint.last_created_at is None or "created_at_max" not in type(query).model_fields:
        return query
    bound = checkpoint.last_created_at + _ONE_MS
    current: datetime | None = getattr(query, "created_at_max")  # noqa: B009 (not every query)
    if current is not None and current <= bound:
        return query
    return query.model_copy(update={"created_at_max": bound})


def _after_anchor(
    pages: Iterable[ResourcePage], anchor: tuple[str, ...] | None, job: ExportJob
) -> Iterator[list[RawModel]]:
    """Each page's objects that come after the one keyed ``anchor`` (all, when ``None``).

    A csv anchor matches with or without the ``'`` of ``--excel-safe``, so a file resumes
    whichever way it was written. Raises ``CommandError`` at the end of the walk if the anchor
    never came.
    """
    shape, csv = job.shape, job.fmt == "csv"
    wanted: list[tuple[str, ...]] = [
        excel_safe_values(part) if csv else (part,) for part in anchor or ()
    ]
    for page in pages:
        objects: list[RawModel] = job.keep(page.objects())
        if wanted:
            position = next((i for i, o in enumerate(objects) if _is(o, shape, wanted)), None)
            if position is None:
                continue
            objects, wanted = objects[position + 1 :], []
        yield objects
    if wanted and anchor is not None:
        said = " ".join(f"{field} {part}" for field, part in zip(shape.key, anchor, strict=True))
        raise CommandError(
            f"the last {shape.noun} in {job.path} ({said}) is not in the listing any more: it "
            "was deleted, or the filters differ from the first run. Nothing was appended; "
            "export again without --resume"
        )


def _is(record: RawModel, shape: Shape, wanted: Sequence[tuple[str, ...]]) -> bool:
    return all(
        getattr(record, field) in values for field, values in zip(shape.key, wanted, strict=True)
    )


class _Output:
    """Where the objects go: the export file (fresh, or appended to after its last complete
    record), or a stream such as stdout, which is flushed but never closed."""

    def __init__(
        self, name: str, file: TextIO, job: ExportJob, *, header: bool, owned: bool
    ) -> None:
        self.name = name
        self._file = file
        self._owned = owned
        self._writer = record_writer(
            job.fmt, file, job.shape, header=header, excel_safe=job.excel_safe
        )

    @classmethod
    def to_file(cls, path: Path, job: ExportJob, checkpoint: Checkpoint | None) -> _Output:
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
            return cls(str(path), opened, job, header=header, owned=True)
        except OSError as exc:
            raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from None

    def write(self, records: list[RawModel]) -> None:
        try:
            self._writer.write(records)
            self._file.flush()
        except BrokenPipeError:
            raise  # the reader of stdout went away: main ends quietly
        except OSError as exc:
            raise CommandError(f"cannot write {self.name}: {exc.strerror or exc}") from None

    def size(self) -> int:
        """The file's length in bytes, all written so far included (after ``write``)."""
        return os.fstat(self._file.fileno()).st_size

    def close(self) -> None:
        self._writer.close()
        if self._owned:
            self._file.close()
        else:
            self._file.flush()


class _Count:
    """How many objects the output holds, shown as ``exported N customers`` on the status line
    (unless the objects go to stdout, which may be the same terminal)."""

    def __init__(self, status: StatusLine, done: int, *, shown: bool, name: str) -> None:
        self.done = done
        self._status = status
        self._shown = shown
        self._name = name

    def add(self, count: int, detail: str = "") -> None:
        self.done += count
        if self._shown:
            self._status.progress(f"exported {self.done} {self._name}{detail}")

    def end(self, message: str | None = None) -> None:
        """Replace the status line with ``message`` (or just clear it)."""
        self._status.end(message)


@dataclass(frozen=True)
class _Source:
    """Where an export's records come from, a page at a time: a plain walk, or windows."""

    batches: Iterator[list[RawModel]]
    checkpoint: Checkpoint | None
    """What the file already holds (a resume); ``None`` for a new file."""
    duplicates: Callable[[], int]
    written: Callable[[_Output, int], None] = lambda output, records: None
    """Called once a page is in the file, with the count of objects the file holds."""
    detail: Callable[[], str] = lambda: ""
    """More to show on the status line after the count."""
    opened: Callable[[], None] = lambda: None
    """Called once the file is opened for writing (a new one replacing the old)."""
    close: Callable[[], None] = lambda: None


def every(objects: list[RawModel]) -> list[RawModel]:
    """What a listing keeps of a page when nothing but its query selects: every object."""
    return objects


@dataclass(frozen=True)
class ExportJob:
    """One run of ``<resource> export``: the resource, the query, the file (``None``: stdout),
    its format, fresh or resumed (a file only)."""

    resource: Resource[Any, Any, Any]
    shape: Shape
    query: ResourceQuery
    path: Path | None
    fmt: str
    resume: bool
    excel_safe: bool = False
    keep: Callable[[list[RawModel]], list[RawModel]] = every
    """The objects of each page to export (receipts of one ``--day``: those of that day)."""
    concurrency: int = 1
    """Windows of creation time walked at once (``iterate(concurrency=...)``)."""

    def run(self, client: LoyverseClient, status: StatusLine, stdout: TextIO) -> None:
        """Export, reporting on ``status``; every failure is a ``CommandError`` saying what is
        left."""
        recorded = read_progress(self.path) if self.path and self.resume else None
        if recorded is not None or (self.concurrency > 1 and not self.resume):
            source = self._windows(client, recorded)
        else:  # a resume without a progress file continues after the file's last object
            source = self._pages(client)
        checkpoint = source.checkpoint
        already = 0 if checkpoint is None else checkpoint.records
        count = _Count(status, already, shown=self.path is not None, name=self.shape.name)
        output: _Output | None = None
        try:
            for records in source.batches:
                if output is None:
                    output = self._open(checkpoint, stdout)
                    source.opened()
                if self.path is None:
                    status.clear()  # a wait shown on the terminal that stdout may be too
                output.write(records)
                count.add(len(records), source.detail())
                source.written(output, count.done)
            if output is None:  # nothing (more) to export: still an (empty) export
                output = self._open(checkpoint, stdout)
                source.opened()
                source.written(output, count.done)
        except LoyverseError as exc:
            count.end()
            left = self._left(output, count.done)
            raise CommandError(f"{describe_api_error(exc)}\n{left}") from None
        except KeyboardInterrupt:
            count.end()
            left = self._left(output, count.done)
            raise CommandError(f"interrupted\n{left}", EXIT_INTERRUPTED) from None
        except CommandError:
            count.end()
            raise
        finally:
            source.close()  # a concurrent walk's threads end here, whatever happened
            if output is not None:
                output.close()
        summary = self._summary(checkpoint, count.done - already)
        if duplicates := source.duplicates():
            # An offset cursor repeated objects after creations during the export.
            summary += (
                f"; {duplicates} {self.shape.name} repeated from one page to the next were "
                "written once"
            )
        count.end(summary)

    def _pages(self, client: LoyverseClient) -> _Source:
        """A plain walk, from the start or after the file's last object (``--resume``)."""
        checkpoint = None
        if self.path and self.resume:
            checkpoint = read_checkpoint(self.path, self.fmt, self.shape)
        query = self.query if checkpoint is None else resume_query(self.query, checkpoint)
        anchor = None if checkpoint is None else checkpoint.anchor
        pages = getattr(client, self.resource.name).iter_pages(query)
        path = self.path

        def replaced() -> None:
            # FILE no longer holds what an earlier concurrent export recorded: only now (were
            # it still there, a resume would read it with the plain method, in the wrong order).
            if path is not None and checkpoint is None:
                remove_progress(path)

        return _Source(
            _after_anchor(pages, anchor, self),
            checkpoint,
            lambda: int(pages.duplicates),
            opened=replaced,
        )

    def _windows(self, client: LoyverseClient, progress: Progress | None) -> _Source:
        """A concurrent walk (``--concurrency``), or the resume of one (``progress``)."""
        plan, checkpoint = self._plan(progress)
        if self.path is not None and progress is None:
            # Before FILE is replaced: an export stopped at any point after this resumes.
            write_progress(self.path, self._progress(plan, 0, 0))
        reader = getattr(client, self.resource.name)
        spare = client._settings.spare_requests
        batches = run_threads(plan, reader._fetch_page, max(self.concurrency, 1), spare)
        started = time.monotonic()
        return _Source(
            (self.keep(objects) for objects in batches),
            checkpoint,
            lambda: plan.duplicates,
            written=partial(self._record, plan),
            detail=lambda: _pace(plan, time.monotonic() - started),
            close=batches.close,
        )

    def _plan(self, progress: Progress | None) -> tuple[WindowPlan[Any], Checkpoint | None]:
        """A new windowed walk, or one resuming ``progress`` with the file cut back to it."""
        resource, created = self.resource, self.resource.created_field
        assert created is not None  # only lists windowed by creation time get --concurrency
        if progress is None:
            plan = resource.plan(self.query, self.concurrency, False)
            assert plan is not None  # concurrency > 1
            return plan, None
        assert self.path is not None
        params = _params(self.query)
        if (progress.resource, progress.params, progress.fmt) != (resource.name, params, self.fmt):
            raise CommandError(
                f"{self.path} was exported with other filters or another format "
                f"({progress.fmt}, {progress.params or 'no filters'}); nothing was appended. "
                "Resume with the same options, or export again without --resume"
            )
        try:
            size = self.path.stat().st_size
        except FileNotFoundError:
            size = 0  # stopped before its first page: the progress file says all is left
        except OSError as exc:
            raise CommandError(f"cannot read {self.path}: {exc.strerror or exc}") from None
        if size < progress.size:
            raise CommandError(
                f"{self.path} is shorter than its progress file says ({size} bytes, not "
                f"{progress.size}): it was changed since; export again without --resume"
            )
        plan = WindowPlan[Any].resume(
            self.query,
            resource.path,
            resource.key_of,
            created,
            max(self.concurrency, 1),
            progress.windows,
        )
        checkpoint = Checkpoint(
            size=size,
            keep=progress.size,
            records=progress.records,
            has_header=self.fmt == "csv" and progress.size > 0,
        )
        return plan, checkpoint

    def _record(self, plan: WindowPlan[Any], output: _Output, records: int) -> None:
        """Save where the export stands, once what it says is in the file (not for stdout)."""
        if self.path is not None:
            write_progress(self.path, self._progress(plan, output.size(), records))

    def _progress(self, plan: WindowPlan[Any], size: int, records: int) -> Progress:
        params = _params(self.query)
        return Progress(self.resource.name, params, self.fmt, size, records, plan.taken_progress)

    def _open(self, checkpoint: Checkpoint | None, stdout: TextIO) -> _Output:
        if self.path is None:
            return _Output("stdout", stdout, self, header=True, owned=False)
        return _Output.to_file(self.path, self, checkpoint)

    def _left(self, output: _Output | None, done: int) -> str:
        if self.path is None:
            return (
                f"stdout got {done} complete {self.shape.name}; an export to stdout cannot be "
                "resumed (--out FILE can)"
            )
        if output is None:
            state = "is unchanged" if self.resume else "was not written"
            return f"{self.path} {state}"
        return (
            f"{self.path} holds {done} complete {self.shape.name}; run the same command with "
            "--resume to continue"
        )

    def _summary(self, checkpoint: Checkpoint | None, added: int) -> str:
        if checkpoint is None or checkpoint.size == 0:
            return f"exported {added} {self.shape.name} to {self.path or 'stdout'}"
        dropped = checkpoint.size - checkpoint.keep
        note = f" (dropped a cut-off last record of {dropped} bytes)" if dropped else ""
        if checkpoint.rewritten is not None:
            noun, key = self.shape.noun, checkpoint.rewritten
            note = f" (wrote {noun} {key} again: its rows may have been cut off)"
        return (
            f"resumed {self.path} after {checkpoint.records} {self.shape.name}{note}: "
            f"{added} more, {checkpoint.records + added} in total"
        )


def _params(query: ResourceQuery) -> dict[str, str]:
    """The query's filters as sent, without a cursor."""
    return {k: v for k, v in query.to_params().items() if k != "cursor"}


def _pace(plan: WindowPlan[Any], seconds: float) -> str:
    """``, 12 pages, 7.9 requests/s, about 1 min 20 s left`` for the status line."""
    if seconds <= 0:
        return ""
    text = f", {plan.pages} pages, {plan.pages / seconds:.1f} requests/s"
    left = plan.taken_remaining
    if left is not None and plan.objects:
        text += f", about {_duration(left * seconds / plan.objects)} left"
    return text


def _duration(seconds: float) -> str:
    minutes, seconds = divmod(round(seconds), 60)
    return f"{minutes} min {seconds} s" if minutes else f"{seconds} s"
