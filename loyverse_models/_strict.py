"""``StrictModel``: the base of the models a caller writes, which no route can leave unchecked."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["StrictModel"]


class StrictModel(BaseModel):
    """A model whose every instance passed validation, copies with changes included.

    pydantic's ``model_copy(update=...)`` does not validate, so a frozen query or write model
    could otherwise be copied into one with ``limit=500`` or a naive datetime and reach Loyverse.
    """

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """Copy the model; the changed copy is validated like a new instance (same errors)."""
        if not update:
            return super().model_copy(deep=deep)
        # Only the fields that were given: an update model must still tell "None" from "absent".
        data = {name: getattr(self, name) for name in self.model_fields_set}
        return self.model_validate({**data, **update})
