"""The exceptions the client raises. Catch by meaning; every one is a ``LoyverseError``.

    LoyverseError                  anything raised on purpose (no token, a closed client, ...)
    ├── APIConnectionError         the request got no HTTP response (refused, reset, DNS, TLS)
    │   └── APITimeoutError        ... because a timeout ran out
    ├── APIStatusError             Loyverse (or a proxy in front of it) answered 4xx/5xx
    │   ├── BadRequestError        400  BAD_REQUEST, INVALID_VALUE, INVALID_CURSOR, INVALID_RANGE..
    │   ├── AuthenticationError    401  UNAUTHORIZED: the token is wrong or revoked
    │   ├── PaymentRequiredError   402  PAYMENT_REQUIRED: subscription lapsed or plan limit
    │   │   └── SalesHistoryLimitError   receipts older than 31 days without the add-on
    │   ├── PermissionDeniedError  403  FORBIDDEN: the OAuth token lacks a scope
    │   ├── NotFoundError          404  NOT_FOUND
    │   ├── RateLimitError         429  RATE_LIMITED, after the retries ran out
    │   └── InternalServerError    5xx
    ├── ResponseValidationError    a 2xx answer that is not the JSON the contract promises
    ├── InventoryUpdateError       a batch of stock levels failed after others were set
    ├── PaginationError            a cursor came back twice: following it would never end
    ├── OAuthStateError            an OAuth callback's state is not the one sent (forged?)
    ├── WebhookSignatureError      a webhook's signature is missing or does not match its body
    └── WebhookPayloadError        a webhook body is not the documented payload

Bad *input* is not in this tree: it raises ``pydantic.ValidationError`` (a ``ValueError``) naming
the parameter, before any request exists.

``APIStatusError`` carries what Loyverse said: ``code``, ``details`` and ``field`` of the first
entry of its ``{"errors": [...]}`` body, the whole list as ``errors``, the ``httpx.Response``, and
``retry_after``: the seconds its ``Retry-After`` header asked to wait (``None`` without one). An
answer asking to wait more than 60 s is not retried; its error is raised at once.
When the body is not Loyverse's JSON (an HTML page from a proxy, an empty body), the class still
follows the status and ``code`` is ``None``. The cause (an ``httpx`` or ``json`` exception) is
chained as ``__cause__``; none escapes on its own.

Every error has ``message`` (its text, as ``str(error)``) and ``attempts``: how many times the
request was sent, retries included. ``outcome_unknown`` is ``True`` when a write may have been
carried out although it failed (a create that timed out or met a 5xx, or a retried write whose
earlier attempt did): Loyverse has no idempotency keys, so such a create is never sent again
automatically; look the customer up before trying again.

Every error can be copied (``copy.copy`` keeps the very same attributes) and pickled, so one raised
in a ``ProcessPoolExecutor`` worker or a task queue reaches the parent as itself. A pickle keeps
the message and every public attribute (``code``, ``details``, ``field``, ``errors``,
``status_code``, ``retry_after``, ``outcome_unknown``, ``attempts``, ...). It never holds the
access token: ``response`` and ``request`` are pickled as copies holding the status, the headers,
the body (as decoded: without ``Content-Encoding``), the method and the URL, with the
``Authorization``, ``Proxy-Authorization`` and ``Cookie`` request headers replaced by
``[redacted]``. What does not survive: ``__cause__`` and the traceback (as for any pickled
exception), and the response's ``extensions`` and timing (``elapsed``).
"""

from __future__ import annotations

from typing import Any, TypeVar

import httpx

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "InternalServerError",
    "InventoryUpdateError",
    "LoyverseError",
    "NotFoundError",
    "OAuthStateError",
    "PaginationError",
    "PaymentRequiredError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseValidationError",
    "SalesHistoryLimitError",
    "WebhookPayloadError",
    "WebhookSignatureError",
]


_ErrorT = TypeVar("_ErrorT", bound="LoyverseError")


class LoyverseError(Exception):
    """Base class of every error this SDK raises on purpose."""

    outcome_unknown: bool = False
    """True when a failed request may nevertheless have been carried out by Loyverse."""

    attempts: int = 1
    """How many times the request was sent before this error was raised (retries included)."""

    @property
    def message(self) -> str:
        """What went wrong, as ``str(error)`` says it."""
        return str(self)

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt without calling __init__, whose keyword-only arguments pickle cannot pass, and
        # with every httpx request and response replaced by a copy that holds no credential.
        state = {name: _without_secrets(value) for name, value in vars(self).items()}
        return (_rebuild, (type(self), self.args, state))

    def __copy__(self: _ErrorT) -> _ErrorT:
        # A copy in the same process keeps the very same response, cause and traceback.
        clone = _rebuild(type(self), self.args, dict(vars(self)))
        clone.__cause__, clone.__context__ = self.__cause__, self.__context__
        clone.__suppress_context__ = self.__suppress_context__
        return clone.with_traceback(self.__traceback__)


def _rebuild(cls: type[_ErrorT], args: tuple[Any, ...], state: dict[str, Any]) -> _ErrorT:
    error = cls.__new__(cls)
    error.args = args
    vars(error).update(state)
    return error


_SECRET_HEADERS = ("authorization", "proxy-authorization", "cookie")
_REDACTED = "[redacted]"


def _without_secrets(value: object) -> object:
    if isinstance(value, httpx.Response):
        return _safe_response(value)
    if isinstance(value, httpx.Request):
        return _safe_request(value)
    return value


def _safe_request(request: httpx.Request) -> httpx.Request:
    headers = request.headers.copy()
    for name in _SECRET_HEADERS:
        if name in headers:
            headers[name] = _REDACTED
    try:
        content = request.content
    except httpx.RequestNotRead:  # a streamed upload: its bytes are gone
        content = b""
    return httpx.Request(request.method, request.url, headers=headers, content=content)


def _safe_response(response: httpx.Response) -> httpx.Response:
    try:
        content = response.content
    except httpx.ResponseNotRead:
        content = b""
    headers = response.headers.copy()
    # The content is already decoded: a copy announcing gzip would be decoded a second time.
    for name in ("content-encoding", "content-length", "transfer-encoding"):
        if name in headers:
            del headers[name]
    try:
        request: httpx.Request | None = _safe_request(response.request)
    except RuntimeError:  # a response built by hand, never sent
        request = None
    return httpx.Response(response.status_code, headers=headers, content=content, request=request)


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
        retry_after: float | None = None,
    ):
        super().__init__(message)
        self.response = response
        self.status_code = response.status_code
        self.retry_after = retry_after
        """Seconds the server's ``Retry-After`` asked to wait; ``None`` when it sent none."""
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
    """401: the access token is missing, wrong or revoked; or the OAuth token endpoint refused
    a code, a refresh token or the app's credentials (its message says what to do)."""


class PaymentRequiredError(APIStatusError):
    """402: the merchant's subscription lapsed or a plan limit was reached."""


class SalesHistoryLimitError(PaymentRequiredError):
    """402 for receipts older than 31 days, on an account without the sales history add-on.

    Not retried: narrow ``created_at_min`` to the last 31 days, or add Loyverse's Unlimited sales
    history add-on. A plain lapsed subscription stays a ``PaymentRequiredError``.
    """


class PermissionDeniedError(APIStatusError):
    """403: the OAuth token lacks the scope (``CUSTOMERS_READ`` or ``CUSTOMERS_WRITE``)."""


class NotFoundError(APIStatusError):
    """404: no such customer (or it was deleted)."""


class RateLimitError(APIStatusError):
    """429: the account's rate limit (300 requests per 300 s) was exceeded, retries included.

    ``retry_after`` is how long the server asked to wait, in seconds (``None`` if it did not say).
    When it asks for more than 60 s, the request is not retried: this is raised at once.
    """


class InternalServerError(APIStatusError):
    """5xx: Loyverse, or a proxy in front of it, failed."""


class ResponseValidationError(LoyverseError):
    """A successful response whose body is not the JSON the API contract promises."""

    def __init__(self, message: str, *, response: httpx.Response):
        super().__init__(message)
        self.response = response


class PaginationError(LoyverseError):
    """The API returned a cursor it had already returned; following it would loop forever."""


class OAuthStateError(LoyverseError):
    """The ``state`` an OAuth callback brought back is not the one the app sent.

    The callback may be forged (cross-site request forgery): nothing was exchanged. Start the
    authorization again.
    """


class InventoryUpdateError(LoyverseError):
    """A batch of ``inventory.update`` failed after earlier batches were set.

    ``applied`` holds the stock levels Loyverse confirmed; ``not_applied`` the changes of the
    failed batch and those after it (send them again: setting a level twice is harmless). The
    error of the failed batch is the ``__cause__``.
    """

    def __init__(self, message: str, *, applied: list[Any], not_applied: list[Any]) -> None:
        super().__init__(message)
        self.applied = applied
        self.not_applied = not_applied


class WebhookSignatureError(LoyverseError):
    """A webhook's ``X-Loyverse-Signature`` is missing or is not the HMAC-SHA1 of its body."""


class WebhookPayloadError(LoyverseError):
    """A webhook body is not a documented payload (of the expected event, or of any event).

    ``field`` is the path of the first wrong field (``type``, also for an unknown event type;
    ``customers.0.created_at``), also named in the message; ``None`` when the body is not a JSON
    object at all.
    """

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field
