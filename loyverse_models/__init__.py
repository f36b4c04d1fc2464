"""Pydantic v2 models of the Loyverse API, reusable without the HTTP client.

Response models (``Customer``, ``CustomerPage``, ``DeletedCustomers``, ``CustomersWebhook``) parse
what Loyverse sends and keep it in ``.raw``; ``CustomerQuery``, ``CustomerCreate`` and
``CustomerUpdate`` validate a request before it exists. ``model_dump_json()`` writes the API's own
wire format (UTC ``...mmmZ`` timestamps, money as JSON numbers), and ``schemas/`` in the repository
holds each model's JSON Schema.
"""

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
from .categories import Category, CategoryPage, CategoryQuery
from .customer_writes import WRITABLE_FIELDS, CustomerCreate, CustomerUpdate, DeletedCustomers
from .customers import MAX_PAGE_SIZE, Customer, CustomerId, CustomerPage, CustomerQuery
from .discounts import Discount, DiscountPage, DiscountQuery, DiscountType
from .items import Color, Component, Item, ItemForm, ItemPage, ItemQuery
from .modifiers import Modifier, ModifierOption, ModifierPage, ModifierQuery
from .taxes import Tax, TaxPage, TaxQuery, TaxType
from .variants import PricingType, Variant, VariantPage, VariantQuery, VariantStore
from .webhooks import CustomersWebhook

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
