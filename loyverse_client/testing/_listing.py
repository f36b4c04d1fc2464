"""The query of ``GET /customers``: filters, page size and the opaque cursor.

The cursor is the position after the last customer of a page, ``(created_at, id)``, so a walk
neither repeats nor skips customers when others are created or deleted meanwhile. It is signed with
a secret of the fake and bound to the page's filters: a garbled or forged cursor, one from another
fake, or one sent with different filters than the page that issued it is ``400 INVALID_CURSOR``.
That last rule is the fake's strict reading of "send the cursor with the same filters".
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

from pydantic import TypeAdapter

from ._errors import ApiError, Problem

__all__ = ["DEFAULT_PAGE_SIZE", "MAX_PAGE_SIZE", "Cursors", "ListQuery", "Position", "parse_time"]

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 250

Position = tuple[datetime, str]
"""Where a customer sorts: ``(created_at, id)``; lists run from the largest position down."""

_FILTERS = (
    "customer_ids",
    "email",
    "created_at_min",
    "created_at_max",
    "updated_at_min",
    "updated_at_max",
)
_TIME_FILTERS = _FILTERS[2:]
# Requests must use the documented form exactly, so a client sending anything else is caught here.
_QUERY_TIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{3})Z", re.ASCII)
_DIGITS = re.compile(r"[0-9]+")
# pydantic reads ISO 8601 the same on every Python (datetime.fromisoformat of 3.10 refuses
# "...00.12Z", which 3.11 reads), but it also reads "1700000000" as a Unix time: require a date.
_STORED_TIME = TypeAdapter(datetime)
_DATE_FIRST = re.compile(r"\d{4}-\d{2}-\d{2}(?:[Tt ]|$)", re.ASCII)
_CURSOR_TIME = "%Y-%m-%dT%H:%M:%S.%f%z"
"""How a cursor writes its time (``isoformat(timespec="microseconds")``), read back the same."""


def parse_time(text: str) -> datetime:
    """A timestamp as stored on a customer, in UTC: ISO 8601, ``Z`` or an offset, UTC if none.

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


@dataclass(frozen=True)
class ListQuery:
    """A validated ``GET /customers`` query; ``None`` means "no such filter"."""

    customer_ids: frozenset[str] | None
    email: str | None
    created_at_min: datetime | None
    created_at_max: datetime | None
    updated_at_min: datetime | None
    updated_at_max: datetime | None
    limit: int
    after: Position | None
    filters: tuple[tuple[str, str], ...]

    @classmethod
    def parse(cls, params: Iterable[tuple[str, str]], cursors: Cursors) -> ListQuery:
        """Read the documented parameters; others are ignored, as Loyverse ignores them.

        A repeated parameter counts once, with its first value. A filter sent empty (``email=``)
        is no filter; an empty ``cursor`` is invalid, since no page issues one.
        """
        first: dict[str, str] = {}
        for name, value in params:
            first.setdefault(name, value)
        filters = tuple((name, first[name]) for name in _FILTERS if first.get(name))
        given = dict(filters)
        limit = _limit(first.get("limit"))
        times = {name: _query_time(name, given[name]) for name in _TIME_FILTERS if name in given}
        problems = [
            Problem("INVALID_RANGE", f"{low} is after {high}", low)
            for low, high in (
                ("created_at_min", "created_at_max"),
                ("updated_at_min", "updated_at_max"),
            )
            if low in times and high in times and times[low] > times[high]
        ]
        if problems:
            raise ApiError(400, *problems)
        cursor = first.get("cursor")
        return cls(
            customer_ids=frozenset(given["customer_ids"].split(","))
            if "customer_ids" in given
            else None,
            email=given.get("email"),
            created_at_min=times.get("created_at_min"),
            created_at_max=times.get("created_at_max"),
            updated_at_min=times.get("updated_at_min"),
            updated_at_max=times.get("updated_at_max"),
            limit=limit,
            after=None if cursor is None else cursors.read(cursor, filters),
            filters=filters,
        )


class Cursors:
    """Issues and reads the signed cursors of one fake."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def _sign(self, payload: bytes) -> bytes:
        return hmac.new(self._secret, payload, hashlib.sha256).digest()[:16]

    def issue(self, after: Position, filters: tuple[tuple[str, str], ...]) -> str:
        """The cursor of the page that ends at ``after``."""
        created_at, customer_id = after
        moment = created_at.astimezone(timezone.utc).isoformat(timespec="microseconds")
        payload = json.dumps([moment, customer_id, filters]).encode()
        return base64.urlsafe_b64encode(payload + self._sign(payload)).decode().rstrip("=")

    def read(self, cursor: str, filters: tuple[tuple[str, str], ...]) -> Position:
        """The position a cursor encodes, or ``400 INVALID_CURSOR``."""
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        except (binascii.Error, ValueError):
            raw = b""
        payload, signature = raw[:-16], raw[-16:]
        if len(raw) <= 16 or not hmac.compare_digest(signature, self._sign(payload)):
            raise ApiError.one(400, "INVALID_CURSOR", "The cursor is not valid", "cursor")
        created_at, customer_id, issued_for = json.loads(payload)
        if [list(pair) for pair in filters] != issued_for:
            raise ApiError.one(
                400,
                "INVALID_CURSOR",
                "The cursor was issued for other filters; send it with the same filters",
                "cursor",
            )
        return datetime.strptime(created_at, _CURSOR_TIME), customer_id
