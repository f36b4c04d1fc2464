"""Writing receipts: a sale's and a refund's bodies are exactly the documented JSON, and everything
Loyverse would refuse, ignore or misapply is refused before a request exists, naming the field."""

from __future__ import annotations

import copy
import json
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from loyverse_models import (
    DiscountScope,
    DiscountType,
    ReceiptCreate,
    ReceiptDiscountCreate,
    ReceiptLineCreate,
    ReceiptModifierCreate,
    ReceiptPaymentCreate,
    ReceiptRefund,
    RefundLine,
)

PARIS_WINTER = timezone(timedelta(hours=1))

STORE = "42dd2a7e-1f4c-4a1b-9a59-6f3c1f2d9e01"
EMPLOYEE = "b2a4c6e8-0d1f-4e3a-8c5b-7d9f1a3c5e02"
CUSTOMER = "c0ffee00-3b2a-4c1d-9e8f-0a1b2c3d4e03"
LATTE = "06f9d1a2-7c3b-4e5d-8f6a-9b0c1d2e3f04"
CHEESE = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c05"
CROISSANT = "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d06"
VAT = "3c4d5e6f-7a8b-4c9d-0e1f-2a3b4c5d6e07"
CITY_TAX = "4d5e6f7a-8b9c-4d0e-1f2a-3b4c5d6e7f08"
OAT_MILK = "5e6f7a8b-9c0d-4e1f-2a3b-4c5d6e7f8a09"
WARMED = "6f7a8b9c-0d1e-4f2a-3b4c-5d6e7f8a9b10"
HAPPY_HOUR = "7a8b9c0d-1e2f-4a3b-4c5d-6e7f8a9b0c11"
STAFF = "8b9c0d1e-2f3a-4b4c-5d6e-7f8a9b0c1d12"
CASH = "9c0d1e2f-3a4b-4c5d-6e7f-8a9b0c1d2e13"
CARD = "0d1e2f3a-4b5c-4d6e-7f8a-9b0c1d2e3f14"
LATTE_LINE = "e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a15"
CHEESE_LINE = "f2a3b4c5-d6e7-4f8a-9b0c-1d2e3f4a5b16"

# A café sale: two lattes with oat milk (a staff discount on that line only), cheese sold by
# weight at a given price and cost, three croissants at the variant's price, warmed; 10% off the
# whole receipt; paid cash, the amount left to Loyverse (the receipt's total).
SALE = ReceiptCreate(
    store_id=STORE,
    employee_id=EMPLOYEE,
    order="Table 4",
    customer_id=CUSTOMER,
    source="Kiosk",
    receipt_date=datetime(2024, 3, 1, 13, 5, 30, 250999, tzinfo=PARIS_WINTER),
    note="Birthday",
    line_items=[
        ReceiptLineCreate(
            variant_id=LATTE,
            quantity=Decimal(2),
            price=Decimal("4.50"),
            line_taxes=[VAT],
            line_discounts=[STAFF],
            line_modifiers=[
                ReceiptModifierCreate(modifier_option_id=OAT_MILK, price=Decimal("0.60"))
            ],
        ),
        ReceiptLineCreate(
            variant_id=CHEESE,
            quantity=Decimal("0.350"),
            price=Decimal("28.90"),
            cost=Decimal("17.20"),
            line_note="sliced thin",
            line_taxes=[VAT, CITY_TAX],
        ),
        ReceiptLineCreate(
            variant_id=CROISSANT,
            quantity=Decimal(3),
            line_taxes=[VAT],
            line_modifiers=[ReceiptModifierCreate(modifier_option_id=WARMED)],
        ),
    ],
    total_discounts=[
        ReceiptDiscountCreate(
            id=HAPPY_HOUR,
            type=DiscountType.VARIABLE_PERCENT,
            scope=DiscountScope.RECEIPT,
            percentage=Decimal("10"),
        ),
        ReceiptDiscountCreate(
            id=STAFF,
            type=DiscountType.VARIABLE_AMOUNT,
            scope=DiscountScope.LINE_ITEM,
            money_amount=Decimal("1.50"),
        ),
    ],
    payments=[
        ReceiptPaymentCreate(
            payment_type_id=CASH, paid_at=datetime(2024, 3, 1, 13, 6, tzinfo=PARIS_WINTER)
        )
    ],
)

# The documented PostReceipt shape: ids of taxes and discounts as {"id": ...}, times in UTC with
# milliseconds, money as numbers; a discount's type is not sent.
SALE_BODY: dict[str, Any] = {
    "store_id": STORE,
    "employee_id": EMPLOYEE,
    "order": "Table 4",
    "customer_id": CUSTOMER,
    "source": "Kiosk",
    "receipt_date": "2024-03-01T12:05:30.250Z",
    "note": "Birthday",
    "line_items": [
        {
            "variant_id": LATTE,
            "quantity": 2,
            "price": 4.5,
            "line_taxes": [{"id": VAT}],
            "line_discounts": [{"id": STAFF}],
            "line_modifiers": [{"modifier_option_id": OAT_MILK, "price": 0.6}],
        },
        {
            "variant_id": CHEESE,
            "quantity": 0.35,
            "price": 28.9,
            "cost": 17.2,
            "line_note": "sliced thin",
            "line_taxes": [{"id": VAT}, {"id": CITY_TAX}],
        },
        {
            "variant_id": CROISSANT,
            "quantity": 3,
            "line_taxes": [{"id": VAT}],
            "line_modifiers": [{"modifier_option_id": WARMED}],
        },
    ],
    "total_discounts": [
        {"id": HAPPY_HOUR, "scope": "RECEIPT", "percentage": 10},
        {"id": STAFF, "scope": "LINE_ITEM", "money_amount": 1.5},
    ],
    "payments": [{"payment_type_id": CASH, "paid_at": "2024-03-01T12:06:00.000Z"}],
}

# Part of the cheese back, and one latte, the next morning.
REFUND = ReceiptRefund(
    line_items=[
        RefundLine(id=CHEESE_LINE, quantity=Decimal("0.15")),
        RefundLine(id=LATTE_LINE, quantity=Decimal(1)),
    ],
    receipt_date=datetime(2024, 3, 2, 9, 0, tzinfo=timezone.utc),
    source="Kiosk",
    employee_id=EMPLOYEE,
    store_id=STORE,
)
REFUND_BODY: dict[str, Any] = {
    "line_items": [{"id": CHEESE_LINE, "quantity": 0.15}, {"id": LATTE_LINE, "quantity": 1}],
    "receipt_date": "2024-03-02T09:00:00.000Z",
    "source": "Kiosk",
    "employee_id": EMPLOYEE,
    "store_id": STORE,
}

Loc = tuple[str | int, ...]
"""A pydantic error location, and the same path into an input or a body."""
ReceiptWriter = type[ReceiptCreate] | type[ReceiptRefund]
WriteModel = (
    ReceiptCreate
    | ReceiptLineCreate
    | ReceiptModifierCreate
    | ReceiptDiscountCreate
    | ReceiptPaymentCreate
    | ReceiptRefund
    | RefundLine
)


@pytest.mark.parametrize(
    ("model", "body"),
    [
        pytest.param(SALE, SALE_BODY, id="sale"),
        pytest.param(SALE.line_items[0], SALE_BODY["line_items"][0], id="line"),
        pytest.param(SALE.line_items[1], SALE_BODY["line_items"][1], id="line by weight"),
        pytest.param(
            SALE.line_items[0].line_modifiers[0],
            SALE_BODY["line_items"][0]["line_modifiers"][0],
            id="modifier",
        ),
        pytest.param(
            SALE.total_discounts[0], SALE_BODY["total_discounts"][0], id="RECEIPT discount"
        ),
        pytest.param(
            SALE.total_discounts[1], SALE_BODY["total_discounts"][1], id="LINE_ITEM discount"
        ),
        pytest.param(SALE.payments[0], SALE_BODY["payments"][0], id="payment"),
        pytest.param(
            ReceiptPaymentCreate(payment_type_id=CARD, money_amount=Decimal("27.91")),
            {"payment_type_id": CARD, "money_amount": 27.91},
            id="payment with its amount",
        ),
        pytest.param(REFUND, REFUND_BODY, id="refund"),
        pytest.param(REFUND.line_items[0], REFUND_BODY["line_items"][0], id="refund line"),
    ],
)
def test_the_body_is_the_documented_json(model: WriteModel, body: dict[str, Any]) -> None:
    assert model.to_body() == body
    assert json.loads(json.dumps(model.to_body())) == body  # plain JSON, nothing Python-specific


def test_a_minimal_sale_sends_only_what_was_given() -> None:
    sale = ReceiptCreate(
        store_id=STORE,
        customer_id=None,  # the same as leaving it out: a receipt is never updated
        line_items=[ReceiptLineCreate(variant_id=LATTE, quantity=Decimal(1))],
    )
    assert sale.to_body() == {
        "store_id": STORE,
        "line_items": [{"variant_id": LATTE, "quantity": 1}],
    }


def test_a_model_dump_validates_back_to_the_same_sale() -> None:
    assert ReceiptCreate.model_validate(SALE.model_dump()) == SALE
    assert ReceiptRefund.model_validate(REFUND.model_dump()) == REFUND


# Every place a caller writes an amount or a quantity, the same in the model and in the body.
MONEY_PATHS: list[tuple[ReceiptWriter, Loc]] = [
    (ReceiptCreate, ("line_items", 0, "quantity")),
    (ReceiptCreate, ("line_items", 0, "price")),
    (ReceiptCreate, ("line_items", 0, "cost")),
    (ReceiptCreate, ("line_items", 0, "line_modifiers", 0, "price")),
    (ReceiptCreate, ("total_discounts", 0, "percentage")),
    (ReceiptCreate, ("total_discounts", 1, "money_amount")),
    (ReceiptCreate, ("payments", 0, "money_amount")),
    (ReceiptRefund, ("line_items", 0, "quantity")),
]
_GONE = object()
"""Put at a path: the key is removed."""


def _valid(model: ReceiptWriter) -> dict[str, Any]:
    """A valid input in its dict form, as a caller or a CLI would give it."""
    if model is ReceiptRefund:
        return {
            "line_items": [{"id": LATTE_LINE, "quantity": 1}, {"id": CHEESE_LINE, "quantity": 2}]
        }
    return {
        "store_id": STORE,
        "line_items": [
            {
                "variant_id": LATTE,
                "quantity": 2,
                "price": "4.50",
                "cost": "1.10",
                "line_discounts": [STAFF],
                "line_modifiers": [{"modifier_option_id": OAT_MILK, "price": "0.60"}],
            }
        ],
        "total_discounts": [
            {"id": HAPPY_HOUR, "type": "VARIABLE_PERCENT", "scope": "RECEIPT", "percentage": 10},
            {"id": STAFF, "type": "VARIABLE_AMOUNT", "scope": "LINE_ITEM", "money_amount": 1},
        ],
        "payments": [{"payment_type_id": CASH, "money_amount": 9}],
    }


def _changed(model: ReceiptWriter, changes: dict[Loc, Any]) -> dict[str, Any]:
    data = _valid(model)
    for path, value in changes.items():
        *parents, last = path
        target: Any = data
        for step in parents:
            target = target[step]
        if value is _GONE:
            del target[last]
        else:
            target[last] = copy.deepcopy(value)
    return data


def _dig(body: Any, path: Loc) -> Any:
    for step in path:
        body = body[step]
    return body


@pytest.mark.parametrize(("model", "path"), MONEY_PATHS)
@pytest.mark.parametrize("amount", ["0.123456789012345", "99.9999999999999", "12.50", "0.35"])
def test_amounts_of_up_to_15_digits_are_sent_exactly(
    model: ReceiptWriter, path: Loc, amount: str
) -> None:
    written = json.dumps(model.model_validate(_changed(model, {path: Decimal(amount)})).to_body())
    assert _dig(json.loads(written, parse_float=Decimal), path) == Decimal(amount)


def _case(
    name: str,
    changes: dict[Loc, Any],
    loc: Loc,
    message: str,
    model: ReceiptWriter = ReceiptCreate,
) -> Any:
    return pytest.param(model, changes, loc, message, id=name)


TD = "total_discounts"
NAIVE = datetime(2024, 3, 1, 12)
ROUNDED = Decimal("0.12345678901234567")

REFUSED = [
    # the sale as a whole
    _case("no store", {("store_id",): _GONE}, ("store_id",), "Field required"),
    _case("no lines", {("line_items",): []}, ("line_items",), "needs at least one line"),
    _case("lines left out", {("line_items",): _GONE}, ("line_items",), "Field required"),
    _case(
        "two payments",
        {("payments",): [{"payment_type_id": CASH}, {"payment_type_id": CARD}]},
        ("payments",),
        "at most one payment per receipt, got 2",
    ),
    _case("naive receipt_date", {("receipt_date",): NAIVE}, ("receipt_date",), "timezone-aware"),
    _case("unknown field", {("nmae",): "x"}, ("nmae",), "unknown field: Loyverse would silently"),
    _case("empty store id", {("store_id",): ""}, ("store_id",), "must not be empty"),
    # lines
    *(
        _case(
            f"quantity {q}",
            {("line_items", 0, "quantity"): q},
            ("line_items", 0, "quantity"),
            "greater than 0",
        )
        for q in (0, -1, "-0.5")
    ),
    *(
        _case(
            f"negative {f}",
            {("line_items", 0, f): -1},
            ("line_items", 0, f),
            "greater than or equal to 0",
        )
        for f in ("price", "cost")
    ),
    _case(
        "negative modifier price",
        {("line_items", 0, "line_modifiers", 0, "price"): "-0.01"},
        ("line_items", 0, "line_modifiers", 0, "price"),
        "greater than or equal to 0",
    ),
    _case(
        "modifier without its option",
        {("line_items", 0, "line_modifiers", 0, "modifier_option_id"): _GONE},
        ("line_items", 0, "line_modifiers", 0, "modifier_option_id"),
        "Field required",
    ),
    _case(
        "empty tax id",
        {("line_items", 0, "line_taxes"): [VAT, ""]},
        ("line_items", 0, "line_taxes", 1),
        "must not be empty",
    ),
    _case(
        "a line's unknown field",
        {("line_items", 0, "discount"): 1},
        ("line_items", 0, "discount"),
        "ReceiptLineCreate takes variant_id, quantity, price",
    ),
    # discounts: the value must fit the type
    *(
        _case(
            f"percentage on {kind}",
            {(TD, 0, "type"): kind},
            (TD, 0, "percentage"),
            f"percentage is only for VARIABLE_PERCENT discounts, not {kind}",
        )
        for kind in ("FIXED_PERCENT", "FIXED_AMOUNT")
    ),
    _case(
        "percentage on VARIABLE_AMOUNT",
        {(TD, 0, "type"): "VARIABLE_AMOUNT", (TD, 0, "money_amount"): 2},
        (TD, 0, "percentage"),
        "not VARIABLE_AMOUNT (it takes money_amount): leave percentage out",
    ),
    *(
        _case(
            f"money_amount on {kind}",
            {(TD, 1, "type"): kind},
            (TD, 1, "money_amount"),
            f"money_amount is only for VARIABLE_AMOUNT and DISCOUNT_BY_POINTS discounts, "
            f"not {kind}",
        )
        for kind in ("FIXED_PERCENT", "FIXED_AMOUNT")
    ),
    _case(
        "money_amount on VARIABLE_PERCENT",
        {(TD, 0, "money_amount"): 2},
        (TD, 0, "money_amount"),
        "not VARIABLE_PERCENT (it takes percentage): leave money_amount out",
    ),
    _case(
        "VARIABLE_PERCENT without percentage",
        {(TD, 0, "percentage"): _GONE},
        (TD, 0, "percentage"),
        "a VARIABLE_PERCENT discount has no value of its own: give the percentage",
    ),
    _case(
        "DISCOUNT_BY_POINTS without money_amount",
        {(TD, 1, "type"): "DISCOUNT_BY_POINTS", (TD, 1, "money_amount"): _GONE},
        (TD, 1, "money_amount"),
        "a DISCOUNT_BY_POINTS discount has no value of its own: give the money_amount",
    ),
    *(
        _case(f"percentage {p}", {(TD, 0, "percentage"): p}, (TD, 0, "percentage"), why)
        for p, why in ((0, "greater than 0"), ("100.01", "less than or equal to 100"))
    ),
    _case(
        "zero money_amount", {(TD, 1, "money_amount"): 0}, (TD, 1, "money_amount"), "greater than 0"
    ),
    _case(
        "the OpenAPI document's misspelt type",
        {(TD, 0, "type"): "VARIABLE_PERCENTAGE"},
        (TD, 0, "type"),
        "the type is VARIABLE_PERCENT",
    ),
    _case(
        "unknown scope", {(TD, 0, "scope"): "ORDER"}, (TD, 0, "scope"), "'RECEIPT' or 'LINE_ITEM'"
    ),
    _case("discount without type", {(TD, 0, "type"): _GONE}, (TD, 0, "type"), "Field required"),
    # discounts: where they apply
    _case(
        "LINE_ITEM discount no line lists",
        {("line_items", 0, "line_discounts"): []},
        (TD, 1, "scope"),
        f"LINE_ITEM discount {STAFF} is in no line's line_discounts, so it would apply nowhere",
    ),
    _case(
        "the same discount twice",
        {(TD, 0, "id"): STAFF},
        (TD, 1, "id"),
        f"discount {STAFF} is already listed",
    ),
    # payments
    _case(
        "naive paid_at",
        {("payments", 0, "paid_at"): NAIVE},
        ("payments", 0, "paid_at"),
        "timezone-aware",
    ),
    _case(
        "negative payment",
        {("payments", 0, "money_amount"): -5},
        ("payments", 0, "money_amount"),
        "greater than or equal to 0",
    ),
    # refunds
    _case(
        "no refund lines",
        {("line_items",): []},
        ("line_items",),
        "at least one line",
        ReceiptRefund,
    ),
    _case(
        "the same line twice",
        {("line_items", 1, "id"): LATTE_LINE},
        ("line_items", 1, "id"),
        f"line {LATTE_LINE} is already refunded above: give each line once",
        ReceiptRefund,
    ),
    *(
        _case(
            f"refund quantity {q}",
            {("line_items", 0, "quantity"): q},
            ("line_items", 0, "quantity"),
            "greater than 0",
            ReceiptRefund,
        )
        for q in (0, -2)
    ),
    _case(
        "a refund line by variant",
        {("line_items", 0): {"variant_id": LATTE, "quantity": 1}},
        ("line_items", 0, "variant_id"),
        "a refund names the sold line by id (the sale's LineItem.id)",
        ReceiptRefund,
    ),
    _case(
        "naive refund date",
        {("receipt_date",): NAIVE},
        ("receipt_date",),
        "timezone-aware",
        ReceiptRefund,
    ),
    _case(
        "a sale's field on a refund",
        {("payments",): []},
        ("payments",),
        "ReceiptRefund takes line_items, receipt_date, source, employee_id, store_id",
        ReceiptRefund,
    ),
    # money a JSON number would round, wherever it is written
    *(
        _case(
            f"rounded {'.'.join(map(str, path))} ({model.__name__})",
            {path: ROUNDED},
            path,
            f"{ROUNDED} has more significant digits than a JSON number carries exactly",
            model,
        )
        for model, path in MONEY_PATHS
    ),
]


@pytest.mark.parametrize(("model", "changes", "loc", "message"), REFUSED)
def test_what_loyverse_would_refuse_or_misapply_is_refused_naming_the_field(
    model: ReceiptWriter,
    changes: dict[Loc, Any],
    loc: Loc,
    message: str,
) -> None:
    data = _changed(model, changes)
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    (problem,) = caught.value.errors()
    assert problem["loc"] == loc
    assert message in problem["msg"]


def test_the_valid_inputs_of_the_refusal_table_are_valid() -> None:
    assert ReceiptCreate.model_validate(_valid(ReceiptCreate)).to_body()["payments"] == [
        {"payment_type_id": CASH, "money_amount": 9}
    ]
    assert len(ReceiptRefund.model_validate(_valid(ReceiptRefund)).line_items) == 2


_COMPUTED = "computed by Loyverse"
TOTALS = ("total_money", "total_tax", "total_discount", "tip", "surcharge")
POINTS = ("points_earned", "points_deducted", "points_balance")
RECEIPT_FIELDS_NO_BODY_CARRIES = {
    **dict.fromkeys(TOTALS + POINTS, _COMPUTED),
    "total_taxes": "line_taxes",
    "id": "receipts have no id",
    "receipt_number": "numbers each new receipt",
    "receipt_type": "a ReceiptRefund a REFUND",
    "refund_for": "the sale's receipt number",
    "created_at": "the time of the sale is receipt_date",
    "updated_at": "set by Loyverse",
    "cancelled_at": "cancelled",
    "pos_device_id": "not settable through the API",
    "dining_option": "not part of the body",
}
NO_BODY_CARRIES = [
    *(
        pytest.param(model, (field,), reason, id=f"{model.__name__}.{field}")
        for model in (ReceiptCreate, ReceiptRefund)
        for field, reason in RECEIPT_FIELDS_NO_BODY_CARRIES.items()
    ),
    *(
        pytest.param(ReceiptCreate, loc, reason, id=".".join(map(str, loc)))
        for loc, reason in [
            (("line_items", 0, "id"), "Loyverse numbers each line"),
            (("line_items", 0, "item_id"), "Loyverse takes the item from variant_id"),
            (("line_items", 0, "sku"), "Loyverse takes the SKU from variant_id"),
            (("line_items", 0, "total_money"), _COMPUTED),
            (("line_items", 0, "gross_total_money"), _COMPUTED),
            (
                ("line_items", 0, "line_modifiers", 0, "money_amount"),
                "price times the line's quantity",
            ),
            (("total_discounts", 0, "name"), "Loyverse takes the name from the discount"),
            (("payments", 0, "type"), "Loyverse takes the type from the payment type"),
            (("payments", 0, "payment_details"), "integrated card payments only"),
        ]
    ),
    pytest.param(
        ReceiptRefund,
        ("line_items", 0, "item_id"),
        "a refund names the sold line by id",
        id="refund line item_id",
    ),
]


@pytest.mark.parametrize(("model", "loc", "reason"), NO_BODY_CARRIES)
def test_fields_no_body_carries_are_refused_by_name_with_the_reason(
    model: ReceiptWriter, loc: Loc, reason: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(_changed(model, {loc: "1"}))
    (problem,) = caught.value.errors()
    assert problem["loc"] == loc
    assert problem["type"] == "read_only"
    assert problem["msg"].startswith(f"{loc[-1]} cannot be written: ")
    assert reason in problem["msg"]


def test_a_changed_copy_is_validated_like_a_new_sale() -> None:
    second = ReceiptPaymentCreate(payment_type_id=CARD)
    with pytest.raises(ValidationError, match="at most one payment"):
        SALE.model_copy(update={"payments": [*SALE.payments, second]})
    card = SALE.model_copy(update={"payments": [second]})
    assert card.to_body()["payments"] == [{"payment_type_id": CARD}]


def test_the_discount_type_is_checked_but_never_sent() -> None:
    points = ReceiptDiscountCreate(
        id=STAFF,
        type=DiscountType.DISCOUNT_BY_POINTS,
        scope=DiscountScope.RECEIPT,
        money_amount=Decimal("3"),
    )
    assert points.type is DiscountType.DISCOUNT_BY_POINTS
    assert points.to_body() == {"id": STAFF, "scope": "RECEIPT", "money_amount": 3}


def test_the_write_models_are_frozen() -> None:
    with pytest.raises(ValidationError, match="frozen"):
        SALE.store_id = "another"  # type: ignore[misc]
