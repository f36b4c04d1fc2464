"""The local copy's tables, declared as data: one per resource, keyed like the resource.

A ``Table`` is derived from the resource's declaration (``Resource``: key, models, query) plus a
line of ``_COLUMNS`` naming the typed columns people filter and join on. Nothing here touches a
database: ``_store`` turns the declarations into SQL, ``_job`` decides what to fetch from them.

Every table has the key fields (``TEXT``), then ``created_at``, ``updated_at``, ``deleted_at``
where the model has them, then the resource's own columns, then ``json``: the object exactly as
received. A typed column is a copy of one JSON field (a ``null`` stays ``NULL``), made for SQL,
in one of four kinds:

- ``TEXT``: the string (``SALE``);
- ``TIME``: ``TEXT`` in UTC with milliseconds (``2024-03-01T09:30:00.000Z``), whatever offset the
  API wrote, so that times sort and compare as text;
- ``NUMBER``: SQLite ``NUMERIC`` (an integer where the value is whole, else a float): sums and
  comparisons work in SQL; the exact decimal stays in ``json``;
- ``BOOLEAN``: ``INTEGER`` 0 or 1.

They are read from the JSON itself rather than from the models: the same values, without building
a model object for each of a receipt's lines.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from pydantic import TypeAdapter

from loyverse_models import Merchant, RawModel, Timestamp, format_timestamp

from .._resource import Resource
from .._resources import MERCHANT_PATH, RECEIPTS, RESOURCES, WEBHOOKS

__all__ = [
    "DEFAULT_TABLES",
    "LINE_ITEMS",
    "TABLES",
    "Column",
    "Kind",
    "Lines",
    "Table",
    "utc_text",
]

Kind = Literal["TEXT", "TIME", "NUMBER", "BOOLEAN"]

_SQL_TYPES: dict[Kind, str] = {
    "TEXT": "TEXT",
    "TIME": "TEXT",
    "NUMBER": "NUMERIC",
    "BOOLEAN": "INTEGER",
}


@dataclass(frozen=True)
class Column:
    """A typed column: its name, its kind, and the JSON field it copies (dotted: ``a.b``)."""

    name: str
    kind: Kind
    source: str

    @property
    def sql_type(self) -> str:
        return _SQL_TYPES[self.kind]

    def read(self, raw: Mapping[str, Any]) -> Any:
        """The column's value for an object's JSON, as SQLite stores it."""
        if "." in self.source:
            value: Any = raw
            for part in self.source.split("."):
                value = value.get(part) if isinstance(value, Mapping) else None
        else:
            value = raw.get(self.source)
        if value is not None and self.kind == "TIME":
            return utc_text(value)
        return value


# The API writes times as 2024-03-01T09:30:00.000Z almost always: those are kept as they are.
_CANONICAL = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", re.ASCII)
_TIME: TypeAdapter[datetime] = TypeAdapter(Timestamp)  # without an offset: UTC, as the models


def utc_text(value: str) -> str:
    """A time of the API (any ISO 8601 form the models accept) as UTC text with milliseconds."""
    if _CANONICAL.fullmatch(value):
        return value
    return format_timestamp(_TIME.validate_python(value))


def _columns(spec: str) -> tuple[Column, ...]:
    """``"name total_spent:NUMBER currency_code=currency.code"``: columns, ``TEXT`` by default,
    each copying the attribute of its own name unless ``=`` names another."""
    columns = []
    for word in spec.split():
        named, _, kind = word.partition(":")
        name, _, source = named.partition("=")
        columns.append(Column(name, kind or "TEXT", source or name))  # type: ignore[arg-type]
    return tuple(columns)


# The columns people filter and join on, by table; the key and the three times come first anyway.
_COLUMNS: dict[str, str] = {
    "merchant": "business_name email country currency_code=currency.code",
    "customers": (
        "name email phone_number customer_code country_code first_visit:TIME last_visit:TIME "
        "total_visits:NUMBER total_spent:NUMBER total_points:NUMBER"
    ),
    "items": "item_name category_id primary_supplier_id track_stock:BOOLEAN is_composite:BOOLEAN",
    "variants": "item_id sku barcode default_price:NUMBER cost:NUMBER",
    "categories": "name",
    "modifiers": "name",
    "discounts": "name type",
    "taxes": "name type rate:NUMBER",
    "inventory": "in_stock:NUMBER",
    "stores": "name",
    "employees": "name email is_owner:BOOLEAN",
    "payment_types": "name type",
    "pos_devices": "name store_id activated:BOOLEAN",
    "shifts": (
        "store_id pos_device_id opened_at:TIME closed_at:TIME gross_sales:NUMBER "
        "net_sales:NUMBER expected_cash:NUMBER actual_cash:NUMBER"
    ),
    "suppliers": "name email",
    "receipts": (
        "receipt_date:TIME receipt_type refund_for store_id customer_id employee_id "
        "pos_device_id cancelled_at:TIME source total_money:NUMBER total_tax:NUMBER "
        "total_discount:NUMBER"
    ),
    "webhooks": "type url status",
}

_TIMES = ("created_at", "updated_at", "deleted_at")


@dataclass(frozen=True)
class Lines:
    """A child table: one row per entry of a list field, rewritten with its parent."""

    name: str
    field: str
    """The parent's list field (``line_items``); ``position`` is the entry's index, from 0."""
    columns: tuple[Column, ...]
    """Read from each entry."""
    copied: tuple[str, ...]
    """Columns of the parent repeated on each row, so that common queries need no join."""


LINE_ITEMS = Lines(
    "receipt_line_items",
    "line_items",
    _columns(
        "line_id=id item_id variant_id item_name variant_name sku quantity:NUMBER price:NUMBER "
        "gross_total_money:NUMBER total_discount:NUMBER total_money:NUMBER cost:NUMBER "
        "cost_total:NUMBER"
    ),
    ("receipt_date", "receipt_type", "store_id", "customer_id", "cancelled_at"),
)


@dataclass(frozen=True, eq=False)
class Table:
    """How one resource is kept locally."""

    name: str
    key: tuple[str, ...]
    model: type[RawModel]
    resource: Resource[Any, Any, Any] | None
    """The list it is read from; ``None`` for the merchant (one ``GET``)."""
    columns: tuple[Column, ...]
    """The typed columns after the key (the times first), before ``json``."""
    lines: Lines | None = None

    @property
    def path(self) -> str:
        return MERCHANT_PATH if self.resource is None else self.resource.path

    def _has(self, field: str) -> bool:
        return self.resource is not None and field in self.resource.query.model_fields

    @property
    def incremental(self) -> bool:
        """Read from a watermark: the list filters on ``updated_at`` and objects carry it."""
        return self._has("updated_at_min") and "updated_at" in self.model.model_fields

    @property
    def deletable(self) -> bool:
        """Objects can be deleted (the model has ``deleted_at``): a complete walk that no longer
        lists a stored one means it is gone for good (removed, or purged)."""
        return "deleted_at" in self.model.model_fields

    @property
    def shows_deleted(self) -> bool:
        """The list takes ``show_deleted``: soft-deleted objects come with their ``deleted_at``."""
        return self._has("show_deleted")

    @property
    def created_field(self) -> str | None:
        """The creation time a list is ordered by and ``created_at_max`` bounds, where the list
        has that filter: an interrupted walk resumes from the oldest object it wrote."""
        resource = self.resource
        return resource.created_field if resource and self._has("created_at_max") else None

    def key_of(self, raw: Mapping[str, Any]) -> tuple[str, ...]:
        return tuple(str(raw[field]) for field in self.key)

    @property
    def time_column(self) -> str | None:
        """The column holding ``updated_at``, where there is one."""
        return "updated_at" if "updated_at" in self.model.model_fields else None


def _table(name: str, model: type[RawModel], resource: Resource[Any, Any, Any] | None) -> Table:
    key = ("id",) if resource is None else resource.key
    times = tuple(Column(t, "TIME", t) for t in _TIMES if t in model.model_fields)
    lines = LINE_ITEMS if resource is RECEIPTS else None
    return Table(name, key, model, resource, times + _columns(_COLUMNS[name]), lines)


TABLES: dict[str, Table] = {
    "merchant": _table("merchant", Merchant, None),
    **{r.name: _table(r.name, r.model, r) for r in RESOURCES},
}
"""Every table the sync keeps, by name: the merchant, then ``RESOURCES`` in their order."""

DEFAULT_TABLES: tuple[str, ...] = tuple(name for name in TABLES if name != WEBHOOKS.name)
"""What ``sync`` copies when not told: the merchant's data. Webhook subscriptions are the
configuration of apps, not the merchant's data: they are copied only when named."""


def checked_names(names: Sequence[str]) -> list[Table]:
    """The tables named, in ``TABLES`` order; ``ValueError`` naming any unknown one."""
    unknown = [name for name in names if name not in TABLES]
    if unknown:
        raise ValueError(
            f"resources: no such resource {', '.join(map(repr, unknown))}; "
            f"choose from {', '.join(TABLES)}"
        )
    return [table for name, table in TABLES.items() if name in names]
