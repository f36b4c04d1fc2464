"""OAuth without I/O: the token, the token endpoint's requests and what its answers mean.

``OAuthApp``, ``AsyncOAuthApp`` and the clients' refresh (``oauth.py``) only send what is built
here and hand the answer back. Secrets (the client secret, an authorization code, the tokens)
never reach a message, a repr or an error: an error of the token endpoint carries a copy of its
response whose request has no body and whose content has every secret of the exchange replaced by
``[redacted]``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

import httpx

from loyverse_models.oauth import Scope

from ._core import Call, connection_error
from ._version import __version__
from .errors import (
    APIConnectionError,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    InternalServerError,
    RateLimitError,
    ResponseValidationError,
)

__all__ = [
    "DEFAULT_EXPIRES_IN",
    "USERINFO_CALL",
    "Grant",
    "OAuthToken",
    "host_url",
    "read_token",
    "scopes_of",
    "token_connection_error",
    "token_request",
]

DEFAULT_EXPIRES_IN = 43_200
"""Seconds an access token lives (12 hours), as documented; assumed when an answer omits it."""
TOKEN_PATH = "oauth/token"
_VERSION_SEGMENT = "/v1.0"
_REDACTED = "[redacted]"
_MASK = "'***'"
_USER_AGENT = f"loyverse-client-python/{__version__}"

Grant = Literal["authorization_code", "refresh_token"]


def host_url(base_url: str) -> str:
    """The bare host of the OAuth and OpenID endpoints: the API's base URL without ``/v1.0``."""
    return base_url.removesuffix(_VERSION_SEGMENT).rstrip("/")


def scopes_of(scopes: Iterable[Scope | str], parameter: str = "scopes") -> tuple[Scope, ...]:
    """Each scope once, in the order given; names are read case-insensitively."""
    if isinstance(scopes, (str, Scope)):
        scopes = [scopes]  # one scope, not its letters
    found: dict[Scope, None] = {}
    for scope in scopes:
        try:
            found[Scope(scope)] = None
        except ValueError:
            raise ValueError(
                f"{parameter}: {scope!r} is not a Loyverse scope; use one of "
                f"{', '.join(Scope.__members__)}"
            ) from None
    return tuple(found)


def _check_text(value: object, name: str) -> str:
    if not isinstance(value, str) or not value or not value.isprintable() or value != value.strip():
        # The value is not shown: it may be a secret.
        raise ValueError(f"{name} must be a non-empty string without spaces around it")
    return value


@dataclass(frozen=True, repr=False)
class OAuthToken:
    """The tokens an app holds for one merchant; immutable: a refresh gives a new one.

    ``expires_at`` is aware: when the access token expires, computed from ``expires_in`` when the
    answer was received. ``refresh_token`` is kept from the previous token when a refresh answer
    carries none. ``scopes`` are those granted (unknown names are left out). ``id_token`` is the
    OpenID JWT, when ``Scope.OPENID`` was granted.

    ``repr`` and ``str`` mask every token; ``to_dict()`` and ``from_dict()`` store and restore
    all of it, secrets included: keep the result as you would keep a password.
    """

    access_token: str
    expires_at: datetime
    refresh_token: str | None = None
    scopes: frozenset[Scope] = field(default_factory=frozenset)
    id_token: str | None = None

    def __post_init__(self) -> None:
        _check_text(self.access_token, "access_token")
        for name in ("refresh_token", "id_token"):
            if getattr(self, name) is not None:
                _check_text(getattr(self, name), name)
        if not isinstance(self.expires_at, datetime) or self.expires_at.utcoffset() is None:
            raise ValueError("expires_at must be a timezone-aware datetime")
        object.__setattr__(self, "scopes", frozenset(scopes_of(self.scopes)))

    def __repr__(self) -> str:
        def masked(value: str | None) -> str:
            return "None" if value is None else _MASK

        return (
            f"OAuthToken(access_token={_MASK}, refresh_token={masked(self.refresh_token)}, "
            f"expires_at={self.expires_at.isoformat()!r}, "
            f"scopes={sorted(scope.value for scope in self.scopes)!r}, "
            f"id_token={masked(self.id_token)})"
        )

    def expires_within(self, seconds: float, *, now: datetime) -> bool:
        """Whether the access token is expired at ``now`` or will be within ``seconds``."""
        return self.expires_at - timedelta(seconds=seconds) <= now

    def to_dict(self) -> dict[str, Any]:
        """Everything, secrets included, as JSON-ready values (``expires_at`` in ISO 8601)."""
        return {
            "access_token": self.access_token,
            "token_type": "Bearer",
            "refresh_token": self.refresh_token,
            "expires_at": self.expires_at.isoformat(),
            "scope": " ".join(sorted(scope.value for scope in self.scopes)),
            "id_token": self.id_token,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> OAuthToken:
        """The token ``to_dict()`` gave."""
        return cls(
            access_token=data["access_token"],
            expires_at=datetime.fromisoformat(data["expires_at"]),
            refresh_token=data.get("refresh_token"),
            scopes=frozenset(_known_scopes(data.get("scope") or "")),
            id_token=data.get("id_token"),
        )


def _known_scopes(text: str) -> list[Scope]:
    known = []
    for name in text.split():
        try:
            known.append(Scope(name))
        except ValueError:
            continue  # a scope newer than this SDK: it grants nothing the SDK can name
    return known


# --- the token endpoint -------------------------------------------------------------------------


def token_request(
    http: httpx.Client | httpx.AsyncClient,
    host: str,
    form: Mapping[str, str],
    timeout: httpx.Timeout | None = None,
) -> httpx.Request:
    """``POST <host>/oauth/token``, form-encoded, as documented; without ``timeout``, the
    ``http`` client's own."""
    return http.build_request(
        "POST",
        f"{host}/{TOKEN_PATH}",
        data=dict(form),
        headers={"Accept": "application/json", "User-Agent": _USER_AGENT},
        timeout=httpx.USE_CLIENT_DEFAULT if timeout is None else timeout,
    )


_CALL = Call("POST", TOKEN_PATH, bare_host=True)
USERINFO_CALL = Call("GET", "userinfo", bare_host=True)
"""OpenID's ``GET https://api.loyverse.com/userinfo``."""


def token_connection_error(exc: httpx.RequestError, url: httpx.URL) -> APIConnectionError:
    """The error for a token request that got no answer; its ``request`` holds no form."""
    error = connection_error(_CALL, exc)
    error.request = httpx.Request("POST", url)
    return error


def read_token(
    response: httpx.Response,
    *,
    grant: Grant,
    received_at: datetime,
    secrets: Sequence[str],
    previous: OAuthToken | None = None,
) -> OAuthToken:
    """The token in a 2xx answer; any other answer, or a body that holds no token, raises.

    ``secrets`` are the values sent (client secret, code or refresh token), kept out of errors.
    ``previous`` is the token refreshed: its refresh token and scopes stand when the answer omits
    them.
    """
    if not response.is_success:
        raise _status_error(response, grant, secrets)
    try:
        data = json.loads(response.content)
    except (ValueError, RecursionError):
        data = None
    if not isinstance(data, dict):
        raise _invalid(response, "a body that is not a JSON object")
    access_token = data.get("access_token")
    if not isinstance(access_token, str) or not access_token:
        raise _invalid(response, "no access_token")
    expires_in = data.get("expires_in", DEFAULT_EXPIRES_IN)
    if isinstance(expires_in, bool) or not isinstance(expires_in, int) or expires_in <= 0:
        raise _invalid(response, "an expires_in that is not a positive number of seconds")
    scope = data.get("scope")
    refresh_token = data.get("refresh_token")
    id_token = data.get("id_token")
    try:
        return OAuthToken(
            access_token=access_token,
            expires_at=received_at + timedelta(seconds=expires_in),
            refresh_token=refresh_token or (previous.refresh_token if previous else None),
            scopes=(
                frozenset(_known_scopes(scope))
                if isinstance(scope, str)
                else (previous.scopes if previous else frozenset())
            ),
            id_token=id_token or None,
        )
    except ValueError:
        raise _invalid(response, "a token that is not a string") from None


def _invalid(response: httpx.Response, problem: str) -> ResponseValidationError:
    # A 2xx body holds tokens: the error keeps the status and headers, never the content.
    safe = httpx.Response(
        response.status_code,
        headers=_headers_of(response),
        request=httpx.Request("POST", response.request.url),
    )
    return ResponseValidationError(
        f"POST /{TOKEN_PATH} answered {response.status_code} with {problem}", response=safe
    )


def _headers_of(response: httpx.Response) -> httpx.Headers:
    headers = response.headers.copy()
    for name in ("content-encoding", "content-length", "transfer-encoding", "set-cookie"):
        if name in headers:
            del headers[name]
    return headers


# OAuth 2.0 (RFC 6749, 5.2): the codes that mean the credentials or the grant are refused.
_REFUSED = {"invalid_grant", "invalid_client", "unauthorized_client", "access_denied"}

_HINTS = {
    "refresh_token": (
        "the merchant must reconnect the app (send them to authorization_url() again): the "
        "refresh token was refused (revoked, expired or already used)"
    ),
    "authorization_code": (
        "send the merchant to authorization_url() again: the code was refused (already used, "
        "expired, or issued for another app or redirect URI)"
    ),
    "invalid_client": "the client id or secret is wrong: check the app's credentials",
}


def _redact(text: str, secrets: Sequence[str]) -> str:
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        text = text.replace(secret, _REDACTED)
    return text


def _status_error(response: httpx.Response, grant: Grant, secrets: Sequence[str]) -> APIStatusError:
    content = _redact(response.content.decode("utf-8", "replace"), secrets)
    safe = httpx.Response(
        response.status_code,
        headers=_headers_of(response),
        content=content.encode(),
        request=httpx.Request("POST", response.request.url),
    )
    status, errors = response.status_code, _errors_of(content)
    code = errors[0].get("code") if errors else None
    if code in _REFUSED or status == 401:
        cls: type[APIStatusError] = AuthenticationError
    elif status == 429:
        cls = RateLimitError
    elif status >= 500:
        cls = InternalServerError
    elif status >= 400:
        cls = BadRequestError
    else:
        cls = APIStatusError
    first = errors[0] if errors else {}
    said = ": ".join(str(first[key]) for key in ("code", "details") if first.get(key))
    message = f"POST /{TOKEN_PATH} failed with {status} {said or response.reason_phrase}".rstrip()
    if cls is AuthenticationError:
        message += "; " + _HINTS.get(str(code), _HINTS[grant])
    return cls(message, response=safe, errors=errors)


def _errors_of(content: str) -> list[dict[str, Any]]:
    """The error as ``[{"code", "details"}]``: from OAuth's ``error`` and ``error_description``
    (RFC 6749), or from Loyverse's own envelope, whichever the body holds."""
    try:
        data = json.loads(content)
    except (ValueError, RecursionError):
        return []
    if not isinstance(data, dict):
        return []
    if isinstance(data.get("error"), str):
        entry = {"code": data["error"]}
        if isinstance(data.get("error_description"), str):
            entry["details"] = data["error_description"]
        return [entry]
    errors = data.get("errors")
    if isinstance(errors, list):
        return [entry for entry in errors if isinstance(entry, dict)]
    return []
