"""The body of ``POST /customers``: parsed, type-checked and limited as Loyverse documents it.

Only the writable fields are read; read-only ones (``created_at``, ``total_spent``, ...) and unknown
ones are ignored, as a lenient server would. ``id`` is the caller's business (create or update) and
is not looked at here. Every problem of a body is reported at once, one ``errors`` entry per field.
"""

from __future__ import annotations

import json
import math
import re
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


def _reject_constant(name: str) -> Any:
    # json.loads accepts NaN and Infinity by default; JSON (and Loyverse) does not.
    raise ValueError(f"{name} is not valid JSON")


def parse_body(content_type: str | None, body: bytes) -> dict[str, Any]:
    """The JSON object of a POST, or the 415 / 400 that Loyverse answers instead."""
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if media_type != "application/json":
        raise ApiError.one(
            415,
            "UNSUPPORTED_MEDIA_TYPE",
            f"Content-Type must be application/json, got {content_type or 'none'!r}",
        )
    try:
        data = json.loads(body, parse_constant=_reject_constant)
    except (ValueError, UnicodeDecodeError):
        raise ApiError.one(400, "BAD_REQUEST", "The body is not valid JSON") from None
    if not isinstance(data, dict):
        raise ApiError.one(400, "BAD_REQUEST", "The body must be a JSON object")
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
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return Problem("INCORRECT_VALUE_TYPE", "total_points must be a number", "total_points")
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
