"""``RawModel``: the base of every response model, which keeps the JSON it was parsed from.

Users sometimes need a field the SDK does not know yet, or want to store exactly what Loyverse sent.
``.raw`` is that JSON object, untouched:

- ``Model.model_validate(a_dict)`` keeps a reference to the dict (no copy); the models nested in
  it (a page's customers) keep their own sub-objects.
- ``Model.model_validate_json(body)`` validates the bytes in one pass inside pydantic-core and
  keeps them; they are parsed into ``.raw`` only if and when ``.raw`` is first read. A walk through
  thousands of customers that never looks at ``.raw`` never pays for it.
- A model built in code, or validated inside another model of yours, has no source of its own:
  its ``.raw`` is its JSON dump, which has the same shape.

``.raw`` is bookkeeping, not data: two models with the same fields are equal whatever their source.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ConfigDict, PrivateAttr

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["RawModel"]


class _JSONText:
    """JSON text, parsed at most once, on demand."""

    __slots__ = ("_parsed", "_text")

    def __init__(self, text: str | bytes | bytearray) -> None:
        self._text: str | bytes | bytearray | None = text
        self._parsed: Any = None

    def parsed(self) -> Any:
        if self._text is not None:
            self._parsed = json.loads(self._text)
            self._text = None  # the parsed value replaces the text
        return self._parsed


_Path = tuple[str | int, ...]
# Where .raw comes from: the object itself, or JSON text and the path to the object inside it.
_Source = dict[str, Any] | tuple[_JSONText, _Path]


class RawModel(BaseModel):
    """A frozen response model that remembers its source JSON in ``.raw``."""

    # Tolerant reader: fields the SDK does not know are kept, on the model and in .raw.
    model_config = ConfigDict(extra="allow", frozen=True)

    _raw_children: ClassVar[tuple[str, ...]] = ()
    """Fields holding lists of ``RawModel``s, whose ``.raw`` are sub-objects of this one's."""

    _source: _Source | None = PrivateAttr(default=None)

    @classmethod
    def model_validate(cls, obj: Any, *args: Any, **kwargs: Any) -> Self:
        """Validate a dict (or model); a dict becomes ``.raw``, by reference."""
        model = super().model_validate(obj, *args, **kwargs)
        if isinstance(obj, dict) and model is not obj:
            model._attach(obj)
        return model

    @classmethod
    def model_validate_json(
        cls, json_data: str | bytes | bytearray, *args: Any, **kwargs: Any
    ) -> Self:
        """Validate JSON text in one pass; ``.raw`` is parsed from the same text when first read."""
        model = super().model_validate_json(json_data, *args, **kwargs)
        model._attach((_JSONText(json_data), ()))
        return model

    def _attach(self, source: _Source) -> None:
        # Straight into pydantic's private store: this runs once per parsed object.
        self.__pydantic_private__["_source"] = source  # type: ignore[index]
        for name in self._raw_children:
            children: list[RawModel] = getattr(self, name)
            if isinstance(source, dict):
                for child, child_source in zip(children, source[name], strict=True):
                    child._attach(child_source)
            else:
                text, path = source
                for index, child in enumerate(children):
                    child._attach((text, (*path, name, index)))

    @property
    def raw(self) -> dict[str, Any]:
        """The JSON object exactly as received, or the model's JSON dump if it was built in code."""
        source = self._source
        if source is None:
            return self.model_dump(mode="json")
        if isinstance(source, dict):
            return source
        text, path = source
        value = text.parsed()
        for key in path:
            value = value[key]
        self.__pydantic_private__["_source"] = value  # type: ignore[index]
        return value  # type: ignore[no-any-return]

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
            copied._source = None
        return copied
