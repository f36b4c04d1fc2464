"""``BackOffice``: the catalogue's writes, one engine for every writable resource the declarations
name (items, variants, categories, modifiers, discounts, taxes, suppliers, POS devices), plus
item images (``_images``) and ``POST /inventory`` (``_stock``).

``POST /<path>`` upserts by key, as the contract's section 5 says:

- no key (or ``null``) creates: the body read by the model's shape (``_bodies``), then completed
  as ``FakeLoyverse.add`` completes objects (a new id, ``created_at``/``updated_at`` now, every
  default); a key creates nothing: it updates that object, ``404 NOT_FOUND`` if there is none or
  it is deleted (a deleted object cannot be written, not even undeleted);
- an update keeps every field the body leaves out; ``null`` clears a field that may be ``null``;
  ``updated_at`` becomes now;
- an array of objects is replaced as a whole, except one whose objects have a key (a modifier's
  ``modifier_options``): there an entry with the key updates that object, one without adds, and
  the objects left out are dropped;
- a field naming another object the body cannot do without (``LINKS``: a variant's ``item_id``,
  a POS device's ``store_id``) must name a live one (``400 INVALID_VALUE``);
- the answer is the whole object, as ``GET`` would give it.

``DELETE /<path>/{key}`` soft-deletes the object as ``FakeLoyverse.delete`` does and answers
``{"deleted_object_ids": [...]}``: its key, then those of the objects deleted with it (an item's
live variants). Deleting a missing or deleted object is ``404 NOT_FOUND``.

The rules of one resource beyond that are a ``Policy`` in ``POLICIES`` (items and variants in
``_item_rules``, discounts in ``_discount_rules``). Callers hold the fake's lock; a write that is
refused changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pydantic import BaseModel

from .._resources import CUSTOMERS, DISCOUNTS, INVENTORY, ITEMS, RECEIPTS, RESOURCES, VARIANTS
from ._bodies import ROOT, Shape
from ._collection import Collection, Row
from ._discount_rules import DiscountPolicy
from ._errors import ApiError
from ._images import Images, Plain
from ._item_rules import ItemPolicy, VariantPolicy
from ._policy import Office, Policy, Write
from ._stock import set_levels
from ._upsert import parse_body

__all__ = ["LINKS", "POLICIES", "WRITTEN", "BackOffice", "Plain"]

JSON = dict[str, Any]

WRITTEN = frozenset(
    resource.name
    for resource in RESOURCES
    if resource.write_scope is not None and resource not in (CUSTOMERS, RECEIPTS, INVENTORY)
)
"""The resources this engine writes: every one the declarations give a write scope, but those
written their own way (customers, receipts, stock levels)."""
POLICIES: dict[str, Policy] = {
    ITEMS.name: ItemPolicy(),
    VARIANTS.name: VariantPolicy(),
    DISCOUNTS.name: DiscountPolicy(),
}
LINKS = {("variants", "item_id"): "items", ("pos_devices", "store_id"): "stores"}
"""Fields that must name a live object of another resource, by (resource, field)."""
_NO_RULES = Policy()


class BackOffice:
    """The catalogue's writes on the fake's ``collections``."""

    def __init__(
        self,
        collections: Mapping[str, Collection],
        *,
        now: Callable[[], str],
        soft_delete: Callable[[Collection, Row], None],
        batch_limit: Callable[[], int],
    ) -> None:
        self.office = Office(collections, now, soft_delete)
        self.images = Images()
        self._batch_limit = batch_limit

    def route(
        self, method: str, parts: list[str], content_type: str | None, body: bytes
    ) -> object | None:
        """The answer to a request this engine serves, or ``None`` if it serves none such.

        ``parts`` are the path's segments after ``/v1.0/`` (a trailing slash removed).
        """
        if parts == [INVENTORY.name] and method == "POST":
            return set_levels(self.office, parse_body(content_type, body), self._batch_limit())
        if len(parts) == 3 and parts[0] == ITEMS.name and parts[2] == "image":
            if method == "POST":
                return self.images.upload(self.office, parts[1], content_type, body)
            if method == "DELETE":
                return self.images.remove(self.office, parts[1])
        if not parts or parts[0] not in WRITTEN:
            return None
        if len(parts) == 1 and method == "POST":
            return self.upsert(parts[0], parse_body(content_type, body))
        if len(parts) == 2 and method == "DELETE":
            return self.delete(parts[0], parts[1])
        return None

    def upsert(self, name: str, body: Mapping[str, Any]) -> JSON:
        """``POST /<name>``: create or update, then the object as stored."""
        office = self.office
        collection = office.collections[name]
        resource = collection.rules.resource
        (key_name,) = resource.key
        key = body.get(key_name)
        if key is not None and not isinstance(key, str):
            details = f"{key_name} must be a string"
            raise ApiError.one(400, "INCORRECT_VALUE_TYPE", details, f"{ROOT}.{key_name}")
        row = None if key is None else office.found(name, key)
        model: type[BaseModel] = resource.model
        shape = Shape.of(model, key_name)
        write = Write(office, collection, shape, body, row, {}, office.now())
        write.changes = shape.read(body, ROOT, creating=row is None, problems=write.problems)
        self._nest(write)
        self._link(write)
        policy = POLICIES.get(name, _NO_RULES)
        policy.check(write)
        if write.problems:
            raise ApiError(400, *write.problems)
        if row is None:
            given = {**shape.server_defaults, **write.changes}
            (row,) = collection.prepare([given], write.now)
            collection.insert([row])
        else:
            stamp = {"updated_at": write.now} if "updated_at" in collection.rules.stamped else {}
            collection.update(row, {**write.changes, **stamp})
        policy.stored(write, row)
        return row.data

    def _nest(self, write: Write) -> None:
        """Arrays of objects made complete: replaced, or merged by their objects' key; an array
        of another resource's objects (an item's ``variants``) is left to the policy."""
        owned = write.collection.rules.resource.deletes_with_it
        for spec in write.shape.specs:
            entries = write.changes.get(spec.name)
            if spec.nested is None or entries is None or (owned and owned[0] == spec.name):
                continue
            old = [] if write.row is None else write.row.data.get(spec.name) or []
            nested = Shape.of(spec.nested)
            at = f"{ROOT}.{spec.name}"
            write.changes[spec.name] = nested.merge(old, entries, at, write.now, write.problems)

    def _link(self, write: Write) -> None:
        name = write.collection.rules.name
        for (resource, field), target in LINKS.items():
            value = write.changes.get(field)
            if resource == name and value is not None and self.office.live(target, value) is None:
                noun = self.office.collections[target].rules.noun
                write.fail("INVALID_VALUE", f"There is no {noun} {value}", field)

    def delete(self, name: str, key: str) -> JSON:
        """``DELETE /<name>/{key}``: the keys of every object deleted."""
        office = self.office
        collection = office.collections[name]
        row = office.found(name, key)
        policy = POLICIES.get(name, _NO_RULES)
        policy.deleting(office, row)
        deleted = [key]
        owned = collection.rules.resource.deletes_with_it
        if owned is not None:
            parts, field = owned
            deleted += [part.key[0] for part in office.rows(parts, **{field: key})]
        office.soft_delete(collection, row)
        policy.deleted(office, row)
        return {"deleted_object_ids": deleted}
