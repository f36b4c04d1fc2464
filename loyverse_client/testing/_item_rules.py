"""The rules of items and variants beyond their bodies' shape (``POST /items``, ``POST
/variants``, and their ``DELETE``), as the contract gives them and as the fake reads what it
leaves unclear:

- An item update must carry ``variants`` (``400 INVALID_VALUE`` on ``object.variants``). Each
  entry with a ``variant_id`` updates that variant of the item (its omitted fields kept), each
  entry without adds one; the item's variants the list leaves out are deleted. An empty list is
  refused: an item has at least one variant. A create may leave ``variants`` out: the item then
  gets one variant with the defaults (if it has no option axes; with them it must list its
  variants).
- Option axes: ``option2_name`` needs ``option1_name``, ``option3_name`` both. An item that has
  axes keeps them: adding or removing one is ``400 INVALID_VALUE`` on that ``optionN_name``
  (renaming is allowed). An item without axes may get its first ones, restating its variant with
  the new values.
- A variant has a value for each axis of its item and none for the others (``400 INVALID_VALUE``
  on ``optionN_value``); two variants of an item may not have the same values; an item without
  axes has one variant.
- ``POST /variants`` without ``variant_id`` needs ``item_id`` (a live item with ``option1_name``,
  else ``400 INVALID_VALUE`` on ``object.item_id``); a variant cannot move to another item.
  ``DELETE /variants/{id}`` of an item's last variant is ``400 INVALID_VALUE``: delete the item.
- A store entry without ``pricing_type`` takes the variant's ``default_pricing_type``, and a
  ``FIXED`` one without ``price`` the ``default_price``.
- The item holds copies of its live variants, in the order its last ``POST`` listed them (new
  ones after); a variant written or deleted through ``/variants`` moves the item's
  ``updated_at``, since the item as served changed.
- Stock: a variant of an item that tracks stock gets a level of 0 in every live store; turning
  ``track_stock`` on gives the variants theirs, turning it off sets them all to 0.
- A new item's ``handle`` is made from its name (``new-item``, then ``new-item-2``, ...) and kept
  when the name changes. References (``category_id``, ``tax_ids``, ``components``, ...) are not
  checked: the contract says nothing of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from loyverse_models import Variant

from ._bodies import Shape
from ._collection import Row
from ._errors import ApiError
from ._policy import Office, Policy, Write
from ._rules import json_copy
from ._stock import ensure_levels, zero_levels

__all__ = ["ItemPolicy", "VariantPolicy"]

JSON = dict[str, Any]
_AXES = (1, 2, 3)
_ITEMS, _VARIANTS = "items", "variants"


def _axes(item: Mapping[str, Any] | Write) -> list[Any]:
    read = item.value if isinstance(item, Write) else item.get
    return [read(f"option{n}_name") for n in _AXES]


def _values(
    write: Write, axes: list[Any], given: Mapping[str, Any], old: Row | None, path: str
) -> tuple[Any, ...]:
    """A variant's option values after the write, each checked against its item's axes."""
    values = []
    for n, axis in zip(_AXES, axes, strict=True):
        name = f"option{n}_value"
        value = given[name] if name in given else (old.data.get(name) if old else None)
        if axis and value is None:
            write.fail("INVALID_VALUE", f"{name} is required: the item has {axis!r}", path + name)
        elif not axis and value is not None:
            details = f"{name} is not allowed: the item has no option{n}_name"
            write.fail("INVALID_VALUE", details, path + name)
        values.append(value)
    return tuple(values)


def _priced(variant: Mapping[str, Any]) -> list[JSON] | None:
    """The variant's store entries, each without ``pricing_type`` taking the variant's
    ``default_pricing_type`` and each ``FIXED`` one without ``price`` its ``default_price``."""
    stores = variant.get("stores")
    if not isinstance(stores, list):
        return stores
    priced = []
    for store in stores:
        pricing = store.get("pricing_type") or variant.get("default_pricing_type")
        price = store.get("price")
        if price is None and pricing == "FIXED":
            price = variant.get("default_price")
        priced.append({**store, "pricing_type": pricing, "price": price})
    return priced


def _show(office: Office, item: Row, order: Iterable[str], now: str | None) -> None:
    """The item holds copies of its live variants, in ``order``; ``now`` moves its
    ``updated_at``."""
    variants = [office.live(_VARIANTS, variant_id) for variant_id in dict.fromkeys(order)]
    changes: JSON = {"variants": [json_copy(row.data) for row in variants if row is not None]}
    if now is not None:
        changes["updated_at"] = now
    office.collections[_ITEMS].update(item, changes)


def _listed(item: Row) -> list[str]:
    return [variant["variant_id"] for variant in item.data.get("variants") or ()]


def _handle(office: Office, name: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "item"
    taken = {row.data.get("handle") for row in office.collections[_ITEMS].rows(show_deleted=True)}
    handle, number = base, 1
    while handle in taken:
        number += 1
        handle = f"{base}-{number}"
    return handle


def _check_axes(write: Write, axes: list[Any]) -> None:
    for n in (2, 3):
        if axes[n - 1] and not axes[n - 2]:
            details = f"option{n}_name needs option{n - 1}_name"
            write.fail("INVALID_VALUE", details, f"option{n}_name")
    old = [] if write.row is None else _axes(write.row.data)
    if not any(old):
        return  # a new item, or one without options: it may get its first ones
    for n, (before, after) in enumerate(zip(old, axes, strict=True), start=1):
        if bool(before) != bool(after):
            details = "Option axes cannot be added to or removed from an item that has variants"
            write.fail("INVALID_VALUE", details, f"option{n}_name")


def _check_entries(write: Write, axes: list[Any], entries: list[JSON]) -> None:
    """Each variant of an item's body: its own (if it names one) and its option values."""
    item_id = None if write.row is None else write.row.key[0]
    own = (
        {}
        if item_id is None
        else {r.key[0]: r for r in write.office.rows(_VARIANTS, item_id=item_id)}
    )
    seen: dict[tuple[Any, ...], int] = {}
    for index, entry in enumerate(entries):
        path = f"variants[{index}]."
        variant_id = entry.get("variant_id")
        old = None if variant_id is None else own.pop(variant_id, None)
        if variant_id is not None and old is None:
            details = f"{variant_id} is not a variant of this item (or is listed twice)"
            write.fail("INVALID_VALUE", details, path + "variant_id")
            continue
        if "item_id" in entry and entry["item_id"] != item_id:
            write.fail("INVALID_VALUE", "A variant cannot move to another item", path + "item_id")
        values = _values(write, axes, entry, old, path)
        if any(values) and values in seen:
            details = f"The same options as variants[{seen[values]}]"
            write.fail("INVALID_VALUE", details, path + "option1_value")
        seen.setdefault(values, index)


class ItemPolicy(Policy):
    """``POST /items`` with its variants, and the stock that follows."""

    def check(self, write: Write) -> None:
        entries = write.changes.pop("variants", None)
        if not write.creating and "variants" not in write.body:
            details = "An item update must carry its variants: every one to keep, by variant_id"
            write.fail("INVALID_VALUE", details, "variants")
            return
        axes = _axes(write)
        _check_axes(write, axes)
        if entries is None:  # a create without variants: one with the defaults
            entries = [{}]
            if any(axes):
                write.fail("INVALID_VALUE", "An item with options needs its variants", "variants")
                entries = []
        elif not entries:
            write.fail("INVALID_VALUE", "An item has at least one variant", "variants")
        if not any(axes) and len(entries) > 1:
            write.fail("INVALID_VALUE", "An item without options has one variant", "variants")
        _check_entries(write, axes, entries)
        if write.creating:
            write.changes["handle"] = _handle(write.office, write.changes.get("item_name") or "")
        tracked = write.row is not None and bool(write.row.data.get("track_stock"))
        write.notes.update(entries=entries, tracked=tracked)

    def stored(self, write: Write, row: Row) -> None:
        office, now, item_id = write.office, write.now, row.key[0]
        variants = office.collections[_VARIANTS]
        shape = Shape.of(Variant)
        kept = []
        for entry in write.notes["entries"]:
            fields = {**shape.settle(entry, now), "item_id": item_id}
            old = variants.find((entry["variant_id"],)) if "variant_id" in entry else None
            if old is None:
                made = shape.new(fields, now)
                (variant,) = variants.prepare([{**made, "stores": _priced(made)}], now)
                variants.insert([variant])
            else:
                variant, merged = old, {**old.data, **fields, "updated_at": now}
                variants.update(old, {**merged, "stores": _priced(merged)})
            kept.append(variant.key[0])
        for left_out in list(office.rows(_VARIANTS, item_id=item_id)):
            if left_out.key[0] not in kept:
                office.soft_delete(variants, left_out)
        _show(office, row, kept, None)
        if row.data.get("track_stock"):
            ensure_levels(office, kept, now)
        elif write.notes["tracked"]:
            every = variants.rows(show_deleted=True)
            zero_levels(office, [v.key[0] for v in every if v.data["item_id"] == item_id], now)


class VariantPolicy(Policy):
    """``POST /variants`` and ``DELETE /variants/{variant_id}``: the variant's item follows."""

    def check(self, write: Write) -> None:
        row = write.row
        item_id = write.value("item_id") if row is None else row.data["item_id"]
        if row is None and "item_id" not in write.body:
            details = "item_id is required to create a variant"
            write.fail("MISSING_REQUIRED_PARAMETER", details, "item_id")
        if row is not None and write.value("item_id") != item_id:
            write.fail("INVALID_VALUE", "A variant cannot move to another item", "item_id")
        item = write.office.live(_ITEMS, item_id) if isinstance(item_id, str) else None
        if item is None:
            return  # the engine has refused an item_id that names no live item
        axes = _axes(item.data)
        if row is None and not axes[0]:
            details = "The item has no options (option1_name): give it some through POST /items"
            write.fail("INVALID_VALUE", details, "item_id")
            return
        values = _values(write, axes, write.changes, row, "")
        for sibling in write.office.rows(_VARIANTS, item_id=item_id):
            theirs = tuple(sibling.data.get(f"option{n}_value") for n in _AXES)
            if sibling is not row and theirs == values:
                details = "Another variant of the item has the same options"
                write.fail("INVALID_VALUE", details, "option1_value")
        write.notes["item"] = item

    def stored(self, write: Write, row: Row) -> None:
        write.collection.update(row, {"stores": _priced(row.data)})
        item: Row = write.notes["item"]
        _show(write.office, item, [*_listed(item), row.key[0]], write.now)
        if write.creating and item.data.get("track_stock"):
            ensure_levels(write.office, [row.key[0]], write.now)

    def deleting(self, office: Office, row: Row) -> None:
        if len(list(office.rows(_VARIANTS, item_id=row.data["item_id"]))) <= 1:
            raise ApiError.one(
                400,
                "INVALID_VALUE",
                "This is the item's last variant (an item has at least one): delete the item",
            )

    def deleted(self, office: Office, row: Row) -> None:
        item = office.live(_ITEMS, row.data["item_id"])
        if item is not None:
            _show(office, item, _listed(item), office.now())
