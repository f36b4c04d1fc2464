"""``SyncJob``: a whole sync as a sequence of requests, without network I/O.

The job says which request comes next (``next_step``), takes each answer (``receive``) or the
error it became (``refused``), and writes through a ``Store``. The sync and the async shells only
send the requests, so both give the same database from the same answers.

Per resource, one walk through its list:

- With a watermark (resources whose list filters on ``updated_at``): ``updated_at_min`` = the
  watermark - the previous walk's duration - ``OVERLAP``, plus ``show_deleted=true`` where the
  list has it. Without one (a first sync), or with ``full``: the whole list. Lists without
  ``updated_at`` filters (categories, suppliers, POS devices, shifts, the merchant) are read whole
  every time: they are small.
- Each page is written with the walk's progress in one transaction. The watermark moves only when
  the walk completes, to the highest ``updated_at`` stored: server time, never the local clock.
  Lists are ordered by creation, not by update, so an object changed during the walk, after its
  page was read, has an ``updated_at`` that later pages may exceed; the next run therefore looks
  back by the walk's duration as well (a duration on the local clock: its offset cancels out).
- An interrupted walk is resumed by the next run with the same filters and ``created_at_max`` =
  the oldest creation time written + 1 ms (bounds are inclusive; objects at the boundary are read
  again and count as unchanged). Lists without that filter walk again from the start.
- A complete walk of a whole list of deletable objects (``full``, or a list read whole) removes the
  stored objects it did not list: customers, which Loyverse deletes for good, and objects purged
  after their soft deletion. Receipts, stock levels and shifts are never deleted.
  Should a walk miss a live object (Loyverse's cursors may be offsets, and an object deleted
  during the walk would then hide the next one), the object is removed too, and comes back with
  its next change or the next complete walk.
- A receipts query the plan refuses (402, ``SalesHistoryLimitError``) is walked again without its
  time filters: Loyverse then answers what the plan's window holds. A resource the token may not
  read (403) is skipped. Both are notes of the report, not failures.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import timedelta
from typing import Any, Protocol

from loyverse_models import RawModel, format_timestamp
from loyverse_models._page import ResourcePage
from loyverse_models._wire import parse_timestamp

from .._clock import Clock
from .._core import Call
from ..errors import LoyverseError, PermissionDeniedError, SalesHistoryLimitError
from ._report import ResourceReport, SyncReport
from ._store import Counts, ResourceState, Store, WalkState
from ._tables import Table

__all__ = ["OVERLAP", "Step", "SyncJob"]

OVERLAP = timedelta(seconds=5)
"""How far before the watermark the next walk starts, beyond the last walk's duration: objects
updated within the same instant as the watermark, or written with a little lag, are read again."""

_ONE_MS = timedelta(milliseconds=1)

Step = tuple[Call, type[RawModel]]
"""A request to send, and the model of its answer."""


class _Walker(Protocol):
    def next_call(self) -> Call | None: ...
    def receive(self, page: Any) -> Any: ...


class _Once:
    """The walk of a single object (the merchant): one ``GET``."""

    def __init__(self, path: str) -> None:
        self._call: Call | None = Call("GET", path)

    def next_call(self) -> Call | None:
        call, self._call = self._call, None
        return call

    def receive(self, page: Any) -> Any:
        return page


class _ResourceSync:
    """The sync of one resource: one walk (two after a 402), its counts and notes."""

    def __init__(self, table: Table, store: Store, clock: Clock, full: bool) -> None:
        self.table = table
        self._store = store
        self._clock = clock
        self._began = clock.monotonic()
        self._ended: float | None = None
        self.counts = Counts()
        self.requests = 0
        self.notes: list[str] = []
        self._skipped = False
        self._fell_back = False
        state = store.state(table)
        walk = state.walk
        if walk is not None and (walk.full or not full):
            self.notes.append(f"resumed the walk a previous sync left unfinished{_at(walk)}")
            if walk.note is not None:
                self.notes.append(walk.note)
        else:
            walk = self._new_walk(state, full)
        self._fresh = walk is not state.walk
        """Not saved yet: a walk refused before its first page leaves no trace."""
        self._walk = walk
        self._walker = self._walker_of(walk)

    def _new_walk(self, state: ResourceState, full: bool) -> WalkState:
        table = self.table
        query: dict[str, Any] = {"show_deleted": True} if table.shows_deleted else {}
        if table.incremental and not full and state.watermark is not None:
            back = timedelta(seconds=state.lookback) + OVERLAP
            query["updated_at_min"] = format_timestamp(parse_timestamp(state.watermark) - back)
        return WalkState(
            query,
            started=format_timestamp(self._clock.now()),
            full=full,
            reconcile=table.deletable and (full or not table.incremental),
        )

    def _walker_of(self, walk: WalkState) -> _Walker:
        resource = self.table.resource
        if resource is None:
            return _Once(self.table.path)
        query = dict(walk.query)
        if walk.reached is not None and self.table.created_field is not None:
            query["created_at_max"] = format_timestamp(parse_timestamp(walk.reached) + _ONE_MS)
        return resource.walk(resource.query.model_validate(query))

    @property
    def _model(self) -> type[RawModel]:
        resource = self.table.resource
        return self.table.model if resource is None else resource.page

    def next_step(self) -> Step | None:
        if self._skipped:
            return None
        call = self._walker.next_call()
        if call is None:
            self._finish()
            return None
        self.requests += 1
        return call, self._model

    def receive(self, response: RawModel) -> None:
        page = self._walker.receive(response)
        objects: list[RawModel] = page.objects() if isinstance(page, ResourcePage) else [page]
        if self._fresh:  # saved as it starts: the page below is written with its progress
            self._fresh = False
            self._store.begin(self.table, self._walk)
        field = self.table.created_field
        if field is not None and objects:
            oldest = min(getattr(obj, field) for obj in objects)
            self._walk = replace(self._walk, reached=format_timestamp(oldest))
        self.counts.add(self._store.write(self.table, objects, self._walk))

    def refused(self, error: LoyverseError) -> None:
        """Take the error a request became: walk again within the plan, skip, or raise it."""
        if isinstance(error, SalesHistoryLimitError) and not self._fell_back:
            self._fell_back = True
            note = (
                "Loyverse refused to reach that far back (402: the plan keeps a limited sales "
                "history; the Unlimited sales history add-on lifts it): synced what the plan "
                "serves instead"
            )
            self.notes.append(note)
            kept = {k: v for k, v in self._walk.query.items() if not k.endswith("_min")}
            self._walk = replace(self._walk, query=kept, reached=None, note=note)
            self._fresh = True
            self._walker = self._walker_of(self._walk)
            return
        if isinstance(error, (SalesHistoryLimitError, PermissionDeniedError)):
            self._skipped = True
            self._ended = self._clock.monotonic()
            self.notes.append(f"skipped: {error}")
            return
        raise error

    def _finish(self) -> None:
        walk = self._walk
        now = format_timestamp(self._clock.now())
        lookback = max(0.0, (parse_timestamp(now) - parse_timestamp(walk.started)).total_seconds())
        removed = self._store.finish(self.table, walk, lookback, now)
        self.counts.deleted += removed
        if removed:
            self.notes.append(f"removed {removed} that Loyverse no longer lists")
        self._ended = self._clock.monotonic()

    def report(self) -> ResourceReport:
        ended = self._clock.monotonic() if self._ended is None else self._ended
        c = self.counts
        return ResourceReport(
            self.table.name,
            inserted=c.inserted,
            updated=c.updated,
            deleted=c.deleted,
            unchanged=c.unchanged,
            requests=self.requests,
            seconds=max(0.0, ended - self._began),
            notes=tuple(self.notes),
        )


def _at(walk: WalkState) -> str:
    return "" if walk.reached is None else f" (at objects created {walk.reached})"


class SyncJob:
    """The sync of ``tables`` into ``store``, one resource after the other."""

    def __init__(
        self,
        store: Store,
        tables: Sequence[Table],
        *,
        database: str,
        full: bool,
        clock: Clock,
        progress: Callable[[ResourceReport], None] | None = None,
    ) -> None:
        self._store = store
        self._pending = list(tables)
        self._database = database
        self._full = full
        self._clock = clock
        self._progress = progress
        self._current: _ResourceSync | None = None
        self._done: list[_ResourceSync] = []

    def next_step(self) -> Step | None:
        """The next request to send, or ``None`` when every resource is synced."""
        while True:
            if self._current is None:
                if not self._pending:
                    return None
                table = self._pending.pop(0)
                self._current = _ResourceSync(table, self._store, self._clock, self._full)
                self._done.append(self._current)
                self._show()
            step = self._current.next_step()
            if step is not None:
                return step
            self._current = None

    def receive(self, response: RawModel) -> None:
        """The answer to the last step."""
        assert self._current is not None, "receive() without a step"
        self._current.receive(response)
        self._show()

    def refused(self, error: LoyverseError) -> None:
        """The error the last step became; raised again unless the sync can go on without it."""
        assert self._current is not None, "refused() without a step"
        self._current.refused(error)

    def _show(self) -> None:
        if self._progress is not None and self._current is not None:
            self._progress(self._current.report())

    def report(self) -> SyncReport:
        """What the sync did so far (all of it, once ``next_step`` returned ``None``)."""
        return SyncReport(self._database, tuple(r.report() for r in self._done), self._full)
