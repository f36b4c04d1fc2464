"""Every resource of the API, declared: the one list the clients, the fake and the CLI read.

Adding a resource is its models (a module of ``loyverse_models``, named in its ``__init__`` and in
``_schemas``), one declaration here and one typed attribute in ``_collections``; the clients, the
fake, the command line and the tests parametrised over ``RESOURCES`` then serve it.
"""

from __future__ import annotations

from typing import Any

import loyverse_models as m

from ._resource import Resource
from ._writes import Writes
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
    "RECEIPTS",
    "RESOURCES",
    "SHIFTS",
    "STORES",
    "SUPPLIERS",
    "TAXES",
    "VARIANTS",
    "WEBHOOKS",
    "WEBHOOK_WRITES",
]

MERCHANT_PATH = "merchant/"
"""``GET /merchant/``: the one ``Merchant`` object of the account."""

ITEMS = Resource("items", m.Item, m.ItemPage, m.ItemQuery)
VARIANTS = Resource("variants", m.Variant, m.VariantPage, m.VariantQuery, key=("variant_id",))
CATEGORIES = Resource(
    "categories", m.Category, m.CategoryPage, m.CategoryQuery, deleted_readable=True
)
MODIFIERS = Resource("modifiers", m.Modifier, m.ModifierPage, m.ModifierQuery)
DISCOUNTS = Resource("discounts", m.Discount, m.DiscountPage, m.DiscountQuery, paginated=False)
TAXES = Resource("taxes", m.Tax, m.TaxPage, m.TaxQuery, paginated=False)
INVENTORY = Resource(
    "inventory",
    m.InventoryLevel,
    m.InventoryPage,
    m.InventoryQuery,
    key=("variant_id", "store_id"),
    gettable=False,
    created_field=None,
    soft_deleted=False,
)
STORES = Resource("stores", m.Store, m.StorePage, m.StoreQuery, paginated=False)
EMPLOYEES = Resource("employees", m.Employee, m.EmployeePage, m.EmployeeQuery)
PAYMENT_TYPES = Resource(
    "payment_types", m.PaymentType, m.PaymentTypePage, m.PaymentTypeQuery, paginated=False
)
POS_DEVICES = Resource(
    "pos_devices",
    m.PosDevice,
    m.PosDevicePage,
    m.PosDeviceQuery,
    paginated=False,
    created_field=None,
)
SHIFTS = Resource(
    "shifts", m.Shift, m.ShiftPage, m.ShiftQuery, created_field="opened_at", soft_deleted=False
)
RECEIPTS = Resource(
    "receipts",
    m.Receipt,
    m.ReceiptPage,
    m.ReceiptQuery,
    key=("receipt_number",),
    soft_deleted=False,
)
SUPPLIERS = Resource(
    "suppliers/", m.Supplier, m.SupplierPage, m.SupplierQuery, deleted_readable=True
)

WEBHOOKS = Resource(
    "webhooks/",
    m.Webhook,
    m.WebhookPage,
    m.WebhookQuery,
    paginated=False,
    soft_deleted=False,
)
WEBHOOK_WRITES = Writes(
    WEBHOOKS,
    m.WebhookCreate,
    m.WebhookUpdate,
    m.DeletedObjects,
    example="WebhookCreate(url='https://example.com/hook', type=WebhookType.RECEIPTS_UPDATE)",
    check="list the webhooks (client.webhooks.list())",
)

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
    RECEIPTS,
    WEBHOOKS,
)
"""Every list resource, in the order the CLI and the README show them."""
