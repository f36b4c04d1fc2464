"""``loyverse oauth url|exchange``: an OAuth app's first token, from the command line.

    loyverse oauth url --client-id ID --redirect-uri URI --scope customers_read --scope openid
    loyverse oauth exchange --client-id ID --redirect-uri URI --code CODE --state S
                            --expected-state S [--out FILE]

The client secret is read from ``LOYVERSE_CLIENT_SECRET`` only: an option's value would stay in
the shell's history. The token goes to stdout (with a warning on stderr: it holds secrets) or
to ``--out FILE``, which only its owner may read.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from loyverse_models.oauth import Scope

from .._core import BASE_URL_ENV_VAR, DEFAULT_BASE_URL
from ..errors import LoyverseError
from ..oauth import OAuthApp, OAuthToken, authorization_url
from ._connect import Session
from ._errors import CommandError, UsageError

__all__ = ["CLIENT_SECRET_ENV_VAR", "add_oauth_commands", "scope_list"]

CLIENT_SECRET_ENV_VAR = "LOYVERSE_CLIENT_SECRET"

_WARNING = (
    "warning: this JSON holds the merchant's access and refresh tokens: store it as you would a "
    "password (or write it with --out FILE, readable by you only)\n"
)


def scope_list(text: str) -> list[Scope]:
    """``customers_read`` or ``CUSTOMERS_READ,ITEMS_READ`` (commas or spaces) as scopes."""
    try:
        return [Scope(name) for name in text.replace(",", " ").split()]
    except ValueError:
        known = ", ".join(name.lower() for name in Scope.__members__)
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a Loyverse scope; one of {known}"
        ) from None


def show_url(session: Session) -> None:
    """``oauth url``: the authorization URL (first line) and its state (second line)."""
    args = session.args
    _refuse_demo(args)
    try:
        url, state = authorization_url(
            args.client_id, args.redirect_uri, args.scope, args.state, base_url=args.base_url
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    session.out.write(f"{url}\n{state}\n")
    session.err.write(
        "Open the URL (first line) in the merchant's browser. Loyverse sends them back to the "
        "redirect URI with code and state: run `loyverse oauth exchange` with them and "
        "--expected-state set to the state above (second line).\n"
    )


def exchange_code(session: Session) -> None:
    """``oauth exchange``: the merchant's first token, as JSON."""
    args = session.args
    _refuse_demo(args)
    secret = os.environ.get(CLIENT_SECRET_ENV_VAR, "")
    if not secret.strip():
        raise UsageError(
            f"set the {CLIENT_SECRET_ENV_VAR} environment variable to the app's client secret "
            "(it is not taken as an option, which would stay in your shell history)"
        )
    try:
        app = OAuthApp(args.client_id, secret, args.redirect_uri, base_url=args.base_url)
        token = app.exchange_code(args.code, state=args.state, expected_state=args.expected_state)
    except (TypeError, ValueError) as exc:  # a refused argument; never a secret's value
        raise UsageError(str(exc)) from None
    except LoyverseError as exc:  # the SDK's message says what to do next
        raise CommandError(str(exc)) from None
    if args.out is None:
        session.err.write(_WARNING)
        session.out.write(_token_json(token))
        return
    _write_private(Path(args.out), _token_json(token))
    session.err.write(
        f"wrote the token to {args.out} (readable by you only); the access token expires at "
        f"{token.expires_at.isoformat()}\n"
    )


def _token_json(token: OAuthToken) -> str:
    return json.dumps(token.to_dict(), indent=2) + "\n"


def _write_private(path: Path, text: str) -> None:
    """``text`` into ``path``, with permissions 0600 from the start (and after, if it existed)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            if hasattr(os, "fchmod"):
                os.fchmod(file.fileno(), 0o600)  # an existing file keeps its mode otherwise
            file.write(text)
    except OSError as exc:
        raise CommandError(f"cannot write {path}: {exc.strerror}") from None


def _refuse_demo(args: argparse.Namespace) -> None:
    if args.demo:
        raise UsageError("--demo has no OAuth app: the oauth commands talk to Loyverse itself")


def add_oauth_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    """``oauth url`` and ``oauth exchange``."""
    group = commands.add_parser(
        "oauth", help="an OAuth app's first token: url, exchange", allow_abbrev=False
    )
    actions = group.add_subparsers(title="actions", metavar="ACTION", required=True)
    url = actions.add_parser(
        "url",
        help="the URL that asks a merchant to connect your app, and its state",
        description="Print the authorization URL (first line) and the state it carries (second "
        "line): keep the state, to check it with `oauth exchange --expected-state`.",
        allow_abbrev=False,
    )
    url.add_argument(
        "--scope",
        required=True,
        action="extend",
        type=scope_list,
        metavar="SCOPE",
        help="a scope to ask for, e.g. customers_read (repeatable; commas also separate)",
    )
    url.add_argument("--state", help="the state to send (default: a fresh unguessable one)")
    url.set_defaults(run=show_url)

    exchange = actions.add_parser(
        "exchange",
        help="exchange the code the merchant came back with for a token",
        description=f"Exchange the code sent to the redirect URI for the merchant's token. The "
        f"client secret is read from ${CLIENT_SECRET_ENV_VAR}. The token is printed as JSON (it "
        "holds secrets), or written to --out FILE with permissions 0600.",
        allow_abbrev=False,
    )
    exchange.add_argument("--code", required=True, help="the code sent to the redirect URI")
    exchange.add_argument("--state", required=True, help="the state sent to the redirect URI")
    exchange.add_argument(
        "--expected-state", required=True, help="the state `oauth url` printed (second line)"
    )
    exchange.add_argument("--out", metavar="FILE", help="write the token there, mode 0600")
    exchange.set_defaults(run=exchange_code)

    for parser in (url, exchange):
        parser.add_argument("--client-id", required=True, metavar="ID", help="the app's id")
        parser.add_argument(
            "--redirect-uri", required=True, metavar="URI", help="as registered for the app"
        )
        parser.add_argument(
            "--base-url",
            default=argparse.SUPPRESS,
            metavar="URL",
            help=f"API base URL (default: ${BASE_URL_ENV_VAR}, else {DEFAULT_BASE_URL}); the "
            "OAuth endpoints are on its host",
        )
