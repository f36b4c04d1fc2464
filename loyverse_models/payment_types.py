"""Payment types (read-only): what ``GET /payment_types`` returns (``PaymentType``,
``PaymentTypePage``) and its filters (``PaymentTypeQuery``).
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated

from pydantic import Field

from ._enums import Open
from ._page import ResourcePage
from ._query import CreatedRange, IdList, ShowDeleted, UpdatedRange, Wire
from ._raw import RawModel
from ._wire import Timestamp

__all__ = ["PaymentType", "PaymentTypeKind", "PaymentTypePage", "PaymentTypeQuery"]


class PaymentTypeKind(str, Enum):
    """The documented values of ``PaymentType.type``; Loyverse adds providers over time."""

    CASH = "CASH"
    NONINTEGRATEDCARD = "NONINTEGRATEDCARD"
    CHECK = "CHECK"
    WORLDPAY = "WORLDPAY"
    COINEY = "COINEY"
    IZETTLE = "IZETTLE"
    SUMUP = "SUMUP"
    TYRO = "TYRO"
    CHECURITY = "CHECURITY"
    SMARTPAY = "SMARTPAY"
    YOCO = "YOCO"
    NICEPAY = "NICEPAY"
    PAYGATE = "PAYGATE"
    EZETAP = "EZETAP"
    FIRSTDATA = "FIRSTDATA"
    SOFTBANK = "SOFTBANK"
    ONEPAY = "ONEPAY"
    KICC = "KICC"
    MERCADOPAGO = "MERCADOPAGO"
    OTHER = "OTHER"


class PaymentType(RawModel):
    """A payment type, as ``GET /payment_types`` and ``GET /payment_types/{id}`` return it.

    ``type`` is an open enum: a value outside ``PaymentTypeKind`` is kept as its string. Receipt
    payments can say ``CASHROUNDING``, which the documented enum lacks.
    """

    id: str
    name: str
    type: Open[PaymentTypeKind]
    stores: list[str] | None = Field(
        default=None, description="The ids of the stores where it is available."
    )
    created_at: Timestamp
    updated_at: Timestamp
    deleted_at: Timestamp | None = None


class PaymentTypePage(ResourcePage):
    """The answer of ``GET /payment_types``: every payment type at once.

    The list is not paginated, so ``cursor`` is always ``None``.
    """

    _raw_children = ("payment_types",)

    payment_types: list[PaymentType]


class PaymentTypeQuery(ShowDeleted, UpdatedRange, CreatedRange):
    """The filters of ``GET /payment_types``; the list is not paginated: no ``limit``."""

    payment_type_ids: Annotated[IdList | None, Wire("payment_type_ids")] = None
