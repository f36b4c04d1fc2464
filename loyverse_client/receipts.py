"""``Receipts`` and ``AsyncReceipts``: the generic reader, plus what only receipts have.

Receipts are keyed by ``receipt_number``. ``get_by_date`` finds the receipts of a local business
day by ``receipt_date``, which the API cannot filter on: see its docstring for the rule.
``create`` records a sale and ``refund`` a refund; neither is ever sent twice blindly, since each
call books a new receipt.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from pydantic import ConfigDict, TypeAdapter

from loyverse_models import (
    AwareDatetime,
    Receipt,
    ReceiptCreate,
    ReceiptPage,
    ReceiptQuery,
    ReceiptRefund,
)

from . import _core
from ._arguments import checked
from ._readers import AsyncWindowedReader, Co, ModelR, PageR, WindowedReader, _Get, one_request
from ._resources import RECEIPTS

if TYPE_CHECKING:
    from ._client import AsyncLoyverseClient, LoyverseClient

__all__ = ["AsyncReceipts", "Receipts"]

_DAY: TypeAdapter[datetime] = TypeAdapter(AwareDatetime, config=ConfigDict(defer_build=True))


@dataclass(frozen=True)
class BusinessDay:
    """The receipts of one local calendar day, by ``receipt_date``: how to ask, what to keep.

    The API filters on ``created_at`` (when Loyverse received a receipt), never on
    ``receipt_date`` (when the sale happened). A sale is received at or after it happens, so
    every receipt of the day was received from the day's first moment on: the query asks for
    ``created_at`` from then, with no upper bound (a sale recorded offline may be received days
    later), and the receipts are then kept by ``receipt_date``.
    """

    start: datetime
    end: datetime

    @classmethod
    def of(cls, date: object) -> BusinessDay:
        day = checked(_DAY, "date", date, "receipts.get_by_date")
        return cls(*_core.day_bounds(day))

    def query(self) -> ReceiptQuery:
        return ReceiptQuery(created_at_min=self.start)

    def keep(self, receipts: Iterable[Receipt]) -> list[Receipt]:
        return [r for r in receipts if self.start <= r.receipt_date <= self.end]


def create_call(receipt: object) -> _core.Call:
    """``POST /receipts``: sent again only if it surely never arrived (no idempotency keys)."""
    _core.require(
        receipt, ReceiptCreate, "receipt", "ReceiptCreate(store_id=..., line_items=[...])"
    )
    assert isinstance(receipt, ReceiptCreate)
    named = next(
        (
            f"{field}={value!r}, "
            for field in ("order", "source")
            if (value := getattr(receipt, field))
        ),
        "",
    )
    check = (
        "look for the sale first, e.g. with client.receipts.list(ReceiptQuery("
        f"{named}created_at_min=<shortly before it was sent>))"
    )
    return _core.Call(
        "POST", "receipts", body=receipt.to_body(), replay=_core.Replay.NOT_IF_RECEIVED, check=check
    )


def refund_call(resource_path: str, receipt_number: str, given: object) -> _core.Call:
    """``POST /receipts/{receipt_number}/refund``: never sent twice blindly either."""
    example = "ReceiptRefund(line_items=[RefundLine(...)])"
    refund = _core.require(given, ReceiptRefund, "refund", example)
    check = (
        f"look for a refund of {receipt_number} first: a receipt whose refund_for is "
        f"{receipt_number!r}, received since it was sent"
    )
    return _core.Call(
        "POST",
        f"{resource_path}/refund",
        body=refund.to_body(),
        replay=_core.Replay.NOT_IF_RECEIVED,
        check=check,
    )


class _ReceiptsCommon(_Get[Receipt, ReceiptPage, ReceiptQuery, ModelR, PageR]):
    @one_request
    def get(self, receipt_number: str) -> ModelR:
        """The receipt with this number (``2-1008``, ``1001``); ``NotFoundError`` if none."""
        return self._fetch_object(self._resource.get_call(receipt_number, "receipt_number"))

    @one_request
    def create(self, receipt: ReceiptCreate) -> ModelR:
        """Record a sale and return it as Loyverse stored it (totals computed by Loyverse).

        Loyverse has no idempotency keys: a sale sent twice is booked twice. So this is retried
        only when the request surely never reached Loyverse (a refused connection, a 429). After a
        timeout or a 5xx it is not sent again: the error has ``outcome_unknown=True`` and says how
        to look for the sale (by its ``order`` or ``source``) before creating it again.
        """
        return self._fetch_object(create_call(receipt))

    @one_request
    def refund(self, receipt_number: str, refund: ReceiptRefund) -> ModelR:
        """Refund lines of the sale ``receipt_number``; returns the refund receipt.

        ``refund.line_items`` name the sale's *line* ids (``sale.line_items[i].id``). Only a sale
        paid with a single payment can be refunded, and the refunded items are restocked. Like
        ``create``, never sent twice unless the first surely did not arrive.
        """
        path = self._resource.object_path(receipt_number, "receipt_number", "refund")
        return self._fetch_object(refund_call(path, receipt_number, refund))


class Receipts(
    WindowedReader[Receipt, ReceiptPage, ReceiptQuery], _ReceiptsCommon[Receipt, ReceiptPage]
):
    """``client.receipts``: sales and refunds, read, and new ones written."""

    def __init__(self, client: LoyverseClient) -> None:
        super().__init__(client, RECEIPTS)

    def get_by_date(self, date: datetime) -> ReceiptPage:
        """Every receipt whose ``receipt_date`` is on ``date``'s calendar day, in its timezone.

        Daylight-saving days are 23 or 25 hours long, as the clock says. All pages are followed
        and merged (``cursor`` is ``None``). The API can only be asked by when it *received* a
        receipt, so this walks every receipt received from the day's start until now and keeps
        the day's: for a day long ago that is many pages, and on an account without the sales
        history add-on a day more than 31 days back raises ``SalesHistoryLimitError``.
        """
        day = BusinessDay.of(date)
        return ReceiptPage.from_objects(day.keep(self.iterate(day.query())))


class AsyncReceipts(
    AsyncWindowedReader[Receipt, ReceiptPage, ReceiptQuery],
    _ReceiptsCommon[Co[Receipt], Co[ReceiptPage]],
):
    """``client.receipts`` of ``AsyncLoyverseClient``: ``Receipts``, awaitable."""

    def __init__(self, client: AsyncLoyverseClient) -> None:
        super().__init__(client, RECEIPTS)

    async def get_by_date(self, date: datetime) -> ReceiptPage:
        """Every receipt whose ``receipt_date`` is on ``date``'s day (see ``Receipts``)."""
        day = BusinessDay.of(date)
        return ReceiptPage.from_objects(day.keep([r async for r in self.iterate(day.query())]))
