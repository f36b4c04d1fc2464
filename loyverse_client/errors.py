"""The exceptions the client raises. Catch by meaning; every one is a ``LoyverseError``.

    LoyverseError                  anything raised on purpose (no token, a closed client, ...)
    ├── APIConnectionError         the request got no HTTP response (refused, reset, DNS, TLS)
    │   └── APITimeoutError        ... because a timeout ran out
    ├── APIStatusError             Loyverse (or a proxy in front of it) answered 4xx/5xx
    │   ├── BadRequestError        400  BAD_REQUEST, INVALID_VALUE, INVALID_CURSOR, INVALID_RANGE..
    │   ├── AuthenticationError    401  UNAUTHORIZED: the token is wrong or revoked
    │   ├── PaymentRequiredError   402  PAYMENT_REQUIRED: subscription lapsed or plan limit
    │   ├── PermissionDeniedError  403  FORBIDDEN: the OAuth token lacks a scope
    │   ├── NotFoundError          404  NOT_FOUND
    │   ├── RateLimitError         429  RATE_LIMITED, after the retries ran out
    │   └── InternalServerError    5xx
    ├── ResponseValidationError    a 2xx answer that is not the JSON the contract promises
    ├── PaginationError            a cursor came back twice: following it would never end
    ├── WebhookSignatureError      a webhook's signature is missing or does not match its body
    └── WebhookPayloadError        a webhook body is not the documented payload

Bad *input* is not in this tree: it raises ``pydantic.ValidationError`` (a ``ValueError``) naming
the parameter, before any request exists.

``APIStatusError`` carries what Loyverse said: ``code``, ``details`` and ``field`` of the first
entry of its ``{"errors": [...]}`` body, the whole list as ``errors``, and the ``httpx.Response``.
When the body is not Loyverse's JSON (an HTML page from a proxy, an empty body), the class still
follows the status and ``code`` is ``None``. The cause (an ``httpx`` or ``json`` exception) is
chained as ``__cause__``; none escapes on its own.

Every error has ``attempts``: how many times the request was sent, retries included.
``outcome_unknown`` is ``True`` when a write may have been carried out although it failed (a
create that timed out or met a 5xx, or a retried write whose earlier attempt did): Loyverse has no
idempotency keys, so such a create is never sent again automatically; look the customer up before
trying again.
"""

from __future__ import annotations

from typing import Any

import httpx

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "InternalServerError",
    "LoyverseError",
    "NotFoundError",
    "PaginationError",
    "PaymentRequiredError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseValidationError",
    "WebhookPayloadError",
    "WebhookSignatureError",
]


class LoyverseError(Exception):
    """Base class of every error this SDK raises on purpose."""

    outcome_unknown: bool = False
    """True when a failed request may nevertheless have been carried out by Loyverse."""

    attempts: int = 1
    """How many times the request was sent before this error was raised (retries included)."""


class APIConnectionError(LoyverseError):
    """No HTTP response arrived: the connection was refused, reset, or could not be made."""

    def __init__(
        self, message: str, *, request: httpx.Request | None, outcome_unknown: bool = False
    ):
        super().__init__(message)
        self.request = request
        self.outcome_unknown = outcome_unknown


class APITimeoutError(APIConnectionError):
    """A connect, read, write or pool timeout ran out before the response arrived."""


class APIStatusError(LoyverseError):
    """Loyverse answered with a 4xx or 5xx status."""

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        errors: list[dict[str, Any]],
        outcome_unknown: bool = False,
    ):
        super().__init__(message)
        self.response = response
        self.status_code = response.status_code
        self.errors = errors
        first = errors[0] if errors else {}
        self.code: str | None = _text_or_none(first.get("code"))
        self.details: str | None = _text_or_none(first.get("details"))
        self.field: str | None = _text_or_none(first.get("field"))
        self.outcome_unknown = outcome_unknown


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


class BadRequestError(APIStatusError):
    """400: the request was malformed or a value was refused (``code`` says which)."""


class AuthenticationError(APIStatusError):
    """401: the access token is missing, wrong or revoked."""


class PaymentRequiredError(APIStatusError):
    """402: the merchant's subscription lapsed or a plan limit was reached."""


class PermissionDeniedError(APIStatusError):
    """403: the OAuth token lacks the scope (``CUSTOMERS_READ`` or ``CUSTOMERS_WRITE``)."""


class NotFoundError(APIStatusError):
    """404: no such customer (or it was deleted)."""


class RateLimitError(APIStatusError):
    """429: the account's rate limit (300 requests per 300 s) was exceeded, retries included."""


class InternalServerError(APIStatusError):
    """5xx: Loyverse, or a proxy in front of it, failed."""


class ResponseValidationError(LoyverseError):
    """A successful response whose body is not the JSON the API contract promises."""

    def __init__(self, message: str, *, response: httpx.Response):
        super().__init__(message)
        self.response = response


class PaginationError(LoyverseError):
    """The API returned a cursor it had already returned; following it would loop forever."""


class WebhookSignatureError(LoyverseError):
    """A webhook's ``X-Loyverse-Signature`` is missing or is not the HMAC-SHA1 of its body."""


class WebhookPayloadError(LoyverseError):
    """A webhook body is not the documented ``customers.update`` payload."""
