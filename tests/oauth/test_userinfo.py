"""``client.userinfo()``: OpenID's ``GET /userinfo`` on the bare host, read into ``UserInfo``."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from loyverse_client.errors import PermissionDeniedError
from loyverse_client.oauth import OAuthSession, Scope
from loyverse_models import UserInfo
from tests.helpers import TOKEN, Recorder, json_response
from tests.oauth.helpers import CLIENT_ID, account, app_of, connect

DOCUMENTED = {  # the claims of the contract's id_token example
    "aud": "8e8e5a32-bab4-4f69-b5b8-1a3d5e0cfa94",
    "exp": 1593525498,
    "iat": 1593521898,
    "iss": "https://api.loyverse.com",
    "sub": "6b3e6c2c-8b55-4b36-b0c3-1b1c0a7e6d4f",
    "country": "jp",
    "name": "Mon Cafe",
    "email": "owner@example.com",
    "created_at": "2020-06-30T15:30:00+03:00",
}


@pytest.mark.parametrize(
    ("base_url", "url"),
    [
        pytest.param(None, "https://api.loyverse.com/userinfo", id="real API"),
        pytest.param("http://127.0.0.1:8080/v1.0", "http://127.0.0.1:8080/userinfo", id="local"),
    ],
)
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_userinfo_reads_the_documented_claims_from_the_bare_host(
    mode: str, base_url: str | None, url: str
) -> None:
    server = Recorder(json_response(200, {**DOCUMENTED, "locale": "ja"}))
    if mode == "sync":
        with server.client(base_url=base_url) as client:
            info = client.userinfo()
    else:

        async def main() -> UserInfo:
            async with server.async_client(base_url=base_url) as client:
                return await client.userinfo()

        info = asyncio.run(main())
    (request,) = server.requests
    assert (request.method, str(request.url)) == ("GET", url)
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert info.created_at == datetime(2020, 6, 30, 12, 30, tzinfo=timezone.utc)
    assert info.created_at is not None
    assert info.created_at.utcoffset() == timedelta(hours=3)  # the offset it was sent with
    assert (info.sub, info.country, info.exp, info.aud) == (
        DOCUMENTED["sub"],
        "jp",
        1593525498,
        DOCUMENTED["aud"],
    )
    assert info.raw["locale"] == "ja"


@pytest.mark.parametrize(
    "claims",
    [
        pytest.param({"sub": "u1"}, id="only sub"),
        pytest.param({"sub": "u1", "name": None, "created_at": "2020-06-30T12:30:00Z"}, id="nulls"),
    ],
)
def test_userinfo_is_tolerant_of_missing_claims(claims: dict[str, Any]) -> None:
    info = UserInfo.model_validate(claims)
    assert info.sub == "u1"
    assert (info.name, info.email, info.aud, info.exp) == (None, None, None, None)


def test_the_fake_answers_the_merchants_claims_to_a_token_with_openid() -> None:
    fake = account()
    merchant = fake.set_merchant({"business_name": "Mon Cafe", "country": "JP", "email": "o@e.jp"})
    session = OAuthSession(app_of(fake), connect(fake, [Scope.OPENID]))
    with fake.client(oauth=session) as client:
        info = client.userinfo()
    assert (info.sub, info.name, info.email, info.country) == (
        merchant["id"],
        "Mon Cafe",
        "o@e.jp",
        "jp",
    )
    assert (info.aud, info.iss) == (CLIENT_ID, "https://api.loyverse.com")
    assert info.exp is not None
    assert info.iat is not None
    assert info.exp - info.iat == 12 * 3600


def test_userinfo_needs_openid() -> None:
    fake = account()
    session = OAuthSession(app_of(fake), connect(fake, [Scope.CUSTOMERS_READ]))
    with fake.client(oauth=session) as client, pytest.raises(PermissionDeniedError, match="OPENID"):
        client.userinfo()
