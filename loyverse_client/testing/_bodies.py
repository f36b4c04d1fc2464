"""The bodies of the catalogue's ``POST``s (items, variants, categories, modifiers, discounts,
taxes, suppliers, POS devices): which fields each takes and what each may hold.

What every resource shares is read from the response model its declaration names: a body's
fields are the model's, less the key and what the server sets (``SERVER_FIELDS``); a field's JSON
type, whether it may be ``null`` and its enum values come from its annotation; the fields a create
must give are the model's required ones; an array of objects is read with the nested model's shape.
What only the contract's text says is data here: ``LIMITS`` (lengths, ranges, decimals, a narrower
enum, a pattern), ``OPTIONAL``/``REQUIRED`` (where the contract's required fields differ from the
model's), ``NESTED_KEYS`` (the key of a nested object that is updated in place) and
``SERVER_DEFAULTS`` (a read-only field's value on create).

Every problem of a body is reported at once, one ``errors`` entry per field, whose ``field`` is a
path rooted at ``object`` (``object.variants[0].sku``): ``MISSING_REQUIRED_PARAMETER`` for a
required field that a create leaves out or that is ``null`` (or, for an array, empty);
``INCORRECT_VALUE_TYPE`` for a wrong JSON type, ``null`` included where the field is never null;
``INVALID_VALUE`` for a value outside its limits. Unknown and read-only fields are ignored, as
Loyverse ignores them. Numbers are never negative unless their limit says so.
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from functools import cache
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from ._errors import Problem
from ._receipt_math import decimal

__all__ = ["LIMITS", "ROOT", "SERVER_FIELDS", "Limit", "Shape", "Spec"]

JSON = dict[str, Any]
ROOT = "object"
"""The root of every ``field`` path, as Loyverse writes it."""

SERVER_FIELDS = frozenset(
    {"created_at", "updated_at", "deleted_at", "handle", "image_url", "activated"}
)
"""Fields only the server sets (``RO`` in the contract): a body's value is ignored."""
_STAMPS = ("created_at", "updated_at")
_MOST_NUMBER = Decimal("1e15")
"""Beyond this, a JSON number no longer holds cents exactly: the ceiling of undocumented ranges."""
MOST_STOCK = Decimal("9999999.999")


@dataclass(frozen=True)
class Limit:
    """What the contract allows a field beyond its type."""

    shortest: int = 0
    longest: int | None = None
    least: Decimal = Decimal(0)
    most: Decimal = _MOST_NUMBER
    places: int | None = None
    values: tuple[str, ...] | None = None
    """The enum values accepted, where fewer than the model's (categories have no ``YELLOW``)."""
    pattern: str | None = None


def _text(shortest: int, longest: int | None = None) -> Limit:
    return Limit(shortest=shortest, longest=longest)


def _range(least: str, most: str, places: int | None = None) -> Limit:
    return Limit(least=Decimal(least), most=Decimal(most), places=places)


_OPTION_VALUE = _text(1, 20)
_STOCK = _range("0", str(MOST_STOCK), places=3)
LIMITS: dict[str, Limit] = {
    "Item.item_name": _text(1, 64),
    "Item.description": _text(1, 32768),
    "Item.reference_id": _text(0, 128),
    "Item.option1_name": _text(1),
    "Item.option2_name": _text(1),
    "Item.option3_name": _text(1),
    "Component.quantity": _range("0.001", "999999.999", places=3),
    "Variant.sku": _text(1, 40),
    "Variant.reference_variant_id": _text(0, 128),
    "Variant.option1_value": _OPTION_VALUE,
    "Variant.option2_value": _OPTION_VALUE,
    "Variant.option3_value": _OPTION_VALUE,
    "Variant.barcode": _text(1, 128),
    "VariantStore.optimal_stock": _STOCK,
    "VariantStore.low_stock": _STOCK,
    "Category.name": _text(1, 64),
    "Category.color": Limit(values=("GREY", "RED", "PINK", "ORANGE", "GREEN", "BLUE", "PURPLE")),
    "Modifier.name": _text(1, 40),
    "Discount.name": _text(1, 40),
    "Discount.discount_amount": _range("0.01", "999999.99"),
    "Discount.discount_percent": _range("0.01", "100"),
    "Tax.rate": _range("0", "100"),
    "Supplier.name": _text(1, 64),
    "Supplier.contact": _text(1, 64),
    "Supplier.email": _text(1, 100),
    "Supplier.phone_number": _text(1, 15),
    "Supplier.address_1": _text(0, 192),
    "Supplier.address_2": _text(0, 192),
    "Supplier.city": _text(0, 64),
    "Supplier.region": _text(0, 64),
    "Supplier.postal_code": _text(0, 20),
    "Supplier.country_code": Limit(pattern="[A-Z]{2}"),
    "Supplier.note": _text(0, 500),
}
"""The contract's limits, by ``Model.field``; a field not named here has only its type's."""
OPTIONAL = frozenset({"Variant.item_id"})
"""Required by the model, not by every body: a variant inside an item has no ``item_id`` (the
variants' own rules require it on ``POST /variants``)."""
REQUIRED = frozenset({"Modifier.modifier_options"})
"""Required by the contract though the model has a default."""
NESTED_KEYS = {"Variant": "variant_id", "ModifierOption": "id"}
"""The key of a nested object: an entry that gives it updates that object, one without adds."""
SERVER_DEFAULTS: dict[str, JSON] = {"PosDevice": {"activated": False}}
"""Read-only fields the model requires, as a create sets them."""

_KINDS: dict[Any, str] = {str: "string", bool: "boolean", int: "integer", Decimal: "number"}
_WORDS = {
    "string": "a string",
    "boolean": "true or false",
    "integer": "an integer",
    "number": "a number",
    "enum": "a string",
    "strings": "an array of strings",
    "objects": "an array of objects",
}
_BAD = object()


def _flat(annotation: Any) -> list[Any]:
    """The types of an annotation, unions flattened and ``Annotated`` unwrapped."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (Union, UnionType):
        return [part for arg in get_args(annotation) for part in _flat(arg)]
    return [annotation]


@dataclass(frozen=True)
class Spec:
    """One field of a body: its JSON type, whether ``null`` clears it, whether a create needs it."""

    name: str
    kind: str
    nullable: bool = False
    required: bool = False
    limit: Limit = Limit()
    values: tuple[str, ...] = ()
    nested: type[BaseModel] | None = None

    @classmethod
    def of(cls, model: type[BaseModel], name: str, annotation: Any, required: bool) -> Spec:
        types = _flat(annotation)
        nullable = type(None) in types
        types = [part for part in types if part is not type(None)]
        limit = LIMITS.get(f"{model.__name__}.{name}", Limit())
        enum = next((t for t in types if isinstance(t, type) and issubclass(t, Enum)), None)
        if enum is not None:
            values = limit.values or tuple(str(member.value) for member in enum)
            return cls(name, "enum", nullable, required, limit, values)
        (only,) = types
        if get_origin(only) is list:
            (inner,) = _flat(get_args(only)[0])
            kind, nested = ("strings", None) if inner is str else ("objects", inner)
            return cls(name, kind, nullable, required, limit, nested=nested)
        return cls(name, _KINDS[only], nullable, required, limit)

    def read(self, value: Any, path: str, problems: list[Problem]) -> Any:
        """The value if it is acceptable, else ``_BAD`` with its problem noted."""
        if value is None:
            if self.required:
                problems.append(
                    Problem("MISSING_REQUIRED_PARAMETER", f"{self.name} is required", path)
                )
                return _BAD
            if self.nullable:
                return None
        problem = self._problem(value)
        if problem is not None:
            problems.append(Problem(problem[0], problem[1], path))
            return _BAD
        if self.nested is not None:
            return Shape.of(self.nested).read_all(value, path, problems)
        return value

    def _problem(self, value: Any) -> tuple[str, str] | None:
        name, limit = self.name, self.limit
        wrong = ("INCORRECT_VALUE_TYPE", f"{name} must be {_WORDS[self.kind]}")
        if self.kind in ("string", "enum"):
            if not isinstance(value, str):
                return wrong
            if self.kind == "enum" and value not in self.values:
                return "INVALID_VALUE", f"{name} must be one of {', '.join(self.values)}"
            return _text_problem(name, value, limit, required=self.required)
        if self.kind == "boolean":
            return None if isinstance(value, bool) else wrong
        if self.kind == "integer":
            return None if isinstance(value, int) and not isinstance(value, bool) else wrong
        if self.kind == "number":
            if isinstance(value, bool) or not isinstance(value, int | float):
                return wrong
            return _number_problem(name, value, limit)
        if not isinstance(value, list):
            return wrong
        if not all(isinstance(entry, str if self.kind == "strings" else dict) for entry in value):
            return wrong
        if self.required and not value:
            return "MISSING_REQUIRED_PARAMETER", f"{name} needs at least one entry"
        return None


def _text_problem(name: str, value: str, limit: Limit, *, required: bool) -> tuple[str, str] | None:
    shortest = max(limit.shortest, 1 if required else 0)
    if limit.pattern is not None and not re.fullmatch(limit.pattern, value):
        return "INVALID_VALUE", f"{name} must match {limit.pattern}"
    if len(value) < shortest:
        return "INVALID_VALUE", f"{name} must not be empty"
    if limit.longest is not None and len(value) > limit.longest:
        return "INVALID_VALUE", f"{name} must be at most {limit.longest} characters"
    return None


def _number_problem(name: str, value: float, limit: Limit) -> tuple[str, str] | None:
    if not math.isfinite(value) or not limit.least <= decimal(value) <= limit.most:
        return "INVALID_VALUE", f"{name} must be a number from {limit.least} to {limit.most}"
    number = decimal(value)
    if limit.places is not None and number != round(number, limit.places):
        return "INVALID_VALUE", f"{name} has more than {limit.places} decimal places"
    return None


@dataclass(frozen=True)
class Shape:
    """The body of one model: its writable fields, its key, and what a new object gets."""

    name: str
    specs: tuple[Spec, ...]
    key: str | None = None
    fields: tuple[tuple[str, Any], ...] = ()
    """Every field of the model in order, with its JSON default (``None`` if it has none)."""
    server_defaults: JSON = field(default_factory=dict)

    @classmethod
    @cache
    def of(cls, model: type[BaseModel], key: str | None = None) -> Shape:
        """The shape of ``model``'s bodies; ``key`` is the top-level key, else ``NESTED_KEYS``."""
        key = key or NESTED_KEYS.get(model.__name__)
        specs, fields = [], []
        for name, info in model.model_fields.items():
            default = None if info.is_required() else info.get_default(call_default_factory=True)
            fields.append((name, _jsonable(default)))
            if name == key or name in SERVER_FIELDS:
                continue
            qualified = f"{model.__name__}.{name}"
            required = (info.is_required() and qualified not in OPTIONAL) or qualified in REQUIRED
            specs.append(Spec.of(model, name, info.annotation, required))
        return cls(
            model.__name__,
            tuple(specs),
            key,
            tuple(fields),
            SERVER_DEFAULTS.get(model.__name__, {}),
        )

    def read(
        self, body: Mapping[str, Any], path: str, *, creating: bool, problems: list[Problem]
    ) -> JSON:
        """The acceptable fields ``body`` gives (nested arrays read entry by entry), its problems
        noted; on create, the required fields it lacks are problems too."""
        changes: JSON = {}
        for spec in self.specs:
            at = f"{path}.{spec.name}"
            if spec.name not in body:
                if creating and spec.required:
                    problems.append(
                        Problem("MISSING_REQUIRED_PARAMETER", f"{spec.name} is required", at)
                    )
                continue
            value = spec.read(body[spec.name], at, problems)
            if value is not _BAD:
                changes[spec.name] = value
        return changes

    def read_all(self, entries: list[JSON], path: str, problems: list[Problem]) -> list[JSON]:
        """Each entry of an array of these objects; an entry with the key updates that object
        (its omitted fields are kept), one without is new (and needs the required fields)."""
        read = []
        for index, entry in enumerate(entries):
            at = f"{path}[{index}]"
            key = entry.get(self.key) if self.key else None
            if key is not None and not isinstance(key, str):
                problems.append(
                    Problem(
                        "INCORRECT_VALUE_TYPE", f"{self.key} must be a string", f"{at}.{self.key}"
                    )
                )
                continue
            fields = self.read(entry, at, creating=key is None, problems=problems)
            if key is not None and self.key is not None:
                fields = {self.key: key, **fields}
            read.append(fields)
        return read

    def settle(self, given: Mapping[str, Any], now: str) -> JSON:
        """``given`` with each array of objects it holds made of new, complete objects (the
        arrays inside a nested object, a variant's ``stores``, are replaced as a whole)."""
        settled = dict(given)
        for spec in self.specs:
            if spec.nested is not None and isinstance(given.get(spec.name), list):
                shape = Shape.of(spec.nested)
                settled[spec.name] = [shape.new(entry, now) for entry in given[spec.name]]
        return settled

    def new(self, given: Mapping[str, Any], now: str) -> JSON:
        """A new nested object: every field in order, ``given`` over the defaults, a new key, the
        creation and update times ``now``."""
        given = self.settle(given, now)
        made = {}
        for name, default in self.fields:
            if name in given:
                made[name] = given[name]
            elif name == self.key:
                made[name] = str(uuid.uuid4())
            elif name in _STAMPS:
                made[name] = now
            else:
                made[name] = self.server_defaults.get(name, default)
        return made

    def merge(
        self,
        old: list[JSON],
        entries: list[JSON],
        path: str,
        now: str,
        problems: list[Problem],
    ) -> list[JSON]:
        """The array after an update: entries with a key update the old object they name (which
        must be there, once), entries without are new; old objects no entry names are dropped."""
        if self.key is None:
            return [self.new(entry, now) for entry in entries]
        by_key = {obj.get(self.key): obj for obj in old}
        merged, seen = [], set()
        stamp = {"updated_at": now} if any(name == "updated_at" for name, _ in self.fields) else {}
        for index, entry in enumerate(entries):
            key = entry.get(self.key)
            if key is None:
                merged.append(self.new(entry, now))
            elif key in seen or key not in by_key:
                problems.append(
                    Problem(
                        "INVALID_VALUE",
                        f"{key} is not one of this object's {self.key}s (or is given twice)",
                        f"{path}[{index}].{self.key}",
                    )
                )
            else:
                seen.add(key)
                merged.append({**by_key[key], **self.settle(entry, now), **stamp})
        return merged


def _jsonable(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value
