"""The merchant (read-only): what ``GET /merchant/`` returns (``Merchant`` and its ``Currency``).

The merchant's currency is the only place the API states the unit of every amount it sends.
"""

from __future__ import annotations

from pydantic import Field

from ._raw import RawModel
from ._wire import Timestamp

__all__ = ["Currency", "Merchant"]


class Currency(RawModel):
    """The merchant's currency: ``Merchant.currency``, in ``GET /merchant/``."""

    code: str = Field(description="ISO 4217, such as USD.")
    decimal_places: int = Field(description="Decimals of an amount, such as 2 (0 in Japan).")


class Merchant(RawModel):
    """The account's business profile, as ``GET /merchant/`` returns it (a bare object).

    ``country`` is ISO 3166-1 alpha-2, documented upper case here but lower case in the OpenID
    token: compare it case-insensitively.
    """

    _raw_children = ("currency",)

    id: str
    business_name: str | None = None
    email: str | None = Field(default=None, description="The account email.")
    country: str | None = None
    currency: Currency
    created_at: Timestamp = Field(description="When the account was created.")
