"""The rules of discounts beyond their body's shape, as the fake reads what the contract leaves
unclear:

- ``FIXED_AMOUNT`` needs ``discount_amount`` and ``FIXED_PERCENT`` needs ``discount_percent``
  (``400 MISSING_REQUIRED_PARAMETER`` on that field); the other amount field, and both for the
  other types, must not be given a value (``400 INVALID_VALUE``) and become ``null`` (so changing
  the type clears the amount that no longer applies).
- The account's built-in ``DISCOUNT_BY_POINTS`` discount is its only one: no discount can be
  created with that type or changed to or from it, and it cannot be deleted (``400
  INVALID_VALUE``).
"""

from __future__ import annotations

from ._collection import Row
from ._errors import ApiError
from ._policy import Office, Policy, Write

__all__ = ["DiscountPolicy"]

_POINTS = "DISCOUNT_BY_POINTS"
_AMOUNTS = ("discount_amount", "discount_percent")
_AMOUNT_OF = {"FIXED_AMOUNT": "discount_amount", "FIXED_PERCENT": "discount_percent"}


class DiscountPolicy(Policy):
    def check(self, write: Write) -> None:
        kind = write.value("type")
        before = None if write.row is None else write.row.data.get("type")
        if "type" in write.changes and (kind == _POINTS) != (before == _POINTS):
            details = f"The account's one {_POINTS} discount is built in: no other can be made"
            write.fail("INVALID_VALUE", details, "type")
        wanted = _AMOUNT_OF.get(kind)
        for name in _AMOUNTS:
            if name == wanted:
                if write.value(name) is None and write.body.get(name) is None:
                    details = f"{name} is required for a {kind} discount"
                    write.fail("MISSING_REQUIRED_PARAMETER", details, name)
            elif write.changes.get(name) is not None:
                write.fail("INVALID_VALUE", f"{name} does not apply to a {kind} discount", name)
            else:
                write.changes[name] = None

    def deleting(self, office: Office, row: Row) -> None:
        if row.data.get("type") == _POINTS:
            raise ApiError.one(
                400, "INVALID_VALUE", f"The account's built-in {_POINTS} discount cannot be deleted"
            )
