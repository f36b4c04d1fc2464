"""The body of ``POST /customers``: parsed, type-checked and limited as Loyverse documents it.

Only the writable fields are read; read-only ones (``created_at``, ``total_spent``, ...) and unknown
ones are ignored, as a lenient server would. ``id`` is the caller's business (create or update) and
is not looked at here. Every problem of a body is reported at once, one ``errors`` entry per field.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Mapping
from typing import Any

from ._errors import ApiError, Problem

__all__ = ["WRITABLE_TEXT_LIMITS", "parse_body", "writable_changes"]

WRITABLE_TEXT_LIMITS = {
    "name": 64,
    "email": 100,
    "phone_number": 15,
    "address": 192,
    "city": 64,
    "region": 64,
    "postal_code": 20,
    "country_code": 2,
    "customer_code": 40,
    "note": 255,
}
"""Writable text fields and their documented maximum length, in characters."""

_COUNTRY_CODE = re.compile(r"[A-Z]{2}")


_MAX_NUMBER = sys.float_info.max
"""The largest magnitude a JSON number may have: what a double holds; beyond is out of range."""
_MAX_INTEGER_DIGITS = len(str(int(_MAX_NUMBER)))
"""An integer with more digits than this is out of range whatever they are."""


def _reject_constant(name: str) -> Any:
    # json.loads accepts NaN and Infinity by default; JSON (and Loyverse) does not.
    raise ValueError(f"{name} is not valid JSON")


def _parse_int(text: str) -> int | float:
    # Python refuses to read an integer of thousands of digits (ValueError), and reading one of
    # hundreds only to compare it is wasted work: any integer this long is out of range, so it
    # becomes an infinity of its sign, which the field's check answers like 1e400.
    if len(text.lstrip("-")) > _MAX_INTEGER_DIGITS:
        return float("-inf") if text.startswith("-") else float("inf")
    return int(text)


def _has_lone_surrogate(data: object) -> bool:
    # JSON may escape half of a surrogate pair ("\ud800"), and json.loads lets raw ones through
    # too; such a string is not Unicode text and could be neither stored nor sent back. Iterative,
    # since the body may be nested as deeply as the parser allowed.
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            pending.extend(item)
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


def parse_body(content_type: str | None, body: bytes) -> dict[str, Any]:
    """The JSON object of a POST, or the 415 / 400 that Loyverse answers instead.

    No body makes an exception escape: invalid JSON, ``NaN``/``Infinity``, text that is not
    Unicode and nesting too deep for the parser are ``400 BAD_REQUEST``. A number too large for a
    double (``1e400``, an integer of 400 digits) is read as an infinity of its sign, which the
    check of the field it is given for refuses (``400 INVALID_VALUE`` for ``total_points``).
    """
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if media_type != "application/json":
        raise ApiError.one(
            415,
            "UNSUPPORTED_MEDIA_TYPE",
            f"Content-Type must be application/json, got {content_type or 'none'!r}",
        )
    try:
        data = json.loads(body, parse_constant=_reject_constant, parse_int=_parse_int)
    except ValueError:  # UnicodeDecodeError and JSONDecodeError included
        raise ApiError.one(400, "BAD_REQUEST", "The body is not valid JSON") from None
    except RecursionError:
        raise ApiError.one(400, "BAD_REQUEST", "The body is nested too deeply") from None
    if not isinstance(data, dict):
        raise ApiError.one(400, "BAD_REQUEST", "The body must be a JSON object")
    if _has_lone_surrogate(data):
        raise ApiError.one(
            400, "BAD_REQUEST", "The body is not valid JSON: a string holds a lone surrogate"
        )
    return data


def _check_text(field: str, value: object, *, creating: bool) -> Problem | None:
    if field == "name" and value is None:
        action = "creating" if creating else "updating"
        return Problem("MISSING_REQUIRED_PARAMETER", f"name is required when {action}", field)
    if value is None:
        return None
    if not isinstance(value, str):
        return Problem("INCORRECT_VALUE_TYPE", f"{field} must be a string or null", field)
    if field == "name" and not value:
        return Problem("INVALID_VALUE", "name must not be empty", field)
    if field == "country_code":
        if not _COUNTRY_CODE.fullmatch(value):
            return Problem(
                "INVALID_VALUE", "country_code must be an ISO 3166-1 alpha-2 code", field
            )
        return None
    limit = WRITABLE_TEXT_LIMITS[field]
    if len(value) > limit:
        return Problem("INVALID_VALUE", f"{field} must be at most {limit} characters", field)
    return None


def _check_points(value: object) -> Problem | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return Problem("INCORRECT_VALUE_TYPE", "total_points must be a number", "total_points")
    # Compared, not converted: an int against a float is exact, and NaN fails both comparisons.
    if not -_MAX_NUMBER <= value <= _MAX_NUMBER:
        return Problem(
            "INVALID_VALUE", "total_points must be a finite number in range", "total_points"
        )
    return None


def writable_changes(body: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    """The writable fields present in ``body``, validated; ``ApiError`` lists every problem.

    ``name`` must be present on create; on update an omitted ``name`` is kept, but it can never be
    set to ``null`` or ``""``. Other text fields accept ``null``, which clears them.
    """
    changes: dict[str, Any] = {}
    problems: list[Problem] = []
    if creating and "name" not in body:
        problems.append(
            Problem("MISSING_REQUIRED_PARAMETER", "name is required when creating", "name")
        )
    for field in WRITABLE_TEXT_LIMITS:
        if field in body:
            problem = _check_text(field, body[field], creating=creating)
            if problem is None:
                changes[field] = body[field]
            else:
                problems.append(problem)
    if "total_points" in body:
        problem = _check_points(body["total_points"])
        if problem is None:
            changes["total_points"] = body["total_points"]
        else:
            problems.append(problem)
    if problems:
        raise ApiError(400, *problems)
    return changes
