"""The arithmetic of a receipt: what the contract states, and every real receipt shows, exactly.

- a line: ``gross_total_money = quantity * price + Σ line_modifiers.money_amount`` (a modifier's
  ``money_amount`` is its price * the quantity), ``cost_total = cost * quantity``, ``total_money =
  gross_total_money - total_discount + Σ ADDED line_taxes``;
- the receipt: ``total_money = Σ lines``, ``total_tax = Σ every line tax``, ``total_discount =
  Σ total_discounts``, and each of ``total_taxes`` / ``total_discounts`` is the sum of its lines.

Every amount is a ``Decimal`` rounded half up to the merchant's decimal places (``Currency``).
Where one amount is shared out (a tax or a discount over lines, a refund's part of a sold line),
the shares are rounded cumulatively: each is the rounded running total minus the previous one, so
the shares add up to the rounded whole exactly and none is negative. That is what the real receipt
page shows: VAT of 46.21 over lines whose own amounts round to 46.20 gives the last line the cent.

The order of the computation, which the fake documents as its reading of the [unclear] points:

1. a line's gross (its price has any INCLUDED tax inside);
2. discounts, in the order the sale lists them, each on what previous ones left of a line: a
   percentage takes that share of each line it applies to, an amount is one sum for the receipt
   (at most what its lines have left) spread over those lines in proportion;
3. taxes on what is left (``net``): with INCLUDED rates ``Σi`` on a line, a tax of rate ``r`` is
   ``net * r / (100 + Σi)``, INCLUDED (inside ``net``) or ADDED (on top), each tax rounded over
   the receipt and shared out over its lines.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

__all__ = [
    "LOYALTY_RATE",
    "PERCENT_TYPES",
    "POINTS",
    "Currency",
    "Discounted",
    "Sold",
    "Tender",
    "assemble",
    "decimal",
    "jsonable",
    "payment_of",
    "points_of",
    "refund_lines",
    "refund_points",
    "sale_lines",
    "sale_points",
    "totals",
    "variant_name",
]

JSON = dict[str, Any]

LOYALTY_RATE = Decimal("0.05")
"""The points a customer earns per unit of money paid: 5%."""
_HUNDRED = Decimal(100)
_ZERO = Decimal(0)
PERCENT_TYPES = frozenset({"FIXED_PERCENT", "VARIABLE_PERCENT"})
"""Discount types whose value is a percentage: their receipt entries carry ``percentage``."""


@dataclass(frozen=True)
class Currency:
    """Rounds amounts to ``places`` decimals, half up, as a till does."""

    places: int

    def round(self, value: Decimal) -> Decimal:
        return value.quantize(Decimal(1).scaleb(-self.places), rounding=ROUND_HALF_UP)

    def spread(self, exacts: Iterable[Decimal]) -> list[Decimal]:
        """Rounded shares of exact amounts, adding up to their rounded sum."""
        shares, running, before = [], _ZERO, _ZERO
        for exact in exacts:
            running += exact
            after = self.round(running)
            shares.append(after - before)
            before = after
        return shares

    def part(self, whole: Decimal, done: Decimal, now: Decimal, out_of: Decimal) -> Decimal:
        """The share of ``whole`` for ``now`` more of ``out_of`` after ``done``: the shares of
        every part add up to ``whole`` once ``done + now`` reaches ``out_of``."""
        if not out_of:
            return _ZERO
        return self.round(whole * (done + now) / out_of) - self.round(whole * done / out_of)


POINTS = Currency(2)
"""Points are kept to two decimals, whatever the currency."""


def decimal(value: Any) -> Decimal:
    """A JSON number (or ``None``, 0) as the ``Decimal`` it reads as."""
    if value is None:
        return _ZERO
    return value if isinstance(value, Decimal) else Decimal(str(value))


def jsonable(value: Any) -> Any:
    """``value`` with every ``Decimal`` written as Loyverse writes numbers (``40``, ``3.5``)."""
    kind = type(value)  # exact types: this runs over every value of every receipt made
    if kind is dict:
        return {key: jsonable(item) for key, item in value.items()}
    if kind is list:
        return [jsonable(item) for item in value]
    if kind is Decimal:
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def variant_name(variant: Mapping[str, Any]) -> str | None:
    """``XL / Red``: a variant's option values, or ``None`` without options."""
    values = [variant.get(f"option{n}_value") for n in (1, 2, 3)]
    return " / ".join(value for value in values if value) or None


@dataclass
class Sold:
    """One line of a sale, its references resolved: what is sold, how many, at what price."""

    item: JSON
    variant: JSON
    quantity: Decimal
    price: Decimal
    cost: Decimal
    note: str | None = None
    taxes: list[JSON] = field(default_factory=list)
    modifiers: list[tuple[JSON, JSON, Decimal]] = field(default_factory=list)
    """``(modifier, option, unit price)`` of each option chosen."""


@dataclass
class Discounted:
    """A discount of a sale: which lines (indexes) it applies to, and its value at this sale:
    ``percentage`` for the percent types, else ``amount`` (one sum for the whole receipt)."""

    discount: JSON
    lines: list[int]
    percentage: Decimal | None = None
    amount: Decimal | None = None


def _discount_entry(discount: Mapping[str, Any], percentage: Any, amount: Decimal) -> JSON:
    entry: JSON = {"id": discount["id"], "type": discount["type"], "name": discount.get("name")}
    if discount["type"] in PERCENT_TYPES:  # absent, not null, on amount-based discounts
        entry["percentage"] = decimal(percentage)
    entry["money_amount"] = amount
    return entry


def _tax_entry(tax: Mapping[str, Any], amount: Decimal) -> JSON:
    return {
        "id": tax["id"],
        "type": tax["type"],
        "name": tax.get("name"),
        "rate": decimal(tax["rate"]),
        "money_amount": amount,
    }


def _line(
    line_id: str, sold: Sold, gross: Decimal, cost_total: Decimal, modifiers: list[JSON]
) -> JSON:
    variant = sold.variant
    return {
        "id": line_id,
        "item_id": sold.item["id"],
        "variant_id": variant["variant_id"],
        "item_name": sold.item.get("item_name"),
        "variant_name": variant_name(variant),
        "sku": variant.get("sku"),
        "quantity": sold.quantity,
        "price": sold.price,
        "gross_total_money": gross,
        "total_money": gross,  # until discounts and taxes are known (_close)
        "cost": sold.cost,
        "cost_total": cost_total,
        "line_note": sold.note,
        "line_taxes": [],
        "total_discount": _ZERO,
        "line_discounts": [],
        "line_modifiers": modifiers,
    }


def _close(line: JSON) -> JSON:
    """Sets a line's ``total_discount`` and ``total_money`` from its entries."""
    line["total_discount"] = sum((d["money_amount"] for d in line["line_discounts"]), _ZERO)
    added = sum((t["money_amount"] for t in line["line_taxes"] if t["type"] == "ADDED"), _ZERO)
    line["total_money"] = line["gross_total_money"] - line["total_discount"] + added
    return line


def sale_lines(
    sold: Sequence[Sold],
    discounts: Sequence[Discounted],
    currency: Currency,
    new_id: Callable[[], str],
) -> list[JSON]:
    """The ``line_items`` of a sale, amounts as ``Decimal`` (see the module for the order)."""
    lines = []
    for entry in sold:
        modifiers = [
            {
                "id": modifier["id"],
                "modifier_option_id": option["id"],
                "name": modifier.get("name"),
                "option": option.get("name"),
                "price": price,
                "money_amount": currency.round(price * entry.quantity),
            }
            for modifier, option, price in entry.modifiers
        ]
        gross = currency.round(entry.quantity * entry.price) + sum(
            (m["money_amount"] for m in modifiers), _ZERO
        )
        cost_total = currency.round(entry.cost * entry.quantity)
        lines.append(_line(new_id(), entry, gross, cost_total, modifiers))
    left = [line["gross_total_money"] for line in lines]
    for discount in discounts:
        bases = [left[index] for index in discount.lines]
        if discount.percentage is not None:
            exacts = [base * discount.percentage / _HUNDRED for base in bases]
        else:
            whole, available = decimal(discount.amount), sum(bases, _ZERO)
            taken = min(whole, available)
            exacts = [taken * base / available if available else _ZERO for base in bases]
        for index, share in zip(discount.lines, currency.spread(exacts), strict=True):
            left[index] -= share
            lines[index]["line_discounts"].append(
                _discount_entry(discount.discount, discount.percentage, share)
            )
    taxed: dict[str, list[tuple[int, Decimal]]] = {}
    taxes: dict[str, JSON] = {}
    for index, entry in enumerate(sold):
        included = sum((decimal(t["rate"]) for t in entry.taxes if t["type"] == "INCLUDED"), _ZERO)
        for tax in entry.taxes:
            taxes[tax["id"]] = tax
            exact = left[index] * decimal(tax["rate"]) / (_HUNDRED + included)
            taxed.setdefault(tax["id"], []).append((index, exact))
    for tax_id, shares in taxed.items():
        amounts = currency.spread(exact for _, exact in shares)
        for (index, _), amount in zip(shares, amounts, strict=True):
            lines[index]["line_taxes"].append(_tax_entry(taxes[tax_id], amount))
    return [_close(line) for line in lines]


def _refunded(sold: Mapping[str, Any], now: Decimal, done: Decimal, currency: Currency) -> JSON:
    quantity = decimal(sold["quantity"])

    def part(entries: Iterable[Mapping[str, Any]]) -> list[JSON]:
        return [
            {
                **entry,
                "money_amount": currency.part(decimal(entry["money_amount"]), done, now, quantity),
            }
            for entry in entries
        ]

    modifiers = part(sold["line_modifiers"])
    gross = currency.round(now * decimal(sold["price"]))
    line = {
        **sold,
        "quantity": now,
        "gross_total_money": gross + sum((m["money_amount"] for m in modifiers), _ZERO),
        "cost_total": currency.round(decimal(sold["cost"]) * now),
        "line_taxes": part(sold["line_taxes"]),
        "line_discounts": part(sold["line_discounts"]),
        "line_modifiers": modifiers,
    }
    return _close(line)


def refund_lines(
    wanted: Iterable[tuple[Mapping[str, Any], Decimal, Decimal]], currency: Currency
) -> list[JSON]:
    """The ``line_items`` of a refund: for each ``(sold line, quantity now, quantity refunded
    before)``, the line's share of every amount of the sold one; over refunds that return the
    whole quantity, the shares add up to the sold amounts. A refunded line keeps the sold line's
    ``id``."""
    return [_refunded(sold, now, done, currency) for sold, now, done in wanted]


def totals(lines: Sequence[Mapping[str, Any]]) -> JSON:
    """A receipt's totals and its ``total_discounts`` / ``total_taxes``, summed from its lines."""
    discounts: dict[str, JSON] = {}
    taxes: dict[str, JSON] = {}
    for line in lines:
        for entries, kept in ((line["line_discounts"], discounts), (line["line_taxes"], taxes)):
            for entry in entries:
                known = kept.setdefault(entry["id"], {**entry, "money_amount": _ZERO})
                known["money_amount"] += decimal(entry["money_amount"])
    return {
        "total_money": sum((decimal(line["total_money"]) for line in lines), _ZERO),
        "total_tax": sum((t["money_amount"] for t in taxes.values()), _ZERO),
        "total_discount": sum((d["money_amount"] for d in discounts.values()), _ZERO),
        "total_discounts": list(discounts.values()),
        "total_taxes": list(taxes.values()),
    }


def sale_points(figures: Mapping[str, Any], balance: Decimal | None) -> JSON:
    """A sale's points, from its ``totals``: its customer (whose points were ``balance``) earns
    ``LOYALTY_RATE`` of the total and spends what a ``DISCOUNT_BY_POINTS`` discount took; no
    customer, no points."""
    if balance is None:
        return {"points_earned": _ZERO, "points_deducted": _ZERO, "points_balance": _ZERO}
    earned = POINTS.round(figures["total_money"] * LOYALTY_RATE)
    spent = sum(
        (
            d["money_amount"]
            for d in figures["total_discounts"]
            if d["type"] == "DISCOUNT_BY_POINTS"
        ),
        _ZERO,
    )
    return {
        "points_earned": earned,
        "points_deducted": spent,
        "points_balance": balance + earned - spent,
    }


def points_of(customer: Mapping[str, Any] | None) -> Decimal | None:
    """A customer's points (``None``: no customer)."""
    return None if customer is None else decimal(customer.get("total_points"))


def refund_points(
    sale: Mapping[str, Any], done: Decimal, now: Decimal, balance: Decimal | None
) -> JSON:
    """A refund's points, for ``now`` more money of the sale refunded after ``done``: the share of
    what the sale earned is deducted, the share of what it spent comes back; the customer's
    balance never goes below zero."""
    if balance is None:
        return sale_points({}, None)
    whole = decimal(sale["total_money"])
    deducted = POINTS.part(decimal(sale["points_earned"]), done, now, whole)
    returned = POINTS.part(decimal(sale["points_deducted"]), done, now, whole)
    return {
        "points_earned": returned,
        "points_deducted": deducted,
        "points_balance": max(_ZERO, balance - deducted + returned),
    }


def payment_of(kind: Mapping[str, Any]) -> JSON:
    """The start of a receipt's payment by a payment type (or by the payment it refunds)."""
    return {
        "payment_type_id": kind.get("payment_type_id", kind.get("id")),
        "name": kind.get("name"),
        "type": kind.get("type"),
    }


Tender = tuple[Mapping[str, Any], str | None, Decimal | None]
"""A payment to make: ``payment_of`` its type, when it was paid, and its amount (``None``: what
the other payments leave of the total)."""


def assemble(
    head: Mapping[str, Any], lines: list[JSON], tenders: Sequence[Tender], points: Mapping[str, Any]
) -> JSON:
    """A receipt as Loyverse writes it: ``head`` (number, type, times, store, people, source...),
    the totals of ``lines``, ``points``, no tip or surcharge, the lines and the payments."""
    figures = totals(lines)
    given = sum((amount for _, _, amount in tenders if amount is not None), _ZERO)
    payments = [
        {
            **payment_of(kind),
            "money_amount": figures["total_money"] - given if amount is None else amount,
            "paid_at": paid_at,
            "payment_details": None,
        }
        for kind, paid_at, amount in tenders
    ]
    receipt = {
        **head,
        **figures,
        **points,
        "tip": _ZERO,
        "surcharge": _ZERO,
        "line_items": lines,
        "payments": payments,
    }
    result: JSON = jsonable(receipt)
    return result
