"""``RawModel``: the base of every response model, which keeps the JSON it was parsed from.

Users sometimes need a field the SDK does not know yet, or want to store exactly what Loyverse sent.
``.raw`` is that JSON object, untouched: parsing a dict keeps a reference to it (no copy), and a
model nested in another keeps its own sub-object. A model built in code has no such source, so its
``.raw`` is its JSON dump, which has the same shape.

``.raw`` is bookkeeping, not data: two models with the same fields are equal whatever their source.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    PrivateAttr,
    ValidatorFunctionWrapHandler,
    model_validator,
)

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["RawModel"]


class RawModel(BaseModel):
    """A frozen response model that remembers its source JSON in ``.raw``."""

    # Tolerant reader: fields the SDK does not know are kept, on the model and in .raw.
    model_config = ConfigDict(extra="allow", frozen=True)

    _raw: dict[str, Any] | None = PrivateAttr(default=None)

    def __init__(self, /, **data: Any) -> None:
        super().__init__(**data)
        self._raw = None  # built in code: .raw is the JSON dump

    @model_validator(mode="wrap")
    @classmethod
    def _remember_source(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        model = handler(data)
        if isinstance(data, dict) and isinstance(model, RawModel):
            model._raw = data
        return model

    @property
    def raw(self) -> dict[str, Any]:
        """The JSON object exactly as received, or the model's JSON dump if it was built in code."""
        if self._raw is not None:
            return self._raw
        return self.model_dump(mode="json")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BaseModel):
            return NotImplemented
        return (
            type(self) is type(other)
            and self.__dict__ == other.__dict__
            and self.__pydantic_extra__ == other.__pydantic_extra__
        )

    __hash__ = None  # type: ignore[assignment]  # frozen, but fields such as lists do not hash

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """Copy the model; a copy with changed fields no longer has the source JSON as ``.raw``."""
        copied = super().model_copy(update=update, deep=deep)
        if update:
            copied._raw = None
        return copied
