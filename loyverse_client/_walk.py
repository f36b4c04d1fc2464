"""Following cursors, without I/O: which request comes next, and what a page brings that is new.

``PageWalk`` is the whole logic of ``iter_pages`` and ``iterate``, for every resource and both
clients; they only send its calls and hand back the pages. It:

- repeats the first query's filters and limit on every page, with the page's cursor;
- stops at the last page (no cursor), and raises ``PaginationError`` if a cursor comes back twice;
- drops an object that the previous page already yielded. Whether Loyverse's cursors are offsets
  is not documented; if they are, an object created during a walk pushes the next page's first
  object back onto it, and the caller would see it twice. Only the previous page's keys are kept,
  so memory stays bounded; ``duplicates`` counts what was dropped. A deletion during a walk can
  still hide an object, for the same reason: nothing short of a second walk can tell.
- lets go of each page's response body once the walk is two pages further on. Objects parsed from
  a page read their ``.raw`` lazily from the page's bytes; one the caller kept is given its own
  copy of its JSON then, so it stops pinning the bytes of the whole page it came from.
"""

from __future__ import annotations

import weakref
from collections.abc import AsyncIterator, Callable, Hashable, Iterator
from typing import Any, Generic, Protocol, TypeVar

from loyverse_models import RawModel
from loyverse_models._page import ResourcePage
from loyverse_models._query import ResourceQuery

from ._core import Call
from .errors import PaginationError

__all__ = ["AsyncWalk", "PageWalk", "Walk"]

PageT = TypeVar("PageT", bound=ResourcePage)
ModelT = TypeVar("ModelT", bound=RawModel)


class PageWalk(Generic[PageT]):
    """The state of one walk through the pages of a list."""

    def __init__(
        self,
        first: Call,
        query: ResourceQuery,
        key: Callable[[Any], Hashable],
        paginated: bool,
    ) -> None:
        self._next: Call | None = first
        self._path = first.path
        self._query = query
        self._key = key
        self._paginated = paginated
        self._cursors: set[str] = set()
        self._previous_keys: frozenset[Hashable] = frozenset()
        # (the page, its objects) of the last two pages, weakly: the caller decides what lives.
        self._recent: list[tuple[weakref.ref[Any], list[weakref.ref[Any]]]] = []
        self.duplicates = 0
        """How many objects were dropped because the previous page had already yielded them."""

    def next_call(self) -> Call | None:
        """The request for the next page, or ``None`` when the walk is over."""
        call, self._next = self._next, None
        return call

    def receive(self, page: PageT) -> PageT:
        """Take a page: plan the next request, and return the page without repeated objects."""
        self._plan(page)
        objects = page.objects()
        fresh = [obj for obj in objects if self._key(obj) not in self._previous_keys]
        self._previous_keys = frozenset(self._key(obj) for obj in objects)
        if len(fresh) != len(objects):
            self.duplicates += len(objects) - len(fresh)
            page = _with_objects(page, fresh)
        self._release_old_pages(page)
        return page

    def _plan(self, page: PageT) -> None:
        cursor = page.cursor
        if cursor is None or not self._paginated:
            return
        if cursor in self._cursors:
            raise PaginationError(
                f"the API returned cursor {cursor!r} twice; stopping instead of looping forever"
            )
        self._cursors.add(cursor)
        # The page model accepts only cursors a query can send back (``Cursor``).
        query = self._query.model_copy(update={"cursor": cursor})
        self._next = Call("GET", self._path, params=query.to_params())

    def _release_old_pages(self, page: PageT) -> None:
        self._recent.append((weakref.ref(page), [weakref.ref(obj) for obj in page.objects()]))
        if len(self._recent) <= 2:
            return
        old_page, old_objects = self._recent.pop(0)
        if old_page() is not None:
            return  # the caller keeps the whole page: its bytes are theirs to keep
        for ref in old_objects:
            kept: RawModel | None = ref()
            if kept is not None:
                # Its own JSON, and its nested models (an item's variants) their parts of it.
                kept._attach(kept.raw)


def _with_objects(page: PageT, objects: list[Any]) -> PageT:
    """``page`` holding only ``objects``, its ``.raw`` changed to match."""
    key = page.list_key()
    raw = {**page.raw, key: [obj.raw for obj in objects]}
    trimmed = page.model_copy(update={key: objects})
    trimmed._attach(raw)
    return trimmed


class _Counted(Protocol):
    duplicates: int


class Walk(Iterator[ModelT]):
    """The objects (or pages) of a walk, lazily; ``duplicates`` counts the repeated objects it
    dropped. ``close()`` (or ``with``) ends it early: a concurrent walk's threads stop then (a
    ``break`` out of the loop does it too, once the walk is no longer referenced)."""

    def __init__(self, walk: _Counted, objects: Iterator[ModelT]) -> None:
        self._walk = walk
        self._objects = objects

    def __next__(self) -> ModelT:
        return next(self._objects)

    def __enter__(self) -> Walk[ModelT]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop walking: no more requests; a concurrent walk's threads have ended on return."""
        close = getattr(self._objects, "close", None)
        if close is not None:
            close()

    @property
    def duplicates(self) -> int:
        """Objects dropped so far because the previous page had already yielded them."""
        return self._walk.duplicates


class AsyncWalk(AsyncIterator[ModelT]):
    """The objects of a walk, for ``async for``; ``duplicates`` as in ``Walk``. ``aclose()`` (or
    ``async with``) ends it early; a concurrent walk's tasks are cancelled then."""

    def __init__(self, walk: _Counted, objects: AsyncIterator[ModelT]) -> None:
        self._walk = walk
        self._objects = objects

    async def __anext__(self) -> ModelT:
        return await anext(self._objects)

    async def __aenter__(self) -> AsyncWalk[ModelT]:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Stop walking: no more requests; a concurrent walk's tasks have ended on return."""
        aclose = getattr(self._objects, "aclose", None)
        if aclose is not None:
            await aclose()

    @property
    def duplicates(self) -> int:
        """Objects dropped so far because the previous page had already yielded them."""
        return self._walk.duplicates
