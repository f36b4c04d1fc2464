"""One realistic object per response model, every documented field set, and what the contract
says about each model (which fields are never null), for the parametrised tests.

Each function returns a fresh dict, so a test may change it. The values are in the API's own
form (UTC ``...mmmZ`` timestamps, money as JSON numbers), so a parsed model dumps back to them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from loyverse_models import (
    CashMovement,
    Currency,
    Employee,
    EmployeePage,
    InventoryLevel,
    InventoryPage,
    Merchant,
    PaymentType,
    PaymentTypePage,
    PosDevice,
    PosDevicePage,
    RawModel,
    Shift,
    ShiftPage,
    ShiftPayment,
    ShiftTax,
    Store,
    StorePage,
    Supplier,
    SupplierPage,
)
from loyverse_models._page import ResourcePage

Json = dict[str, Any]

STORE_ID = "7b0f9c4e-2a51-4c1d-9f7e-3c5d8a1b2e60"
OTHER_STORE_ID = "d3e5a2f1-6b7c-4e8d-a9f0-1b2c3d4e5f60"
OWNER_ID = "1f6c2b9a-0d4e-4f3a-8b7c-5e6d7f8a9b01"
CASHIER_ID = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
CASH_TYPE_ID = "42dd2a51-0f28-4d5e-a4c3-9f1b0e7d6c5a"
CARD_TYPE_ID = "5c4b3a29-1807-4f6e-8d5c-4b3a29180706"
VAT_ID = "e1d2c3b4-a596-4877-8695-a4b3c2d1e0f9"
CURSOR = "CPnzvouCMxDn3P-LgjNCA-H8ekjn4sjhG2ABcAc="


def inventory_level() -> Json:
    return {
        "variant_id": "06ab1ec8-7d1f-4c2b-9a3e-5f4d3c2b1a09",
        "store_id": STORE_ID,
        "in_stock": 9999999.999,
        "updated_at": "2024-03-02T10:15:30.077Z",
    }


def store() -> Json:
    return {
        "id": STORE_ID,
        "name": "Corner Café Downtown",
        "address": "1200 Market Street",
        "city": "San Francisco",
        "region": "CA",
        "postal_code": "94102",
        "country_code": "US",
        "phone_number": "+14155550123",
        "description": "Flagship store, open from 7 am",
        "created_at": "2019-08-27T10:02:11.000Z",
        "updated_at": "2024-02-14T08:30:00.000Z",
        "deleted_at": "2024-05-01T18:00:00.000Z",
    }


def employee() -> Json:
    return {
        "id": CASHIER_ID,
        "name": "Maria Lopez",
        "email": "maria@cornercafe.example",
        "phone_number": "+14155550188",
        "stores": [STORE_ID, OTHER_STORE_ID],
        "is_owner": False,
        "created_at": "2021-01-04T09:00:00.000Z",
        "updated_at": "2023-11-20T16:45:12.500Z",
        "deleted_at": "2024-06-30T23:59:59.999Z",
    }


def payment_type() -> Json:
    return {
        "id": CARD_TYPE_ID,
        "name": "SumUp card reader",
        "type": "SUMUP",
        "stores": [STORE_ID],
        "created_at": "2020-05-11T12:00:00.000Z",
        "updated_at": "2022-09-01T07:30:00.000Z",
        "deleted_at": "2023-01-15T10:00:00.000Z",
    }


def pos_device() -> Json:
    return {
        "id": "c0ffee00-1234-4abc-8def-0123456789ab",
        "name": "POS 2 (bar)",
        "store_id": STORE_ID,
        "activated": True,
        "deleted_at": "2024-04-04T04:04:04.000Z",
    }


def shift_tax() -> Json:
    return {"tax_id": VAT_ID, "money_amount": 98.31}


def shift_payment() -> Json:
    return {"payment_type_id": CASH_TYPE_ID, "money_amount": 523.45}


def cash_movement() -> Json:
    return {
        "type": "PAY_IN",
        "money_amount": 50,
        "comment": "Change for the float",
        "employee_id": CASHIER_ID,
        "created_at": "2024-03-02T09:12:00.000Z",
    }


def shift() -> Json:
    # expected_cash = starting_cash + cash_payments - cash_refunds + paid_in - paid_out
    # net_sales = gross_sales - discounts - refunds
    return {
        "id": "3e2d1c0b-a987-4654-8321-0fedcba98765",
        "store_id": STORE_ID,
        "pos_device_id": "c0ffee00-1234-4abc-8def-0123456789ab",
        "opened_at": "2024-03-02T07:00:00.000Z",
        "closed_at": "2024-03-02T15:30:00.000Z",
        "opened_by_employee": OWNER_ID,
        "closed_by_employee": CASHIER_ID,
        "starting_cash": 100,
        "cash_payments": 523.45,
        "cash_refunds": 12.5,
        "paid_in": 50,
        "paid_out": 20,
        "expected_cash": 640.95,
        "actual_cash": 640,
        "gross_sales": 1210.4,
        "refunds": 12.5,
        "discounts": 30.25,
        "net_sales": 1167.65,
        "tip": 15,
        "surcharge": 0,
        "taxes": [shift_tax()],
        "payments": [
            shift_payment(),
            {"payment_type_id": CARD_TYPE_ID, "money_amount": 644.2},
        ],
        "cash_movements": [
            cash_movement(),
            {
                "type": "PAY_OUT",
                "money_amount": 20,
                "comment": "Window cleaner",
                "employee_id": OWNER_ID,
                "created_at": "2024-03-02T11:40:00.000Z",
            },
        ],
    }


def supplier() -> Json:
    return {
        "id": "8d7c6b5a-4938-4271-a605-f4e3d2c1b0a9",
        "name": "Bay Coffee Roasters",
        "contact": "Sam Chen",
        "email": "orders@baycoffee.example",
        "phone_number": "+15105550147",
        "website": "https://baycoffee.example",
        "address_1": "77 Harbor Way",
        "address_2": "Unit 4",
        "city": "Oakland",
        "region": "CA",
        "postal_code": "94607",
        "country_code": "US",
        "note": "Deliveries on Tuesdays before 9 am",
        "created_at": "2020-02-03T14:20:00.000Z",
        "updated_at": "2024-01-08T10:10:10.010Z",
        "deleted_at": "2024-07-01T00:00:00.000Z",
    }


def currency() -> Json:
    return {"code": "USD", "decimal_places": 2}


def merchant() -> Json:
    return {
        "id": "b1a2c3d4-e5f6-4789-9abc-def012345678",
        "business_name": "Corner Café",
        "email": "owner@cornercafe.example",
        "country": "US",
        "currency": currency(),
        "created_at": "2019-08-27T10:00:00.000Z",
    }


def both_ways(model: type[RawModel]) -> list[Any]:
    """Parametrisation over the two ways of parsing: a dict, and JSON text."""
    return [
        pytest.param(model.model_validate, id="dict"),
        pytest.param(lambda data: model.model_validate_json(json.dumps(data)), id="json"),
    ]


@dataclass(frozen=True)
class Resource:
    """A response model, a sample of it, and the contract's word on its fields."""

    name: str
    model: type[RawModel]
    sample: Callable[[], Json]
    not_null: frozenset[str]
    """The fields whose ``null`` column says "no"."""
    page: type[ResourcePage] | None = None
    paginated: bool = False

    def page_json(self) -> Json:
        """A page holding the sample, with a cursor if the list paginates."""
        assert self.page is not None
        data: Json = {self.page.list_key(): [self.sample()]}
        if self.paginated:
            data["cursor"] = CURSOR
        return data


def _never_null(*names: str) -> frozenset[str]:
    return frozenset(names)


RESOURCES = [
    Resource(
        "inventory",
        InventoryLevel,
        inventory_level,
        _never_null("variant_id", "store_id", "in_stock", "updated_at"),
        InventoryPage,
        paginated=True,
    ),
    Resource(
        "stores", Store, store, _never_null("id", "name", "created_at", "updated_at"), StorePage
    ),
    Resource(
        "employees",
        Employee,
        employee,
        _never_null("id", "name", "is_owner", "created_at", "updated_at"),
        EmployeePage,
        paginated=True,
    ),
    Resource(
        "payment_types",
        PaymentType,
        payment_type,
        _never_null("id", "name", "type", "created_at", "updated_at"),
        PaymentTypePage,
    ),
    Resource(
        "pos_devices",
        PosDevice,
        pos_device,
        _never_null("id", "name", "store_id", "activated"),
        PosDevicePage,
    ),
    Resource("shifts", Shift, shift, _never_null("id", "opened_at"), ShiftPage, paginated=True),
    Resource("shift_taxes", ShiftTax, shift_tax, _never_null()),
    Resource("shift_payments", ShiftPayment, shift_payment, _never_null()),
    Resource("cash_movements", CashMovement, cash_movement, _never_null()),
    Resource(
        "suppliers",
        Supplier,
        supplier,
        _never_null("id", "name", "created_at", "updated_at"),
        SupplierPage,
        paginated=True,
    ),
    Resource("merchant", Merchant, merchant, _never_null("id", "currency", "created_at")),
    Resource("currency", Currency, currency, _never_null("code", "decimal_places")),
]

PAGED = [resource for resource in RESOURCES if resource.page is not None]
