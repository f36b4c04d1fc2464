"""``sample_shop``: a small Loyverse account whose collections agree with each other.

The same seed always gives the same shop (ids included), whatever the clock says. What it holds is
in the tables of ``_shop_data``; here they become objects shaped as §8 of the contract describes,
with every reference resolved (an item's category, taxes, modifiers and supplier, a variant's item
and stores, a component's variant, a shift's store, device, employees, taxes and payment types).

- Times: the shop was set up from 2024-01-08, one collection after the other; an item's variants
  are created with it, at the same instant (so lists have ties, ordered by key).
- Stock: every variant of a stock-tracked, live item has a level in every store, fractional for
  items sold by weight.
- Shifts are closed, and add up: ``expected_cash = starting_cash + cash_payments - cash_refunds +
  paid_in - paid_out``, ``net_sales = gross_sales - discounts - refunds``, ``paid_in`` and
  ``paid_out`` are the sums of their cash movements.
- Several collections hold soft-deleted objects (``deleted_at`` set): an item with its variant,
  a category, a modifier, a supplier, an employee, a payment type, a discount, a tax, a POS
  device.
- Webhooks: the merchant's own (created with a personal token, so unsigned), to its own https
  URLs: receipts and stock enabled, customers disabled (as Loyverse leaves a failing one).
- Receipts: a week of sales and a few refunds made from all of the above (``_receipt_samples``),
  after the customers were created; they are history, so the stock levels are as they stand.
"""

from __future__ import annotations

import random
import re
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from loyverse_models import format_timestamp

from . import _shop_data as data
from ._catalogue import Numbering
from ._receipt_math import Currency
from ._receipt_samples import sample_receipts
from ._samples import sample_customers

__all__ = ["Shop", "number", "sample_shop"]

JSON = dict[str, Any]

_EPOCH = datetime(2024, 1, 8, 9, 0, tzinfo=timezone.utc)
_DELETED_DAY = 30
_CENT = Decimal("0.01")
_SHOP_CUSTOMERS = 8
_SHOP_RECEIPTS = 32
_DATES = ("created_at", "updated_at", "deleted_at")
_AMOUNT_FIELD = {"FIXED_PERCENT": "discount_percent", "FIXED_AMOUNT": "discount_amount"}
_SUPPLIER_FIELDS = (
    "contact",
    "email",
    "phone_number",
    "website",
    "address_1",
    "country_code",
    "note",
)


@dataclass
class Shop:
    """The sample shop: the merchant, and the objects of each collection by resource name."""

    merchant: JSON
    collections: dict[str, list[JSON]] = field(default_factory=dict)


def number(value: Decimal | str) -> int | float:
    """An amount as Loyverse writes it: an integer when whole (``40``), else a fraction."""
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _cents(value: Decimal) -> Decimal:
    return value.quantize(_CENT)


class _Builder:
    """Ids and times from one seeded generator, and the objects made so far."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(f"loyverse-sample-shop-{seed}")
        self.shop = Shop(merchant={})
        self._ids: dict[tuple[str, str], str] = {}

    def new_id(self, collection: str, name: str) -> str:
        made = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
        self._ids[collection, name] = made
        return made

    def id_of(self, collection: str, name: str | None) -> str | None:
        return None if name is None else self._ids[collection, name]

    def ids_of(self, collection: str, names: Iterable[str]) -> list[str]:
        return [self._ids[collection, name] for name in names]

    def store_ids(self, indexes: Iterable[int]) -> list[str]:
        return self.ids_of("stores", (data.STORES[index][0] for index in indexes))

    def moment(self, day: float, index: int = 0) -> datetime:
        """When the ``index``-th object of a collection set up on ``day`` was made."""
        seconds = self.rng.randrange(3600) + self.rng.randrange(1000) / 1000
        return _EPOCH + timedelta(days=day, hours=index, seconds=seconds)

    def dates(self, created: datetime, deleted: bool, fields: Sequence[str] = _DATES) -> JSON:
        """Those of ``created_at``, ``updated_at`` (later, or the deletion) and ``deleted_at``
        that the collection's objects have."""
        gone = self.moment(_DELETED_DAY)
        updated = gone if deleted else created + timedelta(minutes=self.rng.randrange(1, 600))
        stamps = {
            "created_at": format_timestamp(created),
            "updated_at": format_timestamp(updated),
            "deleted_at": format_timestamp(gone) if deleted else None,
        }
        return {name: stamps[name] for name in fields}

    def table(
        self,
        collection: str,
        day: float,
        rows: Sequence[tuple[Any, ...]],
        shape: Callable[..., JSON],
        dates: Sequence[str] = _DATES,
    ) -> list[JSON]:
        """One object per row (name first, deleted last): an id, ``shape(*row[:-1])``, dates."""
        made = [
            {
                "id": self.new_id(collection, row[0]),
                **shape(*row[:-1]),
                **self.dates(self.moment(day, index), row[-1], dates),
            }
            for index, row in enumerate(rows)
        ]
        self.shop.collections.setdefault(collection, []).extend(made)
        return made


def _account(shop: _Builder) -> None:
    shop.shop.merchant = {
        "id": shop.new_id("merchant", "merchant"),
        **data.BUSINESS,
        "created_at": format_timestamp(_EPOCH - timedelta(days=30)),
    }
    shop.table(
        "stores",
        0,
        data.STORES,
        lambda name, address, city, region, postal_code, phone, description: {
            "name": name,
            "address": address,
            "city": city,
            "region": region,
            "postal_code": postal_code,
            "country_code": "US",
            "phone_number": phone,
            "description": description,
        },
    )
    shop.table(
        "employees",
        1,
        data.EMPLOYEES,
        lambda name, email, phone, owner, stores: {
            "name": name,
            "email": email,
            "phone_number": phone,
            "stores": shop.store_ids(stores),
            "is_owner": owner,
        },
    )
    shop.table(
        "payment_types",
        1,
        data.PAYMENT_TYPES,
        lambda name, kind, stores: {"name": name, "type": kind, "stores": shop.store_ids(stores)},
    )
    shop.table(
        "pos_devices",
        2,
        data.POS_DEVICES,
        lambda name, store, activated: {
            "name": name,
            "store_id": shop.store_ids([store])[0],
            "activated": activated,
        },
        dates=("deleted_at",),
    )


def _settings(shop: _Builder) -> None:
    everywhere = shop.store_ids(range(len(data.STORES)))
    shop.table(
        "taxes",
        2,
        data.TAXES,
        lambda name, kind, rate: {
            "type": kind,
            "name": name,
            "rate": number(rate),
            "stores": everywhere,
        },
    )
    shop.table(
        "discounts",
        2,
        data.DISCOUNTS,
        lambda name, kind, value, restricted: {
            "type": kind,
            "name": name,
            # The amount field that does not fit the type is left out, as the API may do.
            **({} if value is None else {_AMOUNT_FIELD[kind]: number(value)}),
            "stores": everywhere,
            "restricted_access": restricted,
        },
    )
    shop.table(
        "categories",
        3,
        data.CATEGORIES,
        lambda name, color: {"name": name, "color": color},
        dates=("created_at", "deleted_at"),
    )
    modifiers = shop.table(
        "modifiers",
        3,
        data.MODIFIERS,
        lambda name, options: {"name": name, "stores": everywhere},
    )
    for position, (modifier, row) in enumerate(zip(modifiers, data.MODIFIERS, strict=True)):
        modifier["position"] = position + 1
        modifier["modifier_options"] = [
            {
                "id": shop.new_id("modifier_options", f"{row[0]}/{option}"),
                "name": option,
                "price": number(price),
                "position": index + 1,
                **{name: modifier[name] for name in _DATES},
            }
            for index, (option, price) in enumerate(row[1])
        ]
    shop.table(
        "suppliers",
        4,
        data.SUPPLIERS,
        lambda name, *details: {"name": name, **dict(zip(_SUPPLIER_FIELDS, details, strict=True))},
    )


def _items(shop: _Builder) -> None:
    stores = range(len(data.STORES))
    for index, spec in enumerate(data.ITEMS):
        item_id = shop.new_id("items", spec.name)
        dates = shop.dates(shop.moment(5, index), spec.deleted)
        variants = [
            _variant(shop, spec, item_id, position, values, price, stores, dates)
            for position, (values, price) in enumerate(spec.variants, start=1)
        ]
        options = [*spec.options, None, None, None]
        item = {
            "id": item_id,
            "handle": re.sub(r"[^a-z0-9]+", "-", spec.name.lower()),
            "item_name": spec.name,
            "category_id": shop.id_of("categories", spec.category),
            "track_stock": spec.track_stock,
            "sold_by_weight": spec.sold_by_weight,
            "is_composite": bool(spec.components),
            "use_production": False,
            "components": [
                {"variant_id": shop.id_of("variants", sku), "quantity": number(quantity)}
                for sku, quantity in spec.components
            ],
            "primary_supplier_id": shop.id_of("suppliers", spec.supplier),
            "tax_ids": shop.ids_of("taxes", spec.taxes),
            "modifier_ids": shop.ids_of("modifiers", spec.modifiers),
            "form": spec.form,
            "color": spec.color,
            **{f"option{n}_name": options[n - 1] for n in (1, 2, 3)},
            **dates,
            "variants": variants,
        }
        shop.shop.collections.setdefault("items", []).append(item)
        shop.shop.collections.setdefault("variants", []).extend(variants)
        if spec.track_stock and not spec.deleted:
            _stock(shop, spec, variants)


def _variant(
    shop: _Builder,
    spec: data.ItemSpec,
    item_id: str,
    position: int,
    values: tuple[str, ...],
    price: str | None,
    stores: Iterable[int],
    dates: JSON,
) -> JSON:
    sku = f"{spec.code}-{position}"
    pricing = "FIXED" if price is not None else "VARIABLE"
    levels = ("25.5", "4.5") if spec.sold_by_weight else ("40", "8")
    padded = [*values, None, None, None]
    return {
        "variant_id": shop.new_id("variants", sku),
        "item_id": item_id,
        "sku": sku,
        "reference_variant_id": None,
        **{f"option{n}_value": padded[n - 1] for n in (1, 2, 3)},
        "barcode": f"0{shop.rng.randrange(10**11):011d}" if spec.track_stock else None,
        "cost": number(spec.cost),
        "purchase_cost": number(spec.cost) if spec.track_stock else 0,
        "default_pricing_type": pricing,
        "default_price": None if price is None else number(price),
        "stores": [
            {
                "store_id": shop.store_ids([store])[0],
                "pricing_type": pricing,
                # The second store charges 5% more.
                "price": None
                if price is None
                else number(_cents(Decimal(price) * (1 + store * Decimal("0.05")))),
                "available_for_sale": spec.only_in_store in (None, store),
                "optimal_stock": number(levels[0]) if spec.track_stock else None,
                "low_stock": number(levels[1]) if spec.track_stock else None,
            }
            for store in stores
        ],
        **dates,
    }


def _stock(shop: _Builder, spec: data.ItemSpec, variants: list[JSON]) -> None:
    levels = shop.shop.collections.setdefault("inventory", [])
    for variant in variants:
        for store in variant["stores"]:
            if spec.sold_by_weight:  # kilograms, to the gram, never whole
                in_stock = number(
                    Decimal(shop.rng.randrange(1, 40) * 1000 + 125 * shop.rng.randrange(1, 8))
                    / 1000
                )
            else:
                in_stock = shop.rng.randrange(60)
            levels.append(
                {
                    "variant_id": variant["variant_id"],
                    "store_id": store["store_id"],
                    "in_stock": in_stock,
                    "updated_at": format_timestamp(shop.moment(24)),
                }
            )


def _shifts(shop: _Builder) -> None:
    live = [row for row in data.EMPLOYEES if not row[-1]]
    for day in (20, 21):
        for store in range(len(data.STORES)):
            staff = [row[0] for row in live if store in row[4]]
            device = next(row[0] for row in data.POS_DEVICES if row[1] == store and not row[-1])
            shift = _shift(shop, shop.moment(day), staff)
            shift["store_id"] = shop.store_ids([store])[0]
            shift["pos_device_id"] = shop.id_of("pos_devices", device)
            shop.shop.collections.setdefault("shifts", []).append(shift)


def _shift(shop: _Builder, opened: datetime, staff: list[str]) -> JSON:
    """A closed shift of nine hours whose takings add up."""

    def amount(low: int, high: int) -> Decimal:
        return Decimal(shop.rng.randrange(low * 100, high * 100)) / 100

    (added_tax, added_rate), (included_tax, included_rate) = (
        next(
            (name, Decimal(rate))
            for name, kind, rate, gone in data.TAXES
            if kind == wanted and not gone
        )
        for wanted in ("ADDED", "INCLUDED")
    )
    gross, discounts, refunds, tip = amount(400, 900), amount(5, 30), amount(0, 15), amount(0, 25)
    net = gross - discounts - refunds
    added = _cents((gross - discounts) * added_rate / 100)
    taken = gross - discounts + added + tip
    cash_payments = _cents(taken * shop.rng.randrange(30, 60) / 100)
    movements = (
        ("PAY_IN", Decimal(20), "Change for the till", staff[0], 1),
        ("PAY_OUT", amount(5, 20), "Milk delivery", staff[-1], 5),
    )
    paid_in, paid_out = (
        sum((m[1] for m in movements if m[0] == kind), Decimal(0)) for kind in ("PAY_IN", "PAY_OUT")
    )
    starting = Decimal(100)
    expected = starting + cash_payments - refunds + paid_in - paid_out
    money = {
        "starting_cash": starting,
        "cash_payments": cash_payments,
        "cash_refunds": refunds,
        "paid_in": paid_in,
        "paid_out": paid_out,
        "expected_cash": expected,
        "actual_cash": expected - Decimal(shop.rng.choice(("0", "0", "0.5"))),
        "gross_sales": gross,
        "refunds": refunds,
        "discounts": discounts,
        "net_sales": net,
        "tip": tip,
        "surcharge": Decimal(0),
    }
    return {
        "id": shop.new_id("shifts", format_timestamp(opened) + staff[0]),
        "opened_at": format_timestamp(opened),
        "closed_at": format_timestamp(opened + timedelta(hours=9)),
        "opened_by_employee": shop.id_of("employees", staff[0]),
        "closed_by_employee": shop.id_of("employees", staff[-1]),
        **{name: number(value) for name, value in money.items()},
        "taxes": [
            {"tax_id": shop.id_of("taxes", added_tax), "money_amount": number(added)},
            {
                "tax_id": shop.id_of("taxes", included_tax),
                "money_amount": number(_cents(net * included_rate / (100 + included_rate))),
            },
        ],
        "payments": [
            {"payment_type_id": shop.id_of("payment_types", name), "money_amount": number(value)}
            for name, value in (("Cash", cash_payments), ("Card", taken - cash_payments))
        ],
        "cash_movements": [
            {
                "type": kind,
                "money_amount": number(value),
                "comment": comment,
                "employee_id": shop.id_of("employees", employee),
                "created_at": format_timestamp(opened + timedelta(hours=hours)),
            }
            for kind, value, comment, employee, hours in movements
        ],
    }


def _webhooks(shop: _Builder) -> None:
    shop.table(
        "webhooks",
        6,
        data.WEBHOOKS,
        lambda url, kind, status: {
            "merchant_id": shop.shop.merchant["id"],
            "url": url,
            "type": kind,
            "status": status,
        },
    )


def sample_shop(seed: int = 0) -> Shop:
    """The sample shop of ``seed``: the same objects every time."""
    shop = _Builder(seed)
    _account(shop)
    _settings(shop)
    _items(shop)
    _shifts(shop)
    _webhooks(shop)
    shop.shop.collections["customers"] = sample_customers(
        _SHOP_CUSTOMERS, seed=f"loyverse-sample-shop-{seed}"
    )
    shop.shop.collections["receipts"] = sample_receipts(
        shop.shop.collections,
        _SHOP_RECEIPTS,
        f"loyverse-sample-shop-{seed}",
        numbering=Numbering(()),
        currency=Currency(data.DECIMAL_PLACES),
    )
    return shop.shop
