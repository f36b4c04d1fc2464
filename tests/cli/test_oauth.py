"""``loyverse oauth url|exchange``: the authorization URL and its state, then the first token,
from a fake Loyverse served on loopback; the client secret only ever from the environment."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from loyverse_client.oauth import OAuthToken, Scope
from loyverse_client.testing import FakeLoyverse, FakeLoyverseServer
from tests.cli.helpers import Run
from tests.oauth.helpers import CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, account

APP = ["--client-id", CLIENT_ID, "--redirect-uri", REDIRECT_URI]


@pytest.mark.parametrize(
    "scopes",
    [
        pytest.param(["--scope", "customers_read", "--scope", "openid"], id="repeated"),
        pytest.param(["--scope", "CUSTOMERS_READ,openid"], id="commas"),
        pytest.param(["--scope", "customers_read openid", "--scope", "OPENID"], id="spaces, twice"),
    ],
)
def test_url_prints_the_authorization_url_and_its_state(run: Run, scopes: list[str]) -> None:
    result = run("oauth", "url", *APP, *scopes, "--state", "st-1")
    assert result.code == 0, result.err
    url, state = result.out.splitlines()
    query = parse_qs(urlsplit(url).query)
    assert url.startswith("https://api.loyverse.com/oauth/authorize?")
    assert query["scope"] == ["CUSTOMERS_READ OPENID"]
    assert "scope=CUSTOMERS_READ%20OPENID" in url
    assert (query["state"], state) == (["st-1"], "st-1")
    assert "--expected-state" in result.err


def test_url_makes_a_fresh_state_when_none_is_given(run: Run) -> None:
    states = {run("oauth", "url", *APP, "--scope", "openid").out.split()[1] for _ in range(3)}
    assert len(states) == 3


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        pytest.param(["url", *APP, "--scope", "items_reed"], "items_reed", id="unknown scope"),
        pytest.param(["url", *APP], "--scope", id="no scope"),
        pytest.param(["url", "--scope", "openid"], "--client-id", id="no client id"),
        pytest.param(["exchange", *APP, "--code", "c"], "--state", id="no state"),
    ],
)
def test_bad_usage_is_refused_with_exit_code_2(run: Run, argv: list[str], said: str) -> None:
    result = run("oauth", *argv)
    assert result.code == 2
    assert said in result.err


def test_demo_has_no_oauth_app(run: Run) -> None:
    result = run("--demo", "oauth", "url", *APP, "--scope", "openid")
    assert (result.code, result.out) == (2, "")
    assert "--demo has no OAuth app" in result.err


# --- exchange, against a fake served on loopback --------------------------------------------


@pytest.fixture
def served() -> Iterator[tuple[FakeLoyverse, str]]:
    fake = account()
    with FakeLoyverseServer(fake) as server:
        yield fake, server.base_url


def exchange(run: Run, base_url: str, code: str, *more: str) -> tuple[int, str, str]:
    result = run(
        "oauth", "exchange", *APP, "--base-url", base_url, "--code", code,
        "--state", "st", "--expected-state", "st", *more,
    )  # fmt: skip
    return result.code, result.out, result.err


def assert_no_secret(text: str, *secrets: str) -> None:
    for secret in (CLIENT_SECRET, *secrets):
        assert secret not in text


@pytest.mark.realtime
def test_exchange_prints_the_token_with_a_warning(
    run: Run, served: tuple[FakeLoyverse, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake, base_url = served
    monkeypatch.setenv("LOYVERSE_CLIENT_SECRET", CLIENT_SECRET)
    code = fake.authorize(CLIENT_ID, ["customers_read"])
    status, out, err = exchange(run, base_url, code)
    assert status == 0, err
    token = OAuthToken.from_dict(json.loads(out))
    assert token.scopes == {Scope.CUSTOMERS_READ}
    assert "warning: this JSON holds the merchant's access and refresh tokens" in err
    assert_no_secret(out + err, code)
    assert_no_secret(err, token.access_token, token.refresh_token or "")
    (request,) = fake.requests
    assert parse_qs(request.content.decode())["client_secret"] == [CLIENT_SECRET]


@pytest.mark.realtime
@pytest.mark.parametrize("existed", [False, True], ids=["new file", "existing file"])
def test_exchange_writes_the_token_readable_by_its_owner_only(
    run: Run,
    served: tuple[FakeLoyverse, str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    existed: bool,
) -> None:
    fake, base_url = served
    monkeypatch.setenv("LOYVERSE_CLIENT_SECRET", CLIENT_SECRET)
    out_file = tmp_path / "token.json"
    if existed:
        out_file.write_text("old")
        out_file.chmod(0o644)
    code = fake.authorize(CLIENT_ID, ["openid"])
    status, out, err = exchange(run, base_url, code, "--out", str(out_file))
    assert (status, out) == (0, ""), err
    token = OAuthToken.from_dict(json.loads(out_file.read_text()))
    assert token.id_token is not None
    if os.name == "posix":
        assert stat.S_IMODE(out_file.stat().st_mode) == 0o600
    assert f"wrote the token to {out_file}" in err
    assert_no_secret(err, code, token.access_token, token.refresh_token or "")


@pytest.mark.realtime
@pytest.mark.parametrize(
    ("secret", "state", "code", "said"),
    [
        pytest.param(None, "st", 2, "set the LOYVERSE_CLIENT_SECRET", id="no secret"),
        pytest.param(CLIENT_SECRET, "forged", 1, "forged (CSRF)", id="state mismatch"),
    ],
)
def test_exchange_sends_nothing_without_the_secret_or_with_another_state(
    run: Run,
    served: tuple[FakeLoyverse, str],
    monkeypatch: pytest.MonkeyPatch,
    secret: str | None,
    state: str,
    code: int,
    said: str,
) -> None:
    fake, base_url = served
    if secret is not None:
        monkeypatch.setenv("LOYVERSE_CLIENT_SECRET", secret)
    result = run(
        "oauth", "exchange", *APP, "--base-url", base_url, "--code", "c0de",
        "--state", state, "--expected-state", "st",
    )  # fmt: skip
    assert (result.code, result.out) == (code, "")
    assert said in result.err
    assert fake.requests == []


@pytest.mark.realtime
def test_a_refused_code_says_what_to_do_and_shows_no_secret(
    run: Run, served: tuple[FakeLoyverse, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake, base_url = served
    monkeypatch.setenv("LOYVERSE_CLIENT_SECRET", CLIENT_SECRET)
    code = fake.authorize(CLIENT_ID, ["openid"])
    assert exchange(run, base_url, code)[0] == 0
    status, out, err = exchange(run, base_url, code)  # a code is good once
    assert (status, out) == (1, "")
    assert "invalid_grant" in err
    assert "authorization_url() again" in err
    assert_no_secret(err, code)
