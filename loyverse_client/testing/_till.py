"""``Till``: the fake's receipt writes, ``POST /receipts`` (a sale) and ``POST /receipts/{number}/
refund``: the body read (``_receipt_bodies``), the receipt computed (``_receipt_math``), numbered
and stored, and what it changes elsewhere in the account: stock levels and the customer.

- A sale takes its items out of stock in its store, a refund puts them back in the refund's store,
  for variants of items that track stock; a composite item moves its components instead. A level
  that did not exist starts from 0 (stock may go negative, as on the POS).
- A sale with a customer adds a visit, the total spent, the points earned less the points spent
  (``first_visit`` and ``last_visit`` follow ``receipt_date``); a refund takes back the money and
  the points the refunded part earned, and returns the points it spent. The receipt's
  ``points_balance`` is the customer's ``total_points`` afterwards.
- The sale a refund refers to is not changed (receipts are never updated by the API).

Callers hold the fake's lock; a request that fails changes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from loyverse_models import format_timestamp

from ._catalogue import Catalogue, Numbering
from ._collection import Collection
from ._errors import ApiError
from ._listing import parse_time
from ._receipt_bodies import read_refund, read_sale
from ._receipt_math import (
    Currency,
    Tender,
    assemble,
    decimal,
    jsonable,
    points_of,
    refund_lines,
    refund_points,
    sale_lines,
    sale_points,
    totals,
)

__all__ = ["Till", "stock_moves"]

JSON = dict[str, Any]
_ZERO = Decimal(0)


def stock_moves(
    catalogue: Catalogue, lines: Iterable[Mapping[str, Any]]
) -> list[tuple[str, Decimal]]:
    """``(variant_id, quantity)`` that ``lines`` take out of stock (a refund's put back)."""
    moves = []
    for line in lines:
        variant = catalogue.get("variants", line.get("variant_id") or "")
        item = None if variant is None else catalogue.item_of(variant)
        if variant is None or item is None:
            continue  # gone from the catalogue since: nothing to move
        quantity = decimal(line["quantity"])
        parts = [(variant, Decimal(1), item)]
        if item.get("is_composite"):
            parts = [
                (part, decimal(component["quantity"]), part_item)
                for component in item.get("components") or ()
                if (part := catalogue.get("variants", component["variant_id"])) is not None
                and (part_item := catalogue.item_of(part)) is not None
            ]
        moves += [
            (part["variant_id"], quantity * each)
            for part, each, part_item in parts
            if part_item.get("track_stock")
        ]
    return moves


class Till:
    """Makes the receipts of one account, in its ``collections`` (by resource name)."""

    def __init__(
        self,
        collections: Mapping[str, Collection],
        *,
        now: Callable[[], str],
        places: Callable[[], int],
        app_name: str,
    ) -> None:
        self._collections = collections
        self._now = now
        self._places = places
        self.app_name = app_name

    def catalogue(self) -> Catalogue:
        """The account's objects, as receipts look them up."""

        def find(name: str, key: str) -> JSON | None:
            row = self._collections[name].find((key,))
            return None if row is None else row.data

        def listing(name: str) -> list[JSON]:
            return [row.data for row in self._collections[name].rows(show_deleted=True)]

        return Catalogue(find, listing)

    def _number(self) -> str:
        return Numbering(row.key[0] for row in self._receipts.rows(show_deleted=True)).next()

    @property
    def _receipts(self) -> Collection:
        return self._collections["receipts"]

    def _head(
        self,
        stamp: str,
        date: datetime | None,
        source: str | None,
        *,
        customer: Mapping[str, Any] | None,
        employee: Mapping[str, Any] | None,
        **fields: Any,
    ) -> JSON:
        """A new receipt's fields but its lines, totals, points and payments: made now through
        the API (no POS device), by the app unless ``source`` names another."""
        return {
            "receipt_number": self._number(),
            **fields,
            "created_at": stamp,
            "receipt_date": stamp if date is None else format_timestamp(date),
            "updated_at": stamp,
            "source": source or self.app_name,
            "customer_id": None if customer is None else customer["id"],
            "employee_id": None if employee is None else employee["id"],
            "pos_device_id": None,
        }

    def sell(self, body: Mapping[str, Any]) -> JSON:
        """``POST /receipts``: the new sale, as stored."""
        stamp, currency, catalogue = self._now(), Currency(self._places()), self.catalogue()
        order = read_sale(body, catalogue, currency, parse_time(stamp))
        lines = sale_lines(order.sold, order.discounts, currency, lambda: str(uuid.uuid4()))
        figures = totals(lines)
        head = self._head(
            stamp,
            order.receipt_date,
            order.texts.get("source"),
            customer=order.customer,
            employee=order.employee,
            receipt_type="SALE",
            refund_for=None,
            note=order.texts.get("note"),
            order=order.texts.get("order"),
            store_id=order.store["id"],
        )
        tenders: list[Tender] = []
        if order.payment is not None:
            kind, paid_at, amount = order.payment
            if amount is not None and amount != figures["total_money"]:
                raise ApiError.one(
                    400,
                    "INVALID_VALUE",
                    f"the payment must be the receipt's total, {figures['total_money']}",
                    "object.payments[0].money_amount",
                )
            paid = head["receipt_date"] if paid_at is None else format_timestamp(paid_at)
            tenders.append((kind, paid, amount))
        points = sale_points(figures, points_of(order.customer))
        return self._keep(assemble(head, lines, tenders, points), catalogue, -1)

    def refund(self, number: str, body: Mapping[str, Any]) -> JSON:
        """``POST /receipts/{number}/refund``: the new refund, as stored."""
        sale = self._receipts.found((number,)).data
        earlier = [
            row.data
            for row in self._receipts.rows(show_deleted=True)
            if row.data.get("refund_for") == number
        ]
        stamp, currency, catalogue = self._now(), Currency(self._places()), self.catalogue()
        order = read_refund(body, sale, earlier, catalogue, parse_time(stamp))
        lines = refund_lines(order.lines, currency)
        customer = catalogue.get("customers", sale.get("customer_id") or "")
        head = self._head(
            stamp,
            order.receipt_date,
            order.source,
            customer=customer,
            employee=order.employee,
            receipt_type="REFUND",
            refund_for=number,
            order=sale.get("order"),
            store_id=sale["store_id"] if order.store is None else order.store["id"],
        )
        done = sum((decimal(refund["total_money"]) for refund in earlier), _ZERO)
        total = totals(lines)["total_money"]
        points = refund_points(sale, done, total, points_of(customer))
        tenders: list[Tender] = [(sale["payments"][0], head["receipt_date"], None)]
        return self._keep(assemble(head, lines, tenders, points), catalogue, 1)

    def _keep(self, receipt: JSON, catalogue: Catalogue, sign: int) -> JSON:
        """Store a new receipt, move stock and settle its customer (``sign``: -1 sale, 1 refund)."""
        stamp = receipt["created_at"]
        (row,) = self._receipts.prepare([receipt], stamp)
        self._receipts.insert([row])
        for variant_id, quantity in stock_moves(catalogue, receipt["line_items"]):
            self._move_stock(variant_id, receipt["store_id"], sign * quantity, stamp)
        self._settle(receipt, sign, stamp)
        return row.data

    def _move_stock(self, variant_id: str, store_id: str, change: Decimal, stamp: str) -> None:
        levels = self._collections["inventory"]
        row = levels.find((variant_id, store_id))
        if row is None:
            new = {"variant_id": variant_id, "store_id": store_id, "in_stock": jsonable(change)}
            levels.insert(levels.prepare([new], stamp))
            return
        in_stock = decimal(row.data["in_stock"]) + change
        levels.update(row, {"in_stock": jsonable(in_stock), "updated_at": stamp})

    def _settle(self, receipt: Mapping[str, Any], sign: int, stamp: str) -> None:
        customers = self._collections["customers"]
        row = None if receipt["customer_id"] is None else customers.find((receipt["customer_id"],))
        if row is None:
            return
        data = row.data
        spent = max(
            _ZERO, decimal(data.get("total_spent")) - sign * decimal(receipt["total_money"])
        )
        changes: JSON = {
            "total_points": receipt["points_balance"],
            "total_spent": jsonable(spent),
            "updated_at": stamp,
        }
        if sign < 0:
            date = receipt["receipt_date"]
            visits = [date, *(data.get(name) for name in ("first_visit", "last_visit"))]
            ordered = sorted((parse_time(visit), visit) for visit in visits if visit is not None)
            changes["total_visits"] = (data.get("total_visits") or 0) + 1
            changes["first_visit"], changes["last_visit"] = ordered[0][1], ordered[-1][1]
        customers.update(row, changes)
