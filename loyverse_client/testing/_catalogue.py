"""``Catalogue``: the live objects a receipt refers to (stores, variants, taxes, ...), by key, and
``Numbering``: the receipt numbers an account gives.

The fake looks objects up in its collections, the sample receipts in the lists they are made from;
both through a ``Catalogue``, so a receipt is made the same way from either. Soft-deleted objects
(``deleted_at`` set) are not found: nothing new may refer to them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from .._resources import RESOURCES

__all__ = ["Catalogue", "Numbering", "price_in"]

JSON = dict[str, Any]

_KEYS = {resource.name: resource.key[0] for resource in RESOURCES}
_NOUNS = {resource.name: resource.noun for resource in RESOURCES}


def _live(obj: JSON | None) -> JSON | None:
    return obj if obj is not None and obj.get("deleted_at") is None else None


def price_in(variant: Mapping[str, Any], store_id: str) -> Decimal | None:
    """The variant's price in the store, else its default price (``None``: neither is set)."""
    for override in variant.get("stores") or ():
        if override.get("store_id") == store_id and override.get("price") is not None:
            return Decimal(str(override["price"]))
    price = variant.get("default_price")
    return None if price is None else Decimal(str(price))


class Catalogue:
    """Finds live objects: ``find(resource, key)`` is the stored object or ``None``, and
    ``listing(resource)`` every stored object of a resource."""

    def __init__(
        self,
        find: Callable[[str, str], JSON | None],
        listing: Callable[[str], Iterable[JSON]],
    ) -> None:
        self._find = find
        self._listing = listing

    @classmethod
    def of(cls, collections: Mapping[str, Iterable[JSON]]) -> Catalogue:
        """A catalogue of lists of objects by resource name (``{"stores": [...], ...}``)."""
        lists = {name: list(objects) for name, objects in collections.items()}
        index = {
            (name, obj[_KEYS.get(name, "id")]): obj
            for name, objects in lists.items()
            for obj in objects
        }
        return cls(lambda name, key: index.get((name, key)), lambda name: lists.get(name, []))

    def get(self, resource: str, key: str) -> JSON | None:
        """The live object of ``resource`` with this key (a variant: and its item live)."""
        found = _live(self._find(resource, key))
        if found is not None and resource == "variants" and self.item_of(found) is None:
            return None
        return found

    def item_of(self, variant: Mapping[str, Any]) -> JSON | None:
        return _live(self._find("items", variant["item_id"]))

    def option(self, option_id: str) -> tuple[JSON, JSON] | None:
        """The live modifier that has this live option, and the option."""
        for modifier in self._listing("modifiers"):
            for option in modifier.get("modifier_options") or ():
                if option.get("id") == option_id and _live(modifier) and _live(option):
                    return modifier, option
        return None

    @staticmethod
    def noun(resource: str) -> str:
        """What one object of ``resource`` is called: ``store``, ``payment type``."""
        return _NOUNS.get(resource, resource)


class Numbering:
    """Receipt numbers: ``<device>-<n>`` from the POS device numbered ``<device>`` (``1-1001``),
    ``<n>`` from the API (``1001``); each sequence goes on after the largest number it has given,
    from 1001."""

    def __init__(self, taken: Iterable[str]) -> None:
        self._last: dict[str, int] = {}
        for number in taken:
            prefix, _, sequence = number.rpartition("-")
            if sequence.isdigit() and sequence.isascii():
                self._last[prefix] = max(self._last.get(prefix, 0), int(sequence))

    def renumber(self, receipts: Iterable[Mapping[str, Any]]) -> list[JSON]:
        """Copies of ``receipts`` (oldest first) with the next numbers of their devices, their
        ``refund_for`` following; numbers that are not ``<device>-<n>`` or ``<n>`` are kept."""
        given: dict[str, str] = {}
        copies = []
        for receipt in receipts:
            number = receipt["receipt_number"]
            prefix, dash, sequence = number.rpartition("-")
            if sequence.isdigit() and sequence.isascii() and (prefix.isdigit() or not dash):
                given[number] = self.next(int(prefix) if dash else None)
            refund_for = receipt.get("refund_for")
            copies.append(
                {
                    **receipt,
                    "receipt_number": given.get(number, number),
                    "refund_for": given.get(refund_for, refund_for) if refund_for else refund_for,
                }
            )
        return copies

    def next(self, device: int | None = None) -> str:
        """The next number of POS device ``device`` (1, 2, ...), or of the API."""
        prefix = "" if device is None else str(device)
        sequence = max(self._last.get(prefix, 1000), 1000) + 1
        self._last[prefix] = sequence
        return f"{prefix}-{sequence}" if prefix else str(sequence)
