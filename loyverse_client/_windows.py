"""Walking one list as several cursor chains at once, without I/O: ``iterate(concurrency=N)``.

A cursor chain is sequential: page N+1 cannot be asked for before page N arrives, so one chain
takes (pages x round-trip time). Lists are sorted by their creation time (``created_field``),
newest first, and filter on it, so the range of creation times can be cut into *windows*, each
walked by a chain of its own with the caller's other filters, while the client's one pacer keeps
every chain together under the rate limit. ``WindowPlan`` decides what each chain asks next and
what each page delivers; ``_concurrent`` runs the plan on threads or tasks.

**Exactly once.** A window owns the creation times ``lo <= t < top`` (``t <= top`` for a window
resumed from progress, less the keys already delivered at ``top``); the outermost windows keep the
caller's own bounds. A window asks from its top down (one millisecond above it when it owns the
top itself, since Loyverse does not say whether its bounds are inclusive) and stops at its first
object older than ``lo``; it never sends ``lo`` (a bound of the SDK's own making could reach into
history the plan refuses with 402). It keeps only what it owns: an object sitting on a boundary
comes back from both neighbours and is delivered by exactly one. Ownership is decided
from each object's own creation time, so no set of delivered ids is kept (within a chain, the
previous page's keys are, as in every walk: ``PageWalk``).

**Balanced while running.** The walk starts as one window: the caller's whole range, whose first
request is the first request of a plain walk (a list that fits in one page costs one request).
Whenever a chain is free and fewer than ``concurrency`` windows are open, the window with the most
objects left (its density so far times the time it has left) is cut in two at the middle of what
it has left: its chain goes on with its cursor and stops at the cut, where its first object
older than the cut shows up; a new chain walks the older half. A range with no lower bound is
estimated from ``FLOOR`` (the new chain still asks with no lower bound, so nothing older is
lost); repeated cuts then make windows that grow geometrically into the past, which finds where
the data is within a few rounds. A window with less than two pages left is not cut.

**Bounded memory.** At most ``concurrency`` requests are in flight and ``concurrency`` pages wait
for the consumer (in ``ordered`` mode, two per window); a chain whose page finds no room waits,
so a slow consumer slows the walk instead of filling memory.

**Order.** Unordered (the default): each window's objects newest first, windows interleaved as
their pages arrive. ``ordered``: exactly the order of a plain walk (newest first); later windows
run ahead by at most two pages each, so it is faster than one chain but less so than unordered.

**Progress.** ``progress()`` describes what the consumer has *taken* so far as the windows still
to walk (JSON-ready); ``WindowPlan.resume`` walks only those, so an export written page by page
can be continued exactly after an interruption.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import partial
from typing import Any, Generic, TypeVar

from loyverse_models._page import ResourcePage
from loyverse_models._query import ResourceQuery
from loyverse_models._wire import format_timestamp, parse_timestamp

from ._core import Call
from ._walk import PageWalk

__all__ = ["FLOOR", "Task", "Window", "WindowPlan"]

PageT = TypeVar("PageT", bound=ResourcePage)
Key = tuple[Any, ...]

MS = timedelta(milliseconds=1)
"""The API's time resolution: the step by which windows overlap."""
FLOOR = datetime(2015, 1, 1, tzinfo=timezone.utc)
"""Where an open range is assumed to begin, to estimate its size. Loyverse opened its API after
this; an older object is still found, by the window with no lower bound."""
_BUFFERED = 2
"""Pages a window may hold for the consumer in ``ordered`` mode."""
_MIN_PAGES_LEFT = 2
"""A window is cut only if it has at least this many pages left (by its estimate)."""


@dataclass(eq=False)
class Window(Generic[PageT]):
    """A range of creation times walked by one cursor chain."""

    lo: datetime | None
    """Owns objects created at or after this; ``None``: the caller's lower bound (or none)."""
    top: datetime | None
    """Owns objects created before this (at or before, when ``top_inclusive``); ``None``: the
    caller's upper bound (or none)."""
    top_inclusive: bool = False
    skip: frozenset[Key] = frozenset()
    """Keys of the objects created at ``top`` that were already delivered (a resumed window)."""
    walk: PageWalk[PageT] | None = None
    in_flight: bool = False
    fetched_all: bool = False
    newest: datetime | None = None
    """The creation time of the first object the chain saw."""
    reached: datetime | None = None
    """The creation time of the oldest object the chain saw."""
    seen: int = 0
    buffer: deque[list[Any]] = field(default_factory=deque)
    # What the consumer has taken: everything owned at or after ``taken``, less the keys at it.
    taken: datetime | None = None
    taken_keys: frozenset[Key] = frozenset()

    def owns_above(self, created: datetime, key: Callable[[], Key]) -> bool:
        """Whether ``created`` is not above the window (a page may hold some that are); ``key``
        gives the object's key, needed only at the top itself."""
        if self.top is None or created < self.top:
            return True
        return self.top_inclusive and created == self.top and key() not in self.skip

    @property
    def done(self) -> bool:
        """Fetched to its end, and every page taken by the consumer."""
        return self.fetched_all and not self.buffer


@dataclass(frozen=True)
class Task(Generic[PageT]):
    """A request to send for a window; give the page back with ``WindowPlan.receive``."""

    window: Window[PageT]
    call: Call


class WindowPlan(Generic[PageT]):
    """The state of a windowed walk: which request next, what each page delivers.

    Not thread-safe: the runners call it under one lock.
    """

    def __init__(
        self,
        query: ResourceQuery,
        path: str,
        key: Callable[[Any], Key],
        created_field: str,
        concurrency: int,
        *,
        ordered: bool = False,
        windows: Iterable[Window[PageT]] | None = None,
    ) -> None:
        self._query = query
        self._path = path
        self._key = key
        self._field = created_field
        self._concurrency = concurrency
        self._ordered = ordered
        self._limit: int = getattr(query, "limit")  # noqa: B009 - every windowed query pages
        self._floor: datetime = getattr(query, "created_at_min") or FLOOR  # noqa: B009
        self.windows: list[Window[PageT]] = (
            [Window(None, None)] if windows is None else list(windows)
        )
        """Open windows, newest range first."""
        self._arrivals: deque[Window[PageT]] = deque()
        """Windows in the order their buffered pages arrived (unordered mode)."""
        self.duplicates = 0
        """Objects dropped because the chain's previous page had already yielded them."""
        self.pages = 0
        """Pages received."""
        self.objects = 0
        """Objects delivered to the consumer."""
        self.splits = 0
        """How many times a window was cut in two."""
        self._newest: datetime | None = None
        """The creation time of the newest object seen."""
        self.taken_progress: list[dict[str, Any]] = self.progress()
        """``progress()`` as of the last ``take()``, for the consumer to read between takes
        while the workers go on changing the plan."""
        self.taken_remaining: int | None = None
        """``remaining()`` as of the last ``take()``."""

    @classmethod
    def resume(
        cls,
        query: ResourceQuery,
        path: str,
        key: Callable[[Any], Key],
        created_field: str,
        concurrency: int,
        progress: list[dict[str, Any]],
        *,
        ordered: bool = False,
    ) -> WindowPlan[PageT]:
        """A plan walking only what ``progress`` (from ``progress()``) says is left."""
        windows = [
            Window[PageT](
                _time(part["lo"]),
                _time(part["top"]),
                bool(part["top_inclusive"]),
                frozenset(tuple(k) for k in part["skip"]),
            )
            for part in progress
        ]
        return cls(query, path, key, created_field, concurrency, ordered=ordered, windows=windows)

    # ---- the runners' side -------------------------------------------------------------------

    @property
    def finished(self) -> bool:
        """Every window walked and taken."""
        return all(window.done for window in self.windows)

    def next_task(self, spare: int | None = None) -> Task[PageT] | None:
        """The next request to send, or ``None`` if none can be sent until a page arrives.

        ``spare``: how many requests the client's pacer would let through at once now (``None``
        without pacing). A window is only cut when every chain, the new one included, has a
        slot: once the rate limit is what bounds the walk, a cut would only add requests.
        """
        for window in self.windows:
            if not window.in_flight and not window.fetched_all and self.has_room(window):
                return self._task(window)
        # Ordered, a window holds pages until its turn: it counts until the consumer took them.
        busy = sum(1 for w in self.windows if not (w.done if self._ordered else w.fetched_all))
        if busy >= self._concurrency or (spare is not None and spare <= busy):
            return None
        if not self._ordered and len(self._arrivals) >= self._concurrency:
            return None  # the consumer is behind: a new chain would only add a page to hold
        cut = self._split()
        return None if cut is None else self._task(cut)

    def receive(self, window: Window[PageT], page: PageT) -> None:
        """Take the page a task brought; what ``window`` owns of it is kept for the consumer.

        Raises ``PaginationError`` (from the chain) if a cursor comes back twice.
        """
        assert window.walk is not None
        window.in_flight = False
        self.pages += 1
        before = window.walk.duplicates
        page = window.walk.receive(page)
        self.duplicates += window.walk.duplicates - before
        objects, below = self._owned(window, page.objects())
        if below or page.cursor is None:
            window.fetched_all = True
        if objects or window.fetched_all:
            window.buffer.append(objects)
            if not self._ordered:
                self._arrivals.append(window)

    def take(self) -> list[Any] | None:
        """The next objects for the consumer, or ``None`` if none has arrived yet."""
        window = self._next_ready()
        if window is None:
            return None
        objects = window.buffer.popleft()
        for obj in objects:
            created = getattr(obj, self._field)
            if window.taken is None or created < window.taken:
                # A resumed window's keys at its top were delivered before.
                before = window.skip if created == window.top and window.top_inclusive else ()
                window.taken, window.taken_keys = created, frozenset({self._key(obj), *before})
            elif created == window.taken:
                window.taken_keys |= {self._key(obj)}
        self.objects += len(objects)
        if window.done:
            self.windows.remove(window)
        self.taken_progress = self.progress()
        self.taken_remaining = self.remaining()
        return objects

    def progress(self) -> list[dict[str, Any]]:
        """What is left to walk, given what the consumer has taken: ``resume`` reads it."""
        parts = []
        for window in self.windows:
            if window.taken is None:
                top, inclusive, skip = window.top, window.top_inclusive, window.skip
            else:
                top, inclusive, skip = window.taken, True, window.taken_keys
            parts.append(
                {
                    "lo": _text(window.lo),
                    "top": _text(top),
                    "top_inclusive": inclusive,
                    "skip": [list(k) for k in sorted(skip)],
                }
            )
        return parts

    def remaining(self) -> int | None:
        """An estimate of the objects still to fetch, or ``None`` while an open range or a
        window not yet sampled makes it a guess."""
        if any(w.lo is None and self._floor is FLOOR for w in self.windows if not w.fetched_all):
            return None
        total = 0
        for window in self.windows:
            if window.fetched_all:
                continue
            estimate = self._estimate(window)
            if estimate is None:
                return None
            total += int(estimate)
        return total

    # ---- planning ----------------------------------------------------------------------------

    def _task(self, window: Window[PageT]) -> Task[PageT]:
        if window.walk is None:
            query = self._window_query(window)
            first = Call("GET", self._path, params=query.to_params())
            window.walk = PageWalk(first, query, self._key, True)
        call = window.walk.next_call()
        assert call is not None  # a chain that has a next page planned it on receive
        window.in_flight = True
        return Task(window, call)

    def _window_query(self, window: Window[PageT]) -> ResourceQuery:
        # Only the top is sent: a chain stops at its first object below ``lo`` anyway (pages
        # are newest first), and a lower bound of the SDK's own making could reach further
        # back than the caller asked, into what the plan's sales history refuses (402).
        if window.top is None:
            return self._query
        top = window.top
        if window.top_inclusive:
            top = top + MS if top < datetime.max.replace(tzinfo=timezone.utc) - MS else top
        return self._query.model_copy(update={"created_at_max": top})

    def _owned(self, window: Window[PageT], objects: list[Any]) -> tuple[list[Any], bool]:
        """The objects ``window`` owns, and whether the page went below the window."""
        kept, below = [], False
        for obj in objects:
            created = getattr(obj, self._field)
            window.seen += 1
            if window.newest is None:
                window.newest = created
            if self._newest is None or created > self._newest:
                self._newest = created
            if window.reached is None or created < window.reached:
                window.reached = created
            if window.lo is not None and created < window.lo:
                below = True
            elif window.owns_above(created, partial(self._key, obj)):
                kept.append(obj)
        return kept, below

    def _split(self) -> Window[PageT] | None:
        bottom = self.windows[-1] if self.windows else None
        if bottom is not None and self._open(bottom) and (cut := self._extend(bottom)):
            return cut
        best, best_left = None, float(_MIN_PAGES_LEFT * self._limit)
        for window in self.windows:
            if window.fetched_all or self._open(window):
                continue
            left = self._estimate(window)
            if left is not None and left >= best_left:
                best, best_left = window, left
        if best is None:
            return None
        assert best.reached is not None
        low = best.lo or self._floor
        return self._cut(best, _to_ms(low + (best.reached - low) / 2))

    def _open(self, window: Window[PageT]) -> bool:
        """Whether ``window`` reaches into the past with no known end (no lower bound at all)."""
        return window.lo is None and self._floor is FLOOR and not window.fetched_all

    def _extend(self, bottom: Window[PageT]) -> Window[PageT] | None:
        """Cut the open-ended window so that it keeps as much time again as the walk has
        covered above it: the windows double into the past, whatever the density turns out."""
        start = bottom.reached if bottom.reached is not None else bottom.top
        if start is None or self._newest is None:
            return None  # the very first page has not arrived yet
        covered = max(self._newest - start, MS)
        if start - FLOOR <= covered:
            return None  # nothing to gain below FLOOR (and no date before year 1)
        return self._cut(bottom, _to_ms(start - covered))

    def _cut(self, window: Window[PageT], cut: datetime) -> Window[PageT] | None:
        """Give the part of ``window`` older than ``cut`` to a new window."""
        low = window.lo or self._floor
        high = window.reached if window.reached is not None else window.top
        if high is None or not low < cut <= high:
            return None
        older = Window[PageT](window.lo, cut)
        window.lo = cut
        self.windows.insert(self.windows.index(window) + 1, older)
        self.splits += 1
        return older

    def _estimate(self, window: Window[PageT]) -> float | None:
        """Objects left in ``window``: its density so far times the time it has left."""
        if window.reached is None or window.newest is None:
            return None
        low = window.lo or self._floor
        if window.reached <= low:
            return 0.0
        walked = max(window.newest - window.reached, MS)
        return window.seen * ((window.reached - low) / walked)

    # ---- the consumer's side -----------------------------------------------------------------

    def has_room(self, window: Window[PageT]) -> bool:
        """Whether a page of ``window`` may be handed over now (else wait for the consumer)."""
        if self._ordered:
            return len(window.buffer) < _BUFFERED
        return len(self._arrivals) < self._concurrency

    def _next_ready(self) -> Window[PageT] | None:
        if self._ordered:
            head = self.windows[0] if self.windows else None
            return head if head is not None and head.buffer else None
        return self._arrivals.popleft() if self._arrivals else None


def _to_ms(moment: datetime) -> datetime:
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def _text(moment: datetime | None) -> str | None:
    return None if moment is None else format_timestamp(moment)


def _time(text: str | None) -> datetime | None:
    return None if text is None else parse_timestamp(text)
