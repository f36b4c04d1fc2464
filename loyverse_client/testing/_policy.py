"""What the catalogue's write engine (``_back_office``) hands to the rules of one resource.

``Office`` is the account as the rules see it (its collections, the time, the way the fake
deletes), ``Write`` one ``POST`` being made, and ``Policy`` the rules of a resource beyond its
body's shape: the base class has none, so a resource without rules of its own is written by the
engine alone. Callers hold the fake's lock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ._bodies import ROOT, Shape
from ._collection import Collection, Row
from ._errors import ApiError, Problem

__all__ = ["Office", "Policy", "Write"]

JSON = dict[str, Any]


@dataclass
class Office:
    """The account behind the catalogue's writes."""

    collections: Mapping[str, Collection]
    now: Callable[[], str]
    soft_delete: Callable[[Collection, Row], None]
    """Deletes an object as ``FakeLoyverse.delete`` does (an item's variants with it)."""

    def live(self, name: str, key: str) -> Row | None:
        """The object of ``name`` with this key, unless it is missing or deleted."""
        collection = self.collections[name]
        row = collection.find((key,))
        return None if row is None or collection.rules.is_deleted(row.data) else row

    def found(self, name: str, key: str) -> Row:
        """The live object with this key, or ``404 NOT_FOUND``: a deleted object cannot be
        written, even where it can still be read."""
        row = self.live(name, key)
        if row is None:
            noun = self.collections[name].rules.noun
            raise ApiError.one(404, "NOT_FOUND", f"The {noun} with ID {key} was not found")
        return row

    def rows(self, name: str, **matching: Any) -> Iterator[Row]:
        """The live objects of ``name`` whose fields have the values given."""
        for row in self.collections[name].rows(show_deleted=False):
            if all(row.data.get(key) == value for key, value in matching.items()):
                yield row


@dataclass
class Write:
    """One ``POST``: the object it updates (``None``: a create) and the changes read from its
    body, which the rules may check, complete or take over."""

    office: Office
    collection: Collection
    shape: Shape
    body: Mapping[str, Any]
    row: Row | None
    changes: JSON
    now: str
    problems: list[Problem] = field(default_factory=list)
    notes: JSON = field(default_factory=dict)
    """What the rules keep between ``check`` and ``stored``."""

    @property
    def creating(self) -> bool:
        return self.row is None

    def value(self, name: str) -> Any:
        """The field as it will be: the body's value, else the stored one, else the default."""
        if name in self.changes:
            return self.changes[name]
        if self.row is not None:
            return self.row.data.get(name)
        return dict(self.shape.fields).get(name)

    def fail(self, code: str, details: str, path: str) -> None:
        """Note a problem of the body; ``path`` is under ``object`` (``variants[0].sku``)."""
        self.problems.append(Problem(code, details, f"{ROOT}.{path}" if path else ROOT))


class Policy:
    """The rules of one resource beyond its body's shape; by default, none."""

    def check(self, write: Write) -> None:
        """Note the body's problems against the account; adjust ``write.changes``. Nothing may
        be changed here: the write can still be refused."""

    def stored(self, write: Write, row: Row) -> None:
        """What follows once the object is stored (``row``)."""

    def deleting(self, office: Office, row: Row) -> None:
        """Refuse the deletion of ``row`` by raising ``ApiError``."""

    def deleted(self, office: Office, row: Row) -> None:
        """What follows the deletion of ``row``."""
