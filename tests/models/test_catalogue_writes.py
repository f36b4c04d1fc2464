"""Writing the catalogue and its stock: each body is exactly the documented JSON, and everything
Loyverse documents as a limit or a rule, every field it sets itself and every unknown field is
refused before a request exists, naming the field (and its place inside a list)."""

from __future__ import annotations

import copy
import functools
import json
import operator
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from loyverse_models import (
    CategoryCreate,
    CategoryUpdate,
    Color,
    ComponentWrite,
    DiscountCreate,
    DiscountType,
    DiscountUpdate,
    InventoryChange,
    ItemCreate,
    ItemForm,
    ItemUpdate,
    ItemVariantWrite,
    ModifierCreate,
    ModifierOptionWrite,
    ModifierUpdate,
    PosDeviceCreate,
    PosDeviceUpdate,
    PricingType,
    SupplierCreate,
    SupplierUpdate,
    TaxCreate,
    TaxType,
    TaxUpdate,
    VariantCreate,
    VariantStoreWrite,
    VariantUpdate,
)
from loyverse_models._schemas import json_schema

PARIS = "42dd2a7e-1f4c-4a1b-9a59-6f3c1f2d9e01"
LYON = "53ee3b8f-2a5d-4b2c-8b6a-7a4d2a3e0f02"
SHIRTS = "64ff4c90-3b6e-4c3d-9c7b-8b5e3b4f1a03"
MILL = "7a005da1-4c7f-4d4e-8d8c-9c6f4c5a2b04"
VAT = "8b116eb2-5d80-4e5f-9e9d-0d705d6b3c05"
CITY_TAX = "9c227fc3-6e91-4f60-8fae-1e816e7c4d06"
GIFT_WRAP = "0d3380d4-7fa2-4071-9b0f-2f927f8d5e07"
SHIRT = "1e4491e5-80b3-4182-8c10-30a3809e6f08"
SHIRT_S = "2f55a2f6-91c4-4293-9d21-41b491af7009"
BEANS = "3066b307-a2d5-43a4-8e32-52c5a2b0810a"
CUP = "4177c418-b3e6-44b5-9f43-63d6b3c1920b"
OAT = "5288d529-c4f7-45c6-8054-74e7c4d2a30c"

# --- realistic objects, and the documented JSON each one is written as ----------------------------
# A linen shirt in two sizes and one colour, priced per store in Paris, not for sale in Lyon yet.
SHIRT_S_WRITE = ItemVariantWrite(
    sku="LS-S-SAND",
    reference_variant_id="ERP-1042-S",
    option1_value="S",
    option2_value="Sand",
    barcode="3600000000011",
    cost=Decimal("12.40"),
    purchase_cost=Decimal("11.90"),
    default_pricing_type=PricingType.FIXED,
    default_price=Decimal("49.90"),
    stores=[
        VariantStoreWrite(
            store_id=PARIS,
            pricing_type=PricingType.FIXED,
            price=Decimal(52),
            available_for_sale=True,
            optimal_stock=Decimal(20),
            low_stock=Decimal("2.5"),
        ),
        VariantStoreWrite(store_id=LYON, available_for_sale=False),
    ],
)
SHIRT_M_WRITE = ItemVariantWrite(
    sku="LS-M-SAND",
    option1_value="M",
    option2_value="Sand",
    default_pricing_type=PricingType.VARIABLE,
)
SHIRT_CREATE = ItemCreate(
    item_name="Linen shirt",
    description="<p>Washed linen, relaxed fit.</p>",
    reference_id="ERP-1042",
    category_id=SHIRTS,
    track_stock=True,
    sold_by_weight=False,
    is_composite=False,
    use_production=False,
    components=[],
    primary_supplier_id=MILL,
    tax_ids=[VAT, CITY_TAX],
    modifier_ids=[GIFT_WRAP],
    form=ItemForm.CIRCLE,
    color=Color.BLUE,
    option1_name="Size",
    option2_name="Colour",
    variants=[SHIRT_S_WRITE, SHIRT_M_WRITE],
)
SHIRT_BODY: dict[str, Any] = {
    "item_name": "Linen shirt",
    "description": "<p>Washed linen, relaxed fit.</p>",
    "reference_id": "ERP-1042",
    "category_id": SHIRTS,
    "track_stock": True,
    "sold_by_weight": False,
    "is_composite": False,
    "use_production": False,
    "components": [],
    "primary_supplier_id": MILL,
    "tax_ids": [VAT, CITY_TAX],
    "modifier_ids": [GIFT_WRAP],
    "form": "CIRCLE",
    "color": "BLUE",
    "option1_name": "Size",
    "option2_name": "Colour",
    "variants": [
        {
            "sku": "LS-S-SAND",
            "reference_variant_id": "ERP-1042-S",
            "option1_value": "S",
            "option2_value": "Sand",
            "barcode": "3600000000011",
            "cost": 12.4,
            "purchase_cost": 11.9,
            "default_pricing_type": "FIXED",
            "default_price": 49.9,
            "stores": [
                {
                    "store_id": PARIS,
                    "pricing_type": "FIXED",
                    "price": 52,
                    "available_for_sale": True,
                    "optimal_stock": 20,
                    "low_stock": 2.5,
                },
                {"store_id": LYON, "available_for_sale": False},
            ],
        },
        {
            "sku": "LS-M-SAND",
            "option1_value": "M",
            "option2_value": "Sand",
            "default_pricing_type": "VARIABLE",
        },
    ],
}
# A latte kit made to order from 18 g of beans and a cup.
KIT_CREATE = ItemCreate(
    item_name="Latte kit",
    is_composite=True,
    use_production=True,
    components=[
        ComponentWrite(variant_id=BEANS, quantity=Decimal("0.018")),
        ComponentWrite(variant_id=CUP, quantity=Decimal(1)),
    ],
)
KIT_BODY: dict[str, Any] = {
    "item_name": "Latte kit",
    "is_composite": True,
    "use_production": True,
    "components": [{"variant_id": BEANS, "quantity": 0.018}, {"variant_id": CUP, "quantity": 1}],
}
# Renamed, its description cleared, size S kept and a size L added.
SHIRT_UPDATE = ItemUpdate(
    item_name="Linen shirt, relaxed",
    description=None,
    option1_name="Size",
    variants=[
        ItemVariantWrite(variant_id=SHIRT_S, option1_value="S", sku="LS-S-SAND"),
        ItemVariantWrite(option1_value="L", sku="LS-L-SAND", default_price=Decimal("54.90")),
    ],
)
SHIRT_UPDATE_BODY: dict[str, Any] = {
    "item_name": "Linen shirt, relaxed",
    "description": None,
    "option1_name": "Size",
    "variants": [
        {"variant_id": SHIRT_S, "option1_value": "S", "sku": "LS-S-SAND"},
        {"option1_value": "L", "sku": "LS-L-SAND", "default_price": 54.9},
    ],
}
VARIANT_CREATE = VariantCreate(
    item_id=SHIRT,
    sku="LS-XL-SAND",
    reference_variant_id="ERP-1042-XL",
    option1_value="XL",
    option2_value="Sand",
    barcode="3600000000042",
    cost=Decimal("13.10"),
    purchase_cost=Decimal("12.60"),
    default_pricing_type=PricingType.FIXED,
    default_price=Decimal("52.90"),
    stores=[VariantStoreWrite(store_id=PARIS, optimal_stock=Decimal(6), low_stock=Decimal(1))],
)
VARIANT_BODY: dict[str, Any] = {
    "item_id": SHIRT,
    "sku": "LS-XL-SAND",
    "reference_variant_id": "ERP-1042-XL",
    "option1_value": "XL",
    "option2_value": "Sand",
    "barcode": "3600000000042",
    "cost": 13.1,
    "purchase_cost": 12.6,
    "default_pricing_type": "FIXED",
    "default_price": 52.9,
    "stores": [{"store_id": PARIS, "optimal_stock": 6, "low_stock": 1}],
}
VARIANT_UPDATE = VariantUpdate(default_price=Decimal("44.90"), barcode=None)
VARIANT_UPDATE_BODY: dict[str, Any] = {"default_price": 44.9, "barcode": None}
CATEGORY_BODY: dict[str, Any] = {"name": "Shirts", "color": "PURPLE"}
MODIFIER_CREATE = ModifierCreate(
    name="Milk",
    position=2,
    stores=[PARIS, LYON],
    modifier_options=[
        ModifierOptionWrite(name="Whole", price=Decimal(0), position=0),
        ModifierOptionWrite(name="Oat", price=Decimal("0.60"), position=1),
    ],
)
MODIFIER_BODY: dict[str, Any] = {
    "name": "Milk",
    "position": 2,
    "stores": [PARIS, LYON],
    "modifier_options": [
        {"name": "Whole", "price": 0, "position": 0},
        {"name": "Oat", "price": 0.6, "position": 1},
    ],
}
# Oat milk costs more now, soy is new, and the modifier is available everywhere again.
MODIFIER_UPDATE = ModifierUpdate(
    stores=None,
    modifier_options=[
        ModifierOptionWrite(id=OAT, name="Oat", price=Decimal("0.70")),
        ModifierOptionWrite(name="Soy", price=Decimal("0.60"), position=2),
    ],
)
MODIFIER_UPDATE_BODY: dict[str, Any] = {
    "stores": None,
    "modifier_options": [
        {"id": OAT, "name": "Oat", "price": 0.7},
        {"name": "Soy", "price": 0.6, "position": 2},
    ],
}
AMOUNT_OFF_BODY: dict[str, Any] = {
    "type": "FIXED_AMOUNT",
    "name": "Loyalty 5 off",
    "discount_amount": 5,
    "stores": [PARIS],
    "restricted_access": True,
}
PERCENT_OFF_BODY: dict[str, Any] = {
    "type": "FIXED_PERCENT",
    "name": "Staff",
    "discount_percent": 12.5,
}
TAX_BODY: dict[str, Any] = {"type": "ADDED", "name": "City tax", "rate": 5.255, "stores": [LYON]}
SUPPLIER_CREATE = SupplierCreate(
    name="Lin & Co",
    contact="Anne Roux",
    email="orders@lin.example.com",
    phone_number="+33142000000",
    website="https://lin.example.com",
    address_1="12 rue des Tisserands",
    address_2="Bâtiment B",
    city="Lille",
    region="Hauts-de-France",
    postal_code="59000",
    country_code="FR",
    note="Delivers on Tuesdays.",
)
SUPPLIER_BODY: dict[str, Any] = {
    "name": "Lin & Co",
    "contact": "Anne Roux",
    "email": "orders@lin.example.com",
    "phone_number": "+33142000000",
    "website": "https://lin.example.com",
    "address_1": "12 rue des Tisserands",
    "address_2": "Bâtiment B",
    "city": "Lille",
    "region": "Hauts-de-France",
    "postal_code": "59000",
    "country_code": "FR",
    "note": "Delivers on Tuesdays.",
}
POS_BODY: dict[str, Any] = {"name": "Till 2", "store_id": PARIS}
STOCK_BODY: dict[str, Any] = {"variant_id": SHIRT_S, "store_id": PARIS, "stock_after": 14}


@pytest.mark.parametrize(
    ("model", "body"),
    [
        pytest.param(SHIRT_CREATE, SHIRT_BODY, id="item"),
        pytest.param(SHIRT_S_WRITE, SHIRT_BODY["variants"][0], id="item's variant"),
        pytest.param(KIT_CREATE, KIT_BODY, id="composite item"),
        pytest.param(SHIRT_UPDATE, SHIRT_UPDATE_BODY, id="item update"),
        pytest.param(VARIANT_CREATE, VARIANT_BODY, id="variant"),
        pytest.param(VARIANT_UPDATE, VARIANT_UPDATE_BODY, id="variant update"),
        pytest.param(
            CategoryCreate(name="Shirts", color=Color.PURPLE), CATEGORY_BODY, id="category"
        ),
        pytest.param(
            CategoryUpdate(name="Shirts & tops"), {"name": "Shirts & tops"}, id="category update"
        ),
        pytest.param(MODIFIER_CREATE, MODIFIER_BODY, id="modifier"),
        pytest.param(MODIFIER_UPDATE, MODIFIER_UPDATE_BODY, id="modifier update"),
        pytest.param(
            DiscountCreate(
                type=DiscountType.FIXED_AMOUNT,
                name="Loyalty 5 off",
                discount_amount=Decimal(5),
                stores=[PARIS],
                restricted_access=True,
            ),
            AMOUNT_OFF_BODY,
            id="amount off",
        ),
        pytest.param(
            DiscountCreate(
                type=DiscountType.FIXED_PERCENT, name="Staff", discount_percent=Decimal("12.5")
            ),
            PERCENT_OFF_BODY,
            id="percent off",
        ),
        pytest.param(
            DiscountCreate(type=DiscountType.VARIABLE_AMOUNT, name="Manager's call"),
            {"type": "VARIABLE_AMOUNT", "name": "Manager's call"},
            id="valued at the sale",
        ),
        pytest.param(
            DiscountUpdate(
                type=DiscountType.FIXED_PERCENT, discount_percent=Decimal(15), discount_amount=None
            ),
            {"type": "FIXED_PERCENT", "discount_percent": 15, "discount_amount": None},
            id="amount off becomes percent off",
        ),
        pytest.param(
            TaxCreate(type=TaxType.ADDED, name="City tax", rate=Decimal("5.255"), stores=[LYON]),
            TAX_BODY,
            id="tax",
        ),
        pytest.param(
            TaxUpdate(rate=Decimal(20), stores=None), {"rate": 20, "stores": None}, id="tax update"
        ),
        pytest.param(SUPPLIER_CREATE, SUPPLIER_BODY, id="supplier"),
        pytest.param(
            SupplierUpdate(phone_number="+33320000000", note=None),
            {"phone_number": "+33320000000", "note": None},
            id="supplier update",
        ),
        pytest.param(PosDeviceCreate(name="Till 2", store_id=PARIS), POS_BODY, id="POS device"),
        pytest.param(PosDeviceUpdate(name="Terrace"), {"name": "Terrace"}, id="POS device update"),
        pytest.param(
            InventoryChange(variant_id=SHIRT_S, store_id=PARIS, stock_after=Decimal(14)),
            STOCK_BODY,
            id="stock",
        ),
        pytest.param(
            InventoryChange(variant_id=BEANS, store_id=LYON, stock_after=Decimal("2.375")),
            {"variant_id": BEANS, "store_id": LYON, "stock_after": 2.375},
            id="stock by weight",
        ),
        pytest.param(
            InventoryChange(variant_id=CUP, store_id=LYON, stock_after=Decimal(-3)),
            {"variant_id": CUP, "store_id": LYON, "stock_after": -3},
            id="stock below zero (not refused: the contract leaves it open)",
        ),
    ],
)
def test_the_body_is_the_documented_json(model: Any, body: dict[str, Any]) -> None:
    assert model.to_body() == body
    assert json.loads(json.dumps(model.to_body())) == body  # plain JSON, nothing Python-specific


# One valid body per model, in its dict form (as a caller, a file or the CLI gives it).
EXAMPLES: dict[type[BaseModel], dict[str, Any]] = {
    ItemCreate: SHIRT_BODY,
    ItemUpdate: SHIRT_UPDATE_BODY,
    ItemVariantWrite: SHIRT_BODY["variants"][0],
    VariantStoreWrite: SHIRT_BODY["variants"][0]["stores"][0],
    ComponentWrite: KIT_BODY["components"][0],
    VariantCreate: VARIANT_BODY,
    VariantUpdate: VARIANT_UPDATE_BODY,
    CategoryCreate: CATEGORY_BODY,
    CategoryUpdate: {"color": "GREEN"},
    ModifierCreate: MODIFIER_BODY,
    ModifierOptionWrite: MODIFIER_BODY["modifier_options"][1],
    ModifierUpdate: MODIFIER_UPDATE_BODY,
    DiscountCreate: AMOUNT_OFF_BODY,
    DiscountUpdate: {"name": "Loyalty 6 off", "discount_amount": 6},
    TaxCreate: TAX_BODY,
    TaxUpdate: {"type": "INCLUDED"},
    SupplierCreate: SUPPLIER_BODY,
    SupplierUpdate: {"contact": "Paul Roux", "email": None},
    PosDeviceCreate: POS_BODY,
    PosDeviceUpdate: {"name": "Terrace"},
    InventoryChange: STOCK_BODY,
}
UPDATES = [model for model in EXAMPLES if model.__name__.endswith("Update")]


def _write(model: type[BaseModel], data: dict[str, Any]) -> dict[str, Any]:
    written: Any = model.model_validate(data)
    body: dict[str, Any] = written.to_body()
    return body


def _refused(model: type[BaseModel], data: dict[str, Any]) -> dict[str, Any]:
    """The one error the model raises for ``data``."""
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    (problem,) = caught.value.errors()
    return dict(problem)


def test_every_public_write_model_has_an_example() -> None:
    import loyverse_models.catalogue_writes as module

    assert {model.__name__ for model in EXAMPLES} == set(module.__all__)


@pytest.mark.parametrize("model", EXAMPLES, ids=lambda model: model.__name__)
def test_the_documented_json_reads_back_to_the_same_body(model: type[BaseModel]) -> None:
    assert _write(model, EXAMPLES[model]) == EXAMPLES[model]


# --- what each resource refuses: its limits, its read-only fields, its rules ----------------------
_GONE = object()
"""Put at a path: the key is removed."""
Loc = tuple[str | int, ...]

# Each resource's models, and a full valid body (an update takes the fields it has of it: every
# field given, an update is checked as completely as a create).
RESOURCES: dict[str, tuple[list[type[BaseModel]], dict[str, Any]]] = {
    "item": ([ItemCreate, ItemUpdate], SHIRT_BODY),
    "item update": ([ItemUpdate], SHIRT_UPDATE_BODY),
    "composite item": ([ItemCreate, ItemUpdate], KIT_BODY),
    "variant": ([VariantCreate, VariantUpdate], VARIANT_BODY),
    "category": ([CategoryCreate, CategoryUpdate], CATEGORY_BODY),
    "modifier": ([ModifierCreate, ModifierUpdate], MODIFIER_BODY),
    "modifier update": ([ModifierUpdate], MODIFIER_UPDATE_BODY),
    "amount off": ([DiscountCreate, DiscountUpdate], AMOUNT_OFF_BODY),
    "percent off": ([DiscountCreate, DiscountUpdate], PERCENT_OFF_BODY),
    "tax": ([TaxCreate, TaxUpdate], TAX_BODY),
    "supplier": ([SupplierCreate, SupplierUpdate], SUPPLIER_BODY),
    "POS device": ([PosDeviceCreate, PosDeviceUpdate], POS_BODY),
    "stock": ([InventoryChange], STOCK_BODY),
}


def _dig(body: Any, path: Loc) -> Any:
    return functools.reduce(operator.getitem, path, body)


def _input(model: type[BaseModel], body: dict[str, Any], changes: dict[Loc, Any]) -> dict[str, Any]:
    """The model's fields of ``body``, with ``changes`` made at their paths."""
    data = {key: copy.deepcopy(value) for key, value in body.items() if key in model.model_fields}
    for (*parents, last), value in changes.items():
        target = _dig(data, tuple(parents))
        if value is _GONE:
            del target[last]
        else:
            target[last] = copy.deepcopy(value)
    return data


def _cases(
    resource: str,
    changes: dict[Loc, Any],
    loc: Loc,
    message: str,
    only: type[BaseModel] | None = None,
    name: str = "",
) -> Iterator[Any]:
    """The case for each model of the resource that has the field changed (or for ``only``)."""
    models, body = RESOURCES[resource]
    for model in models:
        if (only or model) is model and all(path[0] in model.model_fields for path in changes):
            data = _input(model, body, changes)
            label = name or ".".join(map(str, loc))
            yield pytest.param(model, data, loc, message, id=f"{model.__name__} {label}")


def _limit(resource: str, path: Loc, value: Any, message: str) -> Iterator[Any]:
    return _cases(
        resource, {path: value}, path, message, name=f"{'.'.join(map(str, path))}={value!r:.12}"
    )


TOO_LONG = "String should have at most"
EMPTY = "String should have at least 1 character"
# A variant's limits: on its own (POST /variants) and inside an item's body.
VARIANT_LIMITS: list[tuple[Loc, Any, str]] = [
    (("sku",), "X" * 41, f"{TOO_LONG} 40 characters"),
    (("sku",), "", EMPTY),
    (("reference_variant_id",), "X" * 129, f"{TOO_LONG} 128 characters"),
    (("option1_value",), "X" * 21, f"{TOO_LONG} 20 characters"),
    (("option2_value",), "", EMPTY),
    (("barcode",), "1" * 129, f"{TOO_LONG} 128 characters"),
    (("barcode",), "", EMPTY),
    (("cost",), -1, "greater than or equal to 0"),
    (("purchase_cost",), "-0.01", "greater than or equal to 0"),
    (("default_price",), -5, "greater than or equal to 0"),
    (("default_pricing_type",), "FREE", "Input should be 'FIXED' or 'VARIABLE'"),
    (("stores", 0, "store_id"), "", "must not be empty"),
    (("stores", 0, "price"), "-1", "greater than or equal to 0"),
    (("stores", 0, "pricing_type"), "FREE", "Input should be 'FIXED' or 'VARIABLE'"),
    (("stores", 0, "available_for_sale"), "perhaps", "valid boolean"),
    (("stores", 0, "optimal_stock"), "10000000", "less than or equal to 9999999.999"),
    (("stores", 0, "low_stock"), -1, "greater than or equal to 0"),
]
NOT_A_COUNTRY = "is not an ISO 3166-1 alpha-2 country code"
LIMITS = [
    *(_limit("variant", path, value, message) for path, value, message in VARIANT_LIMITS),
    *(
        _limit("item", ("variants", 0, *path), value, message)
        for path, value, message in VARIANT_LIMITS
    ),
    _limit("item", ("item_name",), "X" * 65, f"{TOO_LONG} 64 characters"),
    _limit("item", ("item_name",), "", EMPTY),
    _limit("item", ("item_name",), "   ", "must not be blank"),
    _limit("item", ("description",), "X" * 32769, f"{TOO_LONG} 32768 characters"),
    _limit("item", ("description",), "", EMPTY),
    _limit("item", ("reference_id",), "X" * 129, f"{TOO_LONG} 128 characters"),
    _limit("item", ("category_id",), "", "must not be empty"),
    _limit("item", ("primary_supplier_id",), "a b", "no commas or whitespace"),
    _limit("item", ("tax_ids",), [VAT, VAT], f"{VAT} is listed twice"),
    _limit("item", ("modifier_ids",), [GIFT_WRAP, GIFT_WRAP], "listed twice"),
    _limit("item", ("form",), "TRIANGLE", "'SQUARE', 'CIRCLE', 'SUN' or 'OCTAGON'"),
    _limit("item", ("color",), "BLACK", "Input should be 'GREY', 'RED'"),
    _limit("item", ("track_stock",), "perhaps", "valid boolean"),
    _limit("item", ("option1_name",), "", EMPTY),
    _limit("item", ("option2_name",), " ", "must not be blank"),
    _limit("composite item", ("components", 0, "quantity"), 0, "greater than 0"),
    _limit(
        "composite item",
        ("components", 0, "quantity"),
        "1000000",
        "less than or equal to 999999.999",
    ),
    _limit("composite item", ("components", 0, "variant_id"), "", "must not be empty"),
    _limit("category", ("name",), "X" * 65, f"{TOO_LONG} 64 characters"),
    _limit("category", ("name",), "", EMPTY),
    _limit("category", ("color",), "YELLOW", "does not document for categories"),
    _limit("category", ("color",), "BLACK", "Input should be 'GREY'"),
    _limit("modifier", ("name",), "X" * 41, f"{TOO_LONG} 40 characters"),
    _limit("modifier", ("name",), "", EMPTY),
    _limit("modifier", ("position",), True, "valid integer"),
    _limit("modifier", ("position",), "2", "valid integer"),
    _limit("modifier", ("stores",), [PARIS, PARIS], "listed twice"),
    _limit("modifier", ("modifier_options",), [], "a modifier has at least one option"),
    _limit("modifier", ("modifier_options", 0, "name"), "", EMPTY),
    _limit("modifier", ("modifier_options", 0, "name"), "  ", "must not be blank"),
    _limit("modifier", ("modifier_options", 0, "price"), -1, "greater than or equal to 0"),
    _limit("modifier", ("modifier_options", 0, "position"), 1.5, "valid integer"),
    _limit("amount off", ("name",), "X" * 41, f"{TOO_LONG} 40 characters"),
    _limit("amount off", ("name",), "", EMPTY),
    _limit("amount off", ("type",), "HALF_OFF", "'FIXED_PERCENT', 'FIXED_AMOUNT'"),
    _limit("amount off", ("discount_amount",), 0, "greater than or equal to 0.01"),
    _limit("amount off", ("discount_amount",), "1000000", "less than or equal to 999999.99"),
    _limit("amount off", ("restricted_access",), "perhaps", "valid boolean"),
    _limit("amount off", ("stores",), [PARIS, PARIS], "listed twice"),
    _limit("percent off", ("discount_percent",), "0.001", "greater than or equal to 0.01"),
    _limit("percent off", ("discount_percent",), "100.01", "less than or equal to 100"),
    _limit("tax", ("name",), "", EMPTY),
    _limit("tax", ("type",), "EXCLUDED", "Input should be 'INCLUDED' or 'ADDED'"),
    _limit("tax", ("rate",), -1, "greater than or equal to 0"),
    _limit("tax", ("rate",), "100.5", "less than or equal to 100"),
    _limit("tax", ("stores",), [LYON, LYON], "listed twice"),
    _limit("supplier", ("name",), "X" * 65, f"{TOO_LONG} 64 characters"),
    _limit("supplier", ("name",), "", EMPTY),
    _limit("supplier", ("contact",), "X" * 65, f"{TOO_LONG} 64 characters"),
    _limit("supplier", ("contact",), "", EMPTY),
    _limit("supplier", ("email",), "orders at lin", "not shaped like an email address"),
    _limit("supplier", ("email",), "", "not shaped like an email address"),
    _limit("supplier", ("email",), "o" * 96 + "@b.fr", f"{TOO_LONG} 100 characters"),
    _limit("supplier", ("phone_number",), "", EMPTY),
    _limit("supplier", ("phone_number",), "1" * 16, f"{TOO_LONG} 15 characters"),
    _limit("supplier", ("address_1",), "X" * 193, f"{TOO_LONG} 192 characters"),
    _limit("supplier", ("address_2",), "X" * 193, f"{TOO_LONG} 192 characters"),
    _limit("supplier", ("city",), "X" * 65, f"{TOO_LONG} 64 characters"),
    _limit("supplier", ("region",), "X" * 65, f"{TOO_LONG} 64 characters"),
    _limit("supplier", ("postal_code",), "X" * 21, f"{TOO_LONG} 20 characters"),
    _limit("supplier", ("country_code",), "FRA", NOT_A_COUNTRY),
    _limit("supplier", ("country_code",), "fr", NOT_A_COUNTRY),
    _limit("supplier", ("note",), "X" * 501, f"{TOO_LONG} 500 characters"),
    _limit("POS device", ("name",), "", EMPTY),
    _limit("POS device", ("name",), " ", "must not be blank"),
    _limit("POS device", ("store_id",), "", "must not be empty"),
    _limit("stock", ("stock_after",), "10000000", "less than or equal to 9999999.999"),
    _limit("stock", ("stock_after",), "-10000000", "greater than or equal to -9999999.999"),
    _limit("stock", ("stock_after",), "plenty", "valid decimal"),
    _limit("stock", ("variant_id",), "", "must not be empty"),
    _limit("stock", ("store_id",), "a,b", "no commas or whitespace"),
]

RULES = [
    # items: variants and option axes
    _cases(
        "item",
        {("variants", 1, "option2_value"): _GONE},
        ("variants", 1, "option2_value"),
        "the item's option2_name is 'Colour': each variant gives option2_value",
    ),
    _cases(
        "item",
        {("variants", 1, "option2_value"): None},
        ("variants", 1, "option2_value"),
        "the item's option2_name is 'Colour': each variant gives option2_value",
        name="variants.1.option2_value=None",
    ),
    _cases(
        "item",
        {("option3_name",): None, ("variants", 0, "option3_value"): "Slim"},
        ("variants", 0, "option3_value"),
        "the item has no option3_name: leave option3_value out, or give the item option3_name",
    ),
    _cases(
        "item",
        {
            ("option1_name",): None,
            ("option2_name",): None,
            ("option3_name",): None,
            ("variants",): [{"sku": "GC-25"}, {"sku": "GC-50"}],
        },
        ("variants", 1),
        "an item without option names has a single variant: name an axis",
    ),
    _cases("item", {("variants",): []}, ("variants",), "an item has at least one variant"),
    _cases(
        "item",
        {("variants",): _GONE},
        ("variants",),
        "an item with option names needs its variants, each with its option values",
        only=ItemCreate,
    ),
    _cases(
        "item",
        {("variants", 0, "variant_id"): SHIRT_S},
        ("variants", 0, "variant_id"),
        "a new item's variants are new: leave variant_id out",
        only=ItemCreate,
    ),
    _cases(
        "item update",
        {("variants", 1, "variant_id"): SHIRT_S},
        ("variants", 1, "variant_id"),
        f"variant_id {SHIRT_S} is already listed above: give each once",
    ),
    # items: composite ones
    _cases(
        "composite item",
        {("is_composite",): False, ("use_production",): _GONE},
        ("components",),
        "components make a composite item: set is_composite=True",
    ),
    _cases(
        "composite item",
        {("is_composite",): None, ("components",): _GONE},
        ("use_production",),
        "use_production is for composite items only",
    ),
    _cases(
        "composite item",
        {("components", 1, "variant_id"): BEANS},
        ("components", 1, "variant_id"),
        f"variant_id {BEANS} is already listed above",
    ),
    # variants: stores and prices, inside an item and on their own
    _cases(
        "item",
        {("variants", 0, "stores", 1, "store_id"): PARIS},
        ("variants", 0, "stores", 1, "store_id"),
        f"store_id {PARIS} is already listed above",
    ),
    _cases(
        "item",
        {("variants", 0, "stores", 0, "pricing_type"): "VARIABLE"},
        ("variants", 0, "stores", 0, "price"),
        "a VARIABLE store has no price (it is entered at the sale)",
    ),
    _cases(
        "item",
        {("variants", 1, "default_pricing_type"): "FIXED"},
        ("variants", 1, "default_price"),
        "a FIXED variant has no price to sell at: give default_price or a price in each FIXED",
    ),
    _cases(
        "item",
        {("variants", 1, "stores"): [{"store_id": PARIS, "pricing_type": "FIXED"}]},
        ("variants", 1, "stores", 0, "price"),
        "a FIXED store has no price to sell at",
    ),
    _cases(
        "variant",
        {("default_price",): None, ("stores",): []},
        ("default_price",),
        "a FIXED variant has no price to sell at",
    ),
    _cases(
        "variant",
        {("stores",): [{"store_id": PARIS}, {"store_id": PARIS}]},
        ("stores", 1, "store_id"),
        f"store_id {PARIS} is already listed above",
    ),
    _cases(
        "variant",
        {("option1_value",): _GONE, ("option2_value",): _GONE},
        ("option1_value",),
        "a new variant is told apart by its option values",
        only=VariantCreate,
    ),
    # modifiers
    _cases(
        "modifier",
        {("modifier_options", 0, "id"): OAT},
        ("modifier_options", 0, "id"),
        "a new modifier's modifier_options are new: leave id out",
        only=ModifierCreate,
    ),
    _cases(
        "modifier update",
        {("modifier_options", 1, "id"): OAT},
        ("modifier_options", 1, "id"),
        f"id {OAT} is already listed above",
    ),
    # discounts: the value fits the type
    _cases(
        "amount off",
        {("discount_amount",): None},
        ("discount_amount",),
        "a FIXED_AMOUNT discount is defined with its discount_amount: give it",
    ),
    _cases(
        "percent off",
        {("discount_percent",): _GONE},
        ("discount_percent",),
        "a FIXED_PERCENT discount is defined with its discount_percent",
        only=DiscountCreate,
    ),
    _cases(
        "percent off",
        {("discount_amount",): 5},
        ("discount_amount",),
        "discount_amount is only for FIXED_AMOUNT discounts, not FIXED_PERCENT: leave it out",
    ),
    _cases(
        "percent off",
        {("type",): "VARIABLE_PERCENT"},
        ("discount_percent",),
        "discount_percent is only for FIXED_PERCENT discounts, not VARIABLE_PERCENT",
    ),
    _cases(
        "amount off",
        {("type",): "DISCOUNT_BY_POINTS"},
        ("discount_amount",),
        "discount_amount is only for FIXED_AMOUNT discounts, not DISCOUNT_BY_POINTS",
    ),
]

_STAMPS = ("created_at", "updated_at", "deleted_at")
_KEY = "the record's key: create without one, or call"
READ_ONLY = [
    *(
        _cases(resource, {(field,): "2024-03-01T12:00:00.000Z"}, (field,), "set by Loyverse")
        for resource in ("item", "variant", "modifier", "amount off", "tax", "supplier")
        for field in _STAMPS
    ),
    *(
        _cases(resource, {("id",): SHIRT}, ("id",), f"{_KEY} {call}(")
        for resource, call in (
            ("item", "items.update"),
            ("category", "categories.update"),
            ("modifier", "modifiers.update"),
            ("amount off", "discounts.update"),
            ("tax", "taxes.update"),
            ("supplier", "suppliers.update"),
            ("POS device", "pos_devices.update"),
        )
    ),
    _cases("item", {("handle",): "linen-shirt"}, ("handle",), "made by Loyverse from item_name"),
    _cases(
        "item",
        {("image_url",): "https://example.com/a.png"},
        ("image_url",),
        "items.upload_image(item_id, data)",
    ),
    _cases("item", {("modifiers_ids",): [GIFT_WRAP]}, ("modifiers_ids",), "use modifier_ids"),
    _cases("item", {("cost",): 3}, ("cost",), "a variant's field, not an item's"),
    _cases("item", {("stores",): []}, ("stores",), "a variant's field, not an item's"),
    _cases(
        "item",
        {("variants", 0, "item_id"): SHIRT},
        ("variants", 0, "item_id"),
        "a variant inside an item belongs to that item",
    ),
    _cases(
        "item",
        {("variants", 0, "updated_at"): "2024-03-01T12:00:00.000Z"},
        ("variants", 0, "updated_at"),
        "set by Loyverse on every change",
    ),
    _cases("item", {("variants", 0, "name"): "S"}, ("variants", 0, "name"), "have no name"),
    _cases(
        "variant",
        {("variant_id",): SHIRT_S},
        ("variant_id",),
        f"{_KEY} variants.update(variant_id, changes)",
    ),
    _cases("variant", {("id",): SHIRT_S}, ("id",), "variants have no id: their key is variant_id"),
    _cases("variant", {("name",): "XL"}, ("name",), "variants have no name"),
    *(
        _cases("category", {(field,): "2024-03-01T12:00:00.000Z"}, (field,), reason)
        for field, reason in (
            ("created_at", "set by Loyverse when the record is made"),
            ("updated_at", "categories have no updated_at"),
            ("deleted_at", "set by Loyverse when the record is deleted"),
        )
    ),
    _cases(
        "modifier",
        {("modifier_options", 1, "created_at"): "2024-03-01T12:00:00.000Z"},
        ("modifier_options", 1, "created_at"),
        "set by Loyverse when the record is made",
    ),
    _cases("POS device", {("activated",): True}, ("activated",), "a physical device signs in"),
    _cases(
        "POS device",
        {("deleted_at",): "2024-03-01T12:00:00.000Z"},
        ("deleted_at",),
        "set by Loyverse when the record is deleted",
    ),
    _cases("stock", {("in_stock",): 3}, ("in_stock",), "stock_after, the new absolute level"),
    _cases(
        "stock",
        {("updated_at",): "2024-03-01T12:00:00.000Z"},
        ("updated_at",),
        "set by Loyverse on every change",
    ),
]
# What an update cannot change, though a create gives it.
NOT_CHANGED_BY_AN_UPDATE = [
    pytest.param(
        VariantUpdate,
        "item_id",
        "whether Loyverse moves a variant to another item is not documented",
        id="VariantUpdate.item_id",
    ),
    pytest.param(
        PosDeviceUpdate,
        "store_id",
        "whether Loyverse moves a POS device to another store is not documented",
        id="PosDeviceUpdate.store_id",
    ),
]


def _flat(groups: list[Any]) -> list[Any]:
    return [case for group in groups for case in group]


@pytest.mark.parametrize(("model", "data", "loc", "message"), _flat(LIMITS))
def test_each_documented_limit_is_refused_naming_the_field(
    model: type[BaseModel], data: dict[str, Any], loc: Loc, message: str
) -> None:
    problem = _refused(model, data)
    assert problem["loc"] == loc
    assert message in problem["msg"]


@pytest.mark.parametrize(("model", "data", "loc", "message"), _flat(RULES))
def test_each_rule_across_fields_is_refused_naming_the_field(
    model: type[BaseModel], data: dict[str, Any], loc: Loc, message: str
) -> None:
    problem = _refused(model, data)
    assert problem["loc"] == loc
    assert message in problem["msg"]


@pytest.mark.parametrize(("model", "data", "loc", "reason"), _flat(READ_ONLY))
def test_fields_loyverse_sets_are_refused_by_name_with_the_reason(
    model: type[BaseModel], data: dict[str, Any], loc: Loc, reason: str
) -> None:
    problem = _refused(model, data)
    assert problem["loc"] == loc
    assert problem["msg"].startswith(f"{loc[-1]} cannot be written: ")
    assert reason in problem["msg"]


@pytest.mark.parametrize(("model", "field", "reason"), NOT_CHANGED_BY_AN_UPDATE)
def test_an_update_refuses_what_only_a_create_gives(
    model: type[BaseModel], field: str, reason: str
) -> None:
    problem = _refused(model, {**EXAMPLES[model], field: SHIRT})
    assert problem["loc"] == (field,)
    assert reason in problem["msg"]


@pytest.mark.parametrize("model", EXAMPLES, ids=lambda model: model.__name__)
def test_an_unknown_field_is_refused_naming_it_and_what_the_model_takes(
    model: type[BaseModel],
) -> None:
    problem = _refused(model, {**EXAMPLES[model], "colour": "RED"})
    assert problem["loc"] == ("colour",)
    assert problem["msg"].startswith(
        f"unknown field: Loyverse would silently ignore it; {model.__name__} takes "
        f"{', '.join(model.model_fields)}"
    )


def test_an_unknown_field_inside_a_list_is_refused_where_it_is() -> None:
    data = _input(
        ItemCreate, SHIRT_BODY, {("variants", 1, "stores"): [{"store_id": PARIS, "qty": 1}]}
    )
    problem = _refused(ItemCreate, data)
    assert problem["loc"] == ("variants", 1, "stores", 0, "qty")
    assert "VariantStoreWrite takes store_id, pricing_type, price" in problem["msg"]


# --- creates and updates --------------------------------------------------------------------------
REQUIRED: dict[type[BaseModel], set[str]] = {
    ItemCreate: {"item_name"},
    ItemVariantWrite: set(),
    VariantStoreWrite: {"store_id"},
    ComponentWrite: {"variant_id", "quantity"},
    VariantCreate: {"item_id"},
    CategoryCreate: {"name"},
    ModifierCreate: {"name", "modifier_options"},
    ModifierOptionWrite: {"name"},
    DiscountCreate: {"type", "name"},
    TaxCreate: {"type", "name", "rate"},
    SupplierCreate: {"name"},
    PosDeviceCreate: {"name", "store_id"},
    InventoryChange: {"variant_id", "store_id", "stock_after"},
    **{model: set() for model in UPDATES},
}


@pytest.mark.parametrize(
    ("model", "field"),
    [(model, field) for model, fields in REQUIRED.items() for field in sorted(fields)],
    ids=lambda value: value if isinstance(value, str) else value.__name__,
)
def test_a_required_field_left_out_is_refused(model: type[BaseModel], field: str) -> None:
    data = {key: value for key, value in EXAMPLES[model].items() if key != field}
    problem = _refused(model, data)
    assert (problem["loc"], problem["msg"]) == ((field,), "Field required")


@pytest.mark.parametrize("model", EXAMPLES, ids=lambda model: model.__name__)
def test_the_schema_requires_what_the_model_requires(model: type[BaseModel]) -> None:
    assert set(json_schema(model.__name__).get("required", [])) == REQUIRED[model]


@pytest.mark.parametrize("model", UPDATES, ids=lambda model: model.__name__)
def test_an_update_that_changes_nothing_is_refused(model: type[BaseModel]) -> None:
    problem = _refused(model, {})
    assert problem["msg"].startswith("nothing to change: give at least one of ")
    assert json_schema(model.__name__)["minProperties"] == 1


# Fields every record has: an update may change them, never clear them.
ITEM_FLAGS = ("track_stock", "sold_by_weight", "use_production")
NEVER_CLEARED: dict[type[BaseModel], tuple[str, ...]] = {
    ItemUpdate: ("item_name", *ITEM_FLAGS, "form", "color", "components", "variants"),
    VariantUpdate: ("cost", "purchase_cost", "default_pricing_type"),
    CategoryUpdate: ("name", "color"),
    ModifierUpdate: ("name", "modifier_options"),
    DiscountUpdate: ("type", "name", "restricted_access"),
    TaxUpdate: ("type", "name", "rate"),
    SupplierUpdate: ("name",),
    PosDeviceUpdate: ("name",),
}
# The same fields, where a new record may leave them out for Loyverse's default.
NEVER_NULL_ON_CREATE: dict[type[BaseModel], tuple[str, ...]] = {
    ItemCreate: NEVER_CLEARED[ItemUpdate][1:],
    ItemVariantWrite: NEVER_CLEARED[VariantUpdate],
    VariantCreate: NEVER_CLEARED[VariantUpdate],
    VariantStoreWrite: ("pricing_type", "available_for_sale"),
    ModifierOptionWrite: ("price",),
    CategoryCreate: ("color",),
    DiscountCreate: ("restricted_access",),
}


@pytest.mark.parametrize(
    ("model", "field"),
    [(model, field) for model, fields in NEVER_CLEARED.items() for field in fields],
    ids=lambda value: value if isinstance(value, str) else value.__name__,
)
def test_an_update_cannot_clear_a_field_every_record_has(
    model: type[BaseModel], field: str
) -> None:
    problem = _refused(model, {field: None})
    assert problem["loc"] == (field,)
    assert problem["msg"].startswith(f"{field} cannot be cleared (None): every ")
    assert problem["msg"].endswith("has one; leave it out to keep the current value")
    assert "null" not in str(json_schema(model.__name__)["properties"][field])


@pytest.mark.parametrize(
    ("model", "field"),
    [(model, field) for model, fields in NEVER_NULL_ON_CREATE.items() for field in fields],
    ids=lambda value: value if isinstance(value, str) else value.__name__,
)
def test_a_new_record_leaves_out_rather_than_nulls_a_field_every_record_has(
    model: type[BaseModel], field: str
) -> None:
    problem = _refused(model, {**EXAMPLES[model], field: None})
    assert problem["loc"] == (field,)
    assert problem["msg"].endswith("has one; leave it out for Loyverse's default")


@pytest.mark.parametrize(
    ("model", "key", "noun"),
    [(ItemVariantWrite, "variant_id", "variant"), (ModifierOptionWrite, "id", "modifier option")],
)
def test_an_entry_keeps_a_record_by_its_key_or_adds_one_without_it(
    model: type[BaseModel], key: str, noun: str
) -> None:
    assert _write(model, {**EXAMPLES[model], key: OAT})[key] == OAT
    problem = _refused(model, {**EXAMPLES[model], key: None})
    assert problem["msg"].endswith(f"give it to keep that {noun}, or leave it out to add a new one")


@pytest.mark.parametrize(
    ("model", "field"),
    [
        (ItemUpdate, "description"),
        (ItemUpdate, "category_id"),
        (ItemUpdate, "option2_name"),
        (ItemUpdate, "is_composite"),
        (VariantUpdate, "default_price"),
        (VariantUpdate, "stores"),
        (ModifierUpdate, "position"),
        (DiscountUpdate, "stores"),
        (TaxUpdate, "stores"),
        (SupplierUpdate, "country_code"),
    ],
    ids=lambda value: value if isinstance(value, str) else value.__name__,
)
def test_none_in_an_update_clears_a_field(model: type[BaseModel], field: str) -> None:
    assert _write(model, {field: None}) == {field: None}


ACCEPTED = [
    pytest.param(
        ItemUpdate,
        {"variants": [{"option3_value": "Slim"}]},
        {"variants": [{"option3_value": "Slim"}]},
        id="an update's variants, the item's axes unseen: checked once merged",
    ),
    pytest.param(
        ItemUpdate,
        {"option1_name": "Taille"},
        {"option1_name": "Taille"},
        id="an axis renamed without restating the variants",
    ),
    pytest.param(
        ItemCreate,
        {"item_name": "Gift card"},
        {"item_name": "Gift card"},
        id="an item left to Loyverse's one variant",
    ),
    pytest.param(
        ItemCreate,
        {"item_name": "Tasting box", "is_composite": True},
        {"item_name": "Tasting box", "is_composite": True},
        id="a composite item without parts yet",
    ),
    pytest.param(
        ItemUpdate,
        {"variants": [{"variant_id": SHIRT_S, "default_pricing_type": "FIXED"}]},
        {"variants": [{"variant_id": SHIRT_S, "default_pricing_type": "FIXED"}]},
        id="a kept variant made FIXED: its current price is unseen",
    ),
    pytest.param(
        VariantUpdate,
        {"default_pricing_type": "FIXED"},
        {"default_pricing_type": "FIXED"},
        id="a variant made FIXED: its current price is unseen",
    ),
    pytest.param(
        DiscountUpdate,
        {"discount_amount": "6.50"},
        {"discount_amount": 6.5},
        id="an amount, the type unseen",
    ),
    pytest.param(
        DiscountCreate,
        {"type": "DISCOUNT_BY_POINTS", "name": "Points"},
        {"type": "DISCOUNT_BY_POINTS", "name": "Points"},
        id="a points discount (whether Loyverse takes one is not documented)",
    ),
    pytest.param(
        SupplierUpdate,
        {"website": ""},
        {"website": ""},
        id="an empty website (no minimum documented)",
    ),
    pytest.param(
        InventoryChange,
        {"variant_id": CUP, "store_id": PARIS, "stock_after": "-9999999.999"},
        {"variant_id": CUP, "store_id": PARIS, "stock_after": -9999999.999},
        id="the lowest level",
    ),
    pytest.param(
        InventoryChange,
        {"variant_id": CUP, "store_id": PARIS, "stock_after": "9999999.999"},
        {"variant_id": CUP, "store_id": PARIS, "stock_after": 9999999.999},
        id="the highest level",
    ),
]


@pytest.mark.parametrize(("model", "data", "body"), ACCEPTED)
def test_what_the_model_cannot_see_or_the_contract_leaves_open_is_sent(
    model: type[BaseModel], data: dict[str, Any], body: dict[str, Any]
) -> None:
    assert _write(model, data) == body


# --- money: sent exactly, or refused --------------------------------------------------------------
MONEY: list[tuple[str, Loc]] = [
    *(
        ("item", ("variants", 0, *path))
        for path in (
            ("cost",),
            ("purchase_cost",),
            ("default_price",),
            ("stores", 0, "price"),
            ("stores", 0, "optimal_stock"),
            ("stores", 0, "low_stock"),
        )
    ),
    ("composite item", ("components", 0, "quantity")),
    ("variant", ("default_price",)),
    ("variant", ("stores", 0, "optimal_stock")),
    ("modifier", ("modifier_options", 0, "price")),
    ("amount off", ("discount_amount",)),
    ("percent off", ("discount_percent",)),
    ("tax", ("rate",)),
    ("stock", ("stock_after",)),
]
ROUNDED = Decimal("12.34567890123456789")


@pytest.mark.parametrize(
    ("model", "data", "loc", "message"),
    _flat(
        [
            _cases(resource, {path: ROUNDED}, path, f"{ROUNDED} has more significant digits")
            for resource, path in MONEY
        ]
    ),
)
def test_an_amount_a_json_number_would_round_is_refused(
    model: type[BaseModel], data: dict[str, Any], loc: Loc, message: str
) -> None:
    problem = _refused(model, data)
    assert problem["loc"] == loc
    assert message in problem["msg"]


@pytest.mark.parametrize(
    ("model", "data", "loc", "amount"),
    _flat(
        [
            _cases(resource, {path: Decimal("12.3456789012345")}, path, "12.3456789012345")
            for resource, path in MONEY
        ]
    ),
)
def test_an_amount_of_15_digits_is_sent_exactly(
    model: type[BaseModel], data: dict[str, Any], loc: Loc, amount: str
) -> None:
    written = json.dumps(_write(model, data))
    assert _dig(json.loads(written, parse_float=Decimal), loc) == Decimal(amount)


def test_a_changed_copy_is_checked_like_a_new_update() -> None:
    with pytest.raises(ValidationError, match="item_name cannot be cleared"):
        SHIRT_UPDATE.model_copy(update={"item_name": None})
    renamed = SHIRT_UPDATE.model_copy(update={"item_name": "Shirt"})
    assert renamed.to_body() == {**SHIRT_UPDATE_BODY, "item_name": "Shirt"}
