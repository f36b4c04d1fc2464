"""OAuth and OpenID: the scopes an app asks a merchant for (``Scope``) and who the merchant is
(``UserInfo``, what ``GET https://api.loyverse.com/userinfo`` answers).

The tokens themselves, the authorization URL and the refresh are the client's business
(``loyverse_client.oauth``); this module only describes data.
"""

from __future__ import annotations

from enum import Enum

from pydantic import Field

from ._raw import RawModel
from ._wire import Timestamp

__all__ = ["Scope", "UserInfo"]


class Scope(str, Enum):
    """A permission an OAuth app asks for; a personal access token has every one.

    Loyverse writes scopes in UPPER case (the permissions table, the token response) and in lower
    case (the OpenID discovery document), so they are read case-insensitively:

    >>> Scope("customers_read") is Scope.CUSTOMERS_READ
    True
    """

    CUSTOMERS_READ = "CUSTOMERS_READ"
    CUSTOMERS_WRITE = "CUSTOMERS_WRITE"
    EMPLOYEES_READ = "EMPLOYEES_READ"
    INVENTORY_READ = "INVENTORY_READ"
    INVENTORY_WRITE = "INVENTORY_WRITE"
    ITEMS_READ = "ITEMS_READ"
    """Items, variants, categories, modifiers and discounts."""
    ITEMS_WRITE = "ITEMS_WRITE"
    MERCHANT_READ = "MERCHANT_READ"
    PAYMENT_TYPES_READ = "PAYMENT_TYPES_READ"
    POS_DEVICES_READ = "POS_DEVICES_READ"
    POS_DEVICES_WRITE = "POS_DEVICES_WRITE"
    RECEIPTS_READ = "RECEIPTS_READ"
    RECEIPTS_WRITE = "RECEIPTS_WRITE"
    SHIFTS_READ = "SHIFTS_READ"
    STORES_READ = "STORES_READ"
    SUPPLIERS_READ = "SUPPLIERS_READ"
    SUPPLIERS_WRITE = "SUPPLIERS_WRITE"
    TAXES_READ = "TAXES_READ"
    """Taxes are not under ``ITEMS_READ``."""
    TAXES_WRITE = "TAXES_WRITE"
    OPENID = "OPENID"
    """Adds an ``id_token`` to the token response and opens ``/userinfo``."""
    PROFILE_READ = "PROFILE_READ"
    """Listed by the OpenID discovery document, described nowhere."""

    @classmethod
    def _missing_(cls, value: object) -> Scope | None:
        if isinstance(value, str):
            return cls.__members__.get(value.strip().upper())
        return None


class UserInfo(RawModel):
    """The merchant account that connected the app: the OpenID claims of its ``id_token``, as
    ``client.userinfo()`` reads them from ``GET /userinfo``.

    Its JSON shape is not documented; the claim names of the ``id_token`` are assumed. Every claim
    but ``sub`` may be missing. ``country`` comes in lower case (``jp``) where ``Merchant.country``
    is upper case: compare them case-insensitively. ``created_at`` keeps the offset it was sent
    with (the documented example has ``+03:00``).
    """

    sub: str = Field(description="The user's stable unique id (a UUID).")
    name: str | None = Field(default=None, description="The business name.")
    email: str | None = Field(default=None, description="The account email.")
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-2, lower case.")
    created_at: Timestamp | None = Field(default=None, description="When the account was created.")
    aud: str | None = Field(default=None, description="The app's client id.")
    exp: int | None = Field(default=None, description="Expiry of the claims, Unix seconds.")
    iat: int | None = Field(default=None, description="When they were issued, Unix seconds.")
    iss: str | None = Field(default=None, description="The issuer: https://api.loyverse.com.")
