"""``SyncReport``: what a sync did, per resource and in total, readable as a table."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

__all__ = ["ResourceReport", "SyncReport"]

_COUNTS = ("inserted", "updated", "deleted", "unchanged", "requests")


@dataclass(frozen=True)
class ResourceReport:
    """What the sync of one resource did.

    ``requests`` counts the requests the sync sent for it (the pages of its list, one per page;
    a request the client retried counts once). ``seconds`` is measured on the client's clock.
    ``notes`` say what was unusual: a walk resumed, the plan's sales history, a resource the
    token may not read.
    """

    resource: str
    inserted: int = 0
    """Objects not stored before."""
    updated: int = 0
    """Objects stored before whose JSON changed (a soft deletion counts as ``deleted``)."""
    deleted: int = 0
    """Objects that came back with ``deleted_at`` (soft-deleted: the row stays, with its
    ``deleted_at``), plus rows removed because Loyverse no longer lists them."""
    unchanged: int = 0
    """Objects received again exactly as stored."""
    requests: int = 0
    seconds: float = 0.0
    notes: tuple[str, ...] = ()

    @property
    def received(self) -> int:
        """Objects received (every one is inserted, updated, a soft deletion, or unchanged)."""
        return self.inserted + self.updated + self.unchanged + self.deleted


@dataclass(frozen=True)
class SyncReport:
    """What ``sync`` did: a ``ResourceReport`` per resource, in the order synced.

    ``report["receipts"]`` is one of them; ``report.total`` adds them up; ``str(report)`` is a
    table.
    """

    database: str
    resources: tuple[ResourceReport, ...]
    full: bool = False
    total: ResourceReport = field(init=False)

    def __post_init__(self) -> None:
        sums = {name: sum(getattr(r, name) for r in self.resources) for name in _COUNTS}
        seconds = sum(r.seconds for r in self.resources)
        object.__setattr__(self, "total", ResourceReport("total", **sums, seconds=seconds))

    def __getitem__(self, resource: str) -> ResourceReport:
        for report in self.resources:
            if report.resource == resource:
                return report
        raise KeyError(f"no resource {resource!r} in this report")

    def __iter__(self) -> Iterator[ResourceReport]:
        return iter(self.resources)

    @property
    def notes(self) -> list[str]:
        """Every note, as ``resource: note``."""
        return [f"{r.resource}: {note}" for r in self.resources for note in r.notes]

    def __str__(self) -> str:
        return "\n".join([self.table(), *(f"note: {note}" for note in self.notes)])

    def table(self) -> str:
        """The counts as a table: a row per resource, then the total."""
        headings = (
            "RESOURCE",
            "INSERTED",
            "UPDATED",
            "DELETED",
            "UNCHANGED",
            "REQUESTS",
            "SECONDS",
        )
        rows = [
            (r.resource, *(str(getattr(r, name)) for name in _COUNTS), f"{r.seconds:.2f}")
            for r in (*self.resources, self.total)
        ]
        widths = [max(len(cells[i]) for cells in (headings, *rows)) for i in range(len(headings))]

        def line(cells: tuple[str, ...]) -> str:
            first = cells[0].ljust(widths[0])
            rest = (cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True))
            return "  ".join((first, *rest))

        return "\n".join([line(headings), *(line(row) for row in rows)])
