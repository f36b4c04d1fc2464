"""The generic write layer: ``create``, ``update`` and ``delete`` on top of the readers.

``Writer[Model, Page, Query, Create, Update, Deleted]`` is a ``Reader`` that also writes, by the
rules of ``_writes``; ``AsyncWriter`` is its twin. ``create`` is one request, written once for
both; ``update`` (a read, then a write) and ``delete`` (which turns a 404 after a lost answer
into success) are the twins, a few lines each.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic

from ._core import Call
from ._readers import (
    AsyncReader,
    AsyncWindowed,
    Co,
    ModelR,
    PageR,
    Reader,
    Windowed,
    WindowedT,
    _Get,
    one_request,
)
from ._resource import ModelT, PageT, QueryT
from ._writes import CreateT, DeletedT, UpdateT, Writes
from .errors import NotFoundError

if TYPE_CHECKING:
    from ._client import AsyncLoyverseClient, LoyverseClient

__all__ = ["AsyncWindowedWriter", "AsyncWriter", "WindowedWriter", "Writer"]


class _Create(
    _Get[ModelT, PageT, QueryT, ModelR, PageR],
    Generic[ModelT, PageT, QueryT, ModelR, PageR, CreateT, UpdateT, DeletedT],
):
    _writes: Writes[ModelT, CreateT, UpdateT, DeletedT]

    @one_request
    def create(self, new: CreateT) -> ModelR:
        """Create the object and return it as Loyverse stored it.

        Never sent twice blindly: Loyverse has no idempotency keys. After a timeout or a 5xx the
        error has ``outcome_unknown=True`` and says how to look for the object first.
        """
        return self._fetch_object(self._writes.create_call(new, "new"))


class Writer(
    Reader[ModelT, PageT, QueryT],
    _Create[ModelT, PageT, QueryT, ModelT, PageT, CreateT, UpdateT, DeletedT],
    Generic[ModelT, PageT, QueryT, CreateT, UpdateT, DeletedT],
):
    """A collection of ``LoyverseClient`` that is also written: ``create``, ``update``,
    ``delete``."""

    def __init__(
        self, client: LoyverseClient, writes: Writes[ModelT, CreateT, UpdateT, DeletedT]
    ) -> None:
        super().__init__(client, writes.resource)
        self._writes = writes

    def update(self, id: str, changes: UpdateT) -> ModelT:
        """Apply ``changes``: fields not mentioned keep their values (the whole record is sent)."""
        return self._update(id, changes, "id")

    def delete(self, id: str) -> DeletedT:
        """Delete the object; ``NotFoundError`` if there is none."""
        return self._delete(id, "id")

    def _update(self, key: str, changes: UpdateT, parameter: str) -> ModelT:
        path = self._writes.update_path(key, changes, parameter)
        current = self._client._request(Call("GET", path), self._resource.model)
        return self._client._request(
            self._writes.update_call(current, changes), self._resource.model
        )

    def _delete(self, key: str, parameter: str) -> DeletedT:
        call = self._writes.delete_call(key, parameter)
        try:
            return self._client._request(call, self._writes.deleted)
        except NotFoundError as error:
            return self._writes.deleted_on_retry(key, error)


class AsyncWriter(
    AsyncReader[ModelT, PageT, QueryT],
    _Create[ModelT, PageT, QueryT, Co[ModelT], Co[PageT], CreateT, UpdateT, DeletedT],
    Generic[ModelT, PageT, QueryT, CreateT, UpdateT, DeletedT],
):
    """``Writer`` for ``AsyncLoyverseClient``: ``await create(...)``, ``update``, ``delete``."""

    def __init__(
        self, client: AsyncLoyverseClient, writes: Writes[ModelT, CreateT, UpdateT, DeletedT]
    ) -> None:
        super().__init__(client, writes.resource)
        self._writes = writes

    async def update(self, id: str, changes: UpdateT) -> ModelT:
        """Apply ``changes``: fields not mentioned keep their values (see ``Writer.update``)."""
        return await self._update(id, changes, "id")

    async def delete(self, id: str) -> DeletedT:
        """Delete the object; ``NotFoundError`` if there is none."""
        return await self._delete(id, "id")

    async def _update(self, key: str, changes: UpdateT, parameter: str) -> ModelT:
        path = self._writes.update_path(key, changes, parameter)
        current = await self._client._request(Call("GET", path), self._resource.model)
        call = self._writes.update_call(current, changes)
        return await self._client._request(call, self._resource.model)

    async def _delete(self, key: str, parameter: str) -> DeletedT:
        call = self._writes.delete_call(key, parameter)
        try:
            return await self._client._request(call, self._writes.deleted)
        except NotFoundError as error:
            return self._writes.deleted_on_retry(key, error)


class WindowedWriter(
    Windowed[ModelT, PageT, WindowedT],
    Writer[ModelT, PageT, WindowedT, CreateT, UpdateT, DeletedT],
    Generic[ModelT, PageT, WindowedT, CreateT, UpdateT, DeletedT],
):
    """A ``Writer`` whose ``iterate`` takes ``concurrency``: customers, items, variants, ..."""


class AsyncWindowedWriter(
    AsyncWindowed[ModelT, PageT, WindowedT],
    AsyncWriter[ModelT, PageT, WindowedT, CreateT, UpdateT, DeletedT],
    Generic[ModelT, PageT, WindowedT, CreateT, UpdateT, DeletedT],
):
    """An ``AsyncWriter`` whose ``iterate`` takes ``concurrency``."""
