"""``ResourceQuery``: the base of every list query, and the filters that lists share.

A query is a strict writer: everything Loyverse would misread, or silently ignore, is refused here,
before a request exists. Loyverse answers a misspelled filter with the *whole* collection, so an
unknown field is an error rather than "no filter".

Each resource's query is its own filters plus the shared pieces it documents: ``CreatedRange``
(``created_at_min``/``_max``), ``UpdatedRange``, ``ShowDeleted`` and ``Paging`` (``limit``,
``cursor``). ``to_params()`` is written once for all of them:

- Python names are consistent (``item_ids``, ``category_ids``), and a ``Wire`` marker gives the
  API's own, irregular spelling (``items_ids``, ``categories_ids``);
- ids are comma-joined, times are UTC ``YYYY-MM-DDTHH:MM:SS.mmmZ``;
- ``show_deleted`` is sent only when true, ``limit`` always on paginated lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import AfterValidator, ConfigDict, Field, model_validator

from ._strict import StrictModel
from ._wire import AwareDatetime, format_timestamp

__all__ = [
    "MAX_PAGE_SIZE",
    "CreatedRange",
    "FilterText",
    "IdList",
    "ObjectId",
    "Paging",
    "ResourceQuery",
    "ShowDeleted",
    "UpdatedRange",
    "WindowedQuery",
    "Wire",
    "check_id",
    "holds_list",
]

MAX_PAGE_SIZE = 250
"""The largest page Loyverse serves; 251 is answered with 400, not clamped."""


def check_id(value: str, noun: str = "an id") -> str:
    """An opaque id as a caller gives it: non-empty, one path segment, one item of a list."""
    if not value:
        raise ValueError(f"{noun} must not be empty")
    if value in {".", ".."}:
        raise ValueError(f"{value!r} is not {noun}")
    if "," in value or any(char.isspace() for char in value):
        raise ValueError(f"{noun} has no commas or whitespace, got {value!r}")
    return value


ObjectId = Annotated[str, AfterValidator(check_id)]
"""An id as a caller gives it: opaque (a UUID in practice), non-empty, one token."""

IdList = Annotated[list[ObjectId], Field(min_length=1)]
"""One or more ids, sent comma-joined."""


def _check_filter_text(value: str) -> str:
    if not value or value != value.strip():
        raise ValueError(
            f"must be non-empty text without surrounding whitespace, got {value!r} "
            "(pass None to leave this filter out)"
        )
    return value


FilterText = Annotated[str, AfterValidator(_check_filter_text)]
"""A text filter: non-empty and without surrounding whitespace (it would match nothing)."""


@dataclass(frozen=True)
class Wire:
    """Metadata of a filter: its name on the wire, and the field of an object it matches."""

    name: str
    """The query parameter, as the API spells it (``items_ids``)."""
    matches: str = "id"
    """The field of a listed object that the filter compares with (``id``, ``item_id``)."""
    bound: Literal["min", "max"] | None = None
    """Set when the filter names one object (by ``matches``) rather than the objects to keep:
    ``min`` keeps the objects created at or after it (``since_receipt_number``), ``max`` those
    created at or before it (``before_receipt_number``)."""


class ResourceQuery(StrictModel):
    """The filters of one list, validated before any request is sent.

    Bounds are inclusive; each ``*_min`` must not be after its ``*_max`` (compared as instants, so
    different timezones are fine).
    """

    model_config = ConfigDict(extra="forbid", validate_assignment=True, defer_build=True)

    @model_validator(mode="after")
    def _check_ranges(self) -> ResourceQuery:
        for low, high in _ranges(type(self)):
            start, end = getattr(self, low), getattr(self, high)
            if start is not None and end is not None and start > end:
                raise ValueError(
                    f"{low} ({start.isoformat()}) is after {high} ({end.isoformat()}); "
                    "the range is empty, swap the two bounds"
                )
        return self

    def to_params(self) -> dict[str, str]:
        """The API's query parameters: only the documented names, unset filters left out."""
        params: dict[str, str] = {}
        for name, wire in _wire_names(type(self)):
            value = getattr(self, name)
            if value is None or value is False:
                continue
            params[wire] = _param(value)
        return params

    @classmethod
    def filters(cls) -> dict[str, Wire]:
        """Every filter of this query (paging aside) with its wire name and matched field."""
        return {
            name: _wire_of(name, info.metadata)
            for name, info in cls.model_fields.items()
            if name not in ("limit", "cursor")
        }


def holds_list(annotation: Any) -> bool:
    """Whether a field's annotation is a list, or a union or ``Annotated`` holding one (an
    ``IdList | None`` filter)."""
    if get_origin(annotation) is list:
        return True
    return any(holds_list(argument) for argument in get_args(annotation))


def _param(value: Any) -> str:
    if isinstance(value, list):
        return ",".join(value)
    if isinstance(value, datetime):
        return format_timestamp(value)
    if value is True:
        return "true"
    return str(value)


def _wire_of(name: str, metadata: list[Any]) -> Wire:
    return next((item for item in metadata if isinstance(item, Wire)), Wire(name, name))


# Shared pieces are sent after a resource's own filters, in this order.
_SHARED = (
    "created_at_min",
    "created_at_max",
    "updated_at_min",
    "updated_at_max",
    "show_deleted",
    "limit",
    "cursor",
)


@cache
def _wire_names(cls: type[ResourceQuery]) -> tuple[tuple[str, str], ...]:
    fields = cls.model_fields
    order = [name for name in fields if name not in _SHARED]
    order += [name for name in _SHARED if name in fields]
    return tuple((name, _wire_of(name, fields[name].metadata).name) for name in order)


@cache
def _ranges(cls: type[ResourceQuery]) -> tuple[tuple[str, str], ...]:
    fields = cls.model_fields
    return tuple(
        (name, name[: -len("_min")] + "_max")
        for name in fields
        if name.endswith("_min") and name[: -len("_min")] + "_max" in fields
    )


class CreatedRange(ResourceQuery):
    """``created_at_min`` / ``created_at_max``: created at or after / at or before."""

    created_at_min: AwareDatetime | None = None
    created_at_max: AwareDatetime | None = None


class UpdatedRange(ResourceQuery):
    """``updated_at_min`` / ``updated_at_max``: updated at or after / at or before."""

    updated_at_min: AwareDatetime | None = None
    updated_at_max: AwareDatetime | None = None


class ShowDeleted(ResourceQuery):
    """``show_deleted``: include soft-deleted records (they carry ``deleted_at``)."""

    show_deleted: bool = Field(default=False, strict=True)


class Paging(ResourceQuery):
    """``limit`` and ``cursor``, on the lists that paginate.

    ``limit`` defaults to 250, the largest page Loyverse serves (fewest requests).
    """

    limit: int = Field(default=MAX_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, strict=True)
    cursor: FilterText | None = Field(
        default=None, description="The opaque cursor of the previous page."
    )


class WindowedQuery(Paging, CreatedRange):
    """A paginated list filtered on creation time (customers, receipts, items, variants,
    modifiers, employees; shifts on their opening time): ``iterate(query, concurrency=N)`` can
    walk it as several windows of creation time at once."""
