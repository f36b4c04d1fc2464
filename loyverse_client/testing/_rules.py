"""What a declaration means to the fake, read from the ``Resource`` and its models.

- the filters of its list: every field of its query class (``Query.filters()``), by wire name; an
  id list matches its ``matches`` field, ``created_at_min``/``_max`` bound the declaration's
  ``created_field`` (shifts: ``opened_at``), other ``*_min``/``*_max`` the field they name, and a
  filter whose ``Wire`` has a ``bound`` (``since_receipt_number``) bounds the ``created_field``
  by the object it names;
- the fields a stored object has: every field of its model, in the model's order, with the
  model's default (``null``, ``0``, ``GREY``, ``[]``) when it is not given; the key is generated
  (a UUID) when it is one field, and the creation and update times are "now";
- how it sorts: by its ``created_field``, then its key; objects without a creation time sort by
  key alone.

Nothing here is specific to a resource, so a new declaration is served without new fake code.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any

from pydantic.fields import FieldInfo

from loyverse_models._query import holds_list

from .._resource import Resource
from ._listing import Filter, Key, Position, parse_time

__all__ = ["NO_TIME", "Rules", "json_copy"]

NO_TIME = datetime.min.replace(tzinfo=timezone.utc)
"""The creation time of objects that have none (stock levels, POS devices): they sort by key."""

_REQUIRED = object()


def json_copy(data: Any) -> Any:
    """A deep copy through JSON, which also rejects anything the fake could not send."""
    # Objects are JSON by nature: a round trip is several times faster than copy.deepcopy.
    return json.loads(json.dumps(data))


def _json_default(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (list, tuple)):
        return [_json_default(item) for item in value]
    return value


def _default(info: FieldInfo) -> Any:
    if info.is_required():
        return _REQUIRED
    return _json_default(info.get_default(call_default_factory=True, validated_data={}))


def _filter(resource: Resource[Any, Any, Any], name: str, info: FieldInfo) -> Filter:
    wire = resource.query.filters()[name]
    if name == "show_deleted":
        return Filter(wire.name, "deleted", name)
    if wire.bound is not None:
        return Filter(wire.name, "since" if wire.bound == "min" else "until", wire.matches)
    if name.endswith(("_min", "_max")):
        bounded = name[: -len("_min")]
        field = (resource.created_field or "created_at") if bounded == "created_at" else bounded
        return Filter(wire.name, "min" if name.endswith("_min") else "max", field)
    return Filter(wire.name, "ids" if holds_list(info.annotation) else "text", wire.matches)


@dataclass(frozen=True)
class Rules:
    """The fake's reading of one declaration."""

    resource: Resource[Any, Any, Any]
    filters: tuple[Filter, ...]
    fields: tuple[tuple[str, Any], ...]
    """Every documented field and its JSON default (``_REQUIRED`` if it has none), in order."""
    generated: frozenset[str]
    """Fields made when absent or ``null``: a one-field key, the creation and update times."""
    stamped: tuple[str, ...]
    """The time fields set to "now" when absent: the creation field first, then ``updated_at``."""
    timed: tuple[str, ...]
    """The time fields read on every object: for ordering and for the time filters."""

    @classmethod
    @cache
    def of(cls, resource: Resource[Any, Any, Any]) -> Rules:
        """The rules of ``resource`` (computed once)."""
        query_fields = resource.query.model_fields
        filters = tuple(
            _filter(resource, name, query_fields[name]) for name in resource.query.filters()
        )
        model_fields = {
            info.alias or name: info for name, info in resource.model.model_fields.items()
        }
        stamped = tuple(
            name
            for name in (resource.created_field or "created_at", "updated_at")
            if name in model_fields
        )
        bounded = [spec.field for spec in filters if spec.kind in ("min", "max")]
        key = set(resource.key) if len(resource.key) == 1 else set()
        return cls(
            resource=resource,
            filters=filters,
            fields=tuple((name, _default(info)) for name, info in model_fields.items()),
            generated=frozenset(key | set(stamped)),
            stamped=stamped,
            timed=tuple(dict.fromkeys([*stamped, *bounded])),
        )

    @property
    def name(self) -> str:
        return self.resource.name

    @property
    def noun(self) -> str:
        return self.resource.noun

    @property
    def created_field(self) -> str:
        """The field that ``created_at_min``/``_max`` bound and lists sort by."""
        return self.resource.created_field or "created_at"

    @property
    def list_key(self) -> str:
        return str(self.resource.page.list_key())

    def complete(self, given: Mapping[str, Any], now: str) -> dict[str, Any]:
        """``given`` (deep-copied) with every documented field it lacks filled as the API would.

        Documented fields come first, in the model's order, then the unknown ones as given. A
        required field without a way to make it (``item_name``) is a ``ValueError``.
        """
        data = json_copy(dict(given))
        completed: dict[str, Any] = {}
        missing = []
        for name, default in self.fields:
            if name in data:
                completed[name] = data.pop(name)
            elif name in self.generated:
                completed[name] = None
            elif default is _REQUIRED:
                missing.append(name)
            else:
                completed[name] = json_copy(default)
        if missing:
            raise ValueError(
                f"{self.name}: a {self.noun} needs {', '.join(missing)}; got {given!r}"
            )
        completed.update(data)
        for name in self.resource.key:
            if name in self.generated and completed.get(name) is None:
                completed[name] = str(uuid.uuid4())
        first = None
        for name in self.stamped:
            if completed.get(name) is None:
                completed[name] = first or now
            first = first or completed[name]
        return completed

    def key_of(self, data: Mapping[str, Any]) -> Key:
        """The key of a stored object; ``TypeError`` unless every part is a string."""
        key = tuple(data.get(name) for name in self.resource.key)
        for name, value in zip(self.resource.key, key, strict=True):
            if not isinstance(value, str):
                raise TypeError(f"a {self.noun} {name} must be a string, got {value!r}")
        return key  # type: ignore[return-value]  # checked just above

    def times_of(self, data: Mapping[str, Any], key: Key) -> dict[str, datetime | None]:
        """The parsed time fields of an object; ``ValueError`` names one that is not ISO 8601."""
        times: dict[str, datetime | None] = {}
        for name in self.timed:
            value = data.get(name)
            if value is None:
                times[name] = None
                continue
            if not isinstance(value, str):
                raise TypeError(
                    f"{name} must be a string like 2024-03-01T08:00:00.000Z, got {value!r}"
                )
            try:
                times[name] = parse_time(value)
            except ValueError:
                raise ValueError(
                    f"{name} of {self.noun} {'/'.join(key)!r} must be an ISO 8601 time like "
                    f"2024-03-01T08:00:00.000Z, got {value!r}"
                ) from None
        return times

    def position(self, key: Key, times: Mapping[str, datetime | None]) -> Position:
        return (times.get(self.created_field) or NO_TIME, key)

    @property
    def deletable(self) -> bool:
        """Whether objects can be deleted: removed, or soft-deleted into their ``deleted_at``."""
        return not self.resource.soft_deleted or any(
            name == "deleted_at" for name, _ in self.fields
        )

    def is_deleted(self, data: Mapping[str, Any]) -> bool:
        """Whether an object is soft-deleted: hidden from lists unless ``show_deleted``."""
        return self.resource.soft_deleted and data.get("deleted_at") is not None
