"""Stock levels written: ``POST /inventory`` (absolute levels), and the levels that follow an
item's writes (new variants of a tracked item, ``track_stock`` turned on or off).

- ``POST /inventory`` takes ``{"inventory_levels": [{variant_id, store_id, stock_after}, ...]}``,
  at most ``limit`` entries (``400 INVALID_VALUE`` on ``object.inventory_levels`` over it), all
  checked before any is set: the variant must be live, of a live item that tracks stock; the
  store live; ``stock_after`` a number from -9999999.999 to 9999999.999 with at most three
  decimals; a (variant, store) pair at most once per request. It answers every level it names,
  in its order, as it now stands. A level set to the value it has is left alone, ``updated_at``
  included: the call is idempotent.
- A variant of a tracked item has a level in every live store, 0 when new; turning
  ``track_stock`` off sets every level of the item's variants to 0.

Callers hold the fake's lock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from ._bodies import MOST_STOCK, ROOT, Limit, Shape, Spec
from ._errors import ApiError, Problem
from ._policy import Office
from ._receipt_math import decimal, jsonable
from ._rules import json_copy

__all__ = ["INVENTORY_BATCH_LIMIT", "ensure_levels", "set_levels", "zero_levels"]

JSON = dict[str, Any]
INVENTORY_BATCH_LIMIT = 250
"""How many levels one ``POST /inventory`` may set (the contract knows no limit; lists page by
250)."""
_LEVELS = "inventory_levels"
_NAME = "inventory"
_CHANGE_LIMITS = Limit(least=-MOST_STOCK, most=MOST_STOCK, places=3)
_CHANGE = Shape(
    "InventoryChange",
    (
        Spec("variant_id", "string", required=True),
        Spec("store_id", "string", required=True),
        Spec("stock_after", "number", required=True, limit=_CHANGE_LIMITS),
    ),
)


def _store_ids(office: Office) -> list[str]:
    return [row.key[0] for row in office.rows("stores")]


def _set(office: Office, variant_id: str, store_id: str, stock: Decimal, now: str) -> JSON:
    """Set one level (made if missing); its ``updated_at`` moves only if its value does."""
    levels = office.collections[_NAME]
    row = levels.find((variant_id, store_id))
    if row is None:
        level = {"variant_id": variant_id, "store_id": store_id, "in_stock": jsonable(stock)}
        (row,) = levels.prepare([level], now)
        levels.insert([row])
    elif decimal(row.data.get("in_stock")) != stock:
        levels.update(row, {"in_stock": jsonable(stock), "updated_at": now})
    return row.data


def ensure_levels(office: Office, variant_ids: Iterable[str], now: str) -> None:
    """Give each variant a level of 0 in every live store where it has none."""
    levels = office.collections[_NAME]
    for variant_id in variant_ids:
        for store_id in _store_ids(office):
            if levels.find((variant_id, store_id)) is None:
                _set(office, variant_id, store_id, Decimal(0), now)


def zero_levels(office: Office, variant_ids: Iterable[str], now: str) -> None:
    """Set every level of these variants to 0."""
    wanted = set(variant_ids)
    levels = office.collections[_NAME]
    for row in list(levels.rows(show_deleted=False)):
        if row.key[0] in wanted:
            _set(office, row.key[0], row.key[1], Decimal(0), now)


def _stocked(office: Office, variant_id: str) -> str | None:
    """Why stock cannot be set for this variant, if it cannot."""
    variant = office.live("variants", variant_id)
    item = None if variant is None else office.live("items", variant.data["item_id"])
    if variant is None or item is None:
        return f"There is no variant {variant_id}"
    if not item.data.get("track_stock"):
        return f"The item of variant {variant_id} does not track stock (track_stock is false)"
    return None


def set_levels(office: Office, body: Mapping[str, Any], limit: int) -> JSON:
    """``POST /inventory``: every level checked, then set; the answer lists them."""
    path = f"{ROOT}.{_LEVELS}"
    entries = body.get(_LEVELS)
    if entries is None:
        raise ApiError.one(400, "MISSING_REQUIRED_PARAMETER", f"{_LEVELS} is required", path)
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise ApiError.one(400, "INCORRECT_VALUE_TYPE", f"{_LEVELS} must be an array", path)
    if len(entries) > limit:
        raise ApiError.one(
            400,
            "INVALID_VALUE",
            f"{_LEVELS} may hold at most {limit} levels per request, got {len(entries)}",
            path,
        )
    problems: list[Problem] = []
    changes, seen = [], set()
    for index, entry in enumerate(entries):
        at = f"{path}[{index}]"
        change = _CHANGE.read(entry, at, creating=True, problems=problems)
        if len(change) < len(_CHANGE.specs):
            continue
        pair = (change["variant_id"], change["store_id"])
        why = _stocked(office, pair[0])
        if why is not None:
            problems.append(Problem("INVALID_VALUE", why, f"{at}.variant_id"))
        if office.live("stores", pair[1]) is None:
            problems.append(
                Problem("INVALID_VALUE", f"There is no store {pair[1]}", f"{at}.store_id")
            )
        if pair in seen:
            problems.append(Problem("INVALID_VALUE", "This level is already set above", at))
        seen.add(pair)
        changes.append((pair, decimal(change["stock_after"])))
    if problems:
        raise ApiError(400, *problems)
    now = office.now()
    return {_LEVELS: [json_copy(_set(office, *pair, stock, now)) for pair, stock in changes]}
