"""The query of a list (``GET /<path>``): its filters, page size and opaque cursor.

Which parameters a list reads comes from its declaration (``Filter``, built in ``_rules``), so every
declared list is parsed here the same way: id lists are comma-separated, text filters match
exactly, ``*_min``/``*_max`` are inclusive time bounds, ``show_deleted`` is ``true`` or ``false``,
and a filter that names one object (``since_receipt_number``) becomes an inclusive bound on that
object's creation time once the collection has found it (``Collection.resolve``).

The cursor is the position after the last object of a page, ``(created time, key)``, so a walk
neither repeats nor skips objects when others are created or deleted meanwhile. It is signed with a
secret of the fake and bound to its list and to the page's filters: a garbled or forged cursor, one
from another fake or another list, or one sent with different filters than the page that issued it
is ``400 INVALID_CURSOR``. That last rule is the fake's strict reading of "send the cursor with the
same filters". Lists that do not paginate read neither ``limit`` nor ``cursor``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Any, Literal

from pydantic import TypeAdapter

from ._errors import ApiError, Problem

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "Cursors",
    "Filter",
    "Key",
    "ListQuery",
    "Position",
    "parse_time",
]

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 250

Key = tuple[str, ...]
"""An object's key: its declared key fields' values (``(id,)``, ``(variant_id, store_id)``)."""
Position = tuple[datetime, Key]
"""Where an object sorts: ``(created time, key)``; lists run from the largest position down."""

FilterKind = Literal["ids", "text", "min", "max", "since", "until", "deleted"]


@dataclass(frozen=True)
class Filter:
    """One documented query parameter of a list and the object field it compares with."""

    wire: str
    """The parameter, as the API spells it (``items_ids``)."""
    kind: FilterKind
    """``ids``: comma-separated values of ``field``; ``text``: ``field`` equals the value;
    ``min``/``max``: an inclusive time bound on ``field``; ``since``/``until``: the value names
    the object whose ``field`` it is, and the list keeps the objects created at or after / at or
    before that one; ``deleted``: ``show_deleted``."""
    field: str


# Requests must use the documented form exactly, so a client sending anything else is caught here.
_QUERY_TIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{3})Z", re.ASCII)
_DIGITS = re.compile(r"[0-9]+")
# pydantic reads ISO 8601 the same on every Python (datetime.fromisoformat of 3.10 refuses
# "...00.12Z", which 3.11 reads), but it also reads "1700000000" as a Unix time: require a date.
_STORED_TIME = TypeAdapter(datetime)
_DATE_FIRST = re.compile(r"\d{4}-\d{2}-\d{2}(?:[Tt ]|$)", re.ASCII)
_CURSOR_TIME = "%Y-%m-%dT%H:%M:%S.%f%z"
"""How a cursor writes its time (``isoformat(timespec="microseconds")``), read back the same."""
_BOOLEANS = {"true": True, "false": False}


def parse_time(text: str) -> datetime:
    """A timestamp as stored on an object, in UTC: ISO 8601, ``Z`` or an offset, UTC if none.

    Anything else, or a time that leaves the range of ``datetime`` once in UTC, is ``ValueError``.
    """
    try:
        if not _DATE_FIRST.match(text):
            raise ValueError(text)
        parsed = _STORED_TIME.validate_python(text)
        if parsed.tzinfo is None:
            return parsed.replace(tzinfo=timezone.utc)
        return parsed.astimezone(timezone.utc)
    except (ValueError, OverflowError):  # pydantic's ValidationError is a ValueError
        raise ValueError(
            f"{text!r} is not an ISO 8601 date-time in range, like 2024-03-01T00:00:00.000Z"
        ) from None


def _query_time(name: str, text: str) -> datetime:
    match = _QUERY_TIME.fullmatch(text)
    try:
        if match is None:
            raise ValueError(text)
        year, month, day, hour, minute, second, millis = map(int, match.groups())
        return datetime(year, month, day, hour, minute, second, millis * 1000, tzinfo=timezone.utc)
    except ValueError:
        raise ApiError.one(
            400, "INVALID_VALUE", f"{name} must be a time like 2020-03-30T18:30:00.000Z", name
        ) from None


def _limit(text: str | None) -> int:
    if text is None:
        return DEFAULT_PAGE_SIZE
    if not _DIGITS.fullmatch(text) or not 1 <= int(text) <= MAX_PAGE_SIZE:
        raise ApiError.one(
            400, "INVALID_VALUE", f"limit must be an integer from 1 to {MAX_PAGE_SIZE}", "limit"
        )
    return int(text)


def _show_deleted(name: str, text: str) -> bool:
    if text not in _BOOLEANS:
        raise ApiError.one(400, "INVALID_VALUE", f"{name} must be true or false", name)
    return _BOOLEANS[text]


@dataclass(frozen=True)
class ListQuery:
    """A validated list query: what an object must match, and which page to answer."""

    ids: tuple[tuple[str, frozenset[str]], ...]
    texts: tuple[tuple[str, str], ...]
    bounds: tuple[tuple[str, datetime, bool], ...]
    """``(field, bound, is_min)``; inclusive."""
    anchors: tuple[tuple[Filter, str], ...]
    """The filters that name an object (``since``/``until``) and the value each was given: bounds
    once the collection has found the objects (``Collection.resolve``)."""
    show_deleted: bool
    limit: int | None
    """``None``: the list does not paginate, every match is answered."""
    after: Position | None
    filters: tuple[tuple[str, str], ...]
    """The filters as given, which a cursor is bound to."""

    @classmethod
    def parse(
        cls,
        params: Iterable[tuple[str, str]],
        documented: Sequence[Filter],
        *,
        list_name: str,
        paginated: bool,
        cursors: Cursors,
    ) -> ListQuery:
        """Read the ``documented`` parameters; others are ignored, as Loyverse ignores them.

        A repeated parameter counts once, with its first value. A filter sent empty (``email=``)
        is no filter; an empty ``cursor`` is invalid, since no page issues one.
        """
        first: dict[str, str] = {}
        for name, value in params:
            first.setdefault(name, value)
        given = [(spec, first[spec.wire]) for spec in documented if first.get(spec.wire)]
        filters = tuple((spec.wire, value) for spec, value in given)
        limit = _limit(first.get("limit")) if paginated else None
        times = {
            spec.wire: (spec, _query_time(spec.wire, value))
            for spec, value in given
            if spec.kind in ("min", "max")
        }
        _check_ranges(times)
        cursor = first.get("cursor") if paginated else None
        return cls(
            ids=tuple(
                (spec.field, frozenset(value.split(",")))
                for spec, value in given
                if spec.kind == "ids"
            ),
            texts=tuple((spec.field, value) for spec, value in given if spec.kind == "text"),
            bounds=tuple(
                (spec.field, moment, spec.kind == "min") for spec, moment in times.values()
            ),
            anchors=tuple(
                (spec, value) for spec, value in given if spec.kind in ("since", "until")
            ),
            show_deleted=any(
                _show_deleted(spec.wire, value) for spec, value in given if spec.kind == "deleted"
            ),
            limit=limit,
            after=None if cursor is None else cursors.read(cursor, list_name, filters),
            filters=filters,
        )

    def bounded(self, *bounds: tuple[str, datetime, bool]) -> ListQuery:
        """This query with more inclusive bounds ``(field, moment, is_min)``, and no object filters
        left: ``Collection.resolve`` turns those into bounds, and must have done so first."""
        return replace(self, bounds=(*self.bounds, *bounds), anchors=())

    def admits(
        self, data: Mapping[str, Any], times: Mapping[str, datetime | None], deleted: bool
    ) -> bool:
        """Whether an object (its JSON, its parsed times, whether it is deleted) matches."""
        if deleted and not self.show_deleted:
            return False
        if any(data.get(field) not in values for field, values in self.ids):
            return False
        if any(data.get(field) != value for field, value in self.texts):
            return False
        for field, bound, is_min in self.bounds:
            moment = times.get(field)
            if moment is None or (moment < bound if is_min else moment > bound):
                return False
        return True


def _check_ranges(times: Mapping[str, tuple[Filter, datetime]]) -> None:
    problems = [
        Problem("INVALID_RANGE", f"{low} is after {low[: -len('_min')]}_max", low)
        for low, (spec, start) in times.items()
        if spec.kind == "min"
        and (high := times.get(low[: -len("_min")] + "_max")) is not None
        and start > high[1]
    ]
    if problems:
        raise ApiError(400, *problems)


class Cursors:
    """Issues and reads the signed cursors of one fake."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def _sign(self, payload: bytes) -> bytes:
        return hmac.new(self._secret, payload, hashlib.sha256).digest()[:16]

    def issue(self, list_name: str, after: Position, filters: tuple[tuple[str, str], ...]) -> str:
        """The cursor of the page of ``list_name`` that ends at ``after``."""
        created_at, key = after
        moment = created_at.astimezone(timezone.utc).isoformat(timespec="microseconds")
        payload = json.dumps([list_name, moment, list(key), filters]).encode()
        return base64.urlsafe_b64encode(payload + self._sign(payload)).decode().rstrip("=")

    def read(self, cursor: str, list_name: str, filters: tuple[tuple[str, str], ...]) -> Position:
        """The position a cursor encodes, or ``400 INVALID_CURSOR``."""
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        except (binascii.Error, ValueError):
            raw = b""
        payload, signature = raw[:-16], raw[-16:]
        if len(raw) <= 16 or not hmac.compare_digest(signature, self._sign(payload)):
            raise ApiError.one(400, "INVALID_CURSOR", "The cursor is not valid", "cursor")
        issued_list, created_at, key, issued_for = json.loads(payload)
        if issued_list != list_name:
            raise ApiError.one(
                400, "INVALID_CURSOR", f"The cursor was issued by /{issued_list}", "cursor"
            )
        if [list(pair) for pair in filters] != issued_for:
            raise ApiError.one(
                400,
                "INVALID_CURSOR",
                "The cursor was issued for other filters; send it with the same filters",
                "cursor",
            )
        return datetime.strptime(created_at, _CURSOR_TIME), tuple(key)
