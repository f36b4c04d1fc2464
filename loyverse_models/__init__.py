"""Pydantic v2 models of the Loyverse API, reusable without the HTTP client.

Response models (``Customer``, ``CustomerPage``, ``DeletedCustomers``, ``CustomersWebhook``, and
the models and pages of inventory, stores, employees, payment types, POS devices, shifts,
suppliers and the merchant) parse what Loyverse sends and keep it in ``.raw``; the queries
(``CustomerQuery``, ``StoreQuery``, ...), ``CustomerCreate`` and ``CustomerUpdate`` validate a
request before it exists. ``model_dump_json()`` writes the API's own wire format (UTC ``...mmmZ``
timestamps, money as JSON numbers), and ``schemas/`` in the repository holds each model's JSON
Schema.
"""

from ._raw import RawModel
from ._wire import AwareDatetime, Money, Timestamp, format_timestamp
from .customer_writes import WRITABLE_FIELDS, CustomerCreate, CustomerUpdate, DeletedCustomers
from .customers import MAX_PAGE_SIZE, Customer, CustomerId, CustomerPage, CustomerQuery
from .employees import Employee, EmployeePage, EmployeeQuery
from .inventory import InventoryLevel, InventoryPage, InventoryQuery
from .merchant import Currency, Merchant
from .payment_types import PaymentType, PaymentTypeKind, PaymentTypePage, PaymentTypeQuery
from .pos_devices import PosDevice, PosDevicePage, PosDeviceQuery
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
from .webhooks import CustomersWebhook

__all__ = [
    "MAX_PAGE_SIZE",
    "WRITABLE_FIELDS",
    "AwareDatetime",
    "CashMovement",
    "CashMovementType",
    "Currency",
    "Customer",
    "CustomerCreate",
    "CustomerId",
    "CustomerPage",
    "CustomerQuery",
    "CustomerUpdate",
    "CustomersWebhook",
    "DeletedCustomers",
    "Employee",
    "EmployeePage",
    "EmployeeQuery",
    "InventoryLevel",
    "InventoryPage",
    "InventoryQuery",
    "Merchant",
    "Money",
    "PaymentType",
    "PaymentTypeKind",
    "PaymentTypePage",
    "PaymentTypeQuery",
    "PosDevice",
    "PosDevicePage",
    "PosDeviceQuery",
    "RawModel",
    "Shift",
    "ShiftPage",
    "ShiftPayment",
    "ShiftQuery",
    "ShiftTax",
    "Store",
    "StorePage",
    "StoreQuery",
    "Supplier",
    "SupplierPage",
    "SupplierQuery",
    "Timestamp",
    "format_timestamp",
]
