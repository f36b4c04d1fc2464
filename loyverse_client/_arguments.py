"""Refusing a caller's argument the way a model refuses a field: a ``pydantic.ValidationError``.

Every bad input to the SDK raises ``pydantic.ValidationError`` (a ``ValueError``), whether a model
or a method argument was wrong, so one ``except`` serves both. Its title names the public call
(``customers.get``) and its location the parameter (``id``), never an internal helper.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import ConfigDict, TypeAdapter, ValidationError
from pydantic_core import InitErrorDetails

from loyverse_models._query import check_id

__all__ = ["checked", "checked_key", "refuse"]

_T = TypeVar("_T")


def refuse(parameter: str, value: object, exc: Exception, call: str = "") -> ValidationError:
    """The ``ValidationError`` for ``parameter=value`` of ``call``, which failed with ``exc``."""
    details: list[InitErrorDetails]
    if isinstance(exc, ValidationError):
        details = []
        for error in exc.errors():
            detail: dict[str, Any] = {
                "type": error["type"],
                "loc": (parameter, *error["loc"]),
                "input": error["input"],
            }
            if "ctx" in error:
                detail["ctx"] = error["ctx"]
            details.append(detail)  # type: ignore[arg-type]
    else:
        details = [
            {"type": "value_error", "loc": (parameter,), "input": value, "ctx": {"error": exc}}
        ]
    return ValidationError.from_exception_data(call or parameter, details)


_TEXT: TypeAdapter[str] = TypeAdapter(str, config=ConfigDict(defer_build=True))


def checked_key(value: object, parameter: str, noun: str, call: str = "") -> str:
    """``value`` as an object's key: a string, non-empty, one path segment, one list item."""
    try:
        return check_id(_TEXT.validate_python(value, strict=True), noun)
    except ValueError as exc:  # pydantic's ValidationError included
        raise refuse(parameter, value, exc, call) from None


def checked(adapter: TypeAdapter[_T], parameter: str, value: object, call: str = "") -> _T:
    """``value`` validated by ``adapter``, or the ``ValidationError`` naming ``parameter``."""
    try:
        return adapter.validate_python(value)
    except ValidationError as exc:
        raise refuse(parameter, value, exc, call) from None
