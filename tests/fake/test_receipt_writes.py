"""Receipts written to the fake: ``POST /receipts`` (a sale) and ``POST /receipts/{number}/refund``,
sent as raw JSON with httpx, as the contract gives the bodies."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import httpx
import pytest

from loyverse_client.testing import FakeLoyverse
from loyverse_models import Receipt
from tests.fake.helpers import JSON, assert_adds_up, error_codes, http


class Shop:
    """The ids of the sample shop's objects, by name (variants by SKU), and its stock."""

    def __init__(self, fake: FakeLoyverse) -> None:
        self.fake = fake
        self.ids: dict[str, str] = {
            obj["name"]: obj["id"]
            for name in ("stores", "taxes", "discounts", "payment_types", "modifiers")
            for obj in fake.objects(name)
        }
        self.ids |= {
            option["name"]: option["id"]
            for modifier in fake.objects("modifiers")
            for option in modifier["modifier_options"]
        }
        self.ids |= {obj["sku"]: obj["variant_id"] for obj in fake.objects("variants")}

    def stock(self, sku: str, store: str = "Harbour Café") -> Decimal:
        (level,) = [
            level
            for level in self.fake.objects("inventory")
            if (level["variant_id"], level["store_id"]) == (self.ids[sku], self.ids[store])
        ]
        return Decimal(str(level["in_stock"]))


@pytest.fixture
def ids(shop: FakeLoyverse) -> Shop:
    return Shop(shop)


@pytest.fixture
def api(shop: FakeLoyverse) -> Iterator[httpx.Client]:
    with http(shop) as client:
        yield client


def _sale(ids: Shop) -> JSON:
    """Two lattes with oat milk (ADDED tax, 10% staff discount on that line), a bag of beans
    (INCLUDED tax) and three croissants (ADDED tax), with a $2 coupon on the receipt, in cash."""
    return {
        "store_id": ids.ids["Harbour Café"],
        "line_items": [
            {
                "variant_id": ids.ids["LAT-2"],
                "quantity": 2,
                "line_taxes": [{"id": ids.ids["Sales tax"]}],
                "line_modifiers": [{"modifier_option_id": ids.ids["Oat milk"]}],
                "line_discounts": [{"id": ids.ids["Staff 10%"]}],
            },
            {"variant_id": ids.ids["BEA-1"], "quantity": 1, "line_taxes": [{"id": ids.ids["VAT"]}]},
            {
                "variant_id": ids.ids["CRO-1"],
                "quantity": 3,
                "line_taxes": [{"id": ids.ids["Sales tax"]}],
            },
        ],
        "total_discounts": [
            {"id": ids.ids["Coupon $2"], "scope": "RECEIPT"},
            {"id": ids.ids["Staff 10%"], "scope": "LINE_ITEM"},
        ],
        "payments": [{"payment_type_id": ids.ids["Cash"]}],
    }


def _money(*values: str) -> list[Decimal]:
    return [Decimal(value) for value in values]


def _sell(api: httpx.Client, body: JSON) -> Receipt:
    response = api.post("/receipts", json=body)
    assert response.status_code == 200, response.text
    receipt = Receipt.model_validate(response.json())
    assert_adds_up(receipt)
    return receipt


def test_a_sale_is_computed_numbered_and_takes_stock(
    shop: FakeLoyverse, ids: Shop, api: httpx.Client
) -> None:
    croissants, beans = ids.stock("CRO-1"), ids.stock("BEA-1")
    numbers = {obj["receipt_number"] for obj in shop.objects("receipts")}
    sale = _sell(api, _sale(ids))
    # Latte: 2 x 4.00 + 2 x 0.60 oat milk; beans 9.50; croissants 3 x 3.25. The $2 coupon is
    # shared 0.65 / 0.66 / 0.69 by gross; staff 10% of the latte's 8.55 left; sales tax 5.5% of
    # 7.69 and 9.06 (0.92 over the receipt); VAT 10/110 of 8.84, inside the price.
    lines = sale.line_items
    assert [line.gross_total_money for line in lines] == _money("9.2", "9.5", "9.75")
    assert [line.total_discount for line in lines] == _money("1.51", "0.66", "0.69")
    assert [[t.money_amount for t in line.line_taxes] for line in lines] == [
        _money("0.42"),
        _money("0.80"),
        _money("0.50"),
    ]
    assert [line.total_money for line in lines] == _money("8.11", "8.84", "9.56")
    assert (sale.total_money, sale.total_tax, sale.total_discount) == tuple(
        _money("26.51", "1.72", "2.86")
    )
    assert [(d.type, d.percentage, d.money_amount) for d in sale.total_discounts] == [
        ("FIXED_AMOUNT", None, Decimal(2)),
        ("FIXED_PERCENT", Decimal(10), Decimal("0.86")),
    ]
    assert "percentage" not in sale.raw["total_discounts"][0]  # absent on an amount discount
    assert [(p.name, p.money_amount) for p in sale.payments] == [("Cash", Decimal("26.51"))]
    assert lines[0].line_modifiers[0].money_amount == Decimal("1.2")
    assert lines[0].variant_name == "Medium"
    assert (sale.receipt_type, sale.pos_device_id, sale.employee_id) == ("SALE", None, None)
    assert (sale.source, sale.refund_for, sale.cancelled_at) == ("loyverse-client", None, None)
    assert sale.receipt_date == sale.created_at == sale.updated_at
    assert sale.receipt_number.isdigit()
    assert sale.receipt_number not in numbers
    assert (ids.stock("CRO-1"), ids.stock("BEA-1")) == (croissants - 3, beans - 1)
    assert shop.objects("receipts")[0] == sale.raw
    with shop.client() as client:
        assert client.receipts.get(sale.receipt_number).raw == sale.raw


def test_a_composite_item_takes_its_components_out_of_stock(ids: Shop, api: httpx.Client) -> None:
    croissants, bananas = ids.stock("CRO-1"), ids.stock("BAN-1")
    line = {"variant_id": ids.ids["CMB-1"], "quantity": 2}  # a croissant, a latte, 0.25 kg bananas
    _sell(api, {"store_id": ids.ids["Harbour Café"], "line_items": [line]})
    assert (ids.stock("CRO-1"), ids.stock("BAN-1")) == (croissants - 2, bananas - Decimal("0.5"))


def test_a_partial_refund_returns_its_share_and_restocks(
    shop: FakeLoyverse, ids: Shop, api: httpx.Client
) -> None:
    sale = _sell(api, _sale(ids))
    latte, _, croissant = sale.line_items
    croissants = ids.stock("CRO-1")
    body = {"line_items": [{"id": latte.id, "quantity": 1}, {"id": croissant.id, "quantity": 1}]}
    response = api.post(f"/receipts/{sale.receipt_number}/refund", json=body)
    assert response.status_code == 200, response.text
    refund = Receipt.model_validate(response.json())
    assert_adds_up(refund)
    assert (refund.receipt_type, refund.refund_for) == ("REFUND", sale.receipt_number)
    assert [(line.id, line.quantity) for line in refund.line_items] == [
        (latte.id, Decimal(1)),
        (croissant.id, Decimal(1)),
    ]
    # Half the latte line (4.60 with oat milk) and a third of the croissants (3.25), each with
    # its share of the discounts and taxes.
    assert [line.total_money for line in refund.line_items] == _money("4.05", "3.19")
    assert (refund.total_money, refund.total_tax, refund.total_discount) == tuple(
        _money("7.24", "0.38", "0.99")
    )
    assert [(p.payment_type_id, p.money_amount) for p in refund.payments] == [
        (ids.ids["Cash"], Decimal("7.24"))
    ]
    assert refund.store_id == sale.store_id
    assert ids.stock("CRO-1") == croissants + 1
    assert shop.objects("receipts")[1] == sale.raw  # the sale is not changed
    rest = {"line_items": [{"id": croissant.id, "quantity": 2}]}
    last = Receipt.model_validate(
        api.post(f"/receipts/{sale.receipt_number}/refund", json=rest).json()
    )
    # Over both refunds, the croissants' discount and tax add up to the sale's.
    for field in ("total_discount", "total_money"):
        refunded = getattr(refund.line_items[1], field) + getattr(last.line_items[0], field)
        assert refunded == getattr(croissant, field)


def test_a_customer_earns_points_and_a_refund_takes_them_back(
    shop: FakeLoyverse, ids: Shop, api: httpx.Client
) -> None:
    customer = shop.objects("customers")[0]
    sale = _sell(api, {**_sale(ids), "customer_id": customer["id"]})
    assert sale.points_earned == Decimal("1.33")  # 5% of 26.51
    assert sale.points_balance == Decimal(str(customer["total_points"])) + sale.points_earned
    lines = [{"id": line.id, "quantity": float(line.quantity)} for line in sale.line_items]
    response = api.post(f"/receipts/{sale.receipt_number}/refund", json={"line_items": lines})
    refund = Receipt.model_validate(response.json())
    assert refund.total_money == sale.total_money
    assert (refund.points_deducted, refund.customer_id) == (sale.points_earned, customer["id"])
    (stored,) = [c for c in shop.objects("customers") if c["id"] == customer["id"]]
    assert Decimal(str(stored["total_points"])) == refund.points_balance
    assert stored["total_visits"] == customer["total_visits"] + 1


def test_a_sale_whose_answer_is_lost_was_made_all_the_same(
    shop: FakeLoyverse, ids: Shop, api: httpx.Client
) -> None:
    count, croissants = len(shop.objects("receipts")), ids.stock("CRO-1")
    shop.fail_next("timeout", after_processing=True)
    with pytest.raises(httpx.ReadTimeout):
        api.post("/receipts", json=_sale(ids))
    assert len(shop.objects("receipts")) == count + 1
    assert ids.stock("CRO-1") == croissants - 3


def test_the_source_is_the_app_unless_the_body_names_one() -> None:
    fake = FakeLoyverse(app_name="Harbour web shop")
    fake.add_sample_shop()
    ids = Shop(fake)
    with http(fake) as api:
        assert _sell(api, _sale(ids)).source == "Harbour web shop"
        assert _sell(api, {**_sale(ids), "source": "kiosk"}).source == "kiosk"


Change = Callable[[JSON, Shop], None]


def _line(index: int, **changes: Any) -> Change:
    def change(body: JSON, ids: Shop) -> None:
        body["line_items"][index] = {**body["line_items"][index], **changes}

    return change


def _drop(key: str, index: int | None = None) -> Change:
    def change(body: JSON, ids: Shop) -> None:
        (body if index is None else body["line_items"][index]).pop(key)

    return change


def _set(**values: Callable[[Shop], Any]) -> Change:
    def change(body: JSON, ids: Shop) -> None:
        body.update({key: value(ids) for key, value in values.items()})

    return change


def _none(ids: Shop) -> list[JSON]:
    return []


def _two_payments(ids: Shop) -> list[JSON]:
    return [{"payment_type_id": ids.ids[name]} for name in ("Cash", "Card")]


def _gift_wrap(ids: Shop) -> list[JSON]:
    return [{"variant_id": ids.ids["GFT-1"], "quantity": 1}]  # no price in any store


def _managers_call(ids: Shop) -> list[JSON]:
    return [
        {"id": ids.ids["Staff 10%"], "scope": "LINE_ITEM"},
        {"id": ids.ids["Manager's call"], "scope": "RECEIPT"},  # VARIABLE_PERCENT
    ]


def _paid_30(ids: Shop) -> list[JSON]:
    return [{"payment_type_id": ids.ids["Cash"], "money_amount": 30}]


LINE = "object.line_items[0]"


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (_set(payments=_two_payments), ("INVALID_VALUE", "object.payments")),
        (_drop("store_id"), ("MISSING_REQUIRED_PARAMETER", "object.store_id")),
        (_drop("variant_id", 0), ("MISSING_REQUIRED_PARAMETER", f"{LINE}.variant_id")),
        (_line(0, quantity=0), ("INVALID_VALUE", f"{LINE}.quantity")),
        (_line(0, quantity="2"), ("INCORRECT_VALUE_TYPE", f"{LINE}.quantity")),
        (_line(0, price=-1), ("INVALID_VALUE", f"{LINE}.price")),
        (_line(0, price=4.005), ("INVALID_VALUE", f"{LINE}.price")),
        (_line(0, line_taxes=[{"id": "nope"}]), ("INVALID_VALUE", f"{LINE}.line_taxes[0].id")),
        (
            _set(line_items=_gift_wrap, total_discounts=_none),
            ("MISSING_REQUIRED_PARAMETER", f"{LINE}.price"),
        ),
        (_line(0, line_discounts=[]), ("INVALID_VALUE", "object.total_discounts[1].scope")),
        (
            _set(total_discounts=_managers_call),
            ("MISSING_REQUIRED_PARAMETER", "object.total_discounts[1].percentage"),
        ),
        (
            _set(receipt_date=lambda ids: "2999-01-01T00:00:00.000Z"),
            ("INVALID_VALUE", "object.receipt_date"),
        ),
        (_set(payments=_paid_30), ("INVALID_VALUE", "object.payments[0].money_amount")),
        (
            _set(line_items=_none, total_discounts=_none),
            ("MISSING_REQUIRED_PARAMETER", "object.line_items"),
        ),
    ],
)
def test_a_sale_the_contract_refuses_is_400_and_changes_nothing(
    shop: FakeLoyverse, ids: Shop, api: httpx.Client, change: Change, problem: Any
) -> None:
    body = _sale(ids)
    change(body, ids)
    assert _refused(shop, api, "/receipts", body) == [problem]


def _refused(
    shop: FakeLoyverse, api: httpx.Client, path: str, body: JSON, status: int = 400
) -> list[tuple[str, str | None]]:
    """The problems of a write the fake refuses with ``status``, having changed nothing."""
    before = (shop.objects("receipts"), shop.objects("inventory"), shop.customers)
    response = api.post(path, json=body)
    assert response.status_code == status, response.text
    assert (shop.objects("receipts"), shop.objects("inventory"), shop.customers) == before
    return error_codes(response)


def _sold(shop: FakeLoyverse, payments: int) -> JSON:
    """A sample sale with this many payments, not cancelled, not refunded yet."""
    receipts = shop.objects("receipts")
    refunded = {obj["refund_for"] for obj in receipts}
    return next(
        obj
        for obj in receipts
        if obj["receipt_type"] == "SALE"
        and len(obj["payments"]) == payments
        and not obj["cancelled_at"]
        and obj["receipt_number"] not in refunded
    )


def _unknown_line(line: JSON) -> list[JSON]:
    return [{"id": "no-such-line", "quantity": 1}]


def _by_variant(line: JSON) -> list[JSON]:
    return [{"variant_id": line["variant_id"], "quantity": 1}]


def _more_than_sold(line: JSON) -> list[JSON]:
    return [{"id": line["id"], "quantity": line["quantity"] + 1}]


def _twice(line: JSON) -> list[JSON]:
    return [{"id": line["id"], "quantity": 1}] * 2


def _one(line: JSON) -> list[JSON]:
    return [{"id": line["id"], "quantity": 1}]


@pytest.mark.parametrize(
    ("payments", "lines", "problem"),
    [
        (1, _unknown_line, ("INVALID_VALUE", f"{LINE}.id")),
        (1, _by_variant, ("MISSING_REQUIRED_PARAMETER", f"{LINE}.id")),
        (1, _more_than_sold, ("INVALID_VALUE", f"{LINE}.quantity")),
        (1, _twice, ("INVALID_VALUE", "object.line_items[1].id")),
        (2, _one, ("INVALID_VALUE", None)),  # only a sale with a single payment
    ],
)
def test_a_refund_the_contract_refuses_is_400_and_changes_nothing(
    shop: FakeLoyverse,
    api: httpx.Client,
    payments: int,
    lines: Callable[[JSON], list[JSON]],
    problem: Any,
) -> None:
    sale = _sold(shop, payments)
    body = {"line_items": lines(sale["line_items"][0])}
    assert _refused(shop, api, f"/receipts/{sale['receipt_number']}/refund", body) == [problem]


def test_a_refund_is_never_more_than_was_sold(shop: FakeLoyverse, api: httpx.Client) -> None:
    sale = _sold(shop, 1)
    line = sale["line_items"][0]
    path = f"/receipts/{sale['receipt_number']}/refund"
    everything = {"line_items": [{"id": line["id"], "quantity": line["quantity"]}]}
    assert api.post(path, json=everything).status_code == 200
    more = {"line_items": [{"id": line["id"], "quantity": 0.001}]}
    assert _refused(shop, api, path, more) == [("INVALID_VALUE", f"{LINE}.quantity")]


@pytest.mark.parametrize(
    ("number", "status", "problem"),
    [("9-9999", 404, ("NOT_FOUND", None)), ("a refund", 400, ("INVALID_VALUE", None))],
)
def test_a_refund_of_no_sale_is_refused(
    shop: FakeLoyverse, api: httpx.Client, number: str, status: int, problem: Any
) -> None:
    if number == "a refund":  # a refund cannot be refunded
        refund = next(r for r in shop.objects("receipts") if r["receipt_type"] == "REFUND")
        number = refund["receipt_number"]
    body = {"line_items": [{"id": "x", "quantity": 1}]}
    assert _refused(shop, api, f"/receipts/{number}/refund", body, status) == [problem]
