"""Shift and ShiftPage: money totals, nested taxes, payments and cash movements (the
``*_employee_id`` spellings one client uses are read by ``test_resources.py``).
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from decimal import Decimal

from loyverse_models import CashMovement, CashMovementType, Shift, ShiftPage, ShiftPayment, ShiftTax
from tests.models.samples import (
    CARD_TYPE_ID,
    CASH_TYPE_ID,
    CASHIER_ID,
    CURSOR,
    OWNER_ID,
    VAT_ID,
    shift,
)

UTC = timezone.utc


def test_a_page_of_shifts_is_typed() -> None:
    page = ShiftPage.model_validate_json(json.dumps({"shifts": [shift()], "cursor": CURSOR}))

    [day] = page.shifts
    assert (day.store_id, day.pos_device_id) == (shift()["store_id"], shift()["pos_device_id"])
    assert (day.opened_at, day.closed_at) == (
        datetime(2024, 3, 2, 7, tzinfo=UTC),
        datetime(2024, 3, 2, 15, 30, tzinfo=UTC),
    )
    assert (day.opened_by_employee, day.closed_by_employee) == (OWNER_ID, CASHIER_ID)
    drawer = (day.starting_cash, day.cash_payments, day.cash_refunds, day.paid_in, day.paid_out)
    assert drawer == (Decimal(100), Decimal("523.45"), Decimal("12.5"), Decimal(50), Decimal(20))
    assert (day.expected_cash, day.actual_cash) == (Decimal("640.95"), Decimal(640))
    sales = (day.gross_sales, day.refunds, day.discounts, day.net_sales, day.tip, day.surcharge)
    assert sales == tuple(map(Decimal, ("1210.4", "12.5", "30.25", "1167.65", "15", "0")))
    assert all(isinstance(amount, Decimal) for amount in (*drawer, *sales))
    assert day.taxes == [ShiftTax(tax_id=VAT_ID, money_amount=Decimal("98.31"))]
    assert day.payments == [
        ShiftPayment(payment_type_id=CASH_TYPE_ID, money_amount=Decimal("523.45")),
        ShiftPayment(payment_type_id=CARD_TYPE_ID, money_amount=Decimal("644.2")),
    ]
    pay_in, pay_out = day.cash_movements or []
    assert isinstance(pay_in, CashMovement)
    assert (pay_in.type, pay_out.type) == (CashMovementType.PAY_IN, CashMovementType.PAY_OUT)
    assert (pay_out.money_amount, pay_out.comment) == (Decimal(20), "Window cleaner")
    assert (pay_out.employee_id, pay_out.created_at) == (
        OWNER_ID,
        datetime(2024, 3, 2, 11, 40, tzinfo=UTC),
    )
    assert page.cursor == CURSOR


def test_an_open_shift_with_nothing_but_its_id_and_opening_time() -> None:
    day = Shift.model_validate({"id": "sh1", "opened_at": "2024-03-02T07:00:00.000Z"})
    assert day.opened_at == datetime(2024, 3, 2, 7, tzinfo=UTC)
    assert day.closed_at is None
    assert (day.taxes, day.payments, day.cash_movements) == (None, None, None)
