"""One realistic object per response model, every documented field set, and what the contract
says about each model (which fields are never null, which have a documented default, which enums
its fields read into), for the parametrised tests.

Each function returns a fresh dict, so a test may change it. The values are in the API's own
form (UTC ``...mmmZ`` timestamps, money as JSON numbers), so a parsed model dumps back to them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from loyverse_models import (
    CashMovement,
    CashMovementType,
    Category,
    CategoryPage,
    Color,
    Component,
    Currency,
    Discount,
    DiscountPage,
    DiscountType,
    Employee,
    EmployeePage,
    InventoryLevel,
    InventoryPage,
    Item,
    ItemForm,
    ItemPage,
    LineDiscount,
    LineItem,
    LineModifier,
    LineTax,
    Merchant,
    Modifier,
    ModifierOption,
    ModifierPage,
    PaymentDetails,
    PaymentType,
    PaymentTypeKind,
    PaymentTypePage,
    PosDevice,
    PosDevicePage,
    PricingType,
    RawModel,
    Receipt,
    ReceiptPage,
    ReceiptPayment,
    ReceiptTotalDiscount,
    ReceiptTotalTax,
    ReceiptType,
    Shift,
    ShiftPage,
    ShiftPayment,
    ShiftTax,
    Store,
    StorePage,
    Supplier,
    SupplierPage,
    Tax,
    TaxPage,
    TaxType,
    Variant,
    VariantPage,
    VariantStore,
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
POS_DEVICE_ID = "c0ffee00-1234-4abc-8def-0123456789ab"
SUPPLIER_ID = "8d7c6b5a-4938-4271-a605-f4e3d2c1b0a9"
CUSTOMER_ID = "4f3e2d1c-0b9a-4887-a766-554433221100"
CATEGORY_ID = "a7b6c5d4-e3f2-4a1b-9c8d-7e6f5a4b3c2d"
LATTE_ID = "0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9"
LATTE_LARGE_ID = "1b2c3d4e-5f60-4172-8384-a5b6c7d8e9f0"
ESPRESSO_SHOT_ID = "2c3d4e5f-6071-4283-9495-b6c7d8e9f0a1"
OAT_MILK_ID = "3d4e5f60-7182-4394-a5a6-c7d8e9f0a1b2"
MILK_MODIFIER_ID = "5f607182-93a4-45b6-87c8-e9f0a1b2c3d4"
OAT_OPTION_ID = "60718293-a4b5-46c7-98d9-f0a1b2c3d4e5"
HAPPY_HOUR_ID = "718293a4-b5c6-47d8-a9ea-01b2c3d4e5f6"
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
        "id": POS_DEVICE_ID,
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
        "pos_device_id": POS_DEVICE_ID,
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
        "id": SUPPLIER_ID,
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


# The catalogue (contract §8.3-§8.8): an iced latte made of an espresso shot and oat milk.


def component() -> Json:
    return {"variant_id": ESPRESSO_SHOT_ID, "quantity": 0.018}


def variant_store() -> Json:
    return {
        "store_id": STORE_ID,
        "pricing_type": "FIXED",
        "price": 5.25,
        "available_for_sale": True,
        "optimal_stock": 120,
        "low_stock": 12.5,
    }


def variant() -> Json:
    return {
        "variant_id": LATTE_LARGE_ID,
        "item_id": LATTE_ID,
        "sku": "LAT-L-OAT",
        "reference_variant_id": "ext-latte-large-oat",
        "option1_value": "Large",
        "option2_value": "Oat",
        "option3_value": "Iced",
        "barcode": "4006381333931",
        "cost": 1.35,
        "purchase_cost": 1.2,
        "default_pricing_type": "FIXED",
        "default_price": 4.95,
        "stores": [
            variant_store(),
            {
                "store_id": OTHER_STORE_ID,
                "pricing_type": "VARIABLE",
                "price": None,
                "available_for_sale": False,
                "optimal_stock": None,
                "low_stock": None,
            },
        ],
        "created_at": "2023-04-01T08:00:00.000Z",
        "updated_at": "2024-02-20T13:45:10.250Z",
        "deleted_at": "2024-08-01T00:00:00.000Z",
    }


def item() -> Json:
    return {
        "id": LATTE_ID,
        "handle": "iced-latte",
        "item_name": "Iced latte",
        "description": "<p>A double shot over ice, with oat milk</p>",
        "reference_id": "ext-latte",
        "category_id": CATEGORY_ID,
        "track_stock": True,
        "sold_by_weight": True,
        "is_composite": True,
        "use_production": True,
        "components": [component(), {"variant_id": OAT_MILK_ID, "quantity": 0.25}],
        "primary_supplier_id": SUPPLIER_ID,
        "tax_ids": [VAT_ID],
        "modifier_ids": [MILK_MODIFIER_ID],
        "form": "CIRCLE",
        "color": "ORANGE",
        "image_url": "https://api.loyverse.com/image/iced-latte.png",
        "option1_name": "Size",
        "option2_name": "Milk",
        "option3_name": "Serving",
        "created_at": "2023-04-01T08:00:00.000Z",
        "updated_at": "2024-02-20T13:45:10.250Z",
        "deleted_at": "2024-08-01T00:00:00.000Z",
        "variants": [variant()],
    }


def category() -> Json:
    return {
        "id": CATEGORY_ID,
        "name": "Cold coffee",
        "color": "BLUE",
        "created_at": "2022-06-01T09:30:00.000Z",
        "deleted_at": "2024-09-30T17:00:00.000Z",
    }


def modifier_option() -> Json:
    return {
        "id": OAT_OPTION_ID,
        "name": "Oat milk",
        "price": 0.6,
        "position": 2,
        "created_at": "2022-06-01T09:35:00.000Z",
        "updated_at": "2023-10-10T10:10:10.100Z",
        "deleted_at": "2024-03-03T03:03:03.000Z",
    }


def modifier() -> Json:
    return {
        "id": MILK_MODIFIER_ID,
        "name": "Milk",
        "position": 1,
        "stores": [STORE_ID, OTHER_STORE_ID],
        "modifier_options": [
            {
                "id": "8293a4b5-c6d7-48e9-bafb-12c3d4e5f607",
                "name": "Whole milk",
                "price": 0,
                "position": 1,
                "created_at": "2022-06-01T09:35:00.000Z",
                "updated_at": "2022-06-01T09:35:00.000Z",
                "deleted_at": None,
            },
            modifier_option(),
        ],
        "created_at": "2022-06-01T09:35:00.000Z",
        "updated_at": "2023-10-10T10:10:10.100Z",
        "deleted_at": "2024-03-03T03:03:03.000Z",
    }


def discount() -> Json:
    # The amount field that does not fit the type is null (or absent, §8.7).
    return {
        "id": HAPPY_HOUR_ID,
        "type": "FIXED_PERCENT",
        "name": "Happy hour",
        "discount_amount": None,
        "discount_percent": 10,
        "stores": [STORE_ID],
        "restricted_access": True,
        "created_at": "2021-05-05T15:00:00.000Z",
        "updated_at": "2023-12-24T12:00:00.000Z",
        "deleted_at": "2024-12-31T23:00:00.000Z",
    }


def tax() -> Json:
    return {
        "id": VAT_ID,
        "type": "INCLUDED",
        "name": "VAT",
        "rate": 5.255,
        "stores": [STORE_ID, OTHER_STORE_ID],
        "created_at": "2019-08-27T10:05:00.000Z",
        "updated_at": "2024-01-01T00:00:00.000Z",
        "deleted_at": "2024-10-01T00:00:00.000Z",
    }


# Receipts (contract §8.2): two iced lattes with oat milk, 10% off, paid by card, then cancelled.
# line: gross 2 x 4.95 + 2 x 0.6 = 11.1; total 11.1 - 1.11 = 9.99 (the VAT is INCLUDED)


def receipt_discount() -> Json:
    return {
        "id": HAPPY_HOUR_ID,
        "type": "FIXED_PERCENT",
        "name": "Happy hour",
        "percentage": 10,
        "money_amount": 1.11,
    }


def line_discount() -> Json:
    return {**receipt_discount(), "value": 10}


def receipt_tax() -> Json:
    return {"id": VAT_ID, "type": "INCLUDED", "name": "VAT", "rate": 5.255, "money_amount": 0.5}


def line_modifier() -> Json:
    return {
        "id": MILK_MODIFIER_ID,
        "modifier_option_id": OAT_OPTION_ID,
        "name": "Milk",
        "option": "Oat milk",
        "price": 0.6,
        "money_amount": 1.2,
    }


def line_item() -> Json:
    return {
        "id": "9553152a-9d9d-f0cd-f6a3-2ab6fcbd516c",
        "item_id": LATTE_ID,
        "variant_id": LATTE_LARGE_ID,
        "item_name": "Iced latte",
        "variant_name": "Large / Oat / Iced",
        "sku": "LAT-L-OAT",
        "quantity": 2,
        "price": 4.95,
        "gross_total_money": 11.1,
        "total_money": 9.99,
        "cost": 1.35,
        "cost_total": 2.7,
        "line_note": "Light ice",
        "line_taxes": [receipt_tax()],
        "total_discount": 1.11,
        "line_discounts": [line_discount()],
        "line_modifiers": [line_modifier()],
    }


def payment_details() -> Json:
    return {
        "authorization_code": "A1B2C3",
        "reference_id": "sumup-tx-20240302-0042",
        "entry_method": "EMV",
        "card_company": "VISA",
        "card_number": "•••• •••• •••• 4242",
    }


def receipt_payment() -> Json:
    return {
        "payment_type_id": CARD_TYPE_ID,
        "name": "SumUp card reader",
        "type": "SUMUP",
        "money_amount": 9.99,
        "paid_at": "2024-03-02T10:19:45.000Z",
        "payment_details": payment_details(),
    }


def receipt() -> Json:
    return {
        "receipt_number": "2-1008",
        "note": "Birthday order",
        "receipt_type": "SALE",
        "refund_for": None,  # a sale refunds nothing
        "order": "Table 4",
        "created_at": "2024-03-02T10:20:05.000Z",
        "receipt_date": "2024-03-02T10:19:47.077Z",
        "updated_at": "2024-03-02T11:02:00.000Z",
        "cancelled_at": "2024-03-02T11:02:00.000Z",
        "source": "point of sale",
        "total_money": 9.99,
        "total_tax": 0.5,
        "points_earned": 0.5,
        "points_deducted": 0,
        "points_balance": 16.88,
        "customer_id": CUSTOMER_ID,
        "total_discount": 1.11,
        "employee_id": CASHIER_ID,
        "store_id": STORE_ID,
        "pos_device_id": POS_DEVICE_ID,
        "dining_option": "Take out",
        "total_discounts": [receipt_discount()],
        "total_taxes": [receipt_tax()],
        "tip": 0,
        "surcharge": 0,
        "line_items": [line_item()],
        "payments": [receipt_payment()],
    }


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
    defaults: Mapping[str, Any] = field(default_factory=dict)
    """The documented defaults, as the API writes them: what a ``null`` (or no key) stands for."""
    spellings: Mapping[str, str] = field(default_factory=dict)
    """Other spellings the contract says to read (§9), each with the field it is read into."""

    def page_json(self) -> Json:
        """A page holding the sample, with a cursor if the list paginates."""
        assert self.page is not None
        data: Json = {self.page.list_key(): [self.sample()]}
        if self.paginated:
            data["cursor"] = CURSOR
        return data


def _never_null(*names: str) -> frozenset[str]:
    return frozenset(names)


def no_list_is_empty(names: list[str]) -> dict[str, Any]:
    """The SDK's one tolerance beyond the documented defaults: a list of nested objects that comes
    as ``null`` (or not at all) is read as empty, rather than failing the whole page: an object
    with no lines, options or variants has none to lose."""
    return {name: [] for name in names}


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
        "stores",
        Store,
        store,
        _never_null("id", "name", "created_at", "updated_at"),
        StorePage,
        spellings={"state": "region", "country": "country_code"},
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
    Resource(
        "shifts",
        Shift,
        shift,
        _never_null("id", "opened_at"),
        ShiftPage,
        paginated=True,
        spellings={
            "opened_by_employee_id": "opened_by_employee",
            "closed_by_employee_id": "closed_by_employee",
        },
    ),
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
    Resource(
        "items",
        Item,
        item,
        _never_null(
            "id",
            "item_name",
            "track_stock",
            "sold_by_weight",
            "use_production",
            "components",
            "form",
            "color",
            "created_at",
            "updated_at",
            "variants",
        ),
        ItemPage,
        paginated=True,
        defaults={
            "track_stock": False,
            "sold_by_weight": False,
            "use_production": False,
            "components": [],  # "[] on ordinary items"
            "form": "SQUARE",
            "color": "GREY",
            **no_list_is_empty(["variants"]),
        },
        spellings={"modifiers_ids": "modifier_ids"},
    ),
    Resource("components", Component, component, _never_null("variant_id", "quantity")),
    Resource(
        "variants",
        Variant,
        variant,
        _never_null(
            "variant_id",
            "item_id",
            "cost",
            "purchase_cost",
            "default_pricing_type",
            "created_at",
            "updated_at",
        ),
        VariantPage,
        paginated=True,
        defaults={"cost": 0, "purchase_cost": 0, "default_pricing_type": "VARIABLE"},
    ),
    Resource(
        "variant_stores",
        VariantStore,
        variant_store,
        # pricing_type defaults to the variant's own default_pricing_type, which a store entry
        # cannot know: it reads a null (or no key) as None, meaning "the variant's default".
        _never_null("store_id", "available_for_sale"),
        defaults={"available_for_sale": True},
    ),
    Resource(
        "categories",
        Category,
        category,
        _never_null("id", "name", "color", "created_at"),
        CategoryPage,
        paginated=True,
        defaults={"color": "GREY"},
    ),
    Resource(
        "modifiers",
        Modifier,
        modifier,
        _never_null("id", "name", "modifier_options", "created_at", "updated_at"),
        ModifierPage,
        paginated=True,
        defaults=no_list_is_empty(["modifier_options"]),
    ),
    Resource(
        "modifier_options",
        ModifierOption,
        modifier_option,
        _never_null("id", "name", "price"),
        defaults={"price": 0},
    ),
    Resource(
        "discounts",
        Discount,
        discount,
        _never_null("id", "type", "name", "restricted_access", "created_at", "updated_at"),
        DiscountPage,
        defaults={"restricted_access": False},
    ),
    Resource(
        "taxes",
        Tax,
        tax,
        _never_null("id", "type", "name", "rate", "created_at", "updated_at"),
        TaxPage,
    ),
    Resource(
        "receipts",
        Receipt,
        receipt,
        _never_null(
            "receipt_number",
            "receipt_type",
            "created_at",
            "receipt_date",
            "updated_at",
            "source",
            "total_money",
            "total_tax",
            "points_earned",
            "points_deducted",
            "points_balance",
            "total_discount",
            "store_id",
            "total_discounts",
            "total_taxes",
            "tip",
            "surcharge",
            "line_items",
            "payments",
        ),
        ReceiptPage,
        paginated=True,
        # "[] when none"; and a list that does not come is read as empty, too
        defaults=no_list_is_empty(["total_discounts", "total_taxes", "line_items", "payments"]),
    ),
    Resource(
        "receipt_discounts",
        ReceiptTotalDiscount,
        receipt_discount,
        _never_null("id", "type", "money_amount"),
    ),
    Resource(
        "receipt_taxes",
        ReceiptTotalTax,
        receipt_tax,
        _never_null("id", "type", "rate", "money_amount"),
    ),
    Resource(
        "line_items",
        LineItem,
        line_item,
        _never_null(
            "id",
            "quantity",
            "price",
            "gross_total_money",
            "total_money",
            "cost",
            "cost_total",
            "line_taxes",
            "total_discount",
            "line_discounts",
            "line_modifiers",
        ),
        defaults=no_list_is_empty(["line_taxes", "line_discounts", "line_modifiers"]),
    ),
    Resource("line_taxes", LineTax, receipt_tax, _never_null("id", "type", "rate", "money_amount")),
    Resource(
        "line_discounts", LineDiscount, line_discount, _never_null("id", "type", "money_amount")
    ),
    Resource(
        "line_modifiers",
        LineModifier,
        line_modifier,
        _never_null("id", "modifier_option_id", "price", "money_amount"),
    ),
    Resource(
        "receipt_payments",
        ReceiptPayment,
        receipt_payment,
        _never_null("payment_type_id", "type", "money_amount"),
    ),
    Resource("payment_details", PaymentDetails, payment_details, _never_null()),
]

PAGED = [resource for resource in RESOURCES if resource.page is not None]


PAYMENT_KINDS = (
    "CASH",
    "NONINTEGRATEDCARD",
    "CHECK",
    "WORLDPAY",
    "COINEY",
    "IZETTLE",
    "SUMUP",
    "TYRO",
    "CHECURITY",
    "SMARTPAY",
    "YOCO",
    "NICEPAY",
    "PAYGATE",
    "EZETAP",
    "FIRSTDATA",
    "SOFTBANK",
    "ONEPAY",
    "KICC",
    "MERCADOPAGO",
    "OTHER",
)
"""The 20 documented values of ``PaymentType.type`` (§8.12)."""

COLORS = ("GREY", "RED", "PINK", "ORANGE", "YELLOW", "GREEN", "BLUE", "PURPLE")
DISCOUNT_TYPES = (
    "FIXED_PERCENT",
    "FIXED_AMOUNT",
    "VARIABLE_PERCENT",
    "VARIABLE_AMOUNT",
    "DISCOUNT_BY_POINTS",
)
TAX_TYPES = ("INCLUDED", "ADDED")
PRICING_TYPES = ("FIXED", "VARIABLE")

ENUMS: dict[type[Enum], tuple[str, ...]] = {
    PaymentTypeKind: PAYMENT_KINDS,
    CashMovementType: ("PAY_IN", "PAY_OUT"),
    Color: COLORS,
    ItemForm: ("SQUARE", "CIRCLE", "SUN", "OCTAGON"),
    PricingType: PRICING_TYPES,
    DiscountType: DISCOUNT_TYPES,
    TaxType: TAX_TYPES,
    ReceiptType: ("SALE", "REFUND"),
}
"""Each enum of the response models, and the values the contract lists for it."""


@dataclass(frozen=True)
class Choice:
    """A field the SDK reads into an open enum, and what the contract lists for it."""

    resource: str
    """The ``Resource.name`` whose sample holds the field."""
    field: str
    enum: type[Enum]
    members: tuple[str, ...]
    """The values read as members of ``enum``."""
    strings: tuple[str, ...] = ()
    """Documented values outside ``enum``, kept as the strings they are."""


CHOICES = [
    Choice("payment_types", "type", PaymentTypeKind, PAYMENT_KINDS),
    Choice("cash_movements", "type", CashMovementType, ENUMS[CashMovementType]),
    Choice("items", "form", ItemForm, ENUMS[ItemForm]),
    Choice("items", "color", Color, COLORS),
    # Categories are documented without YELLOW; they share the items' enum, so it still reads.
    Choice("categories", "color", Color, COLORS),
    Choice("variants", "default_pricing_type", PricingType, PRICING_TYPES),
    Choice("variant_stores", "pricing_type", PricingType, PRICING_TYPES),
    Choice("discounts", "type", DiscountType, DISCOUNT_TYPES),
    Choice("taxes", "type", TaxType, TAX_TYPES),
    Choice("receipts", "receipt_type", ReceiptType, ENUMS[ReceiptType]),
    Choice("receipt_discounts", "type", DiscountType, DISCOUNT_TYPES),
    Choice("line_discounts", "type", DiscountType, DISCOUNT_TYPES),
    Choice("receipt_taxes", "type", TaxType, TAX_TYPES),
    Choice("line_taxes", "type", TaxType, TAX_TYPES),
    Choice("receipt_payments", "type", PaymentTypeKind, PAYMENT_KINDS, strings=("CASHROUNDING",)),
]
