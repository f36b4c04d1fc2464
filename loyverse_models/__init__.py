"""Pydantic v2 models of the Loyverse API, reusable without the HTTP client.

Response models (``Customer``, ``CustomerPage``, ``DeletedCustomers``, ``CustomersWebhook``) parse
what Loyverse sends and keep it in ``.raw``; ``CustomerQuery``, ``CustomerCreate`` and
``CustomerUpdate`` validate a request before it exists. ``model_dump_json()`` writes the API's own
wire format (UTC ``...mmmZ`` timestamps, money as JSON numbers), and ``schemas/`` in the repository
holds each model's JSON Schema.
"""

import importlib
from typing import TYPE_CHECKING, Any

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
from .webhooks import CustomersWebhook

if TYPE_CHECKING:
    from .categories import Category, CategoryPage, CategoryQuery
    from .discounts import Discount, DiscountPage, DiscountQuery, DiscountType
    from .items import Color, Component, Item, ItemForm, ItemPage, ItemQuery
    from .modifiers import Modifier, ModifierOption, ModifierPage, ModifierQuery
    from .taxes import Tax, TaxPage, TaxQuery, TaxType
    from .variants import PricingType, Variant, VariantPage, VariantQuery, VariantStore

__all__ = [
    "MAX_PAGE_SIZE",
    "WRITABLE_FIELDS",
    "AwareDatetime",
    "Category",
    "CategoryPage",
    "CategoryQuery",
    "Color",
    "Component",
    "CreatedRange",
    "Customer",
    "CustomerCreate",
    "CustomerId",
    "CustomerPage",
    "CustomerQuery",
    "CustomerUpdate",
    "CustomersWebhook",
    "DeletedCustomers",
    "Discount",
    "DiscountPage",
    "DiscountQuery",
    "DiscountType",
    "FilterText",
    "IdList",
    "Item",
    "ItemForm",
    "ItemPage",
    "ItemQuery",
    "Modifier",
    "ModifierOption",
    "ModifierPage",
    "ModifierQuery",
    "Money",
    "ObjectId",
    "Open",
    "Paging",
    "PricingType",
    "RawModel",
    "ResourcePage",
    "ResourceQuery",
    "ShowDeleted",
    "Tax",
    "TaxPage",
    "TaxQuery",
    "TaxType",
    "Timestamp",
    "UpdatedRange",
    "Variant",
    "VariantPage",
    "VariantQuery",
    "VariantStore",
    "Wire",
    "format_timestamp",
]


_LAZY = {
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
}
"""Where each resource model lives: its module is imported when a name is first used, so
``import loyverse_models`` (and the client) does not pay for every resource's models."""


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
