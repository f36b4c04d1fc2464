"""``Receipts`` and ``AsyncReceipts``: the generic reader, plus what only receipts have.

Receipts are keyed by ``receipt_number``. ``get_by_date`` finds the receipts of a local business
day by ``receipt_date``, which the API cannot filter on: see its docstring for the rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from pydantic import ConfigDict, TypeAdapter

from loyverse_models import AwareDatetime, Receipt, ReceiptPage, ReceiptQuery

from . import _core
from ._arguments import checked
from ._readers import AsyncReader, Co, ModelR, PageR, Reader, _Get, one_request
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


class _ReceiptsCommon(_Get[Receipt, ReceiptPage, ReceiptQuery, ModelR, PageR]):
    @one_request
    def get(self, receipt_number: str) -> ModelR:
        """The receipt with this number (``2-1008``, ``1001``); ``NotFoundError`` if none."""
        return self._fetch_object(self._resource.get_call(receipt_number, "receipt_number"))


class Receipts(Reader[Receipt, ReceiptPage, ReceiptQuery], _ReceiptsCommon[Receipt, ReceiptPage]):
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
    AsyncReader[Receipt, ReceiptPage, ReceiptQuery],
    _ReceiptsCommon[Co[Receipt], Co[ReceiptPage]],
):
    """``client.receipts`` of ``AsyncLoyverseClient``: ``Receipts``, awaitable."""

    def __init__(self, client: AsyncLoyverseClient) -> None:
        super().__init__(client, RECEIPTS)

    async def get_by_date(self, date: datetime) -> ReceiptPage:
        """Every receipt whose ``receipt_date`` is on ``date``'s day (see ``Receipts``)."""
        day = BusinessDay.of(date)
        return ReceiptPage.from_objects(day.keep([r async for r in self.iterate(day.query())]))
