"""The bodies of ``POST /receipts`` (``PostReceipt``) and ``POST /receipts/{receipt_number}/refund``
(``RefundReceipt``): read, checked and resolved against the account, as the contract gives them.

Every problem of a body is reported at once, one ``errors`` entry each, whose ``field`` is a path
rooted at ``object`` as Loyverse writes it (``object.line_items[0].id``):
``MISSING_REQUIRED_PARAMETER`` for a required field that is absent or ``null``,
``INCORRECT_VALUE_TYPE`` for a value of the wrong JSON type, ``INVALID_VALUE`` for anything else
(an id that names no live object, a quantity of zero, a second payment, ...). Fields the bodies do
not have are ignored, as Loyverse ignores them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from loyverse_models import format_timestamp

from ._catalogue import Catalogue, price_in
from ._errors import ApiError, Problem
from ._listing import parse_time
from ._receipt_math import PERCENT_TYPES, Currency, Discounted, Sold, decimal

__all__ = ["RefundOrder", "SaleOrder", "read_refund", "read_sale"]

JSON = dict[str, Any]
Located = tuple[Mapping[str, Any], str]
"""A JSON object of a body and its path (``object.line_items[0]``)."""
Listed = list[tuple[str, str]]
"""The discount ids a line lists, each with the path of its entry."""

_ROOT = "object"
_MONEY_CEILING = Decimal("1e15")
_MOST_QUANTITY = Decimal("9999999.999")
_QUANTITY_PLACES = 3
_SCOPES = ("RECEIPT", "LINE_ITEM")
# Which value of a total_discounts entry each discount type takes at a sale: the variable ones
# have no value of their own; the fixed ones apply the value they were defined with.
_TAKES = {
    "VARIABLE_PERCENT": "percentage",
    "VARIABLE_AMOUNT": "money_amount",
    "DISCOUNT_BY_POINTS": "money_amount",
}
_DEFINED = {"FIXED_PERCENT": "discount_percent", "FIXED_AMOUNT": "discount_amount"}


class _Reader:
    """Reads fields of a body's objects, noting a ``Problem`` for each wrong one."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.problems: list[Problem] = []

    def fail(self, code: str, details: str, path: str) -> None:
        self.problems.append(Problem(code, details, path))

    def check(self) -> None:
        """``400`` with every problem noted so far, if any."""
        if self.problems:
            raise ApiError(400, *self.problems)

    def _present(self, at: Located, key: str, required: bool) -> Any:
        value = at[0].get(key)
        if value is None and required:
            self.fail("MISSING_REQUIRED_PARAMETER", f"{key} is required", f"{at[1]}.{key}")
        return value

    def text(self, at: Located, key: str, *, required: bool = False) -> str | None:
        value = self._present(at, key, required)
        if value is None or isinstance(value, str):
            return value
        self.fail("INCORRECT_VALUE_TYPE", f"{key} must be a string", f"{at[1]}.{key}")
        return None

    def number(
        self,
        at: Located,
        key: str,
        *,
        required: bool = False,
        above_zero: bool = False,
        places: int | None = None,
        most: Decimal = _MONEY_CEILING,
    ) -> Decimal | None:
        """A number from 0 (or above 0) to ``most``, with at most ``places`` decimals."""
        value, path = self._present(at, key, required), f"{at[1]}.{key}"
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail("INCORRECT_VALUE_TYPE", f"{key} must be a number", path)
            return None
        if not math.isfinite(value) or not 0 <= value <= most:
            self.fail("INVALID_VALUE", f"{key} must be a number from 0 to {most}", path)
            return None
        number = decimal(value)
        if above_zero and not number:
            self.fail("INVALID_VALUE", f"{key} must be above zero", path)
        elif places is not None and number != round(number, places):
            self.fail("INVALID_VALUE", f"{key} has more than {places} decimal places", path)
        else:
            return number
        return None

    def time(
        self, at: Located, key: str, *, latest: datetime, earliest: datetime | None = None
    ) -> datetime | None:
        """An ISO 8601 time, not after ``latest`` (now) nor before ``earliest``."""
        text, path = self.text(at, key), f"{at[1]}.{key}"
        if text is None:
            return None
        try:
            moment = parse_time(text)
        except ValueError:
            self.fail("INVALID_VALUE", f"{key} must be a time like 2020-03-30T18:30:00.000Z", path)
            return None
        if moment > latest:
            now = format_timestamp(latest)
            self.fail("INVALID_VALUE", f"{key} must not be in the future (it is {now})", path)
        elif earliest is not None and moment < earliest:
            self.fail("INVALID_VALUE", f"{key} must not be before the sale", path)
        else:
            return moment
        return None

    def objects(self, at: Located, key: str, *, required: bool = False) -> list[Located]:
        """The JSON objects of an array field, each with its path."""
        value, path = self._present(at, key, required), f"{at[1]}.{key}"
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.fail("INCORRECT_VALUE_TYPE", f"{key} must be an array of objects", path)
            return []
        if required and not value:
            self.fail("MISSING_REQUIRED_PARAMETER", f"{key} needs at least one entry", path)
        return [(item, f"{path}[{index}]") for index, item in enumerate(value)]

    def ref(self, resource: str, at: Located, key: str, *, required: bool = False) -> JSON | None:
        """The live object of ``resource`` whose key the field gives."""
        key_value = self.text(at, key, required=required)
        if key_value is None:
            return None
        found = self.catalogue.get(resource, key_value)
        if found is None:
            noun = self.catalogue.noun(resource)
            self.fail("INVALID_VALUE", f"There is no {noun} {key_value}", f"{at[1]}.{key}")
        return found


@dataclass
class SaleOrder:
    """A sale as a checked body asks for it, every reference resolved."""

    store: JSON
    sold: list[Sold]
    discounts: list[Discounted]
    employee: JSON | None = None
    customer: JSON | None = None
    receipt_date: datetime | None = None
    texts: dict[str, str | None] = field(default_factory=dict)
    """``order``, ``note`` and ``source`` as given (``None`` when absent)."""
    payment: tuple[JSON, datetime | None, Decimal | None] | None = None
    """The payment type, ``paid_at`` and ``money_amount`` of the one payment, if any."""


def _read_line(
    reader: _Reader, at: Located, store_id: str | None, currency: Currency
) -> tuple[Sold | None, Listed]:
    """A line (``None`` if it has a problem) and the discount ids it lists."""
    variant = reader.ref("variants", at, "variant_id", required=True)
    quantity = reader.number(
        at, "quantity", required=True, above_zero=True, places=_QUANTITY_PLACES, most=_MOST_QUANTITY
    )
    price = reader.number(at, "price", places=currency.places)
    cost = reader.number(at, "cost", places=currency.places)
    note = reader.text(at, "line_note")
    taxes = [
        reader.ref("taxes", entry, "id", required=True)
        for entry in reader.objects(at, "line_taxes")
    ]
    listed = [
        (discount_id, entry[1])
        for entry in reader.objects(at, "line_discounts")
        if (discount_id := reader.text(entry, "id", required=True)) is not None
    ]
    modifiers = []
    for entry in reader.objects(at, "line_modifiers"):
        option_id = reader.text(entry, "modifier_option_id", required=True)
        found = None if option_id is None else reader.catalogue.option(option_id)
        if option_id is not None and found is None:
            reader.fail(
                "INVALID_VALUE",
                f"There is no modifier option {option_id}",
                f"{entry[1]}.modifier_option_id",
            )
        given = reader.number(entry, "price", places=currency.places)
        if found is not None:
            modifier, option = found
            modifiers.append(
                (modifier, option, decimal(option["price"]) if given is None else given)
            )
    if variant is None or quantity is None or store_id is None:
        return None, listed
    if price is None:
        price = price_in(variant, store_id)
        if price is None:
            reader.fail(
                "MISSING_REQUIRED_PARAMETER",
                f"variant {variant['variant_id']} has no price in this store: give the price",
                f"{at[1]}.price",
            )
            return None, listed
    item = reader.catalogue.item_of(variant)
    assert item is not None  # the catalogue finds a variant only with its item
    sold = Sold(
        item=item,
        variant=variant,
        quantity=quantity,
        price=price,
        cost=decimal(variant.get("cost")) if cost is None else cost,
        note=note,
        taxes=list({tax["id"]: tax for tax in taxes if tax is not None}.values()),
        modifiers=modifiers,
    )
    return sold, listed


def _read_discount(
    reader: _Reader, at: Located, currency: Currency
) -> tuple[Discounted, str, str] | None:
    """A discount of ``total_discounts``, its scope and its path, or ``None``."""
    discount = reader.ref("discounts", at, "id", required=True)
    scope = reader.text(at, "scope", required=True)
    if scope is not None and scope not in _SCOPES:
        reader.fail("INVALID_VALUE", "scope must be RECEIPT or LINE_ITEM", f"{at[1]}.scope")
    values = {
        "percentage": reader.number(at, "percentage", above_zero=True, most=Decimal(100)),
        "money_amount": reader.number(at, "money_amount", above_zero=True, places=currency.places),
    }
    if discount is None or scope not in _SCOPES:
        return None
    kind = discount["type"]
    takes = _TAKES.get(kind)
    for name, value in values.items():
        if value is not None and name != takes:
            reader.fail("INVALID_VALUE", f"a {kind} discount takes no {name}", f"{at[1]}.{name}")
    if takes is not None and values[takes] is None:
        reader.fail(
            "MISSING_REQUIRED_PARAMETER", f"a {kind} discount needs {takes}", f"{at[1]}.{takes}"
        )
        return None
    value = values[takes] if takes else discount.get(_DEFINED.get(kind, ""))
    if value is None:
        reader.fail("INVALID_VALUE", f"discount {discount['id']} has no value", f"{at[1]}.id")
        return None
    if kind in PERCENT_TYPES:
        return Discounted(discount, [], percentage=decimal(value)), scope, at[1]
    return Discounted(discount, [], amount=decimal(value)), scope, at[1]


def _apply_discounts(
    reader: _Reader, discounts: list[tuple[Discounted, str, str]], listed: list[Listed]
) -> list[Discounted]:
    """Which lines each discount applies to: every line (``RECEIPT``), or the lines that list it
    (``LINE_ITEM``); a line may list only discounts of ``total_discounts``."""
    by_id: dict[str, Discounted] = {}
    for applied, scope, path in discounts:
        discount_id = applied.discount["id"]
        if discount_id in by_id:
            reader.fail("INVALID_VALUE", f"discount {discount_id} is listed twice", f"{path}.id")
            continue
        by_id[discount_id] = applied
        if scope == "RECEIPT":
            applied.lines = list(range(len(listed)))
        else:
            applied.lines = [i for i, ids in enumerate(listed) if discount_id in dict(ids)]
            if not applied.lines:
                reader.fail(
                    "INVALID_VALUE",
                    f"LINE_ITEM discount {discount_id} is in no line's line_discounts",
                    f"{path}.scope",
                )
    for ids in listed:
        for discount_id, path in ids:
            if discount_id not in by_id:
                reader.fail(
                    "INVALID_VALUE",
                    f"discount {discount_id} is not in total_discounts: list it there",
                    f"{path}.id",
                )
    return list(by_id.values())


def read_sale(
    body: Mapping[str, Any], catalogue: Catalogue, currency: Currency, now: datetime
) -> SaleOrder:
    """The sale a ``PostReceipt`` body asks for; ``400`` with every problem of the body."""
    reader, top = _Reader(catalogue), (body, _ROOT)
    store = reader.ref("stores", top, "store_id", required=True)
    employee = reader.ref("employees", top, "employee_id")
    customer = reader.ref("customers", top, "customer_id")
    texts = {key: reader.text(top, key) for key in ("order", "note", "source")}
    receipt_date = reader.time(top, "receipt_date", latest=now)
    store_id = None if store is None else store["id"]
    lines = [
        _read_line(reader, at, store_id, currency)
        for at in reader.objects(top, "line_items", required=True)
    ]
    discounts = [
        read
        for at in reader.objects(top, "total_discounts")
        if (read := _read_discount(reader, at, currency)) is not None
    ]
    payments = reader.objects(top, "payments")
    if len(payments) > 1:
        reader.fail("INVALID_VALUE", "a receipt takes at most one payment", f"{_ROOT}.payments")
    payment = None
    for at in payments[:1]:
        kind = reader.ref("payment_types", at, "payment_type_id", required=True)
        paid_at = reader.time(at, "paid_at", latest=now)
        amount = reader.number(at, "money_amount", places=currency.places)
        payment = None if kind is None else (kind, paid_at, amount)
    applied = _apply_discounts(reader, discounts, [line[1] for line in lines])
    _check_points(reader, discounts, customer)
    reader.check()
    sold = [line[0] for line in lines if line[0] is not None]
    assert store is not None  # else a problem was noted, and so for every line
    assert len(sold) == len(lines)
    return SaleOrder(store, sold, applied, employee, customer, receipt_date, texts, payment)


def _check_points(
    reader: _Reader,
    discounts: list[tuple[Discounted, str, str]],
    customer: Mapping[str, Any] | None,
) -> None:
    """Points pay only for a customer who has them."""
    for discount, _, path in discounts:
        if discount.discount["type"] != "DISCOUNT_BY_POINTS":
            continue
        if customer is None:
            reader.fail(
                "INVALID_VALUE", "a discount by points needs a customer_id", f"{path}.money_amount"
            )
        elif decimal(discount.amount) > decimal(customer.get("total_points")):
            reader.fail(
                "INVALID_VALUE",
                "the customer has fewer points than that",
                f"{path}.money_amount",
            )


@dataclass
class RefundOrder:
    """A refund as a checked body asks for it: ``(sold line, quantity now, refunded before)``."""

    lines: list[tuple[JSON, Decimal, Decimal]]
    store: JSON | None = None
    employee: JSON | None = None
    receipt_date: datetime | None = None
    source: str | None = None


def _refundable(sale: Mapping[str, Any]) -> None:
    number = sale["receipt_number"]
    payments = sale.get("payments") or []
    reason = None
    if sale.get("receipt_type") != "SALE":
        reason = f"receipt {number} is not a sale: only sales can be refunded"
    elif sale.get("cancelled_at") is not None:
        reason = f"receipt {number} was cancelled"
    elif len(payments) != 1:
        reason = (
            f"only a sale paid with a single payment can be refunded; receipt {number} has "
            f"{len(payments)} payments"
        )
    elif payments[0].get("payment_details") is not None:
        reason = f"receipt {number} was paid through an integrated payment, refund it on the POS"
    if reason is not None:
        raise ApiError.one(400, "INVALID_VALUE", reason[0].upper() + reason[1:])


def read_refund(
    body: Mapping[str, Any],
    sale: Mapping[str, Any],
    refunds: Iterable[Mapping[str, Any]],
    catalogue: Catalogue,
    now: datetime,
) -> RefundOrder:
    """The refund a ``RefundReceipt`` body asks of ``sale``, given its earlier ``refunds``."""
    _refundable(sale)
    done: dict[str, Decimal] = {}
    for refund in refunds:
        for line in refund["line_items"]:
            done[line["id"]] = done.get(line["id"], Decimal(0)) + decimal(line["quantity"])
    sold = {line["id"]: line for line in sale["line_items"]}
    reader, top = _Reader(catalogue), (body, _ROOT)
    wanted: dict[str, tuple[JSON, Decimal, Decimal]] = {}
    for at in reader.objects(top, "line_items", required=True):
        line_id = reader.text(at, "id", required=True)
        quantity = reader.number(
            at, "quantity", required=True, above_zero=True, places=_QUANTITY_PLACES
        )
        line = None if line_id is None else sold.get(line_id)
        if line_id is not None and line is None:
            reader.fail(
                "INVALID_VALUE",
                f"receipt {sale['receipt_number']} has no line {line_id}",
                f"{at[1]}.id",
            )
        elif line_id in wanted:
            reader.fail("INVALID_VALUE", f"line {line_id} is refunded twice", f"{at[1]}.id")
        elif line is not None and quantity is not None:
            before = done.get(line["id"], Decimal(0))
            left = decimal(line["quantity"]) - before
            if quantity > left:
                reader.fail(
                    "INVALID_VALUE",
                    f"only {left} of line {line['id']} is left to refund",
                    f"{at[1]}.quantity",
                )
            wanted[line["id"]] = (line, quantity, before)
    order = RefundOrder(
        lines=list(wanted.values()),
        store=reader.ref("stores", top, "store_id"),
        employee=reader.ref("employees", top, "employee_id"),
        receipt_date=reader.time(
            top, "receipt_date", latest=now, earliest=parse_time(sale["receipt_date"])
        ),
        source=reader.text(top, "source"),
    )
    reader.check()
    return order
