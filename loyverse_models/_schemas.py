"""The JSON Schemas of the public models, and the command that writes them to ``schemas/``.

    python3 dev.py schemas          (or: python -m loyverse_models._schemas schemas/)

The schemas describe the wire format: money is a number, timestamps are date-time strings.
A test fails when a checked-in file drifts from the models.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .customer_writes import CustomerCreate, CustomerUpdate, DeletedCustomers
from .customers import Customer, CustomerPage, CustomerQuery
from .employees import Employee, EmployeePage, EmployeeQuery
from .inventory import InventoryLevel, InventoryPage, InventoryQuery
from .merchant import Currency, Merchant
from .payment_types import PaymentType, PaymentTypePage, PaymentTypeQuery
from .pos_devices import PosDevice, PosDevicePage, PosDeviceQuery
from .shifts import CashMovement, Shift, ShiftPage, ShiftPayment, ShiftQuery, ShiftTax
from .stores import Store, StorePage, StoreQuery
from .suppliers import Supplier, SupplierPage, SupplierQuery
from .webhooks import CustomersWebhook

SCHEMA_MODELS: dict[str, type[BaseModel]] = {
    "Customer": Customer,
    "CustomerPage": CustomerPage,
    "CustomerQuery": CustomerQuery,
    "CustomerCreate": CustomerCreate,
    "CustomerUpdate": CustomerUpdate,
    "DeletedCustomers": DeletedCustomers,
    "CustomersWebhook": CustomersWebhook,
    "InventoryLevel": InventoryLevel,
    "InventoryPage": InventoryPage,
    "InventoryQuery": InventoryQuery,
    "Store": Store,
    "StorePage": StorePage,
    "StoreQuery": StoreQuery,
    "Employee": Employee,
    "EmployeePage": EmployeePage,
    "EmployeeQuery": EmployeeQuery,
    "PaymentType": PaymentType,
    "PaymentTypePage": PaymentTypePage,
    "PaymentTypeQuery": PaymentTypeQuery,
    "PosDevice": PosDevice,
    "PosDevicePage": PosDevicePage,
    "PosDeviceQuery": PosDeviceQuery,
    "Shift": Shift,
    "ShiftTax": ShiftTax,
    "ShiftPayment": ShiftPayment,
    "CashMovement": CashMovement,
    "ShiftPage": ShiftPage,
    "ShiftQuery": ShiftQuery,
    "Supplier": Supplier,
    "SupplierPage": SupplierPage,
    "SupplierQuery": SupplierQuery,
    "Merchant": Merchant,
    "Currency": Currency,
}


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of the public model called ``name`` (a key of ``SCHEMA_MODELS``)."""
    schema = SCHEMA_MODELS[name].model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def render(name: str) -> str:
    """The schema file's exact text."""
    return json.dumps(json_schema(name), indent=2, ensure_ascii=False) + "\n"


def write_all(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCHEMA_MODELS:
        path = directory / f"{name}.json"
        path.write_text(render(name), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "schemas")):
        print(path)
