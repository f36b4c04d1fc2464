"""Receipts through the public clients: a real page, the business day, the 31-day plan limit."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from pydantic import ValidationError

from loyverse_client import (
    LoyverseClient,
    LoyverseError,
    PaymentRequiredError,
    SalesHistoryLimitError,
)
from loyverse_client.testing import FakeLoyverse
from loyverse_models import (
    InventoryQuery,
    PaymentTypeKind,
    ReceiptCreate,
    ReceiptLineCreate,
    ReceiptPaymentCreate,
    ReceiptQuery,
    ReceiptRefund,
    ReceiptType,
    RefundLine,
)
from tests.helpers import FakeTime, Recorder, json_response, loyverse_error, shop_sale

PAGE = Path(__file__).parent / "fixtures" / "receipts_page.json"
PARIS = ZoneInfo("Europe/Paris")


def sample_page() -> dict[str, Any]:
    """A real ``GET /receipts`` page from a point of sale, as published."""
    data: dict[str, Any] = json.loads(PAGE.read_text(encoding="utf-8"))
    return data


def receipt(number: str, receipt_date: str, created_at: str | None = None) -> dict[str, Any]:
    data = dict(sample_page()["receipts"][0])
    data.update(
        receipt_number=number, receipt_date=receipt_date, created_at=created_at or receipt_date
    )
    return data


def test_a_real_page_parses_exactly_with_every_field() -> None:
    server = Recorder(json_response(200, sample_page()))
    with server.client() as client:
        page = client.receipts.list()
    (sale,) = page.receipts
    assert page.raw == sample_page()
    assert sale.raw == sample_page()["receipts"][0]
    assert sale.receipt_type is ReceiptType.SALE
    assert sale.total_money == Decimal("335")
    assert sale.total_tax == Decimal("46.21")
    assert sum(line.total_money for line in sale.line_items) == sale.total_money
    assert sum(t.money_amount for line in sale.line_items for t in line.line_taxes) == (
        sale.total_tax
    )
    assert sale.payments[0].type is PaymentTypeKind.CASH
    assert sale.receipt_date.tzinfo is not None
    assert page.cursor == sample_page()["cursor"]


def test_an_unknown_payment_kind_such_as_cash_rounding_is_kept() -> None:
    body = sample_page()
    body["receipts"][0]["payments"].append(
        {
            "payment_type_id": "p2",
            "name": "Cash rounding",
            "type": "CASHROUNDING",
            "money_amount": -0.05,
            "paid_at": None,
            "payment_details": None,
        }
    )
    with Recorder(json_response(200, body)).client() as client:
        payments = client.receipts.list().receipts[0].payments
    assert payments[1].type == "CASHROUNDING"
    assert payments[1].money_amount == Decimal("-0.05")


def test_get_asks_for_the_receipt_number_as_one_path_segment() -> None:
    server = Recorder(json_response(200, receipt("1-1008", "2024-03-30T18:30:00.000Z")))
    with server.client() as client:
        found = client.receipts.get("1-1008")
    assert found.receipt_number == "1-1008"
    assert server.requests[0].url.path == "/v1.0/receipts/1-1008"
    with server.client() as client, pytest.raises(ValidationError, match="a receipt number"):
        client.receipts.get("1-1008,1-1009")
    assert len(server.requests) == 1


def test_get_by_date_keeps_the_local_day_by_receipt_date_on_a_daylight_saving_day() -> None:
    # 2024-03-31 in Paris is 23 hours long: 2024-03-30T23:00Z to 2024-03-31T21:59:59.999Z.
    server = Recorder(
        json_response(
            200,
            {
                "receipts": [
                    # Received days later (an offline sale): still that day's.
                    receipt("late", "2024-03-31T21:59:59.000Z", "2024-04-03T09:00:00.000Z"),
                    receipt("next-day", "2024-03-31T22:00:00.000Z"),
                    receipt("first", "2024-03-30T23:00:00.000Z"),
                    receipt("day-before", "2024-03-30T22:59:59.999Z"),
                ]
            },
        )
    )
    with server.client() as client:
        page = client.receipts.get_by_date(datetime(2024, 3, 31, 15, tzinfo=PARIS))
    assert [r.receipt_number for r in page.receipts] == ["late", "first"]
    assert page.cursor is None
    assert page.raw == {"receipts": [r.raw for r in page.receipts]}
    (request,) = server.requests
    # Asked by the time Loyverse received them, from the day's first moment, with no end.
    assert dict(request.url.params) == {
        "created_at_min": "2024-03-30T23:00:00.000Z",
        "limit": "250",
    }


def test_the_async_get_by_date_is_the_same() -> None:
    server = Recorder(json_response(200, {"receipts": [receipt("a", "2024-03-31T10:00:00.000Z")]}))

    async def main() -> list[str]:
        async with server.async_client() as client:
            page = await client.receipts.get_by_date(datetime(2024, 3, 31, tzinfo=PARIS))
            return [r.receipt_number for r in page.receipts]

    assert asyncio.run(main()) == ["a"]


@pytest.mark.parametrize("bad", [datetime(2024, 3, 31), "2024-03-31", None])
def test_get_by_date_refuses_a_date_without_timezone_before_any_request(bad: object) -> None:
    server = Recorder()
    with server.client() as client, pytest.raises(ValidationError) as caught:
        client.receipts.get_by_date(bad)  # type: ignore[arg-type]
    assert server.requests == []
    assert caught.value.title == "receipts.get_by_date"
    assert caught.value.errors()[0]["loc"] == ("date",)


def test_the_31_day_limit_is_its_own_error_saying_what_to_do_and_is_not_retried() -> None:
    details = "Receipts older than 31 days need the Unlimited sales history add-on"
    server = Recorder(loyverse_error(402, "PAYMENT_REQUIRED", details))
    query = ReceiptQuery(created_at_min=datetime(2020, 1, 1, tzinfo=timezone.utc))
    with server.client() as client, pytest.raises(SalesHistoryLimitError) as caught:
        client.receipts.list(query)
    assert isinstance(caught.value, PaymentRequiredError)
    assert "narrow created_at_min" in str(caught.value)
    assert "add-on" in str(caught.value)
    assert caught.value.attempts == 1
    assert len(server.requests) == 1


def test_a_lapsed_subscription_stays_a_plain_payment_required_error() -> None:
    server = Recorder(
        loyverse_error(402, "PAYMENT_REQUIRED", "The subscription has expired"),
        loyverse_error(402, "PAYMENT_REQUIRED", "31 days of history are not available"),
    )
    with server.client() as client:
        with pytest.raises(PaymentRequiredError) as lapsed:
            client.receipts.list()
        assert type(lapsed.value) is PaymentRequiredError
        # The same words about history from another list are not the receipts' plan limit.
        with pytest.raises(PaymentRequiredError) as other:
            client.items.list()
        assert type(other.value) is PaymentRequiredError


def sale(**fields: Any) -> ReceiptCreate:
    return ReceiptCreate(
        store_id="s1",
        line_items=[ReceiptLineCreate(variant_id="v1", quantity=Decimal("2"))],
        payments=[ReceiptPaymentCreate(payment_type_id="cash")],
        **fields,
    )


def test_create_posts_the_sale_and_returns_the_receipt_loyverse_stored() -> None:
    stored = receipt("1001", "2024-03-30T18:30:00.000Z")
    server = Recorder(json_response(200, stored))
    with server.client() as client:
        created = client.receipts.create(sale(order="A-17"))
    assert created.raw == stored
    (request,) = server.requests
    assert (request.method, request.url.path) == ("POST", "/v1.0/receipts")
    assert json.loads(request.content) == sale(order="A-17").to_body()


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ReadTimeout("timed out"),
        loyverse_error(500, "INTERNAL_SERVER_ERROR"),
        loyverse_error(503, "INTERNAL_SERVER_ERROR"),
    ],
)
def test_a_sale_that_may_have_been_booked_is_never_sent_twice(failure: Any) -> None:
    server = Recorder(failure, json_response(200, receipt("1001", "2024-03-30T18:30:00.000Z")))
    with server.client() as client, pytest.raises(LoyverseError) as caught:
        client.receipts.create(sale(order="A-17"))
    assert len(server.requests) == 1
    assert caught.value.outcome_unknown
    assert "look for the sale first" in str(caught.value)
    assert "order='A-17'" in str(caught.value)


@pytest.mark.parametrize(
    "refused", [httpx.ConnectError("refused"), loyverse_error(429, "RATE_LIMITED")]
)
def test_a_sale_that_surely_never_arrived_is_sent_again(refused: Any, fake_time: FakeTime) -> None:
    server = Recorder(refused, json_response(200, receipt("1001", "2024-03-30T18:30:00.000Z")))
    with server.client() as client:
        assert client.receipts.create(sale()).receipt_number == "1001"
    assert len(server.requests) == 2


def test_refund_posts_the_sale_s_line_ids_to_the_sale_s_refund_path() -> None:
    refund = receipt("1002", "2024-03-31T10:00:00.000Z")
    refund.update(receipt_type="REFUND", refund_for="1-1008")
    server = Recorder(json_response(200, refund), loyverse_error(503, "INTERNAL_SERVER_ERROR"))
    body = ReceiptRefund(line_items=[RefundLine(id="line-1", quantity=Decimal("1"))])
    with server.client() as client:
        made = client.receipts.refund("1-1008", body)
        assert made.receipt_type is ReceiptType.REFUND
        assert made.refund_for == "1-1008"
        with pytest.raises(LoyverseError) as caught:
            client.receipts.refund("1-1008", body)
    assert [(r.method, r.url.path) for r in server.requests] == [
        ("POST", "/v1.0/receipts/1-1008/refund")
    ] * 2
    assert json.loads(server.requests[0].content) == {
        "line_items": [{"id": "line-1", "quantity": 1}]
    }
    assert caught.value.outcome_unknown
    assert "refund_for is '1-1008'" in str(caught.value)


def test_writes_of_the_wrong_type_or_to_a_bad_number_send_nothing() -> None:
    server = Recorder()
    body = ReceiptRefund(line_items=[RefundLine(id="line-1", quantity=Decimal("1"))])
    with server.client() as client:
        with pytest.raises(TypeError, match="receipt must be a ReceiptCreate"):
            client.receipts.create({"store_id": "s1"})  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="refund must be a ReceiptRefund"):
            client.receipts.refund("1-1008", sale())  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="a receipt number"):
            client.receipts.refund("1-1008/../x y", body)
    assert server.requests == []


def test_the_async_client_creates_and_refunds_alike() -> None:
    refund = receipt("1002", "2024-03-31T10:00:00.000Z")
    server = Recorder(
        json_response(200, receipt("1001", "2024-03-30T18:30:00.000Z")), json_response(200, refund)
    )
    body = ReceiptRefund(line_items=[RefundLine(id="line-1", quantity=Decimal("1"))])

    async def main() -> list[str]:
        async with server.async_client() as client:
            made = await client.receipts.create(sale())
            back = await client.receipts.refund(made.receipt_number, body)
            return [made.receipt_number, back.receipt_number]

    assert asyncio.run(main()) == ["1001", "1002"]
    assert server.requests[1].url.path == "/v1.0/receipts/1001/refund"


def _stock(client: LoyverseClient, variant: str, store: str) -> Decimal:
    query = InventoryQuery(variant_ids=[variant], store_ids=[store])
    (level,) = client.inventory.list(query).inventory_levels
    return level.in_stock


def test_a_sale_then_a_refund_through_the_fake_add_up_and_restock() -> None:
    fake = FakeLoyverse()
    fake.add_sample_shop()
    order, variant, store = shop_sale(fake)
    with fake.client() as client:
        before = _stock(client, variant, store)
        sale = client.receipts.create(order)
        assert sale.receipt_type is ReceiptType.SALE
        assert sale.total_money == sum(line.total_money for line in sale.line_items)
        assert sale.payments[0].money_amount == sale.total_money
        assert _stock(client, variant, store) == before - 2
        refund = client.receipts.refund(
            sale.receipt_number,
            ReceiptRefund(line_items=[RefundLine(id=sale.line_items[0].id, quantity=Decimal(1))]),
        )
        assert refund.receipt_type is ReceiptType.REFUND
        assert refund.refund_for == sale.receipt_number
        assert refund.line_items[0].quantity == 1
        assert _stock(client, variant, store) == before - 1
        assert client.receipts.get(sale.receipt_number) == sale


def test_a_sale_whose_answer_was_lost_is_booked_once_and_can_be_found_by_its_order() -> None:
    fake = FakeLoyverse()
    fake.add_sample_shop()
    order, _, _ = shop_sale(fake)
    fake.fail_next("timeout", after_processing=True)  # booked, then the answer is lost
    with fake.client() as client:
        with pytest.raises(LoyverseError) as caught:
            client.receipts.create(order)
        assert caught.value.outcome_unknown
        found = client.receipts.list(ReceiptQuery(order="web-1042")).receipts
    assert len(found) == 1
    assert [r.method for r in fake.requests].count("POST") == 1
