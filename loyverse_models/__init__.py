"""Pydantic v2 models of the Loyverse API, reusable without the HTTP client.

One module per resource: its response models (``Item``, ``Store``, ...) parse what Loyverse sends
and keep it in ``.raw``; its page (``ItemPage``) holds one list response; its query
(``ItemQuery``) and write models (``CustomerCreate``) validate a request before it exists.
``model_dump_json()`` writes the API's own wire format (UTC ``...mmmZ`` timestamps, money as JSON
numbers), and ``schemas/`` in the repository holds each model's JSON Schema. A resource's module
is imported when one of its names is first used.
"""

import importlib
from typing import TYPE_CHECKING, Any

from ._deleted import DeletedObjects
from ._enums import Open
from ._page import ResourcePage
from ._query import (
    CreatedRange,
    FilterText,
    IdList,
    ObjectId,
    Paging,
    ResourceQuery,
    ShowDeleted,
    UpdatedRange,
    Wire,
)
from ._raw import RawModel
from ._wire import AwareDatetime, Money, Timestamp, format_timestamp
from .customer_writes import WRITABLE_FIELDS, CustomerCreate, CustomerUpdate, DeletedCustomers
from .customers import MAX_PAGE_SIZE, Customer, CustomerId, CustomerPage, CustomerQuery
from .webhooks import CustomersWebhook, WebhookType

if TYPE_CHECKING:
    from .categories import Category, CategoryPage, CategoryQuery
    from .discounts import Discount, DiscountPage, DiscountQuery, DiscountType
    from .employees import Employee, EmployeePage, EmployeeQuery
    from .inventory import InventoryLevel, InventoryPage, InventoryQuery
    from .items import Color, Component, Item, ItemForm, ItemPage, ItemQuery
    from .merchant import Currency, Merchant
    from .modifiers import Modifier, ModifierOption, ModifierPage, ModifierQuery
    from .oauth import Scope, UserInfo
    from .payment_types import PaymentType, PaymentTypeKind, PaymentTypePage, PaymentTypeQuery
    from .pos_devices import PosDevice, PosDevicePage, PosDeviceQuery
    from .receipt_writes import (
        DiscountScope,
        ReceiptCreate,
        ReceiptDiscountCreate,
        ReceiptLineCreate,
        ReceiptModifierCreate,
        ReceiptPaymentCreate,
        ReceiptRefund,
        RefundLine,
    )
    from .receipts import (
        LineDiscount,
        LineItem,
        LineModifier,
        LineTax,
        PaymentDetails,
        Receipt,
        ReceiptPage,
        ReceiptPayment,
        ReceiptQuery,
        ReceiptTotalDiscount,
        ReceiptTotalTax,
        ReceiptType,
    )
    from .shifts import (
        CashMovement,
        CashMovementType,
        Shift,
        ShiftPage,
        ShiftPayment,
        ShiftQuery,
        ShiftTax,
    )
    from .stores import Store, StorePage, StoreQuery
    from .suppliers import Supplier, SupplierPage, SupplierQuery
    from .taxes import Tax, TaxPage, TaxQuery, TaxType
    from .variants import PricingType, Variant, VariantPage, VariantQuery, VariantStore
    from .webhook_events import (
        InventoryLevelsWebhook,
        ItemsWebhook,
        ReceiptsWebhook,
        ShiftsWebhook,
        WebhookEvent,
    )
    from .webhook_subscriptions import (
        Webhook,
        WebhookCreate,
        WebhookPage,
        WebhookQuery,
        WebhookStatus,
        WebhookUpdate,
    )

__all__ = [
    "MAX_PAGE_SIZE",
    "WRITABLE_FIELDS",
    "AwareDatetime",
    "CashMovement",
    "CashMovementType",
    "Category",
    "CategoryPage",
    "CategoryQuery",
    "Color",
    "Component",
    "CreatedRange",
    "Currency",
    "Customer",
    "CustomerCreate",
    "CustomerId",
    "CustomerPage",
    "CustomerQuery",
    "CustomerUpdate",
    "CustomersWebhook",
    "DeletedCustomers",
    "DeletedObjects",
    "Discount",
    "DiscountPage",
    "DiscountQuery",
    "DiscountScope",
    "DiscountType",
    "Employee",
    "EmployeePage",
    "EmployeeQuery",
    "FilterText",
    "IdList",
    "InventoryLevel",
    "InventoryLevelsWebhook",
    "InventoryPage",
    "InventoryQuery",
    "Item",
    "ItemForm",
    "ItemPage",
    "ItemQuery",
    "ItemsWebhook",
    "LineDiscount",
    "LineItem",
    "LineModifier",
    "LineTax",
    "Merchant",
    "Modifier",
    "ModifierOption",
    "ModifierPage",
    "ModifierQuery",
    "Money",
    "ObjectId",
    "Open",
    "Paging",
    "PaymentDetails",
    "PaymentType",
    "PaymentTypeKind",
    "PaymentTypePage",
    "PaymentTypeQuery",
    "PosDevice",
    "PosDevicePage",
    "PosDeviceQuery",
    "PricingType",
    "RawModel",
    "Receipt",
    "ReceiptCreate",
    "ReceiptDiscountCreate",
    "ReceiptLineCreate",
    "ReceiptModifierCreate",
    "ReceiptPage",
    "ReceiptPayment",
    "ReceiptPaymentCreate",
    "ReceiptQuery",
    "ReceiptRefund",
    "ReceiptTotalDiscount",
    "ReceiptTotalTax",
    "ReceiptType",
    "ReceiptsWebhook",
    "RefundLine",
    "ResourcePage",
    "ResourceQuery",
    "Scope",
    "Shift",
    "ShiftPage",
    "ShiftPayment",
    "ShiftQuery",
    "ShiftTax",
    "ShiftsWebhook",
    "ShowDeleted",
    "Store",
    "StorePage",
    "StoreQuery",
    "Supplier",
    "SupplierPage",
    "SupplierQuery",
    "Tax",
    "TaxPage",
    "TaxQuery",
    "TaxType",
    "Timestamp",
    "UpdatedRange",
    "UserInfo",
    "Variant",
    "VariantPage",
    "VariantQuery",
    "VariantStore",
    "Webhook",
    "WebhookCreate",
    "WebhookEvent",
    "WebhookPage",
    "WebhookQuery",
    "WebhookStatus",
    "WebhookType",
    "WebhookUpdate",
    "Wire",
    "format_timestamp",
]


_LAZY = {
    "Webhook": "webhook_subscriptions",
    "WebhookCreate": "webhook_subscriptions",
    "WebhookPage": "webhook_subscriptions",
    "WebhookQuery": "webhook_subscriptions",
    "WebhookStatus": "webhook_subscriptions",
    "WebhookUpdate": "webhook_subscriptions",
    "LineDiscount": "receipts",
    "LineItem": "receipts",
    "LineModifier": "receipts",
    "LineTax": "receipts",
    "PaymentDetails": "receipts",
    "Receipt": "receipts",
    "ReceiptPage": "receipts",
    "ReceiptPayment": "receipts",
    "ReceiptQuery": "receipts",
    "ReceiptTotalDiscount": "receipts",
    "ReceiptTotalTax": "receipts",
    "ReceiptType": "receipts",
    "DiscountScope": "receipt_writes",
    "ReceiptCreate": "receipt_writes",
    "ReceiptDiscountCreate": "receipt_writes",
    "ReceiptLineCreate": "receipt_writes",
    "ReceiptModifierCreate": "receipt_writes",
    "ReceiptPaymentCreate": "receipt_writes",
    "ReceiptRefund": "receipt_writes",
    "RefundLine": "receipt_writes",
    "Employee": "employees",
    "EmployeePage": "employees",
    "EmployeeQuery": "employees",
    "InventoryLevel": "inventory",
    "InventoryPage": "inventory",
    "InventoryQuery": "inventory",
    "Currency": "merchant",
    "Merchant": "merchant",
    "PaymentType": "payment_types",
    "PaymentTypeKind": "payment_types",
    "PaymentTypePage": "payment_types",
    "PaymentTypeQuery": "payment_types",
    "PosDevice": "pos_devices",
    "PosDevicePage": "pos_devices",
    "PosDeviceQuery": "pos_devices",
    "CashMovement": "shifts",
    "CashMovementType": "shifts",
    "Shift": "shifts",
    "ShiftPage": "shifts",
    "ShiftPayment": "shifts",
    "ShiftQuery": "shifts",
    "ShiftTax": "shifts",
    "Store": "stores",
    "StorePage": "stores",
    "StoreQuery": "stores",
    "Supplier": "suppliers",
    "SupplierPage": "suppliers",
    "SupplierQuery": "suppliers",
    "Category": "categories",
    "CategoryPage": "categories",
    "CategoryQuery": "categories",
    "Discount": "discounts",
    "DiscountPage": "discounts",
    "DiscountQuery": "discounts",
    "DiscountType": "discounts",
    "Color": "items",
    "Component": "items",
    "Item": "items",
    "ItemForm": "items",
    "ItemPage": "items",
    "ItemQuery": "items",
    "Modifier": "modifiers",
    "ModifierOption": "modifiers",
    "ModifierPage": "modifiers",
    "ModifierQuery": "modifiers",
    "Tax": "taxes",
    "TaxPage": "taxes",
    "TaxQuery": "taxes",
    "TaxType": "taxes",
    "PricingType": "variants",
    "Variant": "variants",
    "VariantPage": "variants",
    "VariantQuery": "variants",
    "VariantStore": "variants",
    "Scope": "oauth",
    "UserInfo": "oauth",
    "InventoryLevelsWebhook": "webhook_events",
    "ItemsWebhook": "webhook_events",
    "ReceiptsWebhook": "webhook_events",
    "ShiftsWebhook": "webhook_events",
    "WebhookEvent": "webhook_events",
}
"""Where each resource model lives: its module is imported when a name is first used, so
``import loyverse_models`` (and the client) does not pay for every resource's models."""


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
