"""What a caller may write to receipts: a sale (``ReceiptCreate``) and a refund (``ReceiptRefund``).

Receipts are create-only: ``POST /receipts`` makes a sale and ``POST /receipts/{receipt_number}/
refund`` refunds lines of one; neither can be sent twice safely (each call makes a new receipt), so
everything Loyverse would refuse, silently ignore or misapply is refused here, before a request
exists, with the field's location and the fix:

- unknown fields (Loyverse ignores them), and the fields of a ``Receipt`` that a body cannot carry
  (``receipt_number``, ``total_money``, ``pos_device_id``, ``dining_option``, ``total_taxes``...),
  each named with the reason;
- a sale without lines, or with more than one payment (Loyverse takes at most one);
- a quantity that is not positive, a price, cost or payment below zero, a naive datetime, and an
  amount a JSON number would round (see ``loyverse_models._wire``);
- a discount whose value does not fit its type (``percentage`` for ``VARIABLE_PERCENT`` only,
  ``money_amount`` for ``VARIABLE_AMOUNT`` and ``DISCOUNT_BY_POINTS`` only, and required by
  them), a ``LINE_ITEM`` discount that no line lists (it would apply nowhere), and the same
  discount listed twice (lines name discounts by id);
- a refund that names the same sold line twice.

``to_body()`` is the JSON body: the fields that were given (``None`` is the same as leaving a field
out: a receipt is never updated, so there is nothing to clear), times in UTC as
``YYYY-MM-DDTHH:MM:SS.mmmZ``, money as JSON numbers.

Not checked, because the model cannot know: whether the ids exist, whether a ``receipt_date`` is
in the future (Loyverse takes past dates only, but a model has no clock, and the caller's clock need
not agree with Loyverse's), and whether a refund's quantities exceed what the sale has left.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, ClassVar, NoReturn

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from ._query import ObjectId
from ._strict import StrictModel
from ._wire import AwareDatetime, ExactMoney, format_timestamp
from .discounts import DiscountType

__all__ = [
    "DiscountScope",
    "ReceiptCreate",
    "ReceiptDiscountCreate",
    "ReceiptLineCreate",
    "ReceiptModifierCreate",
    "ReceiptPaymentCreate",
    "ReceiptRefund",
    "RefundLine",
]


class DiscountScope(str, Enum):
    """Where a discount of a sale applies."""

    RECEIPT = "RECEIPT"
    """On the whole receipt: Loyverse spreads it over every line."""
    LINE_ITEM = "LINE_ITEM"
    """Only on the lines that list its id in ``line_discounts``."""


# --- amounts --------------------------------------------------------------------------------------
# Loyverse documents no ceiling for these; past 15 digits a JSON number is no longer exact, and
# 1e400 is not a number at all once written. ExactMoney refuses a fraction a double would round.
_CEILING = Decimal("1e15")
_Amount = Annotated[
    ExactMoney,
    Field(ge=0, lt=_CEILING),
    WithJsonSchema({"type": "number", "minimum": 0, "exclusiveMaximum": 1e15}),
]
"""Money that may be zero (a free item), never negative."""
_Positive = Annotated[
    ExactMoney,
    Field(gt=0, lt=_CEILING),
    WithJsonSchema({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1e15}),
]
"""A quantity or an amount that must be above zero; it may be fractional (items sold by weight)."""
_Percentage = Annotated[
    ExactMoney,
    Field(gt=0, le=100),
    WithJsonSchema({"type": "number", "exclusiveMinimum": 0, "maximum": 100}),
]
"""A percent: 10.55 is 10.55%."""


def _spelled_as_the_api_does(value: Any) -> Any:
    # The OpenAPI document's description says VARIABLE_PERCENTAGE; the API's value is the other.
    if value == "VARIABLE_PERCENTAGE":
        raise ValueError(
            "VARIABLE_PERCENTAGE is a misspelling in Loyverse's OpenAPI document: "
            "the type is VARIABLE_PERCENT"
        )
    return value


# --- errors that name their field -----------------------------------------------------------------
_Problem = tuple[tuple[str | int, ...], str, str, Any]
"""Where (a pydantic location), the error type, the message, and the offending input."""


def _refuse(title: str, problems: Sequence[_Problem]) -> NoReturn:
    # Raised inside a validator, a ValidationError keeps its locations, prefixed with the path to
    # the model that raised it (line_items.1.quantity), so the message can point at the field.
    details: list[InitErrorDetails] = [
        {"type": PydanticCustomError(kind, message), "loc": loc, "input": value}
        for loc, kind, message, value in problems
    ]
    raise ValidationError.from_exception_data(title, details)


class _ReceiptWrite(StrictModel):
    """A part of a receipt body: refuses what a body cannot carry, and writes ``to_body()``."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    _not_writable: ClassVar[Mapping[str, str]] = {}
    """Fields of the response a caller might copy, and why they cannot be sent."""
    _not_sent: ClassVar[frozenset[str]] = frozenset()
    """Fields the SDK checks with but the API's body does not have."""
    _id_lists: ClassVar[frozenset[str]] = frozenset()
    """Lists of ids that the API takes as ``[{"id": ...}]``."""

    @model_validator(mode="before")
    @classmethod
    def _refuse_fields_of_no_body(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        fields = cls.model_fields
        problems: list[_Problem] = []
        for key, value in data.items():
            if not isinstance(key, str) or key in fields:
                continue
            reason = cls._not_writable.get(key)
            if reason is not None:
                problems.append(((key,), "read_only", f"{key} cannot be written: {reason}", value))
            else:
                problems.append(
                    (
                        (key,),
                        "unknown_field",
                        f"unknown field: Loyverse would silently ignore it; {cls.__name__} "
                        f"takes {', '.join(fields)}",
                        value,
                    )
                )
        if problems:
            _refuse(cls.__name__, problems)
        return data

    def to_body(self) -> dict[str, Any]:
        """The JSON body: the fields given (``None`` is left out), as the API spells them."""
        sent = [
            name
            for name in type(self).model_fields
            if name in self.model_fields_set
            and name not in self._not_sent
            and getattr(self, name) is not None
        ]
        # Scalars go through the fields' own serializers (money as exact JSON numbers, enums as
        # their values); times are cut to the API's milliseconds, and each part writes its body.
        scalars = {name for name in sent if not isinstance(getattr(self, name), list | datetime)}
        dumped = self.model_dump(mode="json", include=scalars)
        body: dict[str, Any] = {}
        for name in sent:
            value = getattr(self, name)
            if isinstance(value, datetime):
                body[name] = format_timestamp(value)
            elif name in self._id_lists:
                body[name] = [{"id": item} for item in value]
            elif isinstance(value, list):
                body[name] = [item.to_body() for item in value]
            else:
                body[name] = dumped[name]
        return body


_RECEIPT_NOT_WRITABLE: Mapping[str, str] = {
    **dict.fromkeys(
        (
            "total_money",
            "total_tax",
            "total_discount",
            "points_earned",
            "points_deducted",
            "points_balance",
            "tip",
            "surcharge",
        ),
        "computed by Loyverse from the lines, discounts and payment",
    ),
    "id": "receipts have no id; Loyverse numbers each receipt (receipt_number)",
    "receipt_number": "Loyverse numbers each new receipt",
    "receipt_type": "set by Loyverse: a ReceiptCreate makes a SALE, a ReceiptRefund a REFUND",
    "refund_for": "set by Loyverse: send a ReceiptRefund to the sale's receipt number",
    "created_at": "set by Loyverse on arrival; the time of the sale is receipt_date",
    "updated_at": "set by Loyverse",
    "cancelled_at": "set by Loyverse when a receipt is cancelled",
    "total_taxes": "computed by Loyverse; list each line's tax ids in its line_taxes",
    "pos_device_id": "not settable through the API (null on receipts the API creates)",
    "dining_option": "not part of the body Loyverse documents for a receipt",
}


# --- a sale ---------------------------------------------------------------------------------------
class ReceiptModifierCreate(_ReceiptWrite):
    """A modifier option chosen on a line; ``price`` (per unit) defaults to the option's."""

    _not_writable: ClassVar[Mapping[str, str]] = {
        "id": "Loyverse takes the modifier from modifier_option_id",
        "name": "Loyverse takes the name from the modifier",
        "option": "Loyverse takes the option's name from modifier_option_id",
        "money_amount": "computed by Loyverse: price times the line's quantity",
    }

    modifier_option_id: ObjectId
    price: _Amount | None = None


class ReceiptLineCreate(_ReceiptWrite):
    """One line of a sale: a variant and a quantity (positive; may be fractional).

    ``price`` is the unit price with INCLUDED taxes inside, ``cost`` the unit cost; both default
    to the variant's. ``line_taxes`` and ``line_discounts`` are ids of existing taxes and
    discounts; a ``LINE_ITEM`` discount of the receipt applies to the lines that list its id.
    """

    _not_writable: ClassVar[Mapping[str, str]] = {
        "id": "Loyverse numbers each line (refunds point at that id)",
        "item_id": "Loyverse takes the item from variant_id",
        "item_name": "Loyverse takes the name from variant_id",
        "variant_name": "Loyverse takes the name from variant_id",
        "sku": "Loyverse takes the SKU from variant_id",
        "gross_total_money": "computed by Loyverse from quantity, price and modifiers",
        "total_money": "computed by Loyverse from quantity, price, modifiers, discounts and taxes",
        "cost_total": "computed by Loyverse: cost times quantity",
        "total_discount": "computed by Loyverse from the line's discounts",
    }
    _id_lists = frozenset({"line_taxes", "line_discounts"})

    variant_id: ObjectId
    quantity: _Positive
    price: _Amount | None = None
    cost: _Amount | None = None
    line_note: str | None = None
    line_taxes: list[ObjectId] = Field(default_factory=list, description="Tax ids.")
    line_discounts: list[ObjectId] = Field(default_factory=list, description="Discount ids.")
    line_modifiers: list[ReceiptModifierCreate] = Field(default_factory=list)


# Which value each discount type takes at a sale: the variable ones are defined without a value,
# so the sale must give it; the fixed ones apply the value they were defined with.
_TAKES: Mapping[DiscountType, str | None] = {
    DiscountType.FIXED_PERCENT: None,
    DiscountType.FIXED_AMOUNT: None,
    DiscountType.VARIABLE_PERCENT: "percentage",
    DiscountType.VARIABLE_AMOUNT: "money_amount",
    DiscountType.DISCOUNT_BY_POINTS: "money_amount",
}
_EXAMPLE = {"percentage": "percentage=Decimal('10')", "money_amount": "money_amount=Decimal('5')"}


class ReceiptDiscountCreate(_ReceiptWrite):
    """A discount of a sale (an entry of ``total_discounts``).

    ``type`` is the discount's type, as ``client.discounts`` reads it: the SDK needs it to check
    the value, and does not send it (Loyverse's body has no such field; it knows the discount).
    A ``VARIABLE_PERCENT`` discount takes ``percentage`` (0 < p <= 100); ``VARIABLE_AMOUNT`` and
    ``DISCOUNT_BY_POINTS`` take ``money_amount`` (above zero); the fixed types take neither.
    """

    _not_writable: ClassVar[Mapping[str, str]] = {
        "name": "Loyverse takes the name from the discount"
    }
    _not_sent = frozenset({"type"})

    id: ObjectId = Field(description="The discount's id.")
    type: Annotated[DiscountType, BeforeValidator(_spelled_as_the_api_does)] = Field(
        description="The discount's type; checked by the SDK, not sent."
    )
    scope: DiscountScope
    percentage: _Percentage | None = None
    money_amount: _Positive | None = None

    @model_validator(mode="after")
    def _check_value_fits_type(self) -> ReceiptDiscountCreate:
        wanted = _TAKES[self.type]
        kind = self.type.value
        problems: list[_Problem] = []
        for name in ("percentage", "money_amount"):
            value = getattr(self, name)
            if value is not None and name != wanted:
                users = [t.value for t, n in _TAKES.items() if n == name]
                instead = f"it takes {wanted}" if wanted else "it applies its own defined value"
                problems.append(
                    (
                        (name,),
                        "discount_value",
                        f"{name} is only for {' and '.join(users)} discounts, "
                        f"not {kind} ({instead}): leave {name} out",
                        value,
                    )
                )
        if wanted is not None and getattr(self, wanted) is None:
            problems.append(
                (
                    (wanted,),
                    "discount_value",
                    f"a {kind} discount has no value of its own: give the {wanted} of this sale, "
                    f"e.g. {_EXAMPLE[wanted]}",
                    None,
                )
            )
        if problems:
            _refuse(type(self).__name__, problems)
        return self


class ReceiptPaymentCreate(_ReceiptWrite):
    """The payment of a sale. Without ``money_amount`` Loyverse takes the receipt's total."""

    _not_writable: ClassVar[Mapping[str, str]] = {
        "name": "Loyverse takes the name from the payment type",
        "type": "Loyverse takes the type from the payment type",
        "payment_details": "set by Loyverse for integrated card payments only",
    }

    payment_type_id: ObjectId
    paid_at: AwareDatetime | None = None
    money_amount: _Amount | None = Field(
        default=None, description="Tips and surcharge included; defaults to the receipt's total."
    )


def _check_has_lines(lines: list[Any]) -> list[Any]:
    if not lines:
        raise ValueError("a receipt needs at least one line: give a line per variant sold")
    return lines


def _check_one_payment(payments: list[ReceiptPaymentCreate]) -> list[ReceiptPaymentCreate]:
    if len(payments) > 1:
        raise ValueError(
            f"Loyverse takes at most one payment per receipt, got {len(payments)}: "
            "send one payment for the whole total"
        )
    return payments


class ReceiptCreate(_ReceiptWrite):
    """A sale, for ``POST /receipts``: a store and at least one line; at most one payment.

    ``receipt_date`` is when the sale happened (it defaults to now, may be in the past, and must
    not be in the future: Loyverse's clock decides, so the SDK does not check it).

    >>> from decimal import Decimal
    >>> ReceiptCreate(
    ...     store_id="st-1",
    ...     line_items=[ReceiptLineCreate(variant_id="va-1", quantity=Decimal("2"))],
    ...     payments=[ReceiptPaymentCreate(payment_type_id="pt-1")],
    ... ).to_body()
    {'store_id': 'st-1', 'line_items': [{'variant_id': 'va-1', 'quantity': 2}], \
'payments': [{'payment_type_id': 'pt-1'}]}
    """

    _not_writable = _RECEIPT_NOT_WRITABLE

    store_id: ObjectId
    employee_id: ObjectId | None = None
    order: str | None = Field(default=None, description="The order's name or number.")
    customer_id: ObjectId | None = None
    source: str | None = Field(default=None, description="Defaults to the app's name.")
    receipt_date: AwareDatetime | None = Field(
        default=None, description="When the sale happened; defaults to now, may be in the past."
    )
    note: str | None = None
    line_items: Annotated[list[ReceiptLineCreate], AfterValidator(_check_has_lines)] = Field(
        json_schema_extra={"minItems": 1}
    )
    total_discounts: list[ReceiptDiscountCreate] = Field(default_factory=list)
    payments: Annotated[list[ReceiptPaymentCreate], AfterValidator(_check_one_payment)] = Field(
        default_factory=list, json_schema_extra={"maxItems": 1}
    )

    @model_validator(mode="after")
    def _check_discounts_apply(self) -> ReceiptCreate:
        listed = {discount for line in self.line_items for discount in line.line_discounts}
        seen: set[str] = set()
        problems: list[_Problem] = []
        for index, discount in enumerate(self.total_discounts):
            if discount.id in seen:
                problems.append(
                    (
                        ("total_discounts", index, "id"),
                        "duplicate_discount",
                        f"discount {discount.id} is already listed: lines name discounts by id, "
                        "so each may be listed once",
                        discount.id,
                    )
                )
            seen.add(discount.id)
            if discount.scope is DiscountScope.LINE_ITEM and discount.id not in listed:
                problems.append(
                    (
                        ("total_discounts", index, "scope"),
                        "discount_applies_nowhere",
                        f"LINE_ITEM discount {discount.id} is in no line's line_discounts, so it "
                        "would apply nowhere: list its id on the lines it discounts, or make its "
                        "scope RECEIPT",
                        discount.scope.value,
                    )
                )
        if problems:
            _refuse(type(self).__name__, problems)
        return self


# --- a refund -------------------------------------------------------------------------------------
_BY_LINE = (
    "a refund names the sold line by id (the sale's LineItem.id); Loyverse refuses a line "
    "given by variant (MISSING_REQUIRED_PARAMETER)"
)


class RefundLine(_ReceiptWrite):
    """A line of the sale to refund: its ``id`` (``LineItem.id``, not a variant id) and how many."""

    _not_writable: ClassVar[Mapping[str, str]] = {"variant_id": _BY_LINE, "item_id": _BY_LINE}

    id: ObjectId = Field(description="The line's id on the sale's receipt.")
    quantity: _Positive = Field(description="Units to refund.")


def _check_refund_lines(lines: list[RefundLine]) -> list[RefundLine]:
    _check_has_lines(lines)
    seen: set[str] = set()
    problems: list[_Problem] = []
    for index, line in enumerate(lines):
        if line.id in seen:
            problems.append(
                (
                    (index, "id"),
                    "duplicate_refund_line",
                    f"line {line.id} is already refunded above: give each line once, with the "
                    "total quantity to refund",
                    line.id,
                )
            )
        seen.add(line.id)
    if problems:
        _refuse("RefundLine", problems)
    return lines


class ReceiptRefund(_ReceiptWrite):
    """A refund, for ``POST /receipts/{receipt_number}/refund``: lines of that sale, each once.

    Only a sale paid with a single payment can be refunded. ``store_id`` defaults to the sale's
    store, ``receipt_date`` to now (it may be in the past). Refunded items are restocked.
    """

    _not_writable = _RECEIPT_NOT_WRITABLE

    line_items: Annotated[list[RefundLine], AfterValidator(_check_refund_lines)] = Field(
        json_schema_extra={"minItems": 1}
    )
    receipt_date: AwareDatetime | None = None
    source: str | None = Field(default=None, description="Defaults to the app's name.")
    employee_id: ObjectId | None = None
    store_id: ObjectId | None = Field(default=None, description="Defaults to the sale's store.")
