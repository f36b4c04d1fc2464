"""The sample shop: deterministic, parsed by the SDK's models, and consistent across collections.

The consistency checks read the generated shop itself, every collection of it, whether or not the
SDK declares that resource yet; what the fake serves is checked with the models it declares.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

import loyverse_models
from loyverse_client.testing import FakeLoyverse
from loyverse_client.testing._shop import Shop, sample_shop
from tests.fake.helpers import JSON, AnyResource, each_resource, key_of


@pytest.fixture(scope="module")
def generated() -> Shop:
    return sample_shop(seed=0)


def test_the_same_seed_gives_the_same_shop() -> None:
    first, again = FakeLoyverse(), FakeLoyverse()
    assert first.add_sample_shop(seed=5) == again.add_sample_shop(seed=5)
    assert first.merchant == again.merchant
    assert sample_shop(5) == sample_shop(5)
    assert sample_shop(5).merchant["id"] != sample_shop(6).merchant["id"]


def test_a_seed_is_added_once_and_another_seed_beside_it(shop: FakeLoyverse) -> None:
    before = shop.objects("items", show_deleted=True)
    with pytest.raises(ValueError, match="already present"):
        shop.add_sample_shop()
    assert shop.objects("items", show_deleted=True) == before
    shop.add_sample_shop(seed=1)
    assert len(shop.objects("items", show_deleted=True)) == 2 * len(before)


@each_resource
def test_every_object_served_parses_with_its_sdk_model(
    shop: FakeLoyverse, resource: AnyResource
) -> None:
    objects = shop.objects(resource.name, show_deleted=True)
    assert objects
    for obj in objects:
        assert resource.model.model_validate(obj).raw is obj
    assert len({key_of(resource, obj) for obj in objects}) == len(objects)


def test_items_carry_their_variants_as_the_variants_list_has_them(shop: FakeLoyverse) -> None:
    variants = {obj["variant_id"]: obj for obj in shop.objects("variants", show_deleted=True)}
    for item in shop.objects("items", show_deleted=True):
        assert item["variants"]
        assert item["variants"] == [variants[inline["variant_id"]] for inline in item["variants"]]


def test_the_merchant_has_a_currency_with_decimal_places(shop: FakeLoyverse) -> None:
    merchant = shop.merchant
    assert merchant == sample_shop().merchant
    assert merchant["currency"] == {"code": "USD", "decimal_places": 2}
    model = getattr(loyverse_models, "Merchant", None)  # declared on its own branch
    if model is not None:
        model.model_validate(merchant)


def _by_id(shop: Shop, collection: str) -> dict[str, JSON]:
    key = {"variants": "variant_id", "receipts": "receipt_number"}.get(collection, "id")
    return {obj[key]: obj for obj in shop.collections[collection]}


def _live(shop: Shop, collection: str) -> list[JSON]:
    return [obj for obj in shop.collections[collection] if obj.get("deleted_at") is None]


def _kinds(shop: Shop, collection: str, field: str) -> set[Any]:
    return {obj[field] for obj in _live(shop, collection)}


def _values(obj: Any, path: str) -> Iterator[str]:
    """Every id at ``path`` (dotted, through lists) of ``obj``; ``None`` counts as no reference."""
    head, _, rest = path.partition(".")
    value = obj.get(head)
    for item in value if isinstance(value, list) else [value]:
        if rest:
            yield from _values(item, rest)
        elif item is not None:
            yield item


# (collection, where it refers, collection referred to)
REFERENCES = [
    ("items", "category_id", "categories"),
    ("items", "tax_ids", "taxes"),
    ("items", "modifier_ids", "modifiers"),
    ("items", "primary_supplier_id", "suppliers"),
    ("items", "components.variant_id", "variants"),
    ("items", "variants.variant_id", "variants"),
    ("variants", "item_id", "items"),
    ("variants", "stores.store_id", "stores"),
    ("employees", "stores", "stores"),
    ("payment_types", "stores", "stores"),
    ("taxes", "stores", "stores"),
    ("discounts", "stores", "stores"),
    ("modifiers", "stores", "stores"),
    ("pos_devices", "store_id", "stores"),
    ("inventory", "variant_id", "variants"),
    ("inventory", "store_id", "stores"),
    ("shifts", "store_id", "stores"),
    ("shifts", "pos_device_id", "pos_devices"),
    ("shifts", "opened_by_employee", "employees"),
    ("shifts", "closed_by_employee", "employees"),
    ("shifts", "taxes.tax_id", "taxes"),
    ("shifts", "payments.payment_type_id", "payment_types"),
    ("shifts", "cash_movements.employee_id", "employees"),
    ("receipts", "store_id", "stores"),
    ("receipts", "pos_device_id", "pos_devices"),
    ("receipts", "employee_id", "employees"),
    ("receipts", "customer_id", "customers"),
    ("receipts", "refund_for", "receipts"),
    ("receipts", "line_items.item_id", "items"),
    ("receipts", "line_items.variant_id", "variants"),
    ("receipts", "line_items.line_taxes.id", "taxes"),
    ("receipts", "line_items.line_discounts.id", "discounts"),
    ("receipts", "line_items.line_modifiers.id", "modifiers"),
    ("receipts", "total_taxes.id", "taxes"),
    ("receipts", "total_discounts.id", "discounts"),
    ("receipts", "payments.payment_type_id", "payment_types"),
]


@pytest.mark.parametrize(("source", "path", "target"), REFERENCES)
def test_every_reference_resolves(generated: Shop, source: str, path: str, target: str) -> None:
    known = _by_id(generated, target)
    referred = [value for obj in generated.collections[source] for value in _values(obj, path)]
    assert referred
    assert set(referred) <= set(known)


def test_the_shop_has_what_its_docstring_promises(generated: Shop) -> None:
    assert len(_live(generated, "stores")) == 2
    staff = _live(generated, "employees")
    assert [employee["is_owner"] for employee in staff] == [True, False, False]
    assert {"CASH", "NONINTEGRATEDCARD"} <= _kinds(generated, "payment_types", "type")
    assert sorted(_kinds(generated, "taxes", "type")) == ["ADDED", "INCLUDED"]
    assert len(_live(generated, "taxes")) == 2
    assert "DISCOUNT_BY_POINTS" in _kinds(generated, "discounts", "type")
    assert all(len(modifier["modifier_options"]) >= 2 for modifier in _live(generated, "modifiers"))
    items = _live(generated, "items")
    assert any(item["option2_name"] for item in items)
    assert any(item["is_composite"] and item["components"] for item in items)
    assert any(item["sold_by_weight"] and item["track_stock"] for item in items)
    prices = [
        {store["price"] for store in variant["stores"]} for variant in _live(generated, "variants")
    ]
    assert any(len(per_store) > 1 for per_store in prices)
    deleted = [
        name
        for name, objects in generated.collections.items()
        if len(_live(generated, name)) < len(objects)
    ]
    assert len(deleted) >= 3


def test_stock_is_kept_for_every_tracked_variant_in_every_store(generated: Shop) -> None:
    items = _by_id(generated, "items")
    tracked = [
        variant["variant_id"]
        for variant in _live(generated, "variants")
        if items[variant["item_id"]]["track_stock"]
    ]
    stores = list(_by_id(generated, "stores"))
    levels = {
        (level["variant_id"], level["store_id"]): level
        for level in generated.collections["inventory"]
    }
    assert sorted(levels) == sorted((variant, store) for variant in tracked for store in stores)
    variants = _by_id(generated, "variants")
    weighed = [
        level["in_stock"]
        for (variant, _), level in levels.items()
        if items[variants[variant]["item_id"]]["sold_by_weight"]
    ]
    assert weighed
    assert all(Decimal(str(stock)) % 1 for stock in weighed)


def test_closed_shifts_add_up(generated: Shop) -> None:
    shifts = generated.collections["shifts"]
    assert len(shifts) >= 3
    cash_type = next(p["id"] for p in generated.collections["payment_types"] if p["type"] == "CASH")
    for shift in shifts:
        money = {
            name: Decimal(str(value))
            for name, value in shift.items()
            if isinstance(value, (int, float)) and not isinstance(value, bool)
        }
        assert shift["closed_at"] > shift["opened_at"]
        assert money["expected_cash"] == (
            money["starting_cash"]
            + money["cash_payments"]
            - money["cash_refunds"]
            + money["paid_in"]
            - money["paid_out"]
        )
        assert money["net_sales"] == money["gross_sales"] - money["discounts"] - money["refunds"]
        for kind, total in (("PAY_IN", "paid_in"), ("PAY_OUT", "paid_out")):
            moved = [
                Decimal(str(m["money_amount"]))
                for m in shift["cash_movements"]
                if m["type"] == kind
            ]
            assert sum(moved) == money[total]
        cash = [p["money_amount"] for p in shift["payments"] if p["payment_type_id"] == cash_type]
        assert [Decimal(str(amount)) for amount in cash] == [money["cash_payments"]]
