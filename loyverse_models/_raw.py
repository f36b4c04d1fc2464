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

Tolerant reader: a field that has a default (``total_points`` is 0, ``color`` is ``GREY``, a list
is empty) reads a JSON ``null`` as that default, since Loyverse sends unset fields as ``null``
where its document promises a value. ``.raw`` still holds the ``null``. Fields whose default is
``None`` are optional and keep ``None``.

``.raw`` is bookkeeping, not data: two models with the same fields are equal whatever their source.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import pydantic_core
from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler
from pydantic_core import core_schema

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
        text = self._text  # read once: another thread may be replacing it
        if text is not None:
            self._parsed = pydantic_core.from_json(text)
            self._text = None  # the parsed value replaces the text
        return self._parsed


_Path = tuple[str | int, ...]
# Where .raw comes from: the object itself, or JSON text and the path to the object inside it.
_Source = dict[str, Any] | tuple[_JSONText, _Path]


_NULL_IS_DEFAULT = "loyverse-null-is-default"


def _constant(value: Any) -> Callable[[Any], Any]:
    return lambda _null: value


def _call(factory: Callable[[], Any]) -> Callable[[Any], Any]:
    return lambda _null: factory()


def _null_is_default(schema: core_schema.CoreSchema) -> None:
    """Let every field with a non-``None`` default read ``null`` as that default, in place.

    The field's own validation runs first, inside pydantic-core; only a ``null`` reaches the small
    Python function, so a page without nulls pays nothing for the rule.
    """
    while schema["type"] == "definitions":
        schema = schema["schema"]
    if schema["type"] != "model" or schema["schema"]["type"] != "model-fields":
        return
    for field in schema["schema"]["fields"].values():
        inner = field["schema"]
        if inner["type"] != "default" or inner["schema"]["type"] == "nullable":
            continue
        if inner.get("metadata", {}).get(_NULL_IS_DEFAULT):
            continue
        if "default_factory" in inner:
            fallback = core_schema.no_info_plain_validator_function(_call(inner["default_factory"]))
        elif inner.get("default") is not None:
            fallback = core_schema.no_info_plain_validator_function(_constant(inner["default"]))
        else:
            continue
        inner["schema"] = core_schema.union_schema(
            [inner["schema"], core_schema.chain_schema([core_schema.none_schema(), fallback])],
            mode="left_to_right",
        )
        inner["metadata"] = {**inner.get("metadata", {}), _NULL_IS_DEFAULT: True}


def _is_json_source(value: object) -> bool:
    if isinstance(value, list):
        return all(isinstance(item, dict) for item in value)
    return value is None or isinstance(value, dict)


def _sub(source: tuple[_JSONText, _Path], name: str) -> _Source:
    text, path = source
    return (text, (*path, name))


def _attach_children_when_read(self: RawModel, name: str) -> Any:
    """``__getattribute__`` of models with nested models: reading a field that holds them gives
    them their ``.raw`` sources first, once."""
    get = object.__getattribute__
    if name in get(self, "_raw_children"):
        try:
            pending = get(self, "_children_from")
        except AttributeError:  # built in code: nothing to attach
            pending = None
        if pending is not None:
            get(self, "_attach_children")()
    return get(self, name)


class RawModel(BaseModel):
    """A frozen response model that remembers its source JSON in ``.raw``."""

    # Tolerant reader: fields the SDK does not know are kept, on the model and in .raw.
    model_config = ConfigDict(extra="allow", frozen=True, defer_build=True)

    _raw_children: ClassVar[tuple[str, ...]] = ()
    """Fields holding a ``RawModel`` or a list of them (``None`` allowed), whose ``.raw`` are
    sub-objects of this one's."""

    # A plain slot, not a pydantic private attribute: pydantic would set up its private store for
    # every parsed object (most of the cost of parsing a page) and route each read of it through
    # __getattr__. Unset means "built in code".
    __slots__ = ("_children_from", "_source")
    if TYPE_CHECKING:  # declared for type checkers only: pydantic must not see a private field
        _source: _Source | None
        _children_from: _Source | None

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        if cls._raw_children and "__getattribute__" not in vars(cls):
            # Only models with nested models pay for the hook; a Customer reads its fields as fast
            # as any pydantic model.
            cls.__getattribute__ = _attach_children_when_read  # type: ignore[method-assign, assignment]

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[BaseModel], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        schema = handler(source)
        _null_is_default(schema)
        return schema

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

    def _attach(self, source: _Source | None) -> None:
        if isinstance(source, dict) and not all(
            _is_json_source(source.get(name)) for name in self._raw_children
        ):
            source = None  # built from model objects, not JSON: .raw is the dump
        object.__setattr__(self, "_source", source)  # frozen models, and once per parsed object
        if self._raw_children:
            # The nested models get theirs when the field holding them is first read: a page of
            # receipts is thousands of lines, taxes and modifiers that a caller may never touch.
            object.__setattr__(self, "_children_from", source)

    def _attach_children(self) -> None:
        source = object.__getattribute__(self, "_children_from")
        object.__setattr__(self, "_children_from", None)
        if source is None:
            return
        for name in self._raw_children:
            value: RawModel | list[RawModel] | None = object.__getattribute__(self, name)
            if value is None:
                continue
            if isinstance(value, RawModel):
                value._attach(source.get(name) if isinstance(source, dict) else _sub(source, name))
                continue
            if isinstance(source, dict):
                sources: Iterable[_Source] = source.get(name) or ()
            else:
                text, path = source
                sources = ((text, (*path, name, index)) for index in range(len(value)))
            if value and value[0]._raw_children:
                for child, child_source in zip(value, sources, strict=True):
                    child._attach(child_source)
            else:  # leaves, such as a page's customers: the hot loop of parsing a page
                for child, child_source in zip(value, sources, strict=True):
                    object.__setattr__(child, "_source", child_source)

    @property
    def raw(self) -> dict[str, Any]:
        """The JSON object exactly as received, or the model's JSON dump if it was built in code."""
        source = getattr(self, "_source", None)
        if source is None:
            return self.model_dump(mode="json")
        if isinstance(source, dict):
            return source
        text, path = source
        value = text.parsed()
        for key in path:
            value = value[key]
        object.__setattr__(self, "_source", value)
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
        if not update and getattr(self, "_source", None) is not None:
            copied._attach(copy.deepcopy(self.raw) if deep else self.raw)
        return copied

    def __getstate__(self) -> dict[Any, Any]:
        return {**super().__getstate__(), "_source": getattr(self, "_source", None)}

    def __setstate__(self, state: dict[Any, Any]) -> None:
        source = state.pop("_source", None)
        super().__setstate__(state)
        self._attach(source)
