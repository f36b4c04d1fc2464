"""Sample receipts: realistic sales and refunds made from a shop's own catalogue.

``sample_receipts`` reads the shop's collections (stores, POS devices, employees, payment types,
taxes, discounts, modifiers, items, variants, customers) and sells what each store sells, at its
prices, with the items' taxes (INCLUDED and ADDED), their modifiers, discounts of every type and
both scopes, through the stores' devices and staff, to customers now and then; and it refunds a
few sales in part or in whole. Every amount comes from ``_receipt_math``, so the contract's
arithmetic holds exactly in each receipt. The same seed gives the same receipts from the same shop.

- Sales happen over a week from 2024-04-01 (after the sample customers were created), in opening
  hours; a customer is only picked once created. Most reach Loyverse within minutes, a few hours or
  days later (offline sales): ``receipt_date`` is never after ``created_at``.
- Most are made on a POS device (numbered ``<device>-<n>``, ``source`` ``point of sale``); some
  through the API by an app (``<n>``, no device, ``dining_option`` null). One is split over two
  payments, one is cancelled (``cancelled_at``, ``updated_at`` then).
- Points run from each customer's stored ``total_points``. Sample receipts are history: they move
  neither stock nor customers.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from loyverse_models import format_timestamp

from ._catalogue import Catalogue, Numbering, price_in
from ._listing import parse_time
from ._receipt_math import (
    Currency,
    Discounted,
    Sold,
    Tender,
    assemble,
    decimal,
    refund_lines,
    refund_points,
    sale_lines,
    sale_points,
    totals,
)

__all__ = ["sample_receipts"]

JSON = dict[str, Any]

_START = datetime(2024, 4, 1, 8, 0, tzinfo=timezone.utc)
_DAYS, _HOURS_OPEN = 7, 10
_POS = "point of sale"
_APPS = ("Harbour web shop", "loyverse-client")
_DINING = ("Dine in", "Takeout", "Delivery")
_NOTES = ("Birthday, candle on the cake", "Deliver to the back door", "Invoice to follow")
_LINE_NOTES = ("Extra hot", "No lid", "Gift, remove the price tag")
_QUANTITIES = ("1", "1", "1", "2", "3")
_WEIGHTS = ("0.35", "0.5", "1.25", "2.1")
_VARIABLE_PRICES = ("1.5", "2", "3.5")
_LINES_PER_SALE = (1, 1, 2, 2, 3, 4)
# What every n-th sale (from the offset) is: (n, offset).
_TURNS = {
    "customer": (3, 0),
    "api": (7, 3),
    "offline": (5, 2),
    "split": (11, 5),
    "order": (4, 1),
    "cancelled": (29, 4),
}
# The discount each sale gets in turn, as (type, scope, values to pick from); None: no discount.
_DISCOUNT_TURNS: tuple[tuple[str, str, tuple[str, ...]] | None, ...] = (
    None,
    ("FIXED_PERCENT", "LINE_ITEM", ()),
    None,
    ("FIXED_AMOUNT", "RECEIPT", ()),
    ("VARIABLE_PERCENT", "RECEIPT", ("5", "12.5", "20")),
    None,
    ("DISCOUNT_BY_POINTS", "RECEIPT", ("1", "2.5")),
    ("VARIABLE_AMOUNT", "LINE_ITEM", ("0.5", "1.25")),
)
_REFUND_SHARE = 8
"""One receipt in this many is a refund."""


def _turn(name: str, index: int) -> bool:
    every, offset = _TURNS[name]
    return index % every == offset


def _live(objects: Sequence[JSON]) -> list[JSON]:
    return [obj for obj in objects if obj.get("deleted_at") is None]


def _serves(obj: Mapping[str, Any], store_id: str) -> bool:
    """Whether a discount, tax, payment type or employee is for this store (no list: all)."""
    return not obj.get("stores") or store_id in obj["stores"]


@dataclass
class _Store:
    """What one store sells and who and what sells it."""

    store: JSON
    devices: list[tuple[int, str]]
    """Its live POS devices: their number (``1`` for the shop's first device) and id."""
    staff: list[JSON]
    payment_types: list[JSON]
    sellable: list[tuple[JSON, JSON]]
    """``(item, variant)`` available for sale here."""


@dataclass
class _Draft:
    """A receipt to make: who, where and when; the lines are chosen in time order."""

    index: int
    store: _Store
    date: datetime
    device: tuple[int, str] | None
    employee: JSON | None
    customer: JSON | None = None
    refunds: _Draft | None = None
    """The sale's draft, on a refund."""
    receipt: JSON = field(default_factory=dict)


class _Maker:
    def __init__(
        self,
        collections: Mapping[str, Sequence[JSON]],
        seed: int | str,
        numbering: Numbering,
        currency: Currency,
    ) -> None:
        self.rng = random.Random(f"loyverse-sample-receipts-{seed}")
        self.catalogue = Catalogue.of(collections)
        self.numbering = numbering
        self.currency = currency
        self.points: dict[str, Decimal] = {}
        self.collections = collections
        devices = list(collections.get("pos_devices", ()))
        self.stores = [
            made
            for store in _live(collections.get("stores", ()))
            if (made := self._store(store, devices)).sellable and made.payment_types
        ]
        self.customers = [
            (parse_time(customer["created_at"]), customer)
            for customer in _live(collections.get("customers", ()))
        ]

    def _store(self, store: JSON, devices: list[JSON]) -> _Store:
        def here(name: str) -> list[JSON]:
            return [
                obj for obj in _live(self.collections.get(name, ())) if _serves(obj, store["id"])
            ]

        sellable = [
            (item, variant)
            for variant in _live(self.collections.get("variants", ()))
            if (item := self.catalogue.item_of(variant)) is not None
            and all(
                entry.get("available_for_sale", True)
                for entry in variant.get("stores") or ()
                if entry.get("store_id") == store["id"]
            )
        ]
        return _Store(
            store=store,
            devices=[
                (number, device["id"])
                for number, device in enumerate(devices, start=1)
                if device.get("deleted_at") is None and device.get("store_id") == store["id"]
            ],
            staff=here("employees"),
            payment_types=here("payment_types"),
            sellable=sellable,
        )

    def moment(self, start: datetime, low: float, high: float) -> datetime:
        """A time from ``low`` to ``high`` seconds after ``start``, to the millisecond."""
        return start + timedelta(milliseconds=self.rng.randrange(int(low * 1000), int(high * 1000)))

    def drafts(self, count: int) -> list[_Draft]:
        refunds = count // _REFUND_SHARE
        sales = []
        for index in range(count - refunds):
            store = self.stores[index % len(self.stores)]
            day = _START + timedelta(days=self.rng.randrange(_DAYS))
            api = _turn("api", index) or not store.devices
            sale = _Draft(
                index=index,
                store=store,
                date=self.moment(day, 0, _HOURS_OPEN * 3600),
                device=None if api else self.rng.choice(store.devices),
                employee=None
                if (api and index % 2) or not store.staff
                else self.rng.choice(store.staff),
            )
            if _turn("customer", index):
                known = [customer for created, customer in self.customers if created <= sale.date]
                sale.customer = self.rng.choice(known) if known else None
            sales.append(sale)
        refundable = [
            sale
            for sale in sales
            if sale.device is not None
            and not _turn("split", sale.index)
            and not _turn("cancelled", sale.index)
        ]
        picked = self.rng.sample(refundable, min(refunds, len(refundable)))
        refunded = [
            _Draft(
                index=number,
                store=sale.store,
                date=self.moment(sale.date, 3600, 2 * 86400),
                device=sale.device,
                employee=self.rng.choice(sale.store.staff) if sale.store.staff else None,
                customer=sale.customer,
                refunds=sale,
            )
            for number, sale in enumerate(sorted(picked, key=lambda draft: draft.index))
        ]
        return sorted(sales + refunded, key=lambda draft: draft.date)

    def head(self, draft: _Draft) -> JSON:
        """The receipt's fields other than its lines, totals, points and payments."""
        api = draft.device is None
        number, device = draft.device or (None, None)
        created = draft.date
        if not api:
            offline = _turn("offline", draft.index) and draft.refunds is None
            created = self.moment(draft.date, *((7200, 40 * 3600) if offline else (2, 180)))
        stamp = format_timestamp(created)
        return {
            "receipt_number": self.numbering.next(number),
            "note": self.rng.choice(_NOTES) if self.rng.random() < 0.1 else None,
            "receipt_type": "SALE",
            "refund_for": None,
            "order": f"#{self.rng.randrange(100, 1000)}" if _turn("order", draft.index) else None,
            "created_at": stamp,
            "receipt_date": format_timestamp(draft.date),
            "updated_at": stamp,
            "cancelled_at": None,
            "source": _APPS[draft.index % len(_APPS)] if api else _POS,
            "customer_id": None if draft.customer is None else draft.customer["id"],
            "employee_id": None if draft.employee is None else draft.employee["id"],
            "store_id": draft.store.store["id"],
            "pos_device_id": device,
            "dining_option": None if api else self.rng.choice(_DINING),
        }

    def line(self, store: _Store, item: JSON, variant: JSON) -> Sold:
        price = price_in(variant, store.store["id"])
        modifiers = []
        for modifier_id in item.get("modifier_ids") or ():
            modifier = self.catalogue.get("modifiers", modifier_id)
            options = _live(modifier.get("modifier_options") or []) if modifier else []
            if modifier and options and self.rng.random() < 0.6:
                option = self.rng.choice(options)
                modifiers.append((modifier, option, decimal(option["price"])))
        return Sold(
            item=item,
            variant=variant,
            quantity=Decimal(
                self.rng.choice(_WEIGHTS if item.get("sold_by_weight") else _QUANTITIES)
            ),
            price=Decimal(self.rng.choice(_VARIABLE_PRICES)) if price is None else price,
            cost=decimal(variant.get("cost")),
            note=self.rng.choice(_LINE_NOTES) if self.rng.random() < 0.1 else None,
            taxes=[
                tax
                for tax_id in item.get("tax_ids") or ()
                if (tax := self.catalogue.get("taxes", tax_id)) is not None
            ],
            modifiers=modifiers,
        )

    def discount(self, draft: _Draft, lines: int) -> Discounted | None:
        turn = _DISCOUNT_TURNS[draft.index % len(_DISCOUNT_TURNS)]
        if turn is None:
            return None
        kind, scope, values = turn
        store_id = draft.store.store["id"]
        found = [
            d
            for d in _live(self.collections.get("discounts", ()))
            if d["type"] == kind and _serves(d, store_id)
        ]
        balance = (
            self.points.get(draft.customer["id"], Decimal(0)) if draft.customer else Decimal(0)
        )
        if not found or (kind == "DISCOUNT_BY_POINTS" and not balance):
            return None
        discount = self.rng.choice(found)
        value = decimal(self.rng.choice(values)) if values else None
        if kind == "DISCOUNT_BY_POINTS":
            value = min(decimal(value), balance)
        applied = Discounted(discount, [0] if scope == "LINE_ITEM" else list(range(lines)))
        if kind.endswith("PERCENT"):
            applied.percentage = (
                decimal(discount.get("discount_percent")) if value is None else value
            )
        else:
            applied.amount = decimal(discount.get("discount_amount")) if value is None else value
        return applied

    def sale(self, draft: _Draft) -> JSON:
        store = draft.store
        chosen = [store.sellable[draft.index % len(store.sellable)]]
        chosen += [
            self.rng.choice(store.sellable) for _ in range(self.rng.choice(_LINES_PER_SALE) - 1)
        ]
        sold = [self.line(store, item, variant) for item, variant in chosen]
        discount = self.discount(draft, len(sold))
        lines = sale_lines(sold, [discount] if discount else [], self.currency, self.new_id)
        figures = totals(lines)
        head = self.head(draft)
        kinds = self.rng.sample(store.payment_types, min(2, len(store.payment_types)))
        tenders: list[Tender] = [(kinds[0], head["receipt_date"], None)]
        if _turn("split", draft.index) and len(kinds) == 2 and figures["total_money"]:
            part = self.currency.round(figures["total_money"] * Decimal("0.4"))
            tenders = [
                (kinds[0], head["receipt_date"], part),
                (kinds[1], head["receipt_date"], None),
            ]
        receipt = assemble(head, lines, tenders, sale_points(figures, self.balance(draft)))
        if _turn("cancelled", draft.index):
            cancelled = format_timestamp(self.moment(parse_time(receipt["created_at"]), 300, 5400))
            receipt["cancelled_at"] = receipt["updated_at"] = cancelled
        return receipt

    def refund(self, draft: _Draft) -> JSON:
        assert draft.refunds is not None
        sale = draft.refunds.receipt
        whole = draft.index % 2 == 1
        wanted = []
        for line in sale["line_items"][: None if whole else 1]:
            quantity = decimal(line["quantity"])
            some = quantity if whole or quantity <= 1 or quantity % 1 else Decimal(1)
            wanted.append((line, some, Decimal(0)))
        lines = refund_lines(wanted, self.currency)
        head = {**self.head(draft), "receipt_type": "REFUND", "refund_for": sale["receipt_number"]}
        head["order"] = sale["order"]
        tenders: list[Tender] = [(sale["payments"][0], head["receipt_date"], None)]
        total = totals(lines)["total_money"]
        return assemble(
            head, lines, tenders, refund_points(sale, Decimal(0), total, self.balance(draft))
        )

    def balance(self, draft: _Draft) -> Decimal | None:
        if draft.customer is None:
            return None
        return self.points.setdefault(
            draft.customer["id"], decimal(draft.customer.get("total_points"))
        )

    def new_id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def make(self, count: int) -> list[JSON]:
        receipts = []
        for draft in self.drafts(count):
            draft.receipt = self.refund(draft) if draft.refunds else self.sale(draft)
            if draft.customer is not None:
                self.points[draft.customer["id"]] = decimal(draft.receipt["points_balance"])
            receipts.append(draft.receipt)
        return receipts


def sample_receipts(
    collections: Mapping[str, Sequence[JSON]],
    count: int,
    seed: int | str,
    *,
    numbering: Numbering,
    currency: Currency,
) -> list[JSON]:
    """``count`` receipts (one in eight a refund) made from ``collections``, in time order.

    ``ValueError`` if no store has something to sell and a payment type to take.
    """
    if count < 0:
        raise ValueError(f"count must be zero or more, got {count}")
    maker = _Maker(collections, seed, numbering, currency)
    if count and not maker.stores:
        raise ValueError(
            "no store has variants for sale and payment types: add a shop first "
            "(add_sample_shop, or your own stores, items, variants and payment types)"
        )
    return maker.make(count)
