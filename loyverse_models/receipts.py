"""Receipts: every sale and refund, keyed by ``receipt_number`` (receipts have no ``id``).

``GET /receipts`` lists them, newest ``created_at`` first, sales and refunds mixed;
``GET /receipts/{receipt_number}`` reads one. Two times matter and differ: ``created_at`` is when
Loyverse received the receipt, and it is what the list's date filters bound; ``receipt_date`` is
when the sale happened (it is never later than ``created_at``), and it is what reports count by.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated

from pydantic import Field

from ._enums import Open
from ._page import ResourcePage
from ._query import FilterText, IdList, ObjectId, UpdatedRange, WindowedQuery, Wire
from ._raw import RawModel
from ._wire import Money, Timestamp
from .discounts import DiscountType
from .payment_types import PaymentTypeKind
from .taxes import TaxType

__all__ = [
    "LineDiscount",
    "LineItem",
    "LineModifier",
    "LineTax",
    "PaymentDetails",
    "Receipt",
    "ReceiptPage",
    "ReceiptPayment",
    "ReceiptQuery",
    "ReceiptTotalDiscount",
    "ReceiptTotalTax",
    "ReceiptType",
]


class ReceiptType(str, Enum):
    """Whether a receipt is a sale or the refund of one."""

    SALE = "SALE"
    REFUND = "REFUND"


class ReceiptTotalTax(RawModel):
    """One tax over the whole receipt (an entry of ``Receipt.total_taxes``); rate 5.255 = 5.255%."""

    id: str
    type: Open[TaxType]
    name: str | None = None
    rate: Money
    money_amount: Money


class LineTax(ReceiptTotalTax):
    """One tax on one line (an entry of ``LineItem.line_taxes``)."""


class ReceiptTotalDiscount(RawModel):
    """One discount over the whole receipt (an entry of ``Receipt.total_discounts``).

    ``percentage`` is absent for amount-based discounts; ``money_amount`` is never negative.
    """

    id: str
    type: Open[DiscountType]
    name: str | None = None
    percentage: Money | None = None
    money_amount: Money


class LineDiscount(ReceiptTotalDiscount):
    """One discount on one line; ``value`` appears in some documented examples only."""

    value: Money | None = None


class LineModifier(RawModel):
    """A modifier option chosen on a line; ``money_amount`` is ``price`` times the quantity."""

    id: str = Field(description="The modifier's id (the same on every line that has it).")
    modifier_option_id: str
    name: str | None = None
    option: str | None = None
    price: Money
    money_amount: Money


class LineItem(RawModel):
    """One line of a receipt (17 fields); ``id`` is what a refund points at.

    ``price`` is the unit price with INCLUDED taxes inside; ``gross_total_money`` adds the
    modifiers, before discounts and without ADDED taxes; ``total_money`` is after discounts and
    with every tax.
    """

    _raw_children = ("line_taxes", "line_discounts", "line_modifiers")

    id: str
    item_id: str | None = None
    variant_id: str | None = None
    item_name: str | None = Field(default=None, description="The name at the time of sale.")
    variant_name: str | None = None
    sku: str | None = None
    quantity: Money
    price: Money
    gross_total_money: Money
    total_money: Money
    cost: Money
    cost_total: Money
    line_note: str | None = None
    line_taxes: list[LineTax] = Field(default_factory=list)
    total_discount: Money
    line_discounts: list[LineDiscount] = Field(default_factory=list)
    line_modifiers: list[LineModifier] = Field(default_factory=list)


class PaymentDetails(RawModel):
    """What an integrated card payment adds; ``card_number`` is masked (``•••• 4242``)."""

    authorization_code: str | None = None
    reference_id: str | None = None
    entry_method: str | None = None
    card_company: str | None = None
    card_number: str | None = None


class ReceiptPayment(RawModel):
    """A payment of a receipt; ``type`` may be ``CASHROUNDING``, kept as the string it is."""

    _raw_children = ("payment_details",)

    payment_type_id: str
    name: str | None = None
    type: Open[PaymentTypeKind]
    money_amount: Money = Field(description="Tips and surcharge included.")
    paid_at: Timestamp | None = None
    payment_details: PaymentDetails | None = None


class Receipt(RawModel):
    """A sale or a refund, as ``GET /receipts`` and ``GET /receipts/{receipt_number}`` return it.

    Money is in major units of the merchant currency (``client.merchant.get().currency``).
    """

    _raw_children = ("total_discounts", "total_taxes", "line_items", "payments")

    receipt_number: str = Field(description="The key; opaque (2-1008, 1001): never parse it.")
    note: str | None = None
    receipt_type: Open[ReceiptType]
    refund_for: str | None = Field(default=None, description="On a refund: the sale's number.")
    order: str | None = None
    created_at: Timestamp = Field(description="When Loyverse received it; what filters bound.")
    receipt_date: Timestamp = Field(description="When the sale happened; what reports count.")
    updated_at: Timestamp
    cancelled_at: Timestamp | None = None
    source: str
    total_money: Money
    total_tax: Money
    points_earned: Money
    points_deducted: Money
    points_balance: Money
    customer_id: str | None = None
    total_discount: Money
    employee_id: str | None = None
    store_id: str
    pos_device_id: str | None = None
    dining_option: str | None = None
    total_discounts: list[ReceiptTotalDiscount] = Field(default_factory=list)
    total_taxes: list[ReceiptTotalTax] = Field(default_factory=list)
    tip: Money
    surcharge: Money
    line_items: list[LineItem] = Field(default_factory=list)
    payments: list[ReceiptPayment] = Field(default_factory=list)


class ReceiptPage(ResourcePage):
    """One page of ``GET /receipts``: sales and refunds mixed, newest ``created_at`` first."""

    _raw_children = ("receipts",)

    receipts: list[Receipt]


class ReceiptQuery(WindowedQuery, UpdatedRange):
    """The filters of ``GET /receipts``.

    ``created_at_min``/``_max`` bound when Loyverse *received* a receipt, not ``receipt_date``.
    Without the sales-history add-on, a ``created_at_min`` more than 31 days back is refused
    (``SalesHistoryLimitError``). ``store_id`` is one store; ``order`` and ``source`` filter on
    those fields of the receipt (``order`` is not a sort order).
    """

    receipt_numbers: Annotated[IdList | None, Wire("receipt_numbers", matches="receipt_number")] = (
        None
    )
    since_receipt_number: Annotated[
        ObjectId | None, Wire("since_receipt_number", matches="receipt_number", bound="min")
    ] = Field(default=None, description="From that receipt's created_at on.")
    before_receipt_number: Annotated[
        ObjectId | None, Wire("before_receipt_number", matches="receipt_number", bound="max")
    ] = Field(default=None, description="Up to that receipt's created_at.")
    store_id: Annotated[ObjectId | None, Wire("store_id", matches="store_id")] = None
    order: Annotated[FilterText | None, Wire("order", matches="order")] = None
    source: Annotated[FilterText | None, Wire("source", matches="source")] = None
