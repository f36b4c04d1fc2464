"""``Collection``: the stored objects of one resource, in list order, and its list and GET.

One class for every declared resource: what differs between them (filters, fields, key, paging,
deletion) is read from the declaration through ``Rules``. Callers hold the fake's lock.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from .._resource import Resource
from ._errors import ApiError
from ._listing import Cursors, Key, ListQuery, Position
from ._rules import Rules, json_copy

__all__ = ["Change", "Changes", "Collection", "Row"]

ChangeKind = Literal["created", "updated", "removed"]


@dataclass
class Row:
    """One stored object: its JSON as served, and what is derived from it."""

    data: dict[str, Any]
    key: Key
    position: Position
    times: dict[str, datetime | None]


@dataclass(frozen=True)
class Change:
    """One object a request changed: its resource, its JSON afterwards (a removed one as it was
    last stored), and how it changed."""

    resource: str
    data: dict[str, Any]
    kind: ChangeKind


class Changes:
    """What the collections change between ``start`` and ``stop``: each object once, in the
    order of its first change, as it stands at ``stop``."""

    def __init__(self) -> None:
        self._changed: dict[tuple[str, Key], tuple[Row, ChangeKind]] | None = None

    def start(self) -> None:
        self._changed = {}

    def record(self, resource: str, row: Row, kind: ChangeKind) -> None:
        if self._changed is None:
            return
        earlier = self._changed.get((resource, row.key))
        # An object created and then updated within one request is still a new one.
        first = earlier[1] if earlier is not None and kind != "removed" else kind
        self._changed[resource, row.key] = (row, first)

    def stop(self) -> list[Change]:
        changed, self._changed = self._changed or {}, None
        return [
            Change(resource, json_copy(row.data), kind)
            for (resource, _), (row, kind) in changed.items()
        ]


class Collection:
    """The objects of one resource. ``counted`` names a field whose values are counted, so a
    uniqueness rule (customers' email) need not scan every object; ``changes``, shared by the
    collections of an account, is told of every object inserted, updated or removed."""

    def __init__(
        self,
        resource: Resource[Any, Any, Any],
        counted: str | None = None,
        changes: Changes | None = None,
    ) -> None:
        self.rules = Rules.of(resource)
        self._counted = counted
        self._changes = changes or Changes()
        self._counts: Counter[Any] = Counter()
        self._rows: dict[Key, Row] = {}
        self._order: list[Position] = []  # ascending; lists read it backwards

    def __len__(self) -> int:
        return len(self._rows)

    def prepare(self, objects: Iterable[Mapping[str, Any]], now: str) -> list[Row]:
        """Rows for ``objects``, completed and checked, not yet stored (see ``insert``)."""
        rows = []
        for given in objects:
            data = self.rules.complete(given, now)
            key = self.rules.key_of(data)
            times = self.rules.times_of(data, key)
            rows.append(Row(data, key, self.rules.position(key, times), times))
        seen, repeated = set(self._rows), set[Key]()
        for row in rows:
            (repeated if row.key in seen else seen).add(row.key)
        if repeated:
            shown = sorted("/".join(key) for key in repeated)
            raise ValueError(f"{self.rules.name}: keys already present: {shown}")
        return rows

    def insert(self, rows: list[Row]) -> None:
        """Store prepared rows."""
        for row in rows:
            self._rows[row.key] = row
            self._count(row, 1)
            self._changes.record(self.rules.name, row, "created")
        if len(rows) == 1:
            bisect.insort(self._order, rows[0].position)
        else:
            self._order.extend(row.position for row in rows)
            self._order.sort()

    def find(self, key: Key) -> Row | None:
        return self._rows.get(key)

    def count(self, value: Any) -> int:
        """How many objects have ``value`` in the counted field."""
        return self._counts[value]

    def _count(self, row: Row, delta: int) -> None:
        value = None if self._counted is None else row.data.get(self._counted)
        if isinstance(value, str) and value:
            self._counts[value] += delta

    def update(self, row: Row, changes: Mapping[str, Any]) -> None:
        """Apply ``changes`` to a stored object (its key and creation time must not change)."""
        self._count(row, -1)
        row.data.update(changes)
        row.times = self.rules.times_of(row.data, row.key)
        self._count(row, 1)
        self._changes.record(self.rules.name, row, "updated")

    def remove(self, row: Row) -> None:
        del self._rows[row.key]
        del self._order[bisect.bisect_left(self._order, row.position)]
        self._count(row, -1)
        self._changes.record(self.rules.name, row, "removed")

    def rows(self, *, show_deleted: bool) -> Iterator[Row]:
        """Stored objects, newest first, as the list answers them without filters."""
        for position in reversed(self._order):
            row = self._rows[position[1]]
            if show_deleted or not self.rules.is_deleted(row.data):
                yield row

    def resolve(self, query: ListQuery) -> ListQuery:
        """``query`` with each filter that names an object (``since_receipt_number``) turned into
        an inclusive bound on that object's creation time; ``400 INVALID_VALUE`` if none has it.
        """
        if not query.anchors:
            return query
        bounds = []
        for spec, value in query.anchors:
            row = self._find_by(spec.field, value)
            if row is None:
                raise ApiError.one(
                    400,
                    "INVALID_VALUE",
                    f"There is no {self.rules.noun} with {spec.field} {value}",
                    spec.wire,
                )
            bounds.append((self.rules.created_field, row.position[0], spec.kind == "since"))
        return query.bounded(*bounds)

    def _find_by(self, field: str, value: str) -> Row | None:
        if self.rules.resource.key == (field,):
            return self._rows.get((value,))
        return next((row for row in self._rows.values() if row.data.get(field) == value), None)

    def page(self, query: ListQuery, cursors: Cursors) -> dict[str, Any]:
        """The answer of ``GET /<path>``: one page, with a cursor unless it is the last."""
        query = self.resolve(query)
        end = len(self._order)
        if query.after is not None:
            end = bisect.bisect_left(self._order, query.after)
        wanted = len(self._order) if query.limit is None else query.limit + 1
        found: list[Row] = []
        for index in range(end - 1, -1, -1):
            row = self._rows[self._order[index][1]]
            if query.admits(row.data, row.times, self.rules.is_deleted(row.data)):
                found.append(row)
                if len(found) >= wanted:
                    break
        shown = found if query.limit is None else found[: query.limit]
        result: dict[str, Any] = {self.rules.list_key: [row.data for row in shown]}
        if query.limit is not None and len(found) > query.limit:
            last = found[query.limit - 1].position
            result["cursor"] = cursors.issue(self.rules.name, last, query.filters)
        return result

    def found(self, key: Key) -> Row:
        """The object with ``key`` as ``GET /<path>/{key}`` finds it, or ``404 NOT_FOUND``.

        A soft-deleted object is found only where the declaration says it stays readable.
        """
        row = self._rows.get(key)
        if row is None or (
            self.rules.is_deleted(row.data) and not self.rules.resource.deleted_readable
        ):
            raise ApiError.one(
                404, "NOT_FOUND", f"{self.rules.noun.capitalize()} {'/'.join(key)} not found"
            )
        return row
