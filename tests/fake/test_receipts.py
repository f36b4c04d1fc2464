"""Receipts in the fake, read: the sample receipts, the filters that name a receipt, and the plan's
31-day sales history gate. (Every receipt filter also narrows the list in ``test_lists``.)"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from typing import Any

import pytest

from loyverse_client import SalesHistoryLimitError
from loyverse_client._resources import RECEIPTS
from loyverse_client.testing import FakeLoyverse
from loyverse_client.testing._receipt_math import (
    Currency,
    Sold,
    decimal,
    jsonable,
    sale_lines,
    totals,
)
from loyverse_models import Receipt, ReceiptQuery, format_timestamp
from tests.conftest import FIXTURES
from tests.fake.helpers import JSON, assert_adds_up, error_codes, http, listed

NUMBER = re.compile(r"(\d+-)?\d{4,}")
POS = "point of sale"


def _receipts(fake: FakeLoyverse) -> list[Receipt]:
    return [Receipt.model_validate(obj) for obj in fake.objects("receipts")]


def test_the_fake_computes_the_real_receipt_page_to_the_cent() -> None:
    """The arithmetic the fake uses, given the lines of a real receipt (included VAT, modifiers):
    the same line taxes, totals and total tax as Loyverse wrote."""
    page = json.loads((FIXTURES / "receipts_page.json").read_text())
    (real,) = page["receipts"]
    tax = real["total_taxes"][0]
    sold = [
        Sold(
            item={"id": line["item_id"], "item_name": line["item_name"]},
            variant={"variant_id": line["variant_id"], "sku": line["sku"]},
            quantity=decimal(line["quantity"]),
            price=decimal(line["price"]),
            cost=decimal(line["cost"]),
            taxes=[tax],
            modifiers=[
                (
                    {"id": m["id"], "name": m["name"]},
                    {"id": m["modifier_option_id"], "name": m["option"]},
                    decimal(m["price"]),
                )
                for m in line["line_modifiers"]
            ],
        )
        for line in real["line_items"]
    ]
    ids = iter([line["id"] for line in real["line_items"]])
    made = jsonable(sale_lines(sold, [], Currency(2), lambda: next(ids)))
    assert made == real["line_items"]
    figures = jsonable(totals(made))
    assert (figures["total_money"], figures["total_tax"]) == (
        real["total_money"],
        real["total_tax"],
    )
    assert figures["total_taxes"] == real["total_taxes"]


def test_sample_receipts_parse_and_add_up(shop: FakeLoyverse) -> None:
    receipts = _receipts(shop)
    assert len(receipts) >= 30
    numbers = {receipt.receipt_number: receipt for receipt in receipts}
    for receipt in receipts:
        assert_adds_up(receipt)
        assert NUMBER.fullmatch(receipt.receipt_number)
        assert ("-" in receipt.receipt_number) == (receipt.pos_device_id is not None)
        assert (receipt.source == POS) == (receipt.pos_device_id is not None)
        assert all(line.quantity > 0 for line in receipt.line_items)
        if receipt.receipt_type == "REFUND":
            sale = numbers[str(receipt.refund_for)]
            assert sale.receipt_type == "SALE"
            assert sale.receipt_date < receipt.receipt_date
            sold = {line.id: line.quantity for line in sale.line_items}
            assert all(line.quantity <= sold[line.id] for line in receipt.line_items)
        else:
            assert receipt.refund_for is None


def test_sample_receipts_refer_only_to_live_objects(shop: FakeLoyverse) -> None:
    def live(resource: str, key: str = "id") -> set[str | None]:
        return {None} | {obj[key] for obj in shop.objects(resource)}

    for r in _receipts(shop):
        assert r.store_id in live("stores")
        assert r.pos_device_id in live("pos_devices")
        assert r.employee_id in live("employees")
        assert r.customer_id in live("customers")
        assert {p.payment_type_id for p in r.payments} <= live("payment_types")
        assert {line.variant_id for line in r.line_items} <= live("variants", "variant_id")
        assert {tax.id for tax in r.total_taxes} <= live("taxes")
        assert {discount.id for discount in r.total_discounts} <= live("discounts")


def test_the_sample_receipts_show_what_the_contract_describes(shop: FakeLoyverse) -> None:
    receipts = _receipts(shop)
    taxes = {tax.type for r in receipts for line in r.line_items for tax in line.line_taxes}
    discounts = {d.type for r in receipts for d in r.total_discounts}
    stores = {r.store_id for r in receipts}
    days = {r.receipt_date.date() for r in receipts}
    assert taxes == {"INCLUDED", "ADDED"}
    assert discounts == {
        "FIXED_PERCENT",
        "FIXED_AMOUNT",
        "VARIABLE_PERCENT",
        "VARIABLE_AMOUNT",
        "DISCOUNT_BY_POINTS",
    }
    assert stores == {store["id"] for store in shop.objects("stores")}
    assert len(days) >= 5
    assert any(line.line_modifiers for r in receipts for line in r.line_items)
    assert any(line.quantity % 1 for r in receipts for line in r.line_items)  # sold by weight
    assert any(r.created_at - r.receipt_date > timedelta(hours=1) for r in receipts)  # offline
    assert any(len(r.payments) == 2 for r in receipts)
    assert len([r for r in receipts if r.cancelled_at is not None]) == 1
    assert len([r for r in receipts if r.receipt_type == "REFUND"]) >= 3
    assert any(r.points_deducted for r in receipts if r.receipt_type == "REFUND")
    assert {r.source for r in receipts if r.pos_device_id is None} >= {"loyverse-client"}
    assert any(r.customer_id for r in receipts)
    assert any(r.employee_id for r in receipts)
    assert any(r.order for r in receipts)
    # A discount of one line and a discount of every line.
    scopes = {
        all(d.id in {e.id for e in line.line_discounts} for line in r.line_items)
        for r in receipts
        for d in r.total_discounts
        if len(r.line_items) > 1
    }
    assert scopes == {True, False}


def test_more_sample_receipts_go_on_from_the_stored_numbers(shop: FakeLoyverse) -> None:
    before = {obj["receipt_number"] for obj in shop.objects("receipts")}
    added = shop.add_sample_receipts(16, seed=3)
    assert len(added) == 16
    assert len([obj for obj in added if obj["receipt_type"] == "REFUND"]) == 2
    assert not before & {obj["receipt_number"] for obj in added}
    for obj in added:
        assert_adds_up(Receipt.model_validate(obj))
    assert len(shop.objects("receipts")) == len(before) + 16
    again = FakeLoyverse()
    again.add_sample_shop()
    assert again.add_sample_receipts(16, seed=3) == added


def test_sample_receipts_need_somewhere_to_sell() -> None:
    fake = FakeLoyverse()
    assert fake.add_sample_receipts(0) == []
    with pytest.raises(ValueError, match="add a shop first"):
        fake.add_sample_receipts(3)


def _middle(fake: FakeLoyverse) -> JSON:
    receipts = fake.objects("receipts")
    return receipts[len(receipts) // 2]


@pytest.mark.parametrize(
    ("fields", "kept"),
    [
        ({"since_receipt_number"}, lambda created, edge: created >= edge),
        ({"before_receipt_number"}, lambda created, edge: created <= edge),
        ({"since_receipt_number", "before_receipt_number"}, lambda created, edge: created == edge),
    ],
)
def test_since_and_before_a_receipt_include_it(
    shop: FakeLoyverse, fields: set[str], kept: Any
) -> None:
    named = Receipt.model_validate(_middle(shop))
    wanted = ReceiptQuery.model_validate(dict.fromkeys(fields, named.receipt_number))
    with shop.client() as client:
        found = list(client.receipts.iterate(wanted))
    expected = [r for r in _receipts(shop) if kept(r.created_at, named.created_at)]
    assert [r.receipt_number for r in found] == [r.receipt_number for r in expected]
    assert named.receipt_number in [r.receipt_number for r in found]


@pytest.mark.parametrize("name", ["since_receipt_number", "before_receipt_number"])
def test_naming_a_receipt_that_does_not_exist_is_400(shop: FakeLoyverse, name: str) -> None:
    with http(shop) as api:
        response = api.get("/receipts", params={name: "9-9999"})
    assert response.status_code == 400
    assert error_codes(response) == [("INVALID_VALUE", name)]


# --- the plan's sales history ------------------------------------------------------------------


def _recent_sale(fake: FakeLoyverse) -> JSON:
    """A sale made now, through the API."""
    store = fake.objects("stores")[0]["id"]
    variant = next(v for v in fake.objects("variants") if v["default_price"] is not None)
    with http(fake) as api:
        response = api.post(
            "/receipts",
            json={
                "store_id": store,
                "line_items": [{"variant_id": variant["variant_id"], "quantity": 1}],
            },
        )
    assert response.status_code == 200, response.text
    sale: JSON = response.json()
    return sale


@pytest.fixture
def limited() -> tuple[FakeLoyverse, JSON]:
    """A fake without the sales history add-on: the sample shop (receipts of 2024) and a sale
    made now."""
    fake = FakeLoyverse(sales_history_days=31)
    fake.add_sample_shop()
    return fake, _recent_sale(fake)


def _now(recent: JSON) -> datetime:
    """The fake's time: its clock does not move by itself, and the recent sale was made now."""
    return Receipt.model_validate(recent).created_at


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"created_at_min": 32}, 402),
        ({"created_at_min": 30}, 200),
        ({"created_at_min": 30, "created_at_max": -1}, 200),
        ({"since_receipt_number": "old"}, 402),
        ({"before_receipt_number": "old"}, 200),
        ({"updated_at_min": 400}, 200),
        ({}, 200),
    ],
)
def test_a_plan_without_the_add_on_serves_31_days(
    limited: tuple[FakeLoyverse, JSON], params: dict[str, Any], status: int
) -> None:
    fake, recent = limited
    old = fake.objects("receipts")[-1]["receipt_number"]
    sent = {
        name: old if value == "old" else format_timestamp(_now(recent) - timedelta(days=value))
        for name, value in params.items()
    }
    with http(fake) as api:
        response = api.get("/receipts", params=sent)
    assert response.status_code == status, response.text
    if status == 402:
        (error,) = response.json()["errors"]
        assert error["code"] == "PAYMENT_REQUIRED"
        assert "31-day limit" in error["details"]
        assert "Unlimited sales history add-on" in error["details"]
        return
    numbers = [obj["receipt_number"] for obj in response.json()["receipts"]]
    assert numbers == ([] if "before_receipt_number" in params else [recent["receipt_number"]])


def test_the_client_raises_the_sales_history_limit(limited: tuple[FakeLoyverse, JSON]) -> None:
    fake, recent = limited
    now = _now(recent)
    with fake.client() as client:
        with pytest.raises(SalesHistoryLimitError):
            client.receipts.list(ReceiptQuery(created_at_min=now - timedelta(days=40)))
        with pytest.raises(SalesHistoryLimitError):
            client.receipts.get_by_date(now - timedelta(days=40))
        today = client.receipts.get_by_date(now)
        old = client.receipts.get(fake.objects("receipts")[-1]["receipt_number"])
    assert [r.receipt_number for r in today.receipts] == [recent["receipt_number"]]
    assert old.created_at < now - timedelta(days=31)  # a GET by number is not gated


def test_with_the_add_on_every_receipt_is_served(shop: FakeLoyverse) -> None:
    everything = listed(shop, RECEIPTS, {"limit": "250"})
    since_2020 = listed(
        shop, RECEIPTS, {"limit": "250", "created_at_min": "2020-01-01T00:00:00.000Z"}
    )
    assert everything == since_2020 == shop.objects("receipts")


def test_sales_history_days_is_a_number_of_days() -> None:
    for wrong in (0, -1, 1.5, True, "31"):
        with pytest.raises(ValueError, match="sales_history_days"):
            FakeLoyverse(sales_history_days=wrong)  # type: ignore[arg-type]
