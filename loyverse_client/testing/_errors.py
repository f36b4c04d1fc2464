"""Loyverse's error envelope, raised inside the fake and turned into a response at its edge.

Every failure the API sends is ``{"errors": [{"code", "details", "field"?}, ...]}``; handlers raise
``ApiError`` with one or more ``Problem`` and never build that JSON themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

__all__ = ["ApiError", "Problem", "error_for_status"]

# The codes Loyverse documents per status; other statuses get their HTTP reason in the same form.
_DOCUMENTED_CODES = {
    400: "BAD_REQUEST",
    401: "UNAUTHORIZED",
    402: "PAYMENT_REQUIRED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    415: "UNSUPPORTED_MEDIA_TYPE",
    429: "RATE_LIMITED",
    500: "INTERNAL_SERVER_ERROR",
}


@dataclass(frozen=True)
class Problem:
    """One entry of the ``errors`` list."""

    code: str
    details: str
    field: str | None = None

    def to_json(self) -> dict[str, str]:
        entry = {"code": self.code, "details": self.details}
        if self.field is not None:
            entry["field"] = self.field
        return entry


class ApiError(Exception):
    """A failure the fake answers with ``status`` and Loyverse's envelope."""

    def __init__(self, status: int, *problems: Problem) -> None:
        super().__init__(status, problems)
        self.status = status
        self.problems = problems

    @classmethod
    def one(cls, status: int, code: str, details: str, field: str | None = None) -> ApiError:
        return cls(status, Problem(code, details, field))

    def body(self) -> dict[str, Any]:
        return {"errors": [problem.to_json() for problem in self.problems]}


def error_for_status(status: int) -> ApiError:
    """The error an injected fault answers with: the documented code of ``status`` if any."""
    try:
        reason = HTTPStatus(status)
    except ValueError:
        code, phrase = "ERROR", f"HTTP {status}"
    else:
        code, phrase = reason.name, reason.phrase
    return ApiError.one(status, _DOCUMENTED_CODES.get(status, code), f"{phrase} (injected fault)")
