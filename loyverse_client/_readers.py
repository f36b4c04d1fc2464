"""The generic read layer: ``list``, ``iter_pages``, ``iterate`` and ``get`` for every resource.

Written once, typed per resource: ``client.items`` is a ``Reader[Item, ItemPage, ItemQuery]``, so
``client.items.get(...)`` is an ``Item`` to a type checker. The sync and the async classes share
every method that is a single request (``list``, ``get``): those are written once, in ``_Read``,
over two hooks that differ only in I/O, and marked ``@one_request``; the async classes turn each
into an ``async def`` of the same signature (a coroutine function, as ``inspect``, ``asyncio`` and
``unittest.mock`` expect, whose bad arguments are raised when awaited). Only the iterators are
twins, a few lines each, over ``PageWalk``, which holds the logic of a walk.

    Reader         Lister + get            client.items, client.stores, ...
    Lister         list, iter_pages, iterate   client.inventory (stock levels have no id)
    Windowed       iterate(concurrency=N)  mixed into the lists filtered on creation time
    Singleton      get()                   client.merchant
"""

from __future__ import annotations

import builtins
import functools
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from itertools import chain
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from loyverse_models._query import WindowedQuery

from ._concurrent import aflatten, flatten, run_tasks, run_threads
from ._core import Call
from ._resource import ModelT, PageT, QueryT, Resource
from ._walk import AsyncWalk, PageWalk, Walk

if TYPE_CHECKING:
    from ._client import AsyncLoyverseClient, LoyverseClient

__all__ = [
    "AsyncLister",
    "AsyncReader",
    "AsyncSingleton",
    "AsyncWindowed",
    "AsyncWindowedReader",
    "Lister",
    "Reader",
    "Singleton",
    "Windowed",
    "WindowedReader",
]

ModelR = TypeVar("ModelR")
PageR = TypeVar("PageR")
_T = TypeVar("_T")
Co = Coroutine[Any, Any, _T]
_F = TypeVar("_F", bound=Callable[..., Any])
WindowedT = TypeVar("WindowedT", bound=WindowedQuery)


def one_request(method: _F) -> _F:
    """Mark a method shared by both clients that makes one request: ``awaitable`` wraps it."""
    method._one_request = True  # type: ignore[attr-defined]
    return method


def awaitable(cls: type[_T]) -> type[_T]:
    """Make every ``@one_request`` method of ``cls`` an ``async def`` with the same signature."""
    for name in dir(cls):
        method = _original(cls, name)
        if getattr(method, "_one_request", False):
            setattr(cls, name, _coroutine_function(method))
    return cls


def _original(cls: type, name: str) -> Any:
    # The definition that wins by the MRO among the written ones, not among wrappers made for a
    # base: a subclass's override (receipts' get) must not be hidden by its base's wrapper.
    for klass in cls.__mro__:
        method = klass.__dict__.get(name)
        if method is not None and not hasattr(method, "__wrapped__"):
            return method
    return None


def _coroutine_function(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    async def call(self: Any, *args: Any, **kwargs: Any) -> Any:
        return await method(self, *args, **kwargs)

    return call


class _Read(Generic[ModelT, PageT, QueryT, ModelR, PageR]):
    """What every list has, for both clients: ``ModelR``/``PageR`` are the model and page types
    themselves (sync) or coroutines of them (async)."""

    def __init__(self, resource: Resource[ModelT, PageT, QueryT]) -> None:
        self._resource = resource

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._resource.name}>"

    def _fetch_page(self, call: Call) -> PageR:
        raise NotImplementedError

    def _fetch_object(self, call: Call) -> ModelR:
        raise NotImplementedError

    @one_request
    def list(self, query: QueryT | None = None) -> PageR:
        """One page matching ``query`` (default: the first page, of 250), newest first.

        Lists that do not paginate answer everything at once, with ``cursor`` ``None``.
        """
        return self._fetch_page(self._resource.list_call(query))


class _Get(_Read[ModelT, PageT, QueryT, ModelR, PageR]):
    @one_request
    def get(self, id: str) -> ModelR:
        """The object with this id (key); ``NotFoundError`` if there is none."""
        return self._fetch_object(self._resource.get_call(id, "id"))


class Lister(_Read[ModelT, PageT, QueryT, ModelT, PageT]):
    """A list of ``LoyverseClient``: ``list``, ``iter_pages`` and ``iterate``."""

    def __init__(self, client: LoyverseClient, resource: Resource[ModelT, PageT, QueryT]) -> None:
        super().__init__(resource)
        self._client = client

    def _fetch_page(self, call: Call) -> PageT:
        return self._client._request(call, self._resource.page)

    def _fetch_object(self, call: Call) -> ModelT:
        return self._client._request(call, self._resource.model)

    def iter_pages(self, query: QueryT | None = None) -> Walk[PageT]:
        """Every page matching ``query``, fetched lazily: one page in memory at a time.

        The filters and limit are repeated on every page; an object the previous page already
        yielded is dropped from the page, and counted in the ``Walk``'s ``duplicates``.
        """
        walk = self._resource.walk(query)
        return Walk(walk, self._pages(walk))

    def _pages(self, walk: PageWalk[PageT]) -> Iterator[PageT]:
        while (call := walk.next_call()) is not None:
            yield walk.receive(self._fetch_page(call))

    def iterate(self, query: QueryT | None = None) -> Walk[ModelT]:
        """Every object matching ``query``, newest first, following cursors lazily.

        A ``Walk``: an iterator that also tells how many repeated objects it dropped.
        """
        walk = self._resource.walk(query)
        return Walk(walk, chain.from_iterable(page.objects() for page in self._pages(walk)))


class Reader(Lister[ModelT, PageT, QueryT], _Get[ModelT, PageT, QueryT, ModelT, PageT]):
    """A collection of ``LoyverseClient``: ``list``, ``iter_pages``, ``iterate`` and ``get``."""


class AsyncLister(_Read[ModelT, PageT, QueryT, Co[ModelT], Co[PageT]]):
    """A list of ``AsyncLoyverseClient``: ``await list()``, ``async for`` over the iterators."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        awaitable(cls)

    def __init__(
        self, client: AsyncLoyverseClient, resource: Resource[ModelT, PageT, QueryT]
    ) -> None:
        super().__init__(resource)
        self._client = client

    def _fetch_page(self, call: Call) -> Co[PageT]:
        return self._client._request(call, self._resource.page)

    def _fetch_object(self, call: Call) -> Co[ModelT]:
        return self._client._request(call, self._resource.model)

    def iter_pages(self, query: QueryT | None = None) -> AsyncWalk[PageT]:
        """Every page matching ``query``, fetched lazily: one page in memory at a time."""
        walk = self._resource.walk(query)
        return AsyncWalk(walk, self._pages(walk))

    async def _pages(self, walk: PageWalk[PageT]) -> AsyncIterator[PageT]:
        while (call := walk.next_call()) is not None:
            yield walk.receive(await self._fetch_page(call))

    def iterate(self, query: QueryT | None = None) -> AsyncWalk[ModelT]:
        """Every object matching ``query``, newest first, following cursors lazily."""
        walk = self._resource.walk(query)
        return AsyncWalk(walk, self._objects(self._pages(walk)))

    async def _objects(self, pages: AsyncIterator[PageT]) -> AsyncIterator[ModelT]:
        async for page in pages:
            for obj in page.objects():
                yield obj


awaitable(AsyncLister)


class AsyncReader(
    AsyncLister[ModelT, PageT, QueryT], _Get[ModelT, PageT, QueryT, Co[ModelT], Co[PageT]]
):
    """A collection of ``AsyncLoyverseClient``: ``await get(id)``, ``await list()``, ..."""


class Windowed(Lister[ModelT, PageT, WindowedT]):
    """A list filtered on creation time, which ``iterate`` can also walk as several windows of
    creation time at once (``_windows``)."""

    def iterate(
        self, query: WindowedT | None = None, *, concurrency: int = 1, ordered: bool = False
    ) -> Walk[ModelT]:
        """Every object matching ``query``, newest first, following cursors lazily.

        A ``Walk``: an iterator that also tells how many repeated objects it dropped.

        ``concurrency``: walk up to that many windows of creation time at once, on as many
        threads, started when the first object is asked for and stopped when the walk ends
        (``break`` or ``close()`` included); the client's pacer serves them all. Every object
        comes exactly once. Objects come newest first within a window and windows interleave,
        unless ``ordered=True``: then in the order of a plain walk, at some cost in speed. It
        helps where each request waits on the network and the list is long (see the README).
        """
        plan = self._resource.plan(query, concurrency, ordered)
        if plan is None:
            return super().iterate(query)
        spare = self._client._settings.spare_requests
        return Walk(plan, flatten(run_threads(plan, self._fetch_page, concurrency, spare)))


class AsyncWindowed(AsyncLister[ModelT, PageT, WindowedT]):
    """``Windowed`` for ``AsyncLoyverseClient``: the windows are walked by tasks."""

    def iterate(
        self, query: WindowedT | None = None, *, concurrency: int = 1, ordered: bool = False
    ) -> AsyncWalk[ModelT]:
        """Every object matching ``query``, newest first, following cursors lazily.

        ``concurrency`` and ``ordered`` as in ``LoyverseClient``'s, with tasks for threads;
        ``async with`` (or ``aclose()``) ends them at once after a ``break``.
        """
        plan = self._resource.plan(query, concurrency, ordered)
        if plan is None:
            return super().iterate(query)
        spare = self._client._settings.spare_requests
        return AsyncWalk(plan, aflatten(run_tasks(plan, self._fetch_page, concurrency, spare)))


class WindowedReader(Windowed[ModelT, PageT, WindowedT], Reader[ModelT, PageT, WindowedT]):
    """A ``Reader`` whose ``iterate`` takes ``concurrency``: employees, shifts."""


class AsyncWindowedReader(
    AsyncWindowed[ModelT, PageT, WindowedT], AsyncReader[ModelT, PageT, WindowedT]
):
    """An ``AsyncReader`` whose ``iterate`` takes ``concurrency``."""


class _One(Generic[ModelT, ModelR]):
    def __init__(self, path: str, model: builtins.type[ModelT]) -> None:
        self._call = Call("GET", path)
        self._model = model

    def _fetch(self, call: Call) -> ModelR:
        raise NotImplementedError

    @one_request
    def get(self) -> ModelR:
        """The object (there is exactly one)."""
        return self._fetch(self._call)


class Singleton(_One[ModelT, ModelT]):
    """A resource that is one object, such as the merchant: ``get()``."""

    def __init__(self, client: LoyverseClient, path: str, model: builtins.type[ModelT]) -> None:
        super().__init__(path, model)
        self._client = client

    def _fetch(self, call: Call) -> ModelT:
        return self._client._request(call, self._model)


@awaitable
class AsyncSingleton(_One[ModelT, Co[ModelT]]):
    """A resource that is one object, such as the merchant: ``await get()``."""

    def __init__(
        self, client: AsyncLoyverseClient, path: str, model: builtins.type[ModelT]
    ) -> None:
        super().__init__(path, model)
        self._client = client

    def _fetch(self, call: Call) -> Co[ModelT]:
        return self._client._request(call, self._model)
