"""``Store``: what the sync needs from a database, so that another one than SQLite can be added.

The sync decides what to fetch and in which order (``_job``); a store only keeps objects and the
sync's state. Its promise is atomicity: ``write`` stores a page's objects together with the walk's
progress, and ``finish`` the end of a walk (removals, the new watermark) in one transaction each,
so that a sync killed at any moment leaves either all of it or none.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any, Protocol, runtime_checkable

from loyverse_models import RawModel

from ._tables import Table

__all__ = ["Counts", "ResourceState", "Store", "WalkState"]


@dataclass(frozen=True)
class WalkState:
    """A walk in progress, saved with every page so that a rerun can resume it."""

    query: dict[str, Any]
    """The walk's filters, as the query model's JSON (``updated_at_min``, ``show_deleted``)."""
    started: str
    """When the walk began on the local clock (ISO 8601): only the origin of a duration."""
    full: bool = False
    """Started by ``full=True``: a plain rerun finishes it as a full one."""
    reconcile: bool = False
    """Stored objects that the walk does not list are removed once it completes."""
    reached: str | None = None
    """The oldest creation time written so far (``created_at_max`` of a resumed walk)."""
    note: str | None = None
    """Why the walk is not the usual one (the plan's sales history), repeated when resumed."""

    def to_json(self) -> str:
        return json.dumps(asdict(self), separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> WalkState:
        return cls(**json.loads(text))


@dataclass(frozen=True)
class ResourceState:
    """What a store remembers of one resource between runs."""

    watermark: str | None = None
    """The highest ``updated_at`` stored when the last walk completed (server time)."""
    lookback: float = 0.0
    """How long that walk took, in seconds: changes made meanwhile may predate the watermark."""
    walk: WalkState | None = None
    """The walk in progress, if a run stopped before completing it."""
    synced_at: str | None = None
    """When the last walk completed, on the local clock (for people; the sync ignores it)."""


@dataclass
class Counts:
    """What writing objects did: each object is counted once."""

    inserted: int = 0
    updated: int = 0
    """Stored already, and its JSON changed."""
    deleted: int = 0
    """Stored as live and now carrying ``deleted_at``, or removed from the store."""
    unchanged: int = 0

    def add(self, other: Counts) -> None:
        self.inserted += other.inserted
        self.updated += other.updated
        self.deleted += other.deleted
        self.unchanged += other.unchanged


@runtime_checkable
class Store(Protocol):
    """The storage of a local copy (``SQLiteStore``): objects by table, and the sync's state."""

    def state(self, table: Table) -> ResourceState:
        """What is remembered of ``table``'s resource."""
        ...

    def begin(self, table: Table, walk: WalkState) -> None:
        """Save ``walk`` as ``table``'s walk in progress, replacing any other and forgetting what
        that one listed."""
        ...

    def write(self, table: Table, objects: Sequence[RawModel], walk: WalkState) -> Counts:
        """Upsert ``objects`` (their ``.raw`` kept as received) and save ``walk`` as the walk in
        progress, atomically; with ``walk.reconcile``, also remember that they were listed."""
        ...

    def finish(self, table: Table, walk: WalkState, lookback: float, synced_at: str) -> int:
        """Complete ``walk`` atomically: with ``walk.reconcile``, remove the stored objects it did
        not list (and return how many); the watermark becomes the highest ``updated_at`` stored;
        forget the walk."""
        ...

    def close(self) -> None:
        """Let go of the database; anything not committed is rolled back."""
        ...
