"""Receipts through the public clients: a real page, the business day, the 31-day plan limit."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from loyverse_client import (
    PaymentRequiredError,
    SalesHistoryLimitError,
)
from loyverse_models import PaymentTypeKind, ReceiptQuery, ReceiptType
from tests.helpers import Recorder, json_response, loyverse_error

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
