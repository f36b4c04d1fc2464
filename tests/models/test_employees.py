"""Employee and EmployeePage."""

from __future__ import annotations

from datetime import datetime, timezone

from loyverse_models import Employee, EmployeePage
from tests.models.samples import CASHIER_ID, CURSOR, OTHER_STORE_ID, OWNER_ID, STORE_ID, employee


def test_a_page_of_employees_is_typed() -> None:
    owner = {
        **employee(),
        "id": OWNER_ID,
        "name": "Alex Kim",
        "email": "owner@cornercafe.example",
        "phone_number": None,
        "stores": [STORE_ID],
        "is_owner": True,
        "deleted_at": None,
    }
    page = EmployeePage.model_validate({"employees": [employee(), owner], "cursor": CURSOR})

    cashier, boss = page.employees
    assert (cashier.id, cashier.name, cashier.email) == (
        CASHIER_ID,
        "Maria Lopez",
        "maria@cornercafe.example",
    )
    assert cashier.phone_number == "+14155550188"
    assert cashier.stores == [STORE_ID, OTHER_STORE_ID]
    assert cashier.is_owner is False
    assert cashier.created_at == datetime(2021, 1, 4, 9, tzinfo=timezone.utc)
    assert cashier.updated_at == datetime(2023, 11, 20, 16, 45, 12, 500000, tzinfo=timezone.utc)
    assert cashier.deleted_at == datetime(2024, 6, 30, 23, 59, 59, 999000, tzinfo=timezone.utc)
    assert boss.is_owner is True
    assert (boss.phone_number, boss.deleted_at) == (None, None)
    assert page.cursor == CURSOR


def test_stores_may_be_null() -> None:
    assert Employee.model_validate({**employee(), "stores": None}).stores is None
