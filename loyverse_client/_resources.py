"""Every resource of the API, declared: the one list the clients, the fake and the CLI read.

Adding a resource is its models (in ``loyverse_models``) and one declaration here (and, for the
clients, one attribute in ``_collections``).
"""

from __future__ import annotations

from typing import Any

from loyverse_models import (
    Category,
    CategoryPage,
    CategoryQuery,
    Discount,
    DiscountPage,
    DiscountQuery,
    Employee,
    EmployeePage,
    EmployeeQuery,
    InventoryLevel,
    InventoryPage,
    InventoryQuery,
    Item,
    ItemPage,
    ItemQuery,
    Modifier,
    ModifierPage,
    ModifierQuery,
    PaymentType,
    PaymentTypePage,
    PaymentTypeQuery,
    PosDevice,
    PosDevicePage,
    PosDeviceQuery,
    Shift,
    ShiftPage,
    ShiftQuery,
    Store,
    StorePage,
    StoreQuery,
    Supplier,
    SupplierPage,
    SupplierQuery,
    Tax,
    TaxPage,
    TaxQuery,
    Variant,
    VariantPage,
    VariantQuery,
)

from ._resource import Resource
from .customers import CUSTOMERS

__all__ = [
    "CATEGORIES",
    "CUSTOMERS",
    "DISCOUNTS",
    "EMPLOYEES",
    "INVENTORY",
    "ITEMS",
    "MERCHANT_PATH",
    "MODIFIERS",
    "PAYMENT_TYPES",
    "POS_DEVICES",
    "RESOURCES",
    "SHIFTS",
    "STORES",
    "SUPPLIERS",
    "TAXES",
    "VARIANTS",
]

MERCHANT_PATH = "merchant/"
"""``GET /merchant/``: the one ``Merchant`` object of the account."""

ITEMS = Resource("items", Item, ItemPage, ItemQuery)
VARIANTS = Resource("variants", Variant, VariantPage, VariantQuery, key=("variant_id",))
CATEGORIES = Resource("categories", Category, CategoryPage, CategoryQuery, deleted_readable=True)
MODIFIERS = Resource("modifiers", Modifier, ModifierPage, ModifierQuery)
DISCOUNTS = Resource("discounts", Discount, DiscountPage, DiscountQuery, paginated=False)
TAXES = Resource("taxes", Tax, TaxPage, TaxQuery, paginated=False)
INVENTORY = Resource(
    "inventory",
    InventoryLevel,
    InventoryPage,
    InventoryQuery,
    key=("variant_id", "store_id"),
    gettable=False,
    created_field=None,
    soft_deleted=False,
)
STORES = Resource("stores", Store, StorePage, StoreQuery, paginated=False)
EMPLOYEES = Resource("employees", Employee, EmployeePage, EmployeeQuery)
PAYMENT_TYPES = Resource(
    "payment_types", PaymentType, PaymentTypePage, PaymentTypeQuery, paginated=False
)
POS_DEVICES = Resource(
    "pos_devices", PosDevice, PosDevicePage, PosDeviceQuery, paginated=False, created_field=None
)
SHIFTS = Resource(
    "shifts", Shift, ShiftPage, ShiftQuery, created_field="opened_at", soft_deleted=False
)
SUPPLIERS = Resource("suppliers/", Supplier, SupplierPage, SupplierQuery, deleted_readable=True)

RESOURCES: tuple[Resource[Any, Any, Any], ...] = (
    CUSTOMERS,
    ITEMS,
    VARIANTS,
    CATEGORIES,
    MODIFIERS,
    DISCOUNTS,
    TAXES,
    INVENTORY,
    STORES,
    EMPLOYEES,
    PAYMENT_TYPES,
    POS_DEVICES,
    SHIFTS,
    SUPPLIERS,
)
"""Every list resource, in the order the CLI and the README show them."""
