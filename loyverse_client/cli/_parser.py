"""The command line of ``loyverse``: its commands, options and argument types (argparse).

The connection options (``--token``, ``--base-url``, ``--demo``) are accepted before the command
and after it (``loyverse customers list --demo``): each command repeats them with a suppressed
default, so a value given earlier is not overwritten.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from datetime import datetime, timezone

from pydantic import TypeAdapter

from loyverse_models import MAX_PAGE_SIZE, WRITABLE_FIELDS
from loyverse_models._schemas import SCHEMA_MODELS

from .._core import TOKEN_ENV_VAR
from .._version import __version__
from ._commands import (
    export_customers,
    get_customer,
    list_customers,
    print_schema,
    show_demo,
)
from ._connect import DEMO_CUSTOMERS, Session
from ._formats import FILE_FORMATS, FORMATS
from ._writes import create_customer, delete_customer, field_option, update_customer

__all__ = ["aware_datetime", "build_parser", "clearable_field", "id_list"]

_DESCRIPTION = """\
Your Loyverse customers from the command line: list and filter them, fetch one, export them
all to jsonl or csv (resumable), create, update and delete them, print the models' JSON Schemas.

Start with `loyverse demo`: no token needed."""

_EPILOG = f"""\
The access token comes from {TOKEN_ENV_VAR} (Loyverse Back Office > Integrations > Access
tokens); --token also works but leaves it in your shell history. Data goes to stdout, messages to
stderr. Exit codes: 0 success, 1 API or file error, 2 bad usage or a refused value, 130
interrupted, 141 the reader of stdout went away (e.g. `| head`)."""

_DATETIME_HELP = "ISO 8601 with Z or an offset, e.g. 2024-03-01T00:00:00Z"

# pydantic reads ISO 8601 the same on every supported Python, where datetime.fromisoformat of 3.10
# refuses forms that 3.11 reads (".5Z", "+0300"). It also reads "1700000000" as a Unix time, which
# a user is more likely to have typed by mistake: a date must come first.
_DATETIME: TypeAdapter[datetime] = TypeAdapter(datetime)
_DATE_FIRST = re.compile(r"\d{4}-\d{2}-\d{2}(?:[Tt ]|$)", re.ASCII)


def aware_datetime(text: str) -> datetime:
    """An ISO 8601 date-time with ``Z`` or an offset; one without a timezone is refused.

    A filter without a timezone would be moved by hours depending on where the command runs.
    The result keeps the offset given, as a ``datetime.timezone``.
    """
    value = text.strip()
    try:
        if not _DATE_FIRST.match(value):
            raise ValueError(value)
        parsed = _DATETIME.validate_python(value)
    except ValueError:  # pydantic's ValidationError included
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO 8601 date-time; write e.g. 2024-03-01T00:00:00Z"
        ) from None
    offset = parsed.utcoffset()
    if offset is None:
        example = value + ("Z" if "T" in value or " " in value else "T00:00:00Z")
        raise argparse.ArgumentTypeError(
            f"{text!r} has no timezone: add Z for UTC or an offset such as +03:00 (e.g. {example})"
        )
    try:
        parsed.astimezone(timezone.utc)
    except OverflowError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is out of range once converted to UTC"
        ) from None
    return parsed.replace(tzinfo=timezone(offset))


def id_list(text: str) -> list[str]:
    """``a,b,c`` as ``["a", "b", "c"]``; each id is then checked by ``CustomerQuery``."""
    return text.split(",")


_CLEARABLE = [field for field in WRITABLE_FIELDS if field != "name"]


def clearable_field(text: str) -> str:
    """The field that ``--clear`` names, spelled as its option (``phone-number``) or as the API
    spells it (``phone_number``); returned as the API's name."""
    field = text.strip().replace("-", "_")
    if field == "name":
        raise argparse.ArgumentTypeError(
            "name cannot be emptied: Loyverse requires every customer to have one"
        )
    if field not in _CLEARABLE:
        choices = ", ".join(field_option(name)[2:] for name in _CLEARABLE)
        raise argparse.ArgumentTypeError(f"{text!r} is not a field to empty; one of {choices}")
    return field


def _connection_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    def default(value: object) -> object:
        return argparse.SUPPRESS if suppress else value

    group = parser.add_argument_group("connection")
    group.add_argument(
        "--token",
        default=default(None),
        metavar="TOKEN",
        help=f"access token (default: ${TOKEN_ENV_VAR})",
    )
    group.add_argument(
        "--base-url",
        default=default(None),
        metavar="URL",
        help="API base URL (default: https://api.loyverse.com/v1.0)",
    )
    group.add_argument(
        "--demo",
        action="store_true",
        default=default(False),
        help=f"use the built-in fake with {DEMO_CUSTOMERS} sample customers instead of the API",
    )


def _filter_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("filters (combined with AND; time bounds are inclusive)")
    group.add_argument("--ids", type=id_list, metavar="ID,ID", help="only these customer ids")
    group.add_argument("--email", help="only the customer with this exact email")
    for option, meaning in (
        ("--created-min", "created at or after"),
        ("--created-max", "created at or before"),
        ("--updated-min", "updated at or after"),
        ("--updated-max", "updated at or before"),
    ):
        group.add_argument(
            option, type=aware_datetime, metavar="TIME", help=f"{meaning} TIME ({_DATETIME_HELP})"
        )
    parser.add_argument(
        "--limit",
        type=int,
        default=MAX_PAGE_SIZE,
        metavar="N",
        help=f"customers per page, 1 to {MAX_PAGE_SIZE} (default {MAX_PAGE_SIZE}, the API's "
        "largest page: fewest requests)",
    )


def _excel_safe_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--excel-safe",
        action="store_true",
        help="csv for spreadsheets: put a ' before text starting with = + - @, a tab or a "
        "carriage return, so that it is shown, never run as a formula (the cell then differs "
        "from Loyverse's value)",
    )


_FIELD_HELP = {
    "country_code": "ISO 3166-1 alpha-2, e.g. US",
    "customer_code": "the loyalty card code",
    "total_points": "loyalty points, may be fractional",
}


def _field_options(parser: argparse.ArgumentParser, *, creating: bool) -> None:
    group = parser.add_argument_group(
        "fields (Loyverse's limits are checked before sending)"
        + ("" if creating else "; fields not given keep their value")
    )
    for field in WRITABLE_FIELDS:
        group.add_argument(
            field_option(field),
            dest=field,
            default=argparse.SUPPRESS,
            required=creating and field == "name",
            metavar="NUMBER" if field == "total_points" else "TEXT",
            help=_FIELD_HELP.get(field),
        )
    parser.add_argument("--format", choices=FORMATS, default="json", help="default: json")


def _command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    run: Callable[[Session], None],
    *,
    summary: str,
    description: str | None = None,
    connects: bool = True,
) -> argparse.ArgumentParser:
    parser = commands.add_parser(
        name,
        help=summary,
        description=description or summary,
        allow_abbrev=False,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    if connects:
        _connection_options(parser, suppress=True)
    parser.set_defaults(run=run)
    return parser


def build_parser() -> argparse.ArgumentParser:
    """The ``loyverse`` parser; each leaf command sets ``run``, a function of a ``Session``."""
    parser = argparse.ArgumentParser(
        prog="loyverse",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        allow_abbrev=False,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _connection_options(parser, suppress=False)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)

    customers = commands.add_parser(
        "customers",
        help="list, get, export, create, update and delete customers",
        allow_abbrev=False,
    )
    actions = customers.add_subparsers(title="actions", metavar="ACTION", required=True)

    listing = _command(
        actions,
        "list",
        list_customers,
        summary="one page of customers (newest first), or every page with --all",
    )
    _filter_options(listing)
    listing.add_argument("--cursor", help="the page after the one that printed this cursor")
    listing.add_argument("--all", action="store_true", help="follow every page to the end")
    listing.add_argument("--format", choices=FORMATS, default="table", help="default: table")
    _excel_safe_option(listing)

    get = _command(actions, "get", get_customer, summary="one customer by id")
    get.add_argument("id", metavar="ID")
    get.add_argument("--format", choices=FORMATS, default="json", help="default: json")
    _excel_safe_option(get)

    export = _command(
        actions,
        "export",
        export_customers,
        summary="every matching customer into a jsonl or csv file, page by page",
        description="""\
Write every matching customer into FILE, one page at a time, flushing as it goes.

Without --resume, FILE is replaced. With --resume, an interrupted export continues: the last
complete customer in FILE is found again in the listing, and only the customers after it are
appended (no duplicates, no gaps; a cut-off last line is dropped, a csv header is not repeated).
Use the same filters as the first run. Customers created after the first run began are not
added.""",
    )
    export.add_argument(
        "--out", required=True, metavar="FILE", help="the file to write; - is stdout"
    )
    export.add_argument(
        "--format",
        choices=FILE_FORMATS,
        help="default: from FILE's extension (.jsonl, .ndjson or .csv); jsonl for -",
    )
    export.add_argument(
        "--resume", action="store_true", help="continue an interrupted export of FILE"
    )
    _excel_safe_option(export)
    _filter_options(export)

    create = _command(
        actions,
        "create",
        create_customer,
        summary="create a customer; prints it as Loyverse stored it",
        description="""\
Create a customer and print it as Loyverse stored it. Loyverse has no idempotency keys: if the
command fails with a timeout or a server error, the customer may exist anyway, so look it up
before running the command again.""",
    )
    _field_options(create, creating=True)

    update = _command(
        actions,
        "update",
        update_customer,
        summary="change some fields of a customer; prints it after the change",
        description="""\
Change the given fields of a customer; the others keep their value (the SDK reads the customer
and sends its whole writable record). --clear FIELD empties a field.""",
    )
    update.add_argument("id", metavar="ID")
    _field_options(update, creating=False)
    update.add_argument(
        "--clear",
        action="append",
        type=clearable_field,
        metavar="FIELD",
        help="empty this field: "
        + ", ".join(field_option(field)[2:] for field in _CLEARABLE)
        + " (repeatable; name cannot be emptied)",
    )

    delete = _command(
        actions,
        "delete",
        delete_customer,
        summary="delete a customer, after a y/N confirmation",
    )
    delete.add_argument("id", metavar="ID")
    delete.add_argument("-y", "--yes", action="store_true", help="do not ask for confirmation")

    schema = _command(
        commands, "schema", print_schema, summary="print a model's JSON Schema", connects=False
    )
    schema.add_argument(
        "model", metavar="MODEL", choices=list(SCHEMA_MODELS), help=", ".join(SCHEMA_MODELS)
    )

    _command(
        commands,
        "demo",
        show_demo,
        summary="a tour of the SDK against the built-in fake (no token, no network)",
        connects=False,
    )
    return parser
