"""Every resource of the API, declared: the one list the clients, the fake and the CLI read.

Adding a resource is its models (a module of ``loyverse_models``, named in its ``__init__`` and in
``_schemas``), one declaration here and one typed attribute in ``_collections``; the clients, the
fake, the command line and the tests parametrised over ``RESOURCES`` then serve it.
"""

from __future__ import annotations

from typing import Any

import loyverse_models as m
from loyverse_models.oauth import Scope

from ._resource import Resource
from ._writes import Writes
from .customers import CUSTOMERS

__all__ = [
    "CATEGORIES",
    "CATEGORY_WRITES",
    "CUSTOMERS",
    "DISCOUNTS",
    "DISCOUNT_WRITES",
    "EMPLOYEES",
    "INVENTORY",
    "ITEMS",
    "ITEM_WRITES",
    "MERCHANT_PATH",
    "MERCHANT_SCOPE",
    "MODIFIERS",
    "MODIFIER_WRITES",
    "PAYMENT_TYPES",
    "POS_DEVICES",
    "POS_DEVICE_WRITES",
    "RECEIPTS",
    "RESOURCES",
    "SHIFTS",
    "STORES",
    "SUPPLIERS",
    "SUPPLIER_WRITES",
    "TAXES",
    "TAX_WRITES",
    "VARIANTS",
    "VARIANT_WRITES",
    "WEBHOOKS",
    "WEBHOOK_WRITES",
]

MERCHANT_PATH = "merchant/"
"""``GET /merchant/``: the one ``Merchant`` object of the account."""
MERCHANT_SCOPE = Scope.MERCHANT_READ
"""The OAuth scope ``GET /merchant/`` needs."""

# The scopes are the contract's (section 2.3); variants, item images, refunds and deleting POS
# devices are inferred from their neighbours.
_ITEMS_READ, _ITEMS_WRITE = Scope.ITEMS_READ, Scope.ITEMS_WRITE

ITEMS = Resource(
    "items",
    m.Item,
    m.ItemPage,
    m.ItemQuery,
    read_scope=_ITEMS_READ,
    write_scope=_ITEMS_WRITE,
    deletes_with_it=("variants", "item_id"),
)
VARIANTS = Resource(
    "variants",
    m.Variant,
    m.VariantPage,
    m.VariantQuery,
    key=("variant_id",),
    read_scope=_ITEMS_READ,
    write_scope=_ITEMS_WRITE,
)
CATEGORIES = Resource(
    "categories",
    m.Category,
    m.CategoryPage,
    m.CategoryQuery,
    deleted_readable=True,
    read_scope=_ITEMS_READ,
    write_scope=_ITEMS_WRITE,
)
MODIFIERS = Resource(
    "modifiers",
    m.Modifier,
    m.ModifierPage,
    m.ModifierQuery,
    read_scope=_ITEMS_READ,
    write_scope=_ITEMS_WRITE,
)
DISCOUNTS = Resource(
    "discounts",
    m.Discount,
    m.DiscountPage,
    m.DiscountQuery,
    paginated=False,
    read_scope=_ITEMS_READ,
    write_scope=_ITEMS_WRITE,
)
TAXES = Resource(
    "taxes",
    m.Tax,
    m.TaxPage,
    m.TaxQuery,
    paginated=False,
    read_scope=Scope.TAXES_READ,
    write_scope=Scope.TAXES_WRITE,
)
INVENTORY = Resource(
    "inventory",
    m.InventoryLevel,
    m.InventoryPage,
    m.InventoryQuery,
    key=("variant_id", "store_id"),
    gettable=False,
    created_field=None,
    soft_deleted=False,
    read_scope=Scope.INVENTORY_READ,
    write_scope=Scope.INVENTORY_WRITE,
)
STORES = Resource(
    "stores", m.Store, m.StorePage, m.StoreQuery, paginated=False, read_scope=Scope.STORES_READ
)
EMPLOYEES = Resource(
    "employees", m.Employee, m.EmployeePage, m.EmployeeQuery, read_scope=Scope.EMPLOYEES_READ
)
PAYMENT_TYPES = Resource(
    "payment_types",
    m.PaymentType,
    m.PaymentTypePage,
    m.PaymentTypeQuery,
    paginated=False,
    read_scope=Scope.PAYMENT_TYPES_READ,
)
POS_DEVICES = Resource(
    "pos_devices",
    m.PosDevice,
    m.PosDevicePage,
    m.PosDeviceQuery,
    paginated=False,
    created_field=None,
    read_scope=Scope.POS_DEVICES_READ,
    write_scope=Scope.POS_DEVICES_WRITE,
)
SHIFTS = Resource(
    "shifts",
    m.Shift,
    m.ShiftPage,
    m.ShiftQuery,
    created_field="opened_at",
    soft_deleted=False,
    read_scope=Scope.SHIFTS_READ,
)
RECEIPTS = Resource(
    "receipts",
    m.Receipt,
    m.ReceiptPage,
    m.ReceiptQuery,
    key=("receipt_number",),
    soft_deleted=False,
    read_scope=Scope.RECEIPTS_READ,
    write_scope=Scope.RECEIPTS_WRITE,
)
SUPPLIERS = Resource(
    "suppliers/",
    m.Supplier,
    m.SupplierPage,
    m.SupplierQuery,
    deleted_readable=True,
    read_scope=Scope.SUPPLIERS_READ,
    write_scope=Scope.SUPPLIERS_WRITE,
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


def _writes(resource: Resource[Any, Any, Any], create: Any, update: Any, *required: str) -> Any:
    """The writes of a catalogue resource: ``create`` and ``update`` models, ``DeletedObjects``."""
    return Writes(
        resource,
        create,
        update,
        m.DeletedObjects,
        example=f"{create.__name__}(...)",
        check=f"look for it with client.{resource.name}.list() first",
        required=required,
    )


ITEM_WRITES: Writes[m.Item, m.ItemCreate, m.ItemUpdate, m.DeletedObjects] = _writes(
    ITEMS, m.ItemCreate, m.ItemUpdate, "item_name"
)
VARIANT_WRITES: Writes[m.Variant, m.VariantCreate, m.VariantUpdate, m.DeletedObjects] = _writes(
    VARIANTS, m.VariantCreate, m.VariantUpdate
)
CATEGORY_WRITES: Writes[m.Category, m.CategoryCreate, m.CategoryUpdate, m.DeletedObjects] = _writes(
    CATEGORIES, m.CategoryCreate, m.CategoryUpdate, "name"
)
MODIFIER_WRITES: Writes[m.Modifier, m.ModifierCreate, m.ModifierUpdate, m.DeletedObjects] = _writes(
    MODIFIERS, m.ModifierCreate, m.ModifierUpdate, "name"
)
DISCOUNT_WRITES: Writes[m.Discount, m.DiscountCreate, m.DiscountUpdate, m.DeletedObjects] = _writes(
    DISCOUNTS, m.DiscountCreate, m.DiscountUpdate, "name", "type"
)
TAX_WRITES: Writes[m.Tax, m.TaxCreate, m.TaxUpdate, m.DeletedObjects] = _writes(
    TAXES, m.TaxCreate, m.TaxUpdate, "name", "type"
)
SUPPLIER_WRITES: Writes[m.Supplier, m.SupplierCreate, m.SupplierUpdate, m.DeletedObjects] = _writes(
    SUPPLIERS, m.SupplierCreate, m.SupplierUpdate, "name"
)
POS_DEVICE_WRITES: Writes[m.PosDevice, m.PosDeviceCreate, m.PosDeviceUpdate, m.DeletedObjects] = (
    _writes(POS_DEVICES, m.PosDeviceCreate, m.PosDeviceUpdate, "name", "store_id")
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
