"""The fake's OAuth: registered apps, the merchant's consent, the token endpoint, scopes.

``FakeOAuth`` is a base class of ``FakeLoyverse``, which it gives ``register_app``,
``authorize``, ``consent`` and ``revoke``, and whose ``handle`` calls ``_token_endpoint``,
``_authenticate`` and ``_userinfo``. An access token authenticates like the personal one, within
the scopes granted: each endpoint needs the scope its declaration names (``Resource.read_scope``
for ``GET``, ``write_scope`` otherwise; ``MERCHANT_SCOPE``; ``OPENID`` for ``/userinfo``), and
answers ``403 FORBIDDEN`` without it. The personal token has every scope. Webhooks need none
(the contract knows no webhook scope).

Where the contract is unclear, the fake reads it as follows:

- The token endpoint's errors are OAuth's (RFC 6749): ``{"error", "error_description"}``, 401
  for ``invalid_client`` (unknown client id, wrong secret), 400 otherwise (``invalid_grant``,
  ``invalid_request``, ``unsupported_grant_type``). It is not rate-limited.
- A code is good once, for the app it was issued to, with the app's registered redirect URI.
- Access tokens live 12 hours on the fake's clock. Each refresh rotates the refresh token: the
  old one is refused afterwards (the access tokens issued before stay valid until they expire).
- ``revoke(refresh_token)`` ends the whole grant: its refresh token is refused, its access tokens
  get 401.
- ``/userinfo`` answers the merchant's claims (``sub`` is the merchant's id, ``country`` in lower
  case), with ``aud``, ``iss``, ``iat`` and ``exp`` for an OAuth token. The ``id_token`` carries
  the same claims in a JWT whose signature is random bytes: nothing can verify it.
"""

from __future__ import annotations

import base64
import hmac
import json
import secrets
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from loyverse_models.oauth import Scope

from .._resources import MERCHANT_PATH, MERCHANT_SCOPE, RESOURCES
from ._errors import ApiError

__all__ = ["TOKEN_PATH", "USERINFO_PATH", "Access", "FakeOAuth", "OAuthTokens"]

TOKEN_PATH = "/oauth/token"
USERINFO_PATH = "/userinfo"
AUTHORIZE_PATH = "/oauth/authorize"
ISSUER = "https://api.loyverse.com"
ACCESS_TOKEN_SECONDS = 12 * 3600
_PREFIX = "/v1.0/"
_FORM = "application/x-www-form-urlencoded"
_DECLARED = {resource.name: resource for resource in RESOURCES}


def required_scope(method: str, path: str) -> Scope | None:
    """The scope a request needs, read from the declarations; ``None`` when none is declared
    (an endpoint the API does not have is then 404, as without OAuth)."""
    if path == USERINFO_PATH:
        return Scope.OPENID
    if not path.startswith(_PREFIX):
        return None
    name = path[len(_PREFIX) :].split("/")[0]
    if name == MERCHANT_PATH.rstrip("/"):
        return MERCHANT_SCOPE if method == "GET" else None
    resource = _DECLARED.get(name)
    if resource is None:
        return None
    return resource.read_scope if method == "GET" else resource.write_scope


class OAuthError(ApiError):
    """A refusal of the token endpoint, in OAuth's own error body."""

    def body(self) -> dict[str, Any]:
        problem = self.problems[0]
        return {"error": problem.code, "error_description": problem.details}


@dataclass(frozen=True)
class _App:
    client_secret: str
    redirect_uri: str


@dataclass
class _Grant:
    """One merchant's consent to one app."""

    client_id: str
    scopes: frozenset[Scope]
    revoked: bool = False


@dataclass(frozen=True)
class Access:
    """What a bearer token may do; ``grant`` is ``None`` for the personal token (everything)."""

    grant: _Grant | None = None

    def require(self, method: str, path: str) -> None:
        scope = required_scope(method, path)
        if self.grant is not None and scope is not None and scope not in self.grant.scopes:
            raise ApiError.one(403, "FORBIDDEN", f"The access token lacks the {scope.value} scope")


@dataclass
class OAuthTokens:
    """The fake's apps, and the codes and tokens it issued."""

    apps: dict[str, _App] = field(default_factory=dict)
    codes: dict[str, _Grant] = field(default_factory=dict)
    refresh: dict[str, _Grant] = field(default_factory=dict)
    access: dict[str, tuple[_Grant, float]] = field(default_factory=dict)
    """Access token -> its grant and when it expires, in seconds of the fake's clock."""


def _scopes(scopes: Iterable[Scope | str]) -> frozenset[Scope]:
    chosen = frozenset(Scope(scope) for scope in ([scopes] if isinstance(scopes, str) else scopes))
    if not chosen:
        raise ValueError("grant at least one scope")
    return chosen


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class FakeOAuth:
    """The OAuth side of ``FakeLoyverse``: its apps, codes and tokens (see the module)."""

    access_token: str
    _oauth: OAuthTokens
    _lock: threading.Lock
    _clock: Callable[[], float]
    _wall_origin: datetime
    _merchant: dict[str, Any]

    def register_app(self, client_id: str, client_secret: str, redirect_uri: str) -> None:
        """Register an OAuth app (as on developer.loyverse.com), replacing one of that id."""
        with self._lock:
            self._oauth.apps[client_id] = _App(client_secret, redirect_uri)

    def authorize(self, client_id: str, scopes: Iterable[Scope | str]) -> str:
        """The code the merchant's consent to ``scopes`` sends to the app's redirect URI."""
        granted = _scopes(scopes)
        with self._lock:
            if client_id not in self._oauth.apps:
                raise ValueError(f"no app {client_id!r}: register_app() it first")
            code = "code-" + secrets.token_urlsafe(16)
            self._oauth.codes[code] = _Grant(client_id, granted)
        return code

    def consent(self, authorization_url: str) -> str:
        """Where the merchant's browser goes once they consent to ``authorization_url``: the app's
        redirect URI with ``code`` and ``state``. ``ValueError`` for what Loyverse's consent page
        would refuse (an unknown app, another redirect URI, a ``response_type`` not ``code``)."""
        url = urlsplit(authorization_url)
        query = dict(parse_qsl(url.query, keep_blank_values=True))
        if url.path != AUTHORIZE_PATH or query.get("response_type") != "code":
            raise ValueError("not an authorization URL with response_type=code")
        client_id, redirect_uri = query.get("client_id", ""), query.get("redirect_uri")
        with self._lock:
            app = self._oauth.apps.get(client_id)
        if app is None or app.redirect_uri != redirect_uri:
            raise ValueError(f"no app {client_id!r} with the redirect URI {redirect_uri!r}")
        code = self.authorize(client_id, query.get("scope", "").split(" "))
        answer = {"code": code, **({"state": query["state"]} if "state" in query else {})}
        return f"{redirect_uri}{'&' if '?' in app.redirect_uri else '?'}{urlencode(answer)}"

    def revoke(self, refresh_token: str) -> None:
        """End the grant of ``refresh_token``: it is refused, and its access tokens get 401."""
        with self._lock:
            grant = self._oauth.refresh.pop(refresh_token, None)
            if grant is None:
                raise KeyError("no such refresh token")
            grant.revoked = True

    # --- what handle() calls, under the lock ----------------------------------------------------

    def _authenticate(self, authorization: str | None) -> Access:
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() == "bearer":
            if hmac.compare_digest(token.encode(), self.access_token.encode()):
                return Access()
            issued = self._oauth.access.get(token)
            if issued is not None and not issued[0].revoked and self._clock() < issued[1]:
                return Access(issued[0])
        # Never echo the token: error bodies end up in logs.
        raise ApiError.one(401, "UNAUTHORIZED", "The access token is missing or invalid")

    def _token_endpoint(self, method: str, headers: Mapping[str, str], body: bytes) -> object:
        if method != "POST":
            raise ApiError.one(404, "NOT_FOUND", f"There is no {method} {TOKEN_PATH}")
        if headers.get("content-type", "").split(";")[0].strip().lower() != _FORM:
            raise OAuthError.one(400, "invalid_request", f"the body must be {_FORM}")
        form = dict(parse_qsl(body.decode("utf-8", "replace")))
        client_id = self._client(form)
        kind = form.get("grant_type")
        tokens = self._oauth
        if kind == "authorization_code":
            grant = tokens.codes.pop(form.get("code", ""), None)
            if grant is None or grant.client_id != client_id:
                raise OAuthError.one(400, "invalid_grant", "the code is invalid or already used")
            if form.get("redirect_uri") != tokens.apps[client_id].redirect_uri:
                raise OAuthError.one(400, "invalid_grant", "redirect_uri does not match")
        elif kind == "refresh_token":
            grant = tokens.refresh.get(form.get("refresh_token", ""), None)
            if grant is None or grant.client_id != client_id:
                raise OAuthError.one(400, "invalid_grant", "the refresh token is invalid")
            del tokens.refresh[form["refresh_token"]]  # rotated: good once
        else:
            raise OAuthError.one(400, "unsupported_grant_type", f"grant_type {kind!r}")
        return self._issue(grant)

    def _client(self, form: Mapping[str, str]) -> str:
        client_id = form.get("client_id", "")
        app = self._oauth.apps.get(client_id)
        secret = form.get("client_secret", "").encode()
        if app is None or not hmac.compare_digest(secret, app.client_secret.encode()):
            raise OAuthError.one(401, "invalid_client", "unknown client or wrong client secret")
        return client_id

    def _issue(self, grant: _Grant) -> dict[str, Any]:
        access, refresh = "at-" + secrets.token_urlsafe(24), "rt-" + secrets.token_urlsafe(24)
        self._oauth.access[access] = (grant, self._clock() + ACCESS_TOKEN_SECONDS)
        self._oauth.refresh[refresh] = grant
        answer: dict[str, Any] = {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": ACCESS_TOKEN_SECONDS,
            "refresh_token": refresh,
            "scope": " ".join(sorted(scope.value for scope in grant.scopes)),
        }
        if Scope.OPENID in grant.scopes:
            header = _b64(json.dumps({"typ": "JWT", "alg": "RS256"}).encode())
            claims = _b64(json.dumps(self._claims(grant)).encode())
            answer["id_token"] = f"{header}.{claims}.{_b64(secrets.token_bytes(32))}"
        return answer

    def _claims(self, grant: _Grant | None) -> dict[str, Any]:
        merchant = self._merchant
        claims: dict[str, Any] = {
            "sub": merchant["id"],
            "name": merchant["business_name"],
            "email": merchant["email"],
            "country": (merchant["country"] or "").lower() or None,
            "created_at": merchant["created_at"],
        }
        if grant is not None:
            issued = int((self._wall_origin + timedelta(seconds=self._clock())).timestamp())
            claims.update(
                aud=grant.client_id,
                iss=ISSUER,
                iat=issued,
                exp=issued + ACCESS_TOKEN_SECONDS,
            )
        return claims

    def _userinfo(self, access: Access, method: str) -> object:
        if method != "GET":
            raise ApiError.one(404, "NOT_FOUND", f"There is no {method} {USERINFO_PATH}")
        return self._claims(access.grant)
