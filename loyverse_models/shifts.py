"""Shifts (read-only): what ``GET /shifts`` returns (``Shift`` and its ``ShiftTax``,
``ShiftPayment`` and ``CashMovement``, ``ShiftPage``) and its filters (``ShiftQuery``).

No live shift has ever been captured, so every field but ``id`` and ``opened_at`` is optional:
the document declares the fields, nothing shows which of them are always set.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated

from pydantic import AliasChoices, ConfigDict, Field

from ._enums import Open
from ._page import ResourcePage
from ._query import IdList, WindowedQuery, Wire
from ._raw import RawModel
from ._wire import Money, Timestamp

__all__ = [
    "CashMovement",
    "CashMovementType",
    "Shift",
    "ShiftPage",
    "ShiftPayment",
    "ShiftQuery",
    "ShiftTax",
]


class ShiftTax(RawModel):
    """The total of one tax over a shift: an item of ``Shift.taxes``."""

    tax_id: str | None = None
    money_amount: Money | None = None


class ShiftPayment(RawModel):
    """The total taken with one payment type over a shift: an item of ``Shift.payments``."""

    payment_type_id: str | None = None
    money_amount: Money | None = None


class CashMovementType(str, Enum):
    """The documented values of ``CashMovement.type``."""

    PAY_IN = "PAY_IN"
    PAY_OUT = "PAY_OUT"


class CashMovement(RawModel):
    """Cash put into or taken out of the drawer during a shift: an item of
    ``Shift.cash_movements``.

    ``type`` is an open enum: one client expects ``PAID_IN`` / ``PAID_OUT``, which would be kept as
    strings. ``money_amount`` is never negative; ``type`` gives the direction.
    """

    type: Open[CashMovementType] | None = None
    money_amount: Money | None = None
    comment: str | None = None
    employee_id: str | None = None
    created_at: Timestamp | None = None


class Shift(RawModel):
    """A cash-register shift, as ``GET /shifts`` and ``GET /shifts/{shift_id}`` return it.

    The employee fields are documented without an ``_id`` suffix (``opened_by_employee``); the
    ``opened_by_employee_id`` / ``closed_by_employee_id`` spellings one client uses are read into
    the same fields. Amounts are in major units of the merchant currency.
    """

    # The field names are among the accepted keys anyway; saying so lets type checkers see them.
    model_config = ConfigDict(validate_by_name=True)

    _raw_children = ("taxes", "payments", "cash_movements")

    id: str
    store_id: str | None = None
    pos_device_id: str | None = None
    opened_at: Timestamp
    closed_at: Timestamp | None = Field(default=None, description="None while the shift is open.")
    opened_by_employee: str | None = Field(
        default=None,
        validation_alias=AliasChoices("opened_by_employee", "opened_by_employee_id"),
        description="An employee id.",
    )
    closed_by_employee: str | None = Field(
        default=None,
        validation_alias=AliasChoices("closed_by_employee", "closed_by_employee_id"),
        description="An employee id.",
    )
    starting_cash: Money | None = None
    cash_payments: Money | None = None
    cash_refunds: Money | None = None
    paid_in: Money | None = Field(default=None, description="Cash added to the drawer.")
    paid_out: Money | None = Field(
        default=None, description="Cash removed from the drawer; never negative."
    )
    expected_cash: Money | None = None
    actual_cash: Money | None = Field(default=None, description="Cash counted at the end.")
    gross_sales: Money | None = Field(
        default=None, description="Sales before discounts, included taxes inside."
    )
    refunds: Money | None = None
    discounts: Money | None = Field(default=None, description="Never negative.")
    net_sales: Money | None = Field(default=None, description="gross_sales - discounts - refunds.")
    tip: Money | None = None
    surcharge: Money | None = None
    taxes: list[ShiftTax] | None = None
    payments: list[ShiftPayment] | None = None
    cash_movements: list[CashMovement] | None = None


class ShiftPage(ResourcePage):
    """One page of ``GET /shifts``: the shifts, newest first, and the next page's cursor."""

    _raw_children = ("shifts",)

    shifts: list[Shift]


class ShiftQuery(WindowedQuery):
    """The filters and paging of ``GET /shifts``.

    Shifts have no ``created_at``: ``created_at_min`` / ``created_at_max`` filter on ``opened_at``.
    There are no ``updated_at`` bounds, no ``show_deleted`` and no shift id filter.
    """

    store_ids: Annotated[IdList | None, Wire("store_ids", matches="store_id")] = None
