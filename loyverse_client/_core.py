"""The protocol, without I/O: what to send, what an answer means, and whether to try again.

Everything here is a pure function of its arguments (time and randomness come in as values), so
the sync and the async client are thin shells that only send and sleep, and these rules are tested
with plain values. Data flows one way: caller arguments -> ``CustomerQuery`` or a validated id ->
``Call`` -> ``httpx.Request`` (built by the shell's ``httpx`` client) -> ``httpx.Response`` ->
model with ``.raw``, or a typed error.
"""

from __future__ import annotations

import email.utils
import ipaddress
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import Enum
from typing import Any, TypeVar

import httpx
from pydantic import ConfigDict, TypeAdapter, ValidationError, validate_call

from loyverse_models import (
    AwareDatetime,
    Customer,
    CustomerPage,
    CustomerQuery,
    RawModel,
)
from loyverse_models._query import FilterText

from ._arguments import checked
from .errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    InternalServerError,
    LoyverseError,
    NotFoundError,
    PaymentRequiredError,
    PermissionDeniedError,
    RateLimitError,
    ResponseValidationError,
    SalesHistoryLimitError,
)

DEFAULT_BASE_URL = "https://api.loyverse.com/v1.0"
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_RETRIES = 2
TOKEN_ENV_VAR = "LOYVERSE_ACCESS_TOKEN"
BASE_URL_ENV_VAR = "LOYVERSE_BASE_URL"

BACKOFF_START = 0.5
BACKOFF_CAP = 8.0
RETRY_AFTER_CAP = 60.0

ModelT = TypeVar("ModelT", bound=RawModel)
_V = TypeVar("_V")


# --- settings -------------------------------------------------------------------------------


def resolve_token(access_token: str | None, environ: Mapping[str, str] = os.environ) -> str:
    """The explicit token, else ``LOYVERSE_ACCESS_TOKEN``; the value itself is never echoed."""
    token = access_token if access_token is not None else environ.get(TOKEN_ENV_VAR)
    if token is None or token == "":
        raise LoyverseError(
            f"no access token: pass access_token=... or set the {TOKEN_ENV_VAR} environment "
            "variable (Loyverse Back Office > Integrations > Access tokens)"
        )
    if (
        not isinstance(token, str)
        or not token.isascii()
        or any(c.isspace() or not c.isprintable() for c in token)
    ):
        # Said without the value: a token pasted with a smart quote is still a secret.
        raise LoyverseError(
            "access_token must be printable ASCII without whitespace (check for a stray quote or "
            "newline copied with it)"
        )
    return token


def resolve_base_url(base_url: str | None, environ: Mapping[str, str] = os.environ) -> str:
    """The explicit ``base_url``, else ``LOYVERSE_BASE_URL`` (when set and not empty), else the
    real API; checked by ``check_base_url``, a bad one named by where it came from."""
    if base_url is not None:
        return check_base_url(base_url)
    from_environment = environ.get(BASE_URL_ENV_VAR)
    if not from_environment:
        return DEFAULT_BASE_URL
    return check_base_url(from_environment, name=f"the {BASE_URL_ENV_VAR} environment variable")


def check_base_url(base_url: str, *, name: str = "base_url") -> str:
    """``base_url`` without its trailing slash; plain http is allowed only to a loopback host."""
    try:
        url = httpx.URL(base_url)
    except (httpx.InvalidURL, TypeError):
        raise ValueError(f"{name} is not a valid URL: {base_url!r}") from None
    if url.query or url.fragment or url.userinfo:
        # A query would be merged into every request's, a fragment dropped; userinfo is a secret.
        raise ValueError(
            f"{name} must be scheme, host and path only, without ?query, #fragment or user:pass@"
        )
    if url.scheme == "http" and _is_loopback(url.host):
        return str(url).rstrip("/")
    if url.scheme != "https" or not url.host:
        raise ValueError(
            f"{name} must be an https:// URL (http:// only for localhost), got {base_url!r}: "
            "the access token must not travel in clear text"
        )
    return str(url).rstrip("/")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_settings(timeout: float | httpx.Timeout, max_retries: int) -> httpx.Timeout:
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise ValueError(f"max_retries must be an int >= 0, got {max_retries!r}")
    if isinstance(timeout, httpx.Timeout):
        return timeout
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not timeout > 0:
        raise ValueError(
            f"timeout must be a positive number of seconds or httpx.Timeout, got {timeout!r}"
        )
    return httpx.Timeout(timeout)


def default_headers(token: str | None, version: str) -> httpx.Headers:
    """The headers of every request; without ``token`` (OAuth), each request gets its own
    ``Authorization``."""
    # httpx.Headers masks Authorization in its repr, so the token cannot leak through one.
    authorization = {} if token is None else {"Authorization": f"Bearer {token}"}
    return httpx.Headers(
        {
            **authorization,
            "Accept": "application/json",
            "User-Agent": f"loyverse-client-python/{version}",
        }
    )


# --- calls ----------------------------------------------------------------------------------


class Replay(Enum):
    """When a failed attempt of a call may be sent again."""

    SAFE = "safe"
    """Reads, deletes and full updates: sending twice has the effect of sending once."""
    NOT_IF_RECEIVED = "not-if-received"
    """Creates: Loyverse has no idempotency key, so only if the request surely was not received."""


@dataclass(frozen=True)
class Call:
    """One API call, before it becomes an ``httpx.Request``."""

    method: str
    path: str
    params: Mapping[str, str] | None = None
    body: Mapping[str, Any] | None = None
    replay: Replay = Replay.SAFE
    check: str = "look the customer up"
    """For a write that may have happened: how to find out whether it did, before sending again."""
    bare_host: bool = False
    """Whether ``path`` is under the API's bare host (OpenID's ``userinfo``), not ``/v1.0``."""
    content: bytes | None = None
    """A raw body (an item's image) instead of JSON, sent as ``content_type``."""
    content_type: str | None = None

    def describe(self) -> str:
        return f"{self.method} /{self.path}"


def require(value: object, cls: type[_V], parameter: str, example: str) -> _V:
    """``value``, if it is a ``cls``; else a ``TypeError`` naming the parameter, with an example."""
    if not isinstance(value, cls):
        raise TypeError(f"{parameter} must be a {cls.__name__}, e.g. {example}; got {value!r}")
    return value


_EMAIL: TypeAdapter[str] = TypeAdapter(FilterText, config=ConfigDict(defer_build=True))


def email_query(email: object) -> CustomerQuery:
    return CustomerQuery(email=checked(_EMAIL, "email", email, "customers.get_by_email"))


def find_email(page: CustomerPage, email: str) -> Customer | None:
    """The customer of ``page`` with exactly that email, else one that differs only in case.

    Loyverse's filter has been seen to match exactly; should it ever return addresses that differ
    in case, an exact match still wins.
    """
    exact = next((c for c in page.customers if c.email == email), None)
    if exact is not None:
        return exact
    wanted = email.casefold()
    return next((c for c in page.customers if c.email and c.email.casefold() == wanted), None)


def day_bounds(day: datetime) -> tuple[datetime, datetime]:
    """The first and last millisecond of ``day``'s calendar day, in its own timezone."""
    # Local midnight to 23:59:59.999 of the same wall-clock day, in the day's own timezone, so 23-
    # and 25-hour daylight-saving days come out right. Set, not computed as midnight + 1 day - 1 ms,
    # which cannot be done on 9999-12-31: the next day is past what a datetime holds.
    start = day.replace(hour=0, minute=0, second=0, microsecond=0, fold=0)
    end = day.replace(hour=23, minute=59, second=59, microsecond=999_000, fold=0)
    try:
        end.astimezone(timezone.utc)
    except OverflowError:
        raise ValueError(
            f"the end of {day.date()} in its timezone ({end.isoformat()}) is after the last moment "
            "a datetime can hold once converted to UTC; give the day in UTC"
        ) from None
    return start, end


@validate_call(config=ConfigDict(title="customers.get_by_creation_date"))
def creation_day_query(*, date: AwareDatetime) -> CustomerQuery:
    """Everything created on ``date``'s calendar day, in ``date``'s timezone."""
    start, end = day_bounds(date)
    return CustomerQuery(created_at_min=start, created_at_max=end)


@validate_call(config=ConfigDict(title="customers.get_by_creation_dates"))
def creation_range_query(
    *, start_date: AwareDatetime, end_date: AwareDatetime | None, now: datetime
) -> CustomerQuery:
    """From the start of ``start_date``'s day to the end of ``end_date``'s (default: today, UTC)."""
    first, _ = day_bounds(start_date)
    _, last = day_bounds(end_date if end_date is not None else now.astimezone(timezone.utc))
    if first > last:
        raise ValueError(
            f"start_date ({start_date.isoformat()}) is after end_date "
            f"({'now' if end_date is None else end_date.isoformat()}); swap them"
        )
    return CustomerQuery(created_at_min=first, created_at_max=last)


# --- responses ------------------------------------------------------------------------------

_STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    402: PaymentRequiredError,
    403: PermissionDeniedError,
    404: NotFoundError,
    429: RateLimitError,
}


OUTCOME_UNKNOWN_NOTE = "; the request may have been carried out"
"""How the message of an error with ``outcome_unknown`` begins its advice (the command line puts
the same advice in its own words)."""


def _outcome_unknown(call: Call) -> str:
    return (
        f"{OUTCOME_UNKNOWN_NOTE}: Loyverse has no idempotency keys, so it was not "
        f"sent again; {call.check} before retrying"
    )


_SALES_HISTORY_HINT = (
    ": Loyverse serves receipts older than 31 days only to accounts with the Unlimited sales "
    "history add-on; narrow created_at_min (or since_receipt_number) to the last 31 days, or "
    "add the add-on in Back Office"
)


def _is_sales_history_limit(call: Call, status: int, errors: list[dict[str, Any]]) -> bool:
    """A 402 for receipts that names the 31-day limit or the sales history add-on."""
    if status != 402 or not call.path.startswith("receipts"):
        return False
    said = " ".join(str(entry.get("details", "")) for entry in errors).lower()
    return "31" in said or "history" in said


def parse_response(call: Call, response: httpx.Response, model: type[ModelT]) -> ModelT:
    """The model for a 2xx answer, with ``.raw``; any other answer raises its typed error.

    The body is parsed and validated in one pass by pydantic-core; ``.raw`` parses it again only
    if the caller reads it.
    """
    if not response.is_success:
        raise status_error(call, response)
    try:
        return model.model_validate_json(response.content)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        if first["type"] == "json_invalid":
            problem = "a body that is not JSON"
        elif first["type"] == "model_type" and not first["loc"]:
            problem = f"JSON {type(first['input']).__name__}, not an object"
        else:
            where = ".".join(str(part) for part in first["loc"]) or "body"
            problem = (
                f"a body that is not a valid {model.__name__}: {where}: {first['msg']} "
                f"({exc.error_count()} problem(s))"
            )
        raise ResponseValidationError(
            f"{call.describe()} answered {response.status_code} with {problem}", response=response
        ) from exc


def status_error(
    call: Call, response: httpx.Response, *, retry_after: float | None = None
) -> APIStatusError:
    """The typed error for a non-2xx answer; the status decides the class, whatever the body.

    ``retry_after`` is the wait the answer's ``Retry-After`` asked for, in seconds.
    """
    status = response.status_code
    errors = _loyverse_errors(response)
    cls = _STATUS_ERRORS.get(status) or (InternalServerError if status >= 500 else APIStatusError)
    history = _is_sales_history_limit(call, status, errors)
    if history:
        cls = SalesHistoryLimitError
    if errors:
        first = errors[0]
        said = ": ".join(str(first[key]) for key in ("code", "details") if first.get(key))
        if first.get("field"):
            said += f" (field {first['field']})"
    else:
        said = f"{response.reason_phrase or 'error'} (the body is not Loyverse's error JSON)"
    unknown = call.replay is Replay.NOT_IF_RECEIVED and (status >= 500 or status == 408)
    message = f"{call.describe()} failed with {status} {said}"
    if history:
        message += _SALES_HISTORY_HINT
    if retry_after is not None and retry_after > RETRY_AFTER_CAP:
        message += (
            f"; the server asked to wait {retry_after:.0f} s before trying again, longer than "
            f"the {RETRY_AFTER_CAP:.0f} s a call waits: try again later"
        )
    return cls(
        message + (_outcome_unknown(call) if unknown else ""),
        response=response,
        errors=errors,
        outcome_unknown=unknown,
        retry_after=retry_after,
    )


def _loyverse_errors(response: httpx.Response) -> list[dict[str, Any]]:
    try:
        data = json.loads(response.content)
    except (ValueError, RecursionError):  # not JSON, or absurdly nested
        return []
    errors = data.get("errors") if isinstance(data, dict) else None
    if not isinstance(errors, list):
        return []
    return [entry for entry in errors if isinstance(entry, dict)]


def connection_error(call: Call, exc: httpx.RequestError) -> APIConnectionError:
    unknown = call.replay is Replay.NOT_IF_RECEIVED and not _surely_not_received(exc)
    cls = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
    try:
        request: httpx.Request | None = exc.request
    except RuntimeError:  # raised by code that never attached the request
        request = None
    # The host says which server could not be reached; the query (filters, an email) stays out.
    where = f" to {_host(request.url)}" if request is not None else ""
    message = f"{call.describe()}{where} failed: {type(exc).__name__}: {exc or 'no detail'}"
    return cls(
        message + (_outcome_unknown(call) if unknown else ""),
        request=request,
        outcome_unknown=unknown,
    )


def _host(url: httpx.URL) -> str:
    host = f"[{url.host}]" if ":" in url.host else url.host
    return host if url.port is None else f"{host}:{url.port}"


# --- retries --------------------------------------------------------------------------------

Failure = httpx.Response | httpx.RequestError


def may_have_been_processed(failure: Failure) -> bool:
    """Whether Loyverse may have carried out an attempt that failed this way."""
    if isinstance(failure, httpx.Response):
        return failure.status_code != 429  # refused before it was processed
    return not _surely_not_received(failure)


def _surely_not_received(exc: httpx.RequestError) -> bool:
    # No connection was ever made, so no byte of the request can have reached Loyverse.
    return isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout))


def is_retryable(call: Call, failure: Failure) -> bool:
    """Whether this failure of this call may be sent again (the attempt budget aside)."""
    if isinstance(failure, httpx.Response):
        status = failure.status_code
        if call.replay is Replay.NOT_IF_RECEIVED:
            return status == 429  # refused before it was processed
        return status in (408, 429) or status >= 500
    if call.replay is Replay.NOT_IF_RECEIVED:
        return _surely_not_received(failure)
    # A local protocol error, an unsupported scheme or an undecodable body would fail again.
    return isinstance(failure, httpx.TransportError) and not isinstance(
        failure, (httpx.LocalProtocolError, httpx.UnsupportedProtocol)
    )


def delay_before_retry(
    call: Call,
    failure: Failure,
    *,
    retries_done: int,
    max_retries: int,
    now: datetime,
    jitter: float,
) -> float | None:
    """Seconds to wait before sending ``call`` again after ``failure``, or ``None`` to give up.

    Gives up when the attempts are spent, when the failure is not retryable, and when the server's
    ``Retry-After`` asks for more than ``RETRY_AFTER_CAP``: a wait that long would look like a
    hang, and a shorter one would only meet the same refusal.
    """
    if retries_done >= max_retries or not is_retryable(call, failure):
        return None
    return retry_delay(retries_done, retry_after_header(failure), now=now, jitter=jitter)


def retry_delay(
    retries_done: int, retry_after: str | None, *, now: datetime, jitter: float
) -> float | None:
    """Seconds to wait before the next attempt; ``None`` if ``Retry-After`` asks for too long.

    ``Retry-After`` (seconds or an HTTP date) wins, up to 60 s; beyond that it is ``None``: give
    up. Without one (or an unreadable one), exponential backoff from 0.5 s, doubled per retry and
    capped at 8 s, less up to 25 % of random ``jitter`` (0..1) so that clients that failed
    together do not come back together.
    """
    wait = parse_retry_after(retry_after, now)
    if wait is not None:
        return wait if wait <= RETRY_AFTER_CAP else None
    backoff = min(BACKOFF_START * 2.0**retries_done, BACKOFF_CAP)
    return backoff * (1.0 - 0.25 * jitter)


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """A ``Retry-After`` header in seconds from ``now`` (0 for a moment past); ``None`` if absent
    or unreadable."""
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        seconds = (when - now).total_seconds()
    if seconds != seconds or seconds < 0:  # NaN, or a moment already past
        return 0.0 if seconds < 0 else None
    return seconds


def retry_after_header(failure: Failure) -> str | None:
    return failure.headers.get("Retry-After") if isinstance(failure, httpx.Response) else None


def describe_failure(failure: Failure) -> str:
    if isinstance(failure, httpx.Response):
        return f"{failure.status_code} {failure.reason_phrase}".rstrip()
    return type(failure).__name__


def final_error(call: Call, failure: Failure, *, now: datetime) -> LoyverseError:
    if isinstance(failure, httpx.Response):
        retry_after = parse_retry_after(retry_after_header(failure), now)
        return status_error(call, failure, retry_after=retry_after)
    return connection_error(call, failure)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)
