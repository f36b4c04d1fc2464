"""``loyverse``: the command line of the SDK.

    loyverse [--token TOKEN] [--base-url URL] [--demo] COMMAND
        RESOURCE list     [filters] [--limit N] [--cursor C] [--all]
                          [--format table|json|jsonl|csv] [--excel-safe]
        RESOURCE get      ID [--format json|table|jsonl|csv] [--excel-safe]
        RESOURCE export   --out FILE|- [--format jsonl|csv] [--resume] [filters] [--limit N]
                          [--excel-safe]
        customers create  --name NAME [--email ...] [other writable fields] [--format F]
        customers update  ID [--name ...] [--email ...] [--clear FIELD] [--format F]
        customers delete  ID [--yes]
        WRITABLE create   --json FILE|- | [simple fields as options] [--format F]
        WRITABLE update   ID --json FILE|- | [fields as options] [--clear FIELD] [--format F]
        WRITABLE delete   ID [--yes]
        items image       ITEM_ID FILE (.png .jpg .gif .webp);  items delete-image ITEM_ID
        inventory set     VARIANT_ID STORE_ID STOCK
        inventory import  FILE.csv [--apply]   (variant_id,store_id,stock_after or sku,store,...)
        receipts list|export [--day YYYY-MM-DD [--tz ZONE]]   (csv: a row per line item)
        receipts create   --json FILE|- | --store ID --line VARIANT:QTY[:PRICE] ... [--payment ID]
                          [--order NAME] [--note TEXT] [--receipt-date TIME] [--format F]
        receipts refund   RECEIPT_NUMBER --line LINE_ID:QTY ... | --json FILE|- [--format F]
        webhooks create   --url URL --type TYPE [--disabled] [--format F]
        webhooks update   ID [--url URL] [--type TYPE] [--enable|--disable] [--format F]
        webhooks delete   ID [--yes]
        merchant          [--format json|table]
        sync              --db FILE [RESOURCE ...] [--full]   (a local copy in SQLite, updated)
        oauth url         --client-id ID --redirect-uri URI --scope SCOPE... [--state S]
        oauth exchange    --client-id ID --redirect-uri URI --code CODE --state S
                          --expected-state S [--out FILE]   (secret: $LOYVERSE_CLIENT_SECRET)
        schema            MODEL (Customer, CustomerPage, CustomerQuery, CustomerCreate, ...)
        demo

    RESOURCE: every resource of ``RESOURCES`` (customers, items, variants, categories, modifiers,
    discounts, taxes, inventory, stores, employees, payment_types, pos_devices, shifts,
    suppliers, receipts, webhooks); its commands are generated from its declaration. ``--limit`` and
    ``--cursor`` exist where the list pages, ``get`` where the API has it, ``--resume`` where the
    list pages in order of creation (refused elsewhere).

    WRITABLE: items, variants, categories, modifiers, discounts, taxes, suppliers, pos_devices.

    filters: the resource's query, one option each: --<name>-ids ID,ID (customers: --ids),
             --created-min/--created-max/--updated-min/--updated-max TIME (ISO 8601 with Z or an
             offset), --show-deleted, --store-id ID, --sku SKU, --email EMAIL, --receipt-numbers N,N

The token comes from ``LOYVERSE_ACCESS_TOKEN`` (or ``--token``) and is never printed; the API's
address from ``--base-url``, else ``LOYVERSE_BASE_URL``, else the real API. ``--demo`` runs any
command against the built-in fake instead. Data goes to stdout, messages to stderr.
Exit codes: 0 success, 1 the API or a file failed (``error: CODE: details``), 2 bad usage or a
value the models refused before any request, 130 interrupted, 141 (128 + SIGPIPE, silently) when
the reader of stdout went away, as with ``loyverse customers list | head``.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import sys
from collections.abc import Sequence

from pydantic import ValidationError

from loyverse_client._core import TOKEN_ENV_VAR
from loyverse_client.errors import LoyverseError

from ._connect import ClientFactory, Session, network_client
from ._errors import (
    EXIT_BROKEN_PIPE,
    EXIT_FAILURE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    CommandError,
    describe_api_error,
    describe_input_error,
)
from ._oauth import CLIENT_SECRET_ENV_VAR
from ._parser import build_parser
from ._status import StatusLine

__all__ = ["ClientFactory", "main"]


def main(argv: Sequence[str] | None = None, *, client_factory: ClientFactory | None = None) -> int:
    """Run ``loyverse`` with ``argv`` (default: ``sys.argv[1:]``) and return its exit code.

    ``client_factory`` replaces how the API client is built from ``--token`` and ``--base-url``;
    it exists for tests, e.g. ``lambda **_: fake.client(max_retries=0)`` with a ``FakeLoyverse``.
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    out, err = sys.stdout, sys.stderr
    secrets = _secrets(arguments)
    parser = build_parser()
    usage = io.StringIO()
    try:
        # argparse writes its usage errors to sys.stderr itself; catch them to redact the token.
        with contextlib.redirect_stderr(usage):
            args = parser.parse_args(arguments)
    except SystemExit as exc:
        err.write(_redact(usage.getvalue(), secrets))
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    session = Session(args, out, err, sys.stdin, client_factory or network_client, StatusLine(err))
    try:
        args.run(session)
        out.flush()  # here, not at exit: a reader gone by now is a broken pipe like any other
    except ValidationError as exc:
        return _fail(session, describe_input_error(exc), EXIT_USAGE, secrets)
    except CommandError as exc:
        return _fail(session, str(exc), exc.exit_code, secrets)
    except LoyverseError as exc:
        return _fail(session, describe_api_error(exc), EXIT_FAILURE, secrets)
    except KeyboardInterrupt:
        return _fail(session, "interrupted", EXIT_INTERRUPTED, secrets)
    except BrokenPipeError:
        # The reader went away (`loyverse customers list | head`): not an error worth a word.
        _detach_stdout()
        return EXIT_BROKEN_PIPE
    return EXIT_OK


def _secrets(arguments: list[str]) -> list[str]:
    found = [os.environ.get(TOKEN_ENV_VAR, ""), os.environ.get(CLIENT_SECRET_ENV_VAR, "")]
    for index, argument in enumerate(arguments):
        for option in ("--token", "--code"):  # an OAuth code is good once, but a secret till then
            if argument == option and index + 1 < len(arguments):
                found.append(arguments[index + 1])
            elif argument.startswith(f"{option}="):
                found.append(argument.partition("=")[2])
    return [secret for secret in found if secret.strip()]


def _redact(text: str, secrets: list[str]) -> str:
    """``text`` with each secret replaced by ``[token]`` where it stands as a whole token.

    Error messages never include the token by design; this guards against one that would. Only a
    whole occurrence counts, one not touching a letter, digit, ``_`` or ``-``: a short token such
    as ``abc`` must not turn ``abcdef`` into ``[token]def``.
    """
    for secret in sorted(secrets, key=len, reverse=True):
        whole = re.compile(rf"(?<![\w-]){re.escape(secret)}(?![\w-])")
        text = whole.sub("[token]", text)
    return text


def _fail(session: Session, message: str, code: int, secrets: list[str]) -> int:
    try:
        session.out.flush()
    except BrokenPipeError:
        _detach_stdout()  # the error is what matters; the reader of stdout is gone anyway
    session.err.write(_redact(f"error: {message}\n", secrets))
    return code


def _detach_stdout() -> None:
    # Python would report the broken pipe again when flushing stdout at exit.
    with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
