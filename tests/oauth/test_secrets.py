"""No secret of OAuth (the client secret, a code, an access, refresh or id token) in any repr,
str, log line, error or pickle, through a whole connection's life."""

from __future__ import annotations

import logging
import pickle

import pytest

from loyverse_client.errors import AuthenticationError, LoyverseError
from loyverse_client.oauth import OAuthSession
from tests.oauth.helpers import (
    CLIENT_ID,
    CLIENT_SECRET,
    TWELVE_HOURS,
    Refreshes,
    account,
    app_of,
)


def test_a_connections_whole_life_shows_no_secret(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    fake = account()
    app = app_of(fake)
    code = fake.authorize(CLIENT_ID, ["customers_read", "openid"])
    token = app.exchange_code(code, state="s", expected_state="s")
    refreshes = Refreshes()
    session = OAuthSession(app, token, on_refresh=refreshes)
    shown: list[str] = []
    errors: list[LoyverseError] = []
    with fake.client(oauth=session) as client:
        client.customers.list()  # with the first token
        client.userinfo()
        fake.clock.advance(TWELVE_HOURS)
        client.customers.list()  # refreshed first
        try:
            client.items.list()  # not granted
        except LoyverseError as forbidden:
            errors.append(forbidden)
        fake.revoke(session.token.refresh_token or "")  # its access token now gets 401
        for _ in range(2):  # refused, then refused again without a request
            with pytest.raises(AuthenticationError) as raised:
                client.customers.list()
            errors.append(raised.value)
        shown += [repr(client), repr(session), repr(app), repr(session.token), str(session.token)]
    tokens = [token, *refreshes.tokens]
    secrets = [CLIENT_SECRET, code] + [
        value
        for each in tokens
        for value in (each.access_token, each.refresh_token, each.id_token)
        if value is not None
    ]
    assert len(tokens) == 2
    assert len(secrets) == 2 + 3 * len(tokens)
    for each_error in errors:
        shown += [str(each_error), repr(each_error), repr(vars(each_error))]
        shown.append(pickle.dumps(each_error).decode("latin-1"))
    shown.append(caplog.text)
    assert "refreshed the OAuth access token" in caplog.text
    assert "got 401; refreshing the OAuth token" in caplog.text
    for text in shown:
        for secret in secrets:
            assert secret not in text


def test_an_exchange_refused_by_the_fake_shows_no_secret(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    fake = account()
    app = app_of(fake)
    code = fake.authorize(CLIENT_ID, ["openid"])
    app.exchange_code(code, state="s", expected_state="s")
    with pytest.raises(AuthenticationError) as raised:
        app.exchange_code(code, state="s", expected_state="s")  # a code is good once
    copied = pickle.loads(pickle.dumps(raised.value))
    for text in (
        str(raised.value),
        repr(copied.response.request),
        caplog.text,
        copied.response.text,
    ):
        assert CLIENT_SECRET not in text
        assert code not in text
