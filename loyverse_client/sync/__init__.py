"""Keep a local copy of a Loyverse account in SQLite, current, resumable and exact.

    from loyverse_client import LoyverseClient
    from loyverse_client.sync import sync

    with LoyverseClient() as client:
        report = sync(client, "loyverse.sqlite")   # every resource; run it again to update
    print(report)

``sync`` copies the merchant and every list of the account (customers, items, variants,
categories, modifiers, discounts, taxes, inventory, stores, employees, payment types, POS devices,
shifts, suppliers, receipts; webhooks only when named) into one table each, and returns a
``SyncReport``. The first run reads everything; later runs read what changed since, from a
watermark kept per resource (see ``_job`` for the exact rules); ``full=True`` reads everything
again and removes what Loyverse no longer has (deleted customers). A run killed at any moment
(Ctrl-C, a crash, a lost connection) leaves a consistent database, and the next run continues
where it stopped: the result is the same as an uninterrupted run, with no duplicate and no gap.
``async_sync`` is the same for an ``AsyncLoyverseClient``; it writes to SQLite from the event
loop (a local file: each page's write is short), so run it where that is acceptable.

This module is imported on its own (``import loyverse_client`` does not load it, nor ``sqlite3``).

The schema (version ``SCHEMA_VERSION``, in ``PRAGMA user_version`` and ``sync_meta``):

- one table per resource, named after it (``customers``, ``receipts``, ``inventory``, ...,
  ``merchant``), keyed by the resource's key (``id``; ``variant_id`` for variants;
  ``receipt_number``; ``variant_id, store_id`` for inventory);
- ``json``: the object exactly as received (key order kept, compact);
- ``created_at``, ``updated_at``, ``deleted_at`` where the resource has them, and per resource the
  columns people filter and join on (``receipts``: ``receipt_date``, ``receipt_type``,
  ``refund_for``, ``store_id``, ``customer_id``, ``employee_id``, ``cancelled_at``,
  ``total_money``, ...; ``customers``: ``email``, ``phone_number``, ``customer_code``,
  ``total_spent``, ``total_points``, ...). Times are UTC text with milliseconds
  (``2024-03-01T09:30:00.000Z``), so they sort and compare as text; money and quantities are
  numbers (the exact decimals are in ``json``);
- soft-deleted objects (items, variants, categories, ...) stay, with their ``deleted_at``;
- ``receipt_line_items``: one row per line of each receipt (``receipt_number``, ``position``
  from 0, ``line_id``, ``item_id``, ``variant_id``, ``item_name``, ``sku``, ``quantity``,
  ``price``, ``gross_total_money``, ``total_discount``, ``total_money``, ``cost_total``, ...),
  with the receipt's ``receipt_date``, ``receipt_type``, ``store_id``, ``customer_id`` and
  ``cancelled_at`` for queries without a join; rewritten whenever its receipt changes;
- ``sync_meta`` (``schema_version``, ``created_by``), ``sync_state`` (per resource: ``watermark``,
  ``lookback``, the ``walk`` in progress, ``synced_at``) and ``sync_seen`` (a full walk's keys).

A database with a later schema version, or one holding other tables, is refused
(``SyncDatabaseError``) before any request. Storage sits behind ``Store``; ``SQLiteStore`` is the
one there is. Another database implements ``Store`` over the same declarations (``TABLES``: a
``Table`` per resource, its ``Column``s and ``LINE_ITEMS``) and is passed as ``database``; the
sync then leaves it open.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from .._client import AsyncLoyverseClient, LoyverseClient
from ..errors import LoyverseError
from ._job import OVERLAP, SyncJob
from ._report import ResourceReport, SyncReport
from ._sqlite import SCHEMA_VERSION, SQLiteStore, SyncDatabaseError
from ._store import Counts, ResourceState, Store, WalkState
from ._tables import DEFAULT_TABLES, LINE_ITEMS, TABLES, Column, Lines, Table, checked_names

__all__ = [
    "DEFAULT_RESOURCES",
    "LINE_ITEMS",
    "OVERLAP",
    "RESOURCE_NAMES",
    "SCHEMA_VERSION",
    "TABLES",
    "Column",
    "Counts",
    "Lines",
    "ResourceReport",
    "ResourceState",
    "SQLiteStore",
    "Store",
    "SyncDatabaseError",
    "SyncReport",
    "Table",
    "WalkState",
    "async_sync",
    "sync",
]

RESOURCE_NAMES: tuple[str, ...] = tuple(TABLES)
"""Every resource ``sync`` can copy: ``merchant`` and the names of ``RESOURCES``."""
DEFAULT_RESOURCES: tuple[str, ...] = DEFAULT_TABLES
"""What ``sync`` copies when ``resources`` is ``None``: all of them but ``webhooks``."""

Progress = Callable[[ResourceReport], None]


def _names(resources: Iterable[str] | None) -> list[str]:
    if resources is None:
        return list(DEFAULT_RESOURCES)
    if isinstance(resources, (str, bytes)):
        raise TypeError(
            f"resources must be a list of names, e.g. ['customers'], not the string {resources!r}"
        )
    names = list(resources)
    if not names:
        raise ValueError("resources is empty: name at least one, or pass None for all of them")
    bad = [name for name in names if not isinstance(name, str)]
    if bad:
        raise TypeError(f"resources must be names (str), got {bad[0]!r}")
    return names


@contextmanager
def _job(
    client: object,
    kind: type[LoyverseClient] | type[AsyncLoyverseClient],
    database: str | os.PathLike[str] | Store,
    resources: Iterable[str] | None,
    full: bool,
    progress: Progress | None,
) -> Iterator[SyncJob]:
    """Everything checked, and the store open, before the first request."""
    if not isinstance(client, kind):
        hint = ""
        if isinstance(client, (LoyverseClient, AsyncLoyverseClient)):
            hint = f"; use {'async_sync' if kind is LoyverseClient else 'sync'}() for it"
        raise TypeError(f"client must be a {kind.__name__}, got {type(client).__name__}{hint}")
    if not isinstance(full, bool):
        raise TypeError(f"full must be True or False, got {full!r}")
    tables = checked_names(_names(resources))
    store: Store
    if isinstance(database, (str, os.PathLike)):
        store, given = SQLiteStore(database), False
    elif isinstance(database, Store):
        store, given = database, True
    else:
        raise TypeError(
            "database must be a file path (a str or a pathlib.Path, e.g. 'loyverse.sqlite') or a "
            f"Store, got {type(database).__name__}"
        )
    name = store.path if isinstance(store, SQLiteStore) else repr(store)
    try:
        yield SyncJob(
            store,
            tables,
            database=name,
            full=full,
            clock=client._settings.clock,
            progress=progress,
        )
    finally:
        if not given:
            store.close()


def sync(
    client: LoyverseClient,
    database: str | os.PathLike[str] | Store,
    resources: Iterable[str] | None = None,
    *,
    full: bool = False,
    progress: Progress | None = None,
) -> SyncReport:
    """Bring the local copy in ``database`` up to date with the account of ``client``.

    ``database`` is a file path (created, with its schema, if missing) or a ``Store``.
    ``resources`` names what to copy (``RESOURCE_NAMES``; default ``DEFAULT_RESOURCES``).
    ``full=True`` ignores the watermarks: everything is read again and objects Loyverse no longer
    lists (deleted customers) are removed. ``progress`` is called with the current resource's
    report after each page. Bad arguments raise ``TypeError``/``ValueError`` naming the parameter
    before any request; errors of the API raise as usual (``loyverse_client.errors``), except the
    plan's sales history limit and a missing scope, which become notes of the report.
    """
    with _job(client, LoyverseClient, database, resources, full, progress) as job:
        while (step := job.next_step()) is not None:
            try:
                response = client._request(*step)
            except LoyverseError as error:
                job.refused(error)
                continue
            job.receive(response)
        return job.report()


async def async_sync(
    client: AsyncLoyverseClient,
    database: str | os.PathLike[str] | Store,
    resources: Iterable[str] | None = None,
    *,
    full: bool = False,
    progress: Progress | None = None,
) -> SyncReport:
    """``sync`` for an ``AsyncLoyverseClient``: the same requests, the same database."""
    with _job(client, AsyncLoyverseClient, database, resources, full, progress) as job:
        while (step := job.next_step()) is not None:
            try:
                response = await client._request(*step)
            except LoyverseError as error:
                job.refused(error)
                continue
            job.receive(response)
        return job.report()
