"""How values look on Loyverse's wire, as reusable annotated types.

Loyverse writes every time in UTC as ``YYYY-MM-DDTHH:MM:SS.mmmZ`` and every amount of money as a
JSON number. The types here read those values into ``datetime`` and ``Decimal`` and write them back
in the same form, so a model dumped to JSON is what the API itself would send, and the JSON Schema
says "date-time string" and "number" rather than whatever pydantic would pick for a ``Decimal``.

- ``Timestamp``: a timestamp the API sent. Tolerant: a timestamp without an offset is UTC, as the
  API documents for every time it writes.
- ``AwareDatetime``: a timestamp a caller gives us. Strict: a naive ``datetime`` is rejected,
  because guessing its timezone would silently move a filter by hours.
- ``Money``: a ``Decimal`` that is written as a JSON number (an integer when it has no fraction).
- ``ExactMoney``: ``Money`` that a caller writes to the API, refused when the JSON number would
  not carry it exactly.

The limit of money on the wire: this SDK writes an amount with a fraction through ``float``, as
most JSON libraries read and write numbers (whether Loyverse keeps more digits is not documented),
and a binary double keeps 15 to 17 significant decimal digits. Every amount of up to 15
significant digits (``1234567890.12345``, ``0.123456789012345``) goes through exactly; beyond
that, most are rounded (``0.12345678901234567`` would be written ``0.12345678901234566``).
Integral amounts are written as JSON integers, exactly. Reading is tolerant and has the same
limit: pydantic reads a JSON number with a fraction as a double, so a response's amount becomes
the ``Decimal`` of that double's shortest form (exact up to 15 digits), never refused; and
``model_dump_json()`` of a response model writes it back through the same ``float``. For writing,
``ExactMoney`` refuses a value that would not arrive as given, naming the field, before any
request: silently sending another number would be worse, so round it yourself.
"""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from typing import Annotated

import pydantic
from pydantic import AfterValidator, Field, PlainSerializer, WithJsonSchema

__all__ = ["AwareDatetime", "ExactMoney", "Money", "Timestamp", "format_timestamp"]


def format_timestamp(value: datetime) -> str:
    """Write an aware ``datetime`` as Loyverse does: UTC, milliseconds, ``Z``.

    Sub-millisecond digits are cut, not rounded, as the API keeps milliseconds only.
    """
    utc = value.astimezone(timezone.utc)
    return (
        f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}T"
        f"{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}.{utc.microsecond // 1000:03d}Z"
    )


def parse_timestamp(text: str) -> datetime:
    """Read back what ``format_timestamp`` wrote (``2024-03-01T09:30:00.000Z``), aware, UTC.

    >>> parse_timestamp("2024-03-01T09:30:00.123Z")
    datetime.datetime(2024, 3, 1, 9, 30, 0, 123000, tzinfo=datetime.timezone.utc)
    """
    return datetime.strptime(text, _TIMESTAMP_FORMAT)


_TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%S.%f%z"


def _write_timestamp(value: datetime) -> str:
    # The API's form; sub-millisecond digits, which no Loyverse time has, are written out rather
    # than lost, so that a model built in code comes back equal from its own JSON.
    if value.microsecond % 1000 == 0:
        return format_timestamp(value)
    return value.astimezone(timezone.utc).isoformat(timespec="microseconds").replace("+00:00", "Z")


def _assume_utc(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)


def _require_timezone(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(
            "must be timezone-aware; attach a timezone, for example "
            "datetime(2024, 1, 31, tzinfo=timezone.utc) or tzinfo=ZoneInfo('Europe/Paris')"
        )
    try:
        value.astimezone(timezone.utc)
    except OverflowError:
        raise ValueError("is out of range once converted to UTC") from None
    return value


def _money_to_json(value: Decimal) -> int | float:
    # An integral amount stays an integer (585500, not 585500.0); a fraction becomes a float, whose
    # repr is the shortest decimal that reads back the same, so 120.55 stays 120.55.
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= 0:
        return int(value)
    return float(value)


def _require_exact_json(value: Decimal) -> Decimal:
    written = _money_to_json(value)
    if Decimal(repr(written)) != value:
        raise ValueError(
            f"{value} has more significant digits than a JSON number carries exactly (up to 15 "
            f"significant digits always do); it would be sent as {written!r}: round it first"
        )
    return value


_DATE_TIME_SCHEMA = WithJsonSchema(
    {"type": "string", "format": "date-time", "examples": ["2020-03-30T18:30:00.000Z"]}
)
_WRITE_TIMESTAMP = PlainSerializer(_write_timestamp, return_type=str, when_used="json")

# An offset-carrying timestamp (every one the API documents) is validated inside pydantic-core;
# only a timestamp without an offset takes the Python path that reads it as UTC. This matters:
# a page holds a thousand timestamps, and a Python call for each one doubles the cost of parsing.
Timestamp = Annotated[
    pydantic.AwareDatetime | Annotated[datetime, AfterValidator(_assume_utc)],
    Field(union_mode="left_to_right"),
    _WRITE_TIMESTAMP,
    _DATE_TIME_SCHEMA,
]
AwareDatetime = Annotated[
    datetime, AfterValidator(_require_timezone), _WRITE_TIMESTAMP, _DATE_TIME_SCHEMA
]
Money = Annotated[
    Decimal,
    PlainSerializer(_money_to_json, return_type=int | float, when_used="json"),
    WithJsonSchema({"type": "number"}),
]
ExactMoney = Annotated[Money, AfterValidator(_require_exact_json)]
