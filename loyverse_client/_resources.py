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
    Item,
    ItemPage,
    ItemQuery,
    Modifier,
    ModifierPage,
    ModifierQuery,
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
    "ITEMS",
    "MODIFIERS",
    "RESOURCES",
    "TAXES",
    "VARIANTS",
]

ITEMS = Resource("items", Item, ItemPage, ItemQuery)
VARIANTS = Resource("variants", Variant, VariantPage, VariantQuery, key=("variant_id",))
CATEGORIES = Resource("categories", Category, CategoryPage, CategoryQuery, deleted_readable=True)
MODIFIERS = Resource("modifiers", Modifier, ModifierPage, ModifierQuery)
DISCOUNTS = Resource("discounts", Discount, DiscountPage, DiscountQuery, paginated=False)
TAXES = Resource("taxes", Tax, TaxPage, TaxQuery, paginated=False)

RESOURCES: tuple[Resource[Any, Any, Any], ...] = (
    CUSTOMERS,
    ITEMS,
    VARIANTS,
    CATEGORIES,
    MODIFIERS,
    DISCOUNTS,
    TAXES,
)
"""Every list resource, in the order the CLI and the README show them."""
