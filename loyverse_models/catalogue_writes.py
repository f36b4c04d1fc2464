"""What a caller may write to the catalogue and its stock.

Loyverse has one ``POST`` per resource that creates (no key in the body) or updates (with the key):
items, variants, categories, modifiers, discounts, taxes, suppliers and POS devices; and one
``POST /inventory`` that sets stock levels. Each resource has a ``...Create`` model (the new record:
its required fields, and any others) and a ``...Update`` model (the changes only: a field left out
keeps its value, ``None`` clears it, at least one field is given); the client's ``update(id,
changes)`` reads the record, merges the changes and sends the complete writable record with its
key. Both models of a resource share one declaration of its fields and limits.

Every model refuses, before any request exists, naming the field (and, inside a list, its place:
``variants.1.option1_value``):

- a value outside Loyverse's documented limits (lengths, ranges, enums), an amount a JSON number
  would round (see ``loyverse_models._wire``), an empty string where the minimum length is 1;
- the fields Loyverse sets itself (``id``, ``handle``, ``image_url``, ``created_at``, ``activated``
  ...), each with the reason and what to do instead, and unknown fields (Loyverse silently ignores
  them: ``modifiers_ids``, the OpenAPI document's spelling, is one);
- ``None`` for a field every record has (``item_name``, ``form``, ``track_stock``...): it cannot be
  cleared, only changed; and an update that changes nothing;
- rules across fields, where the model carries what they need (a field an update leaves out is
  unknown to it, so a rule that needs it is checked once the client has merged the record):

  - items: each variant gives the ``optionN_value`` of every option axis the item names
    (``optionN_name``) and none for an axis it does not name; an item without option names has a
    single variant; a new item with option names gives its variants; ``variants`` is never empty;
    a new item's variants are new (no ``variant_id``); a variant or a component is listed once;
    ``components`` and ``use_production`` belong to a composite item (``is_composite=True``);
  - variants: a store price with ``VARIABLE`` pricing (Loyverse keeps no price then), a ``FIXED``
    price with nothing to sell at (no ``default_price`` and no price in the store); a new
    standalone variant gives at least one option value (Loyverse refuses a variant on an item
    without option names, and one without the value of an axis);
  - modifiers: at least one option; a new modifier's options are new; an option listed once;
  - discounts: ``discount_amount`` for ``FIXED_AMOUNT`` only and required by it,
    ``discount_percent`` for ``FIXED_PERCENT`` only and required by it;
  - categories: no ``YELLOW`` (items have it, categories do not);
  - every list of ids names each id once.

Not checked, because the contract does not say or a model cannot know: whether ids exist, whether
SKUs are unique, whether two variants carry the same option values, whether option axes may be
added to an item that already has variants (Loyverse refuses that; the model cannot see the item),
and the batch size of ``POST /inventory`` (the client splits batches).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    ValidationError,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import InitErrorDetails, PydanticCustomError, PydanticKnownError, core_schema
from pydantic_core.core_schema import ErrorType
from typing_extensions import Self

from ._query import ObjectId
from ._strict import StrictModel
from ._wire import ExactMoney
from .customer_writes import (
    _Address,
    _check_not_blank,
    _City,
    _Country,
    _Email,
    _Name,
    _PostalCode,
    _Region,
)
from .discounts import DiscountType
from .items import Color, ItemForm
from .taxes import TaxType
from .variants import PricingType

__all__ = [
    "CategoryCreate",
    "CategoryUpdate",
    "ComponentWrite",
    "DiscountCreate",
    "DiscountUpdate",
    "InventoryChange",
    "ItemCreate",
    "ItemUpdate",
    "ItemVariantWrite",
    "ModifierCreate",
    "ModifierOptionWrite",
    "ModifierUpdate",
    "PosDeviceCreate",
    "PosDeviceUpdate",
    "SupplierCreate",
    "SupplierUpdate",
    "TaxCreate",
    "TaxUpdate",
    "VariantCreate",
    "VariantStoreWrite",
    "VariantUpdate",
]


# --- Loyverse's documented limits, declared once for a create and its update ----------------------
def _check_unique(ids: list[str]) -> list[str]:
    seen: set[str] = set()
    for index, value in enumerate(ids):
        if value in seen:
            raise ValueError(f"{value} is listed twice (at {index}): give each id once")
        seen.add(value)
    return ids


def _check_category_color(color: Color) -> Color:
    if color is Color.YELLOW:
        raise ValueError(
            "YELLOW is an item colour that Loyverse does not document for categories: "
            "choose GREY, RED, PINK, ORANGE, GREEN, BLUE or PURPLE"
        )
    return color


@dataclass(frozen=True)
class _Range:
    """The bounds of an amount, declared once: checked (the message says 9999999.999, where a
    ``Field`` bound would say ``Decimal('9999999.999')``) and written into the JSON Schema."""

    ge: str | None = None
    gt: str | None = None
    le: str | None = None
    lt: str | None = None

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self._check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        written = dict(handler(schema))
        for bound, key, _, _ in _BOUNDS:
            value = getattr(self, bound)
            if value is not None:
                number = Decimal(value)
                written[key] = (
                    int(number) if number == number.to_integral_value() else float(number)
                )
        return written

    def _check(self, value: Decimal) -> Decimal:
        for bound, _, holds, error in _BOUNDS:
            limit = getattr(self, bound)
            if limit is not None and not holds(value, Decimal(limit)):
                raise PydanticKnownError(error, {bound: limit})
        return value


_BOUNDS: tuple[tuple[str, str, Callable[[Decimal, Decimal], bool], ErrorType], ...] = (
    ("ge", "minimum", operator.ge, "greater_than_equal"),
    ("gt", "exclusiveMinimum", operator.gt, "greater_than"),
    ("le", "maximum", operator.le, "less_than_equal"),
    ("lt", "exclusiveMaximum", operator.lt, "less_than"),
)
"""Each bound: its name in ``Field``, in JSON Schema, its test, and pydantic's error for it."""
_MAX_STOCK = "9999999.999"

_Text = Annotated[str, Field(min_length=1), AfterValidator(_check_not_blank)]
"""A name with no documented length limit (taxes, POS devices, modifier options, option axes)."""
_ShortName = Annotated[str, Field(min_length=1, max_length=40), AfterValidator(_check_not_blank)]
"""A modifier's or a discount's name: 1..40."""
_Description = Annotated[str, Field(min_length=1, max_length=32768)]
_Reference = Annotated[str, Field(max_length=128)]
_OptionValue = Annotated[str, Field(min_length=1, max_length=20)]
_Sku = Annotated[str, Field(min_length=1, max_length=40)]
_Barcode = Annotated[str, Field(min_length=1, max_length=128)]
_Contact = Annotated[str, Field(min_length=1, max_length=64)]
_SupplierPhone = Annotated[str, Field(min_length=1, max_length=15)]
_SupplierNote = Annotated[str, Field(max_length=500)]
_CategoryColor = Annotated[Color, AfterValidator(_check_category_color)]
_Position = Annotated[int, Field(strict=True)]
"""The place in its list; strict, so that True is not read as 1."""
_Ids = Annotated[list[ObjectId], AfterValidator(_check_unique)]
# No ceiling is documented for prices and costs; past 15 digits a JSON number is not exact.
_Amount = Annotated[ExactMoney, _Range(ge="0", lt="1e15")]
"""A price or a cost: zero or more."""
_Level = Annotated[ExactMoney, _Range(ge="0", le=_MAX_STOCK)]
"""A stock threshold of a store."""
_StockAfter = Annotated[ExactMoney, _Range(ge=f"-{_MAX_STOCK}", le=_MAX_STOCK)]
_Quantity = Annotated[ExactMoney, _Range(gt="0", le="999999.999")]
_DiscountAmount = Annotated[ExactMoney, _Range(ge="0.01", le="999999.99")]
_DiscountPercent = Annotated[ExactMoney, _Range(ge="0.01", le="100")]
_Rate = Annotated[ExactMoney, _Range(ge="0", le="100")]
"""A tax rate in percent: 5.255 is 5.255%."""


# --- what a body cannot carry ---------------------------------------------------------------------
def _key(resource: str, key: str = "id") -> str:
    return (
        f"the record's key: create without one, or call {resource}.update({key}, changes) to "
        "change an existing record"
    )


_STAMPS: Mapping[str, str] = {
    "created_at": "set by Loyverse when the record is made",
    "updated_at": "set by Loyverse on every change",
    "deleted_at": "set by Loyverse when the record is deleted (call delete(id))",
}
_OF_A_VARIANT = "a variant's field, not an item's: give it on each of the item's variants"
_ITEM_NOT_WRITABLE: Mapping[str, str] = {
    **_STAMPS,
    "id": _key("items", "item_id"),
    "handle": "made by Loyverse from item_name",
    "image_url": "set by uploading the image: items.upload_image(item_id, data)",
    "modifiers_ids": "the OpenAPI document's spelling, which Loyverse ignores: use modifier_ids",
    "cost": _OF_A_VARIANT,
    "stores": _OF_A_VARIANT,
}
_VARIANT_NOT_WRITABLE: Mapping[str, str] = {
    **_STAMPS,
    "variant_id": _key("variants", "variant_id"),
    "id": "variants have no id: their key is variant_id",
    "name": "variants have no name: they are told apart by option1_value..option3_value",
}


# --- errors that name their field -----------------------------------------------------------------
_Loc = tuple[str | int, ...]


class _Problems:
    """What a model refuses, each at its location; raised together as one ``ValidationError``."""

    def __init__(self) -> None:
        self.details: list[InitErrorDetails] = []

    def add(self, loc: _Loc, kind: str, message: str, value: Any) -> None:
        error = PydanticCustomError(kind, message)
        self.details.append({"type": error, "loc": loc, "input": value})

    def raise_any(self, title: str) -> None:
        # Raised inside a validator, the error keeps its locations, prefixed with the path to the
        # model that raised it (variants.1.sku).
        if self.details:
            raise ValidationError.from_exception_data(title, self.details)


def _schema_rules(schema: dict[str, Any], model: type[Any]) -> None:
    """The JSON Schema says what it can of the rules: a field that cannot be null (leaving it out
    stays fine), and an update's one field at least."""
    if getattr(model, "_is_update", False):
        schema["minProperties"] = 1
    never_null: frozenset[str] = getattr(model, "_never_null", frozenset())
    for name, prop in schema.get("properties", {}).items():
        if name in never_null and "anyOf" in prop:
            arms = [arm for arm in prop.pop("anyOf") if arm != {"type": "null"}]
            prop.pop("default", None)
            if len(arms) == 1:
                prop.update(arms[0])
            else:
                prop["anyOf"] = arms


class _Write(StrictModel):
    """A body, or a part of one: refuses what it cannot carry, checks its rules, writes itself."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, defer_build=True, json_schema_extra=_schema_rules
    )

    _noun: ClassVar[str] = "record"
    _not_writable: ClassVar[Mapping[str, str]] = _STAMPS
    """Fields a caller might copy from a record read, and why they cannot be written."""
    _never_null: ClassVar[frozenset[str]] = frozenset()
    """Fields every record has: they may be left out, never ``None``."""
    _is_update: ClassVar[bool] = False
    _key_field: ClassVar[str | None] = None
    """In a part of a body that keeps an existing record by its key, or adds one without it."""

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        stray = cls._never_null.difference(cls.model_fields)
        if stray:
            raise TypeError(f"{cls.__name__}._never_null names no field: {sorted(stray)}")

    @model_validator(mode="before")
    @classmethod
    def _refuse_fields_not_written(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        problems = _Problems()
        for key, value in data.items():
            if not isinstance(key, str) or key in cls.model_fields:
                continue
            reason = cls._not_writable.get(key)
            if reason is not None:
                problems.add((key,), "read_only", f"{key} cannot be written: {reason}", value)
            else:
                problems.add(
                    (key,),
                    "unknown_field",
                    f"unknown field: Loyverse would silently ignore it; {cls.__name__} takes "
                    f"{', '.join(cls.model_fields)}",
                    value,
                )
        problems.raise_any(cls.__name__)
        return data

    @model_validator(mode="after")
    def _check(self) -> Self:
        problems = _Problems()
        if self._is_update and not self.model_fields_set:
            problems.add(
                (),
                "nothing_to_change",
                f"nothing to change: give at least one of {', '.join(type(self).model_fields)}",
                {},
            )
        given = self._never_null & self.model_fields_set
        for name in type(self).model_fields:
            if name in given and getattr(self, name) is None:
                problems.add(
                    (name,),
                    "cannot_clear",
                    f"{name} cannot be cleared (None): every {self._noun} has one; "
                    f"{self._instead_of_none(name)}",
                    None,
                )
        self._check_rules(problems)
        problems.raise_any(type(self).__name__)
        return self

    def _check_rules(self, problems: _Problems) -> None:
        """The rules across fields of one model; each refusal is added to ``problems``."""

    def _instead_of_none(self, name: str) -> str:
        if name == self._key_field:
            return f"give it to keep that {self._noun}, or leave it out to add a new one"
        if self._creates():
            return "leave it out for Loyverse's default"
        return "leave it out to keep the current value"

    def _creates(self) -> bool:
        """Whether this body makes a new record (a field left out is then simply absent)."""
        if self._key_field is not None:
            return self._key_field not in self.model_fields_set
        return not self._is_update

    def _known(self, name: str) -> tuple[bool, Any]:
        """Whether the model knows the field's value, and the value.

        A new record knows every field (one left out has none); an update knows only the fields
        it gives: the others keep values the model does not see.
        """
        return self._creates() or name in self.model_fields_set, getattr(self, name)

    def to_body(self) -> dict[str, Any]:
        """The JSON body: the fields given, explicit ``None`` included (it clears a field)."""
        return self.model_dump(mode="json", exclude_unset=True)


def _listed_once(problems: _Problems, field: str, key: str, values: Iterable[Any]) -> None:
    seen: set[Any] = set()
    for index, value in enumerate(values):
        if value is None:
            continue
        if value in seen:
            problems.add(
                (field, index, key),
                "listed_twice",
                f"{key} {value} is already listed above: give each once",
                value,
            )
        seen.add(value)


def _refuse_keys_of_new(problems: _Problems, noun: str, field: str, entries: Iterable[Any]) -> None:
    for index, entry in enumerate(entries):
        key = entry._key_field
        if key in entry.model_fields_set:
            problems.add(
                (field, index, key),
                "key_of_new",
                f"a new {noun}'s {field} are new: leave {key} out (it names one of another {noun})",
                getattr(entry, key),
            )


# --- variants -------------------------------------------------------------------------------------
class VariantStoreWrite(_Write):
    """A variant's settings in one store (an entry of ``stores``).

    ``pricing_type`` defaults to the variant's ``default_pricing_type``, ``price`` to its
    ``default_price``; a ``VARIABLE`` store takes no price (it is entered at the sale).
    """

    _noun = "store setting"
    _not_writable: ClassVar[Mapping[str, str]] = {}
    _never_null = frozenset({"pricing_type", "available_for_sale"})

    store_id: ObjectId
    pricing_type: PricingType | None = None
    price: _Amount | None = None
    available_for_sale: bool | None = None
    optimal_stock: _Level | None = Field(default=None, description="Target for purchase orders.")
    low_stock: _Level | None = Field(default=None, description="Alert at or below this level.")

    def _check_rules(self, problems: _Problems) -> None:
        if self.pricing_type is PricingType.VARIABLE and self.price is not None:
            problems.add(
                ("price",),
                "price_of_variable",
                "a VARIABLE store has no price (it is entered at the sale): leave price out, "
                "or make pricing_type FIXED",
                self.price,
            )


class _VariantFields(_Write):
    """The fields of a variant body, standalone or inside an item."""

    _noun = "variant"
    _not_writable = _VARIANT_NOT_WRITABLE
    _never_null = frozenset({"cost", "purchase_cost", "default_pricing_type"})

    sku: _Sku | None = Field(default=None, description="Meant to be unique (not enforced).")
    reference_variant_id: _Reference | None = None
    option1_value: _OptionValue | None = None
    option2_value: _OptionValue | None = None
    option3_value: _OptionValue | None = None
    barcode: _Barcode | None = None
    cost: _Amount | None = None
    purchase_cost: _Amount | None = None
    default_pricing_type: PricingType | None = None
    default_price: _Amount | None = Field(default=None, description="The price when FIXED.")
    stores: list[VariantStoreWrite] | None = None

    def _check_rules(self, problems: _Problems) -> None:
        known_stores, stores = self._known("stores")
        _listed_once(problems, "stores", "store_id", (s.store_id for s in stores or ()))
        known_price, default_price = self._known("default_price")
        if not (known_price and default_price is None and known_stores):
            return  # a default price, or one the model cannot see, stands in for any store's
        known_kind, kind = self._known("default_pricing_type")
        no_price = (
            "has no price to sell at: give default_price or a price in each FIXED store, or "
            "make it VARIABLE (priced at the sale)"
        )
        for index, store in enumerate(stores or ()):
            pricing = store.pricing_type or (kind if known_kind else None)
            if pricing is PricingType.FIXED and store.price is None:
                problems.add(
                    ("stores", index, "price"), "no_price", f"a FIXED store {no_price}", None
                )
        if kind is PricingType.FIXED and not stores:
            problems.add(("default_price",), "no_price", f"a FIXED variant {no_price}", None)


class ItemVariantWrite(_VariantFields):
    """A variant inside an item's body: with ``variant_id`` it keeps that variant, without it
    it adds one. It gives the value of each option axis of its item (``option1_value`` for the
    item's ``option1_name``...)."""

    _not_writable: ClassVar[Mapping[str, str]] = {
        **_VARIANT_NOT_WRITABLE,
        "item_id": "a variant inside an item belongs to that item: leave item_id out",
    }
    _never_null = _VariantFields._never_null | {"variant_id"}
    _key_field = "variant_id"

    variant_id: ObjectId | None = Field(
        default=None, description="The variant to keep; left out, the entry adds a variant."
    )


class VariantCreate(_VariantFields):
    """A new variant of an existing item, for ``POST /variants``.

    Loyverse refuses a variant on an item without option names, and one without the value of
    each of the item's axes: at least one option value is required (to give an item its first
    axis, update the item with ``option1_name`` and its variants).

    >>> VariantCreate(item_id="it-1", option1_value="Large", sku="TEE-L").to_body()
    {'sku': 'TEE-L', 'option1_value': 'Large', 'item_id': 'it-1'}
    """

    item_id: ObjectId

    def _check_rules(self, problems: _Problems) -> None:
        super()._check_rules(problems)
        values = (self.option1_value, self.option2_value, self.option3_value)
        if all(value is None for value in values):
            problems.add(
                ("option1_value",),
                "no_option_value",
                "a new variant is told apart by its option values: give the value of each "
                "option axis of its item (Loyverse refuses a variant on an item without options)",
                None,
            )


class VariantUpdate(_VariantFields):
    """Changes to a variant: give only what changes; ``None`` clears a field."""

    _not_writable: ClassVar[Mapping[str, str]] = {
        **_VARIANT_NOT_WRITABLE,
        "item_id": "whether Loyverse moves a variant to another item is not documented: create "
        "a variant on that item (VariantCreate) and delete this one",
    }
    _is_update = True


# --- items ----------------------------------------------------------------------------------------
class ComponentWrite(_Write):
    """A part of a composite item: a variant and how much of it (above zero, up to 999999.999)."""

    _noun = "component"

    variant_id: ObjectId
    quantity: _Quantity


_AXES = (1, 2, 3)


class _ItemFields(_Write):
    """The fields of an item body, with the rules that tie its variants to its option axes."""

    _noun = "item"
    _not_writable = _ITEM_NOT_WRITABLE
    _never_null = frozenset(
        {"item_name", "track_stock", "sold_by_weight", "use_production"}
        | {"form", "color", "components", "variants"}
    )

    item_name: _Name | None = None
    description: _Description | None = Field(default=None, description="May hold HTML.")
    reference_id: _Reference | None = Field(default=None, description="An external reference.")
    category_id: ObjectId | None = None
    track_stock: bool | None = Field(
        default=None, description="Setting it to false zeroes every stock level of the item."
    )
    sold_by_weight: bool | None = Field(default=None, description="Allows fractional quantities.")
    is_composite: bool | None = Field(default=None, description="Made of its components.")
    use_production: bool | None = Field(default=None, description="Composite items only.")
    components: list[ComponentWrite] | None = None
    primary_supplier_id: ObjectId | None = None
    tax_ids: _Ids | None = None
    modifier_ids: _Ids | None = None
    form: ItemForm | None = None
    color: Color | None = None
    option1_name: _Text | None = Field(default=None, description="The first option axis: Size.")
    option2_name: _Text | None = None
    option3_name: _Text | None = None
    variants: list[ItemVariantWrite] | None = None

    def _check_rules(self, problems: _Problems) -> None:
        self._check_composite(problems)
        _, components = self._known("components")
        _listed_once(problems, "components", "variant_id", (c.variant_id for c in components or ()))
        known_variants, variants = self._known("variants")
        if not known_variants:
            return
        if variants is None:
            named = any(self._known(f"option{n}_name")[1] for n in _AXES)
            if named and self._creates() and "variants" not in self.model_fields_set:
                problems.add(
                    ("variants",),
                    "variants_missing",
                    "an item with option names needs its variants, each with its option values",
                    None,
                )
            return
        if not variants:
            problems.add(
                ("variants",),
                "no_variants",
                "an item has at least one variant: give its variants, or leave variants out",
                [],
            )
        if self._creates():
            _refuse_keys_of_new(problems, self._noun, "variants", variants)
        _listed_once(problems, "variants", "variant_id", (v.variant_id for v in variants))
        self._check_axes(problems, variants)

    def _check_composite(self, problems: _Problems) -> None:
        known, composite = self._known("is_composite")
        if not known or composite:
            return
        _, components = self._known("components")
        if components:
            problems.add(
                ("components",),
                "not_composite",
                "components make a composite item: set is_composite=True, or leave them out",
                [component.to_body() for component in components],
            )
        if self._known("use_production")[1]:
            problems.add(
                ("use_production",),
                "not_composite",
                "use_production is for composite items only: set is_composite=True",
                True,
            )

    def _check_axes(self, problems: _Problems, variants: list[ItemVariantWrite]) -> None:
        axes = {n: self._known(f"option{n}_name") for n in _AXES}
        for n, (known, name) in axes.items():
            if not known:
                continue  # an update that leaves the axis out: the merged record is checked
            field = f"option{n}_value"
            for index, variant in enumerate(variants):
                has_value, value = variant._known(field)
                if name is not None and has_value and value is None:
                    message = f"the item's option{n}_name is {name!r}: each variant gives {field}"
                    problems.add(("variants", index, field), "option_value_missing", message, None)
                elif name is None and value is not None:
                    message = (
                        f"the item has no option{n}_name: leave {field} out, or give the item "
                        f"option{n}_name"
                    )
                    problems.add(("variants", index, field), "option_value_extra", message, value)
        if len(variants) > 1 and all(known and name is None for known, name in axes.values()):
            problems.add(
                ("variants", 1),
                "one_variant_without_options",
                "an item without option names has a single variant: name an axis "
                "(option1_name='Size') and give each variant its value",
                variants[1].to_body(),
            )


class ItemCreate(_ItemFields):
    """A new item, for ``POST /items``: ``item_name`` is required.

    Without ``variants`` Loyverse is expected to make the item's one variant (likely, not
    documented); with option names (``option1_name``...), give every variant, each with the value
    of each axis.

    >>> ItemCreate(
    ...     item_name="T-shirt",
    ...     option1_name="Size",
    ...     variants=[ItemVariantWrite(option1_value="S"), ItemVariantWrite(option1_value="M")],
    ... ).to_body()
    {'item_name': 'T-shirt', 'option1_name': 'Size', \
'variants': [{'option1_value': 'S'}, {'option1_value': 'M'}]}
    """

    item_name: _Name


class ItemUpdate(_ItemFields):
    """Changes to an item: give only what changes; ``None`` clears a field.

    Loyverse refuses an item update without its variants: the client restates the current ones,
    merged with ``variants`` when given (an entry with ``variant_id`` keeps that variant, one
    without adds a variant). A new option name goes with the variants, each with its value.
    """

    _is_update = True


# --- categories -----------------------------------------------------------------------------------
class _CategoryFields(_Write):
    _noun = "category"
    _not_writable: ClassVar[Mapping[str, str]] = {
        **_STAMPS,
        "id": _key("categories", "category_id"),
        "updated_at": "categories have no updated_at",
    }
    _never_null = frozenset({"name", "color"})

    name: _Name | None = None
    color: _CategoryColor | None = None


class CategoryCreate(_CategoryFields):
    """A new category: ``name`` (1..64) and a ``color`` (no ``YELLOW``; default ``GREY``).

    >>> CategoryCreate(name="Drinks", color=Color.BLUE).to_body()
    {'name': 'Drinks', 'color': 'BLUE'}
    """

    name: _Name


class CategoryUpdate(_CategoryFields):
    """Changes to a category: its ``name``, its ``color``, or both."""

    _is_update = True


# --- modifiers ------------------------------------------------------------------------------------
class ModifierOptionWrite(_Write):
    """An option of a modifier: with ``id`` it keeps that option, without it it adds one."""

    _noun = "modifier option"
    _never_null = frozenset({"id", "price"})
    _key_field = "id"

    id: ObjectId | None = Field(
        default=None, description="The option to keep; left out, the entry adds an option."
    )
    name: _Text
    price: _Amount | None = Field(default=None, description="Default 0.")
    position: _Position | None = None


def _check_has_options(options: list[ModifierOptionWrite]) -> list[ModifierOptionWrite]:
    if not options:
        raise ValueError("a modifier has at least one option: give its modifier_options")
    return options


_Options = Annotated[list[ModifierOptionWrite], AfterValidator(_check_has_options)]


class _ModifierFields(_Write):
    _noun = "modifier"
    _not_writable: ClassVar[Mapping[str, str]] = {**_STAMPS, "id": _key("modifiers")}
    _never_null = frozenset({"name", "modifier_options"})

    name: _ShortName | None = None
    position: _Position | None = None
    stores: _Ids | None = Field(default=None, description="The stores where it is available.")
    modifier_options: _Options | None = Field(default=None, json_schema_extra={"minItems": 1})

    def _check_rules(self, problems: _Problems) -> None:
        _, options = self._known("modifier_options")
        if options is None:
            return
        if self._creates():
            _refuse_keys_of_new(problems, self._noun, "modifier_options", options)
        _listed_once(problems, "modifier_options", "id", (option.id for option in options))


class ModifierCreate(_ModifierFields):
    """A new modifier: ``name`` (1..40) and at least one option.

    >>> ModifierCreate(name="Milk", modifier_options=[ModifierOptionWrite(name="Oat")]).to_body()
    {'name': 'Milk', 'modifier_options': [{'name': 'Oat'}]}
    """

    name: _ShortName
    modifier_options: _Options = Field(json_schema_extra={"minItems": 1})


class ModifierUpdate(_ModifierFields):
    """Changes to a modifier. ``modifier_options`` replaces its options: each one to keep with
    its ``id``, new ones without (whether one left out is deleted is not documented)."""

    _is_update = True


# --- discounts ------------------------------------------------------------------------------------
_VALUE_OF: Mapping[DiscountType, str] = {
    DiscountType.FIXED_AMOUNT: "discount_amount",
    DiscountType.FIXED_PERCENT: "discount_percent",
}
"""The value each fixed type is defined with; the other types are valued at the sale."""


class _DiscountFields(_Write):
    _noun = "discount"
    _not_writable: ClassVar[Mapping[str, str]] = {**_STAMPS, "id": _key("discounts")}
    _never_null = frozenset({"type", "name", "restricted_access"})

    type: DiscountType | None = None
    name: _ShortName | None = None
    discount_amount: _DiscountAmount | None = Field(default=None, description="FIXED_AMOUNT only.")
    discount_percent: _DiscountPercent | None = Field(
        default=None, description="FIXED_PERCENT only: 10 is 10%."
    )
    stores: _Ids | None = Field(default=None, description="Default: every store.")
    restricted_access: bool | None = Field(
        default=None, description="Applying it at the POS needs a password."
    )

    def _check_rules(self, problems: _Problems) -> None:
        known, kind = self._known("type")
        if not known or kind is None:
            return
        wanted = _VALUE_OF.get(kind)
        for owner, field in _VALUE_OF.items():
            has, value = self._known(field)
            if field != wanted and value is not None:
                problems.add(
                    (field,),
                    "discount_value",
                    f"{field} is only for {owner.value} discounts, not {kind.value}: leave it out",
                    value,
                )
            elif field == wanted and has and value is None:
                problems.add(
                    (field,),
                    "discount_value",
                    f"a {kind.value} discount is defined with its {field}: give it",
                    None,
                )


class DiscountCreate(_DiscountFields):
    """A new discount: ``name`` (1..40) and ``type``; ``FIXED_AMOUNT`` takes ``discount_amount``
    (0.01..999999.99), ``FIXED_PERCENT`` takes ``discount_percent`` (0.01..100), the variable
    types neither (their value is given at the sale).

    >>> from decimal import Decimal
    >>> DiscountCreate(
    ...     name="Staff", type=DiscountType.FIXED_PERCENT, discount_percent=Decimal("12.5")
    ... ).to_body()
    {'type': 'FIXED_PERCENT', 'name': 'Staff', 'discount_percent': 12.5}
    """

    type: DiscountType
    name: _ShortName


class DiscountUpdate(_DiscountFields):
    """Changes to a discount. A new ``type`` goes with the value it takes (and ``None`` for the
    value of the old type) so that the merged record fits it."""

    _is_update = True


# --- taxes ----------------------------------------------------------------------------------------
class _TaxFields(_Write):
    _noun = "tax"
    _not_writable: ClassVar[Mapping[str, str]] = {**_STAMPS, "id": _key("taxes")}
    _never_null = frozenset({"type", "name", "rate"})

    type: TaxType | None = None
    name: _Text | None = None
    rate: _Rate | None = None
    stores: _Ids | None = Field(default=None, description="The stores where it applies.")


class TaxCreate(_TaxFields):
    """A new tax: ``name``, ``type`` and ``rate`` (0..100) are required.

    >>> from decimal import Decimal
    >>> TaxCreate(name="VAT", type=TaxType.INCLUDED, rate=Decimal("5.255")).to_body()
    {'type': 'INCLUDED', 'name': 'VAT', 'rate': 5.255}
    """

    type: TaxType
    name: _Text
    rate: _Rate


class TaxUpdate(_TaxFields):
    """Changes to a tax; none of ``name``, ``type`` and ``rate`` can be cleared."""

    _is_update = True


# --- suppliers ------------------------------------------------------------------------------------
class _SupplierFields(_Write):
    _noun = "supplier"
    _not_writable: ClassVar[Mapping[str, str]] = {
        **_STAMPS,
        "id": _key("suppliers", "supplier_id"),
    }
    _never_null = frozenset({"name"})

    name: _Name | None = Field(default=None, description="The company name.")
    contact: _Contact | None = Field(default=None, description="The contact person.")
    email: _Email | None = None
    phone_number: _SupplierPhone | None = None
    website: str | None = None
    address_1: _Address | None = None
    address_2: _Address | None = None
    city: _City | None = None
    region: _Region | None = None
    postal_code: _PostalCode | None = None
    country_code: _Country | None = None
    note: _SupplierNote | None = None


class SupplierCreate(_SupplierFields):
    """A new supplier: ``name`` (1..64) is required. Where Loyverse's minimum length is 1
    (``contact``, ``email``, ``phone_number``) an empty string is refused: leave the field out.

    >>> SupplierCreate(name="Dairy Co", country_code="FR").to_body()
    {'name': 'Dairy Co', 'country_code': 'FR'}
    """

    name: _Name = Field(description="The company name.")


class SupplierUpdate(_SupplierFields):
    """Changes to a supplier; ``None`` clears a field (never ``name``)."""

    _is_update = True


# --- POS devices ----------------------------------------------------------------------------------
_POS_NOT_WRITABLE: Mapping[str, str] = {
    "id": _key("pos_devices", "pos_device_id"),
    "activated": "set by Loyverse when a physical device signs in to this POS",
    "deleted_at": _STAMPS["deleted_at"],
}


class _PosDeviceFields(_Write):
    _noun = "POS device"
    _not_writable = _POS_NOT_WRITABLE
    _never_null = frozenset({"name"})

    name: _Text | None = None


class PosDeviceCreate(_PosDeviceFields):
    """A new POS device in a store: ``name`` and ``store_id`` are required.

    >>> PosDeviceCreate(name="Till 2", store_id="st-1").to_body()
    {'name': 'Till 2', 'store_id': 'st-1'}
    """

    name: _Text
    store_id: ObjectId


class PosDeviceUpdate(_PosDeviceFields):
    """A POS device's new ``name``; its store is not changed through an update."""

    _not_writable: ClassVar[Mapping[str, str]] = {
        **_POS_NOT_WRITABLE,
        "store_id": "whether Loyverse moves a POS device to another store is not documented: "
        "create one in that store (PosDeviceCreate) and delete this one",
    }
    _is_update = True


# --- inventory ------------------------------------------------------------------------------------
class InventoryChange(_Write):
    """A new stock level, for ``POST /inventory``: ``stock_after`` is the absolute level of the
    variant in the store, not a delta, so sending it twice is harmless.

    It may be fractional (items sold by weight) and is at most 9999999.999. Whether Loyverse
    takes a negative level is not documented (sales can drive stock below zero): one down to
    -9999999.999 is sent as given.

    >>> from decimal import Decimal
    >>> InventoryChange(variant_id="va-1", store_id="st-1", stock_after=Decimal("12.5")).to_body()
    {'variant_id': 'va-1', 'store_id': 'st-1', 'stock_after': 12.5}
    """

    _noun = "inventory change"
    _not_writable: ClassVar[Mapping[str, str]] = {
        "in_stock": "a change sets stock_after, the new absolute level (in_stock is what a level "
        "read says)",
        "updated_at": _STAMPS["updated_at"],
    }

    variant_id: ObjectId
    store_id: ObjectId
    stock_after: _StockAfter = Field(description="The new absolute level, not a delta.")
