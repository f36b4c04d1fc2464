"""The command line of ``loyverse``: its commands, options and argument types (argparse).

The connection options (``--token``, ``--base-url``, ``--demo``) are accepted before the command
and after it (``loyverse customers list --demo``): each command repeats them with a suppressed
default, so a value given earlier is not overwritten.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from datetime import date, datetime, timezone, tzinfo
from functools import partial
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import TypeAdapter

from loyverse_models import MAX_PAGE_SIZE, WRITABLE_FIELDS
from loyverse_models._schemas import SCHEMA_MODELS

from .._core import BASE_URL_ENV_VAR, DEFAULT_BASE_URL, TOKEN_ENV_VAR
from .._resource import MAX_CONCURRENCY
from .._version import __version__
from ._catalogue import add_catalogue_writes
from ._commands import (
    export_objects,
    get_object,
    list_objects,
    print_schema,
    show_demo,
    show_merchant,
)
from ._connect import DEMO_CUSTOMERS, Session
from ._formats import FILE_FORMATS, FORMATS
from ._oauth import add_oauth_commands
from ._receipts import create_receipt, refund_line, refund_receipt, sale_line
from ._stock import add_stock_commands
from ._sync import add_sync_command
from ._views import CATALOGUE_WRITES, VIEWS, View
from ._webhooks import add_webhook_writes
from ._writes import create_customer, delete_customer, field_option, update_customer

__all__ = [
    "aware_datetime",
    "build_parser",
    "clearable_field",
    "id_list",
    "local_day",
    "time_zone",
]

_DESCRIPTION = """\
Your Loyverse account from the command line: list and filter customers, receipts, items,
variants, stock levels, stores, shifts and every other resource, fetch one, export them all to
jsonl or csv (resumable where the list allows), the receipts of a local business day, create,
update and delete customers and the catalogue, set and import stock, upload item images, record
sales and refunds, manage webhooks, get an OAuth token, print the models' JSON Schemas.

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


def _concurrency(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_CONCURRENCY:
        raise argparse.ArgumentTypeError(
            f"expected a whole number from 1 to {MAX_CONCURRENCY}, got {text!r}"
        )
    return value


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


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def local_day(text: str) -> date:
    """``--day``: a calendar date, ``YYYY-MM-DD``."""
    try:
        if not _DAY.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date: write YYYY-MM-DD, e.g. 2024-03-31"
        ) from None


def time_zone(text: str) -> tzinfo:
    """``--tz``: an IANA time zone name (``Europe/Paris``); ``UTC`` needs no time zone database."""
    if text in ("UTC", "Z"):
        return timezone.utc
    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        if not available_timezones():  # Windows without the tzdata package, say
            raise argparse.ArgumentTypeError(
                f"{text!r} cannot be looked up: this Python has no time zone database; install "
                "it with `pip install tzdata`, or give the day in UTC"
            ) from None
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an IANA time zone name such as Europe/Paris, America/New_York or UTC"
        ) from None


def id_list(text: str) -> list[str]:
    """``a,b,c`` as ``["a", "b", "c"]``; each id is then checked by the resource's query."""
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
        help=f"API base URL (default: ${BASE_URL_ENV_VAR}, else {DEFAULT_BASE_URL})",
    )
    group.add_argument(
        "--demo",
        action="store_true",
        default=default(False),
        help=f"use the built-in fake with {DEMO_CUSTOMERS} sample customers instead of the API",
    )


def _filter_options(parser: argparse.ArgumentParser, view: View) -> None:
    group = parser.add_argument_group("filters (combined with AND; time bounds are inclusive)")
    options = view.options()
    for name in view.filters():
        option, meaning = options[name], view.help_of(name)
        if name.endswith(("_min", "_max")):
            group.add_argument(
                option,
                dest=name,
                type=aware_datetime,
                metavar="TIME",
                help=f"{meaning} ({_DATETIME_HELP})",
            )
        elif name == "show_deleted":
            group.add_argument(option, dest=name, action="store_true", help=meaning)
        elif view.takes_list(name):
            group.add_argument(option, dest=name, type=id_list, metavar="ID,ID", help=meaning)
        else:
            group.add_argument(option, dest=name, help=meaning)
    if view.day is not None:
        replaced = ", ".join(options[name] for name in view.day.replaces)
        group.add_argument(
            "--day",
            type=local_day,
            metavar="YYYY-MM-DD",
            help=f"only the {view.shape.name} whose {view.day.field} is on this day in --tz, "
            "every page of them: asks for those received from the day's start on (an offline "
            f"sale arrives later) and keeps the day's; not with {replaced} or --cursor",
        )
        group.add_argument(
            "--tz",
            type=time_zone,
            metavar="ZONE",
            help="the time zone of --day, an IANA name such as Europe/Paris (default: UTC); "
            "daylight-saving days are 23 or 25 hours long",
        )
    if view.resource.paginated:
        parser.add_argument(
            "--limit",
            type=int,
            default=MAX_PAGE_SIZE,
            metavar="N",
            help=f"{view.shape.name} per page, 1 to {MAX_PAGE_SIZE} (default {MAX_PAGE_SIZE}, "
            "the API's largest page: fewest requests)",
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

    for view in VIEWS:
        actions = _resource_commands(commands, view)
        if view.name == "customers":
            _customer_writes(actions)
        elif view.name == "receipts":
            _receipt_writes(actions)
        elif view.name == "webhooks":
            add_webhook_writes(actions, _command)
        elif view.name in CATALOGUE_WRITES:
            add_catalogue_writes(actions, view, _command)
        elif view.name == "inventory":
            add_stock_commands(actions, view, _command)

    merchant = _command(
        commands, "merchant", show_merchant, summary="the merchant: the account's profile"
    )
    merchant.add_argument(
        "--format", choices=("json", "table"), default="json", help="default: json"
    )

    schema = _command(
        commands, "schema", print_schema, summary="print a model's JSON Schema", connects=False
    )
    schema.add_argument(
        "model", metavar="MODEL", choices=list(SCHEMA_MODELS), help=", ".join(SCHEMA_MODELS)
    )

    add_oauth_commands(commands)
    add_sync_command(commands, _command)

    _command(
        commands,
        "demo",
        show_demo,
        summary="a tour of the SDK against the built-in fake (no token, no network)",
        connects=False,
    )
    return parser


_RESUMABLE = """\
Without --resume, FILE is replaced. With --resume, an interrupted export continues: the last
complete {noun} in FILE is found again in the listing, and only the {name} after it are
appended (no duplicates, no gaps; a cut-off last line is dropped, a csv header is not repeated).
Use the same filters as the first run. {Name} created after the first run began are not
added."""

_CONCURRENT = """\
With --concurrency N, N windows of creation time are walked at once and each page is written as
it arrives: newest first within a window, windows interleaved. Such an export keeps its place in
FILE.progress.json, from which --resume continues it exactly (whatever --concurrency it is given).
"""

_NOT_RESUMABLE = """\
FILE is replaced. --resume is not available for {name}: {why}, so an interrupted export is run
again from the start."""


def _resource_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], view: View
) -> argparse._SubParsersAction[argparse.ArgumentParser]:
    """``<resource> list``, ``get`` (where the API has it) and ``export``, from the
    declaration."""
    resource, name, noun = view.resource, view.shape.name, view.shape.noun
    verbs = ["list", *(["get"] if resource.gettable else []), "export", *view.writes]
    said = f"{', '.join(verbs[:-1])} and {verbs[-1]}"
    group = commands.add_parser(view.name, help=f"{said} {name}", allow_abbrev=False)
    actions = group.add_subparsers(title="actions", metavar="ACTION", required=True)

    order = "" if resource.created_field is None else " (newest first)"
    summary = (
        f"one page of {name}{order}, or every page with --all"
        if resource.paginated
        else f"every {noun} (the API answers the whole list at once)"
    )
    csv_doc = f"\n\n{view.shape.csv.doc}" if view.shape.csv.doc else ""
    listing = _command(
        actions,
        "list",
        partial(list_objects, view),
        summary=summary,
        description=f"{summary[0].upper()}{summary[1:]}.{csv_doc}",
    )
    _filter_options(listing, view)
    if resource.paginated:
        listing.add_argument("--cursor", help="the page after the one that printed this cursor")
    listing.add_argument("--all", action="store_true", help="follow every page to the end")
    listing.add_argument("--format", choices=FORMATS, default="table", help="default: table")
    _excel_safe_option(listing)

    if resource.gettable:
        by = "number" if resource.key == ("receipt_number",) else "id"
        get = _command(
            actions,
            "get",
            partial(get_object, view),
            summary=f"one {noun} by {by}",
            description=f"One {noun} by {by}.{csv_doc}",
        )
        get.add_argument("id", metavar="ID")
        get.add_argument("--format", choices=FORMATS, default="json", help="default: json")
        _excel_safe_option(get)

    if view.resumable:
        after = _RESUMABLE.format(noun=noun, name=name, Name=name.capitalize())
        if view.shape.csv.grouped:
            after += (
                f" In csv, where a {noun} takes several rows, the file's last {noun} is written "
                "again: its rows may have been cut off."
            )
        resume_help = "continue an interrupted export of FILE"
        if resource.windowed:
            after += "\n\n" + _CONCURRENT.rstrip()
    else:
        why = (
            "the API answers the whole list at once"
            if not resource.paginated
            else f"{name} have no creation time to order the list by"
        )
        after = _NOT_RESUMABLE.format(name=name, why=why)
        resume_help = f"not available for {name} ({why})"
    export = _command(
        actions,
        "export",
        partial(export_objects, view),
        summary=f"every matching {noun} into a jsonl or csv file, page by page",
        description=f"Write every matching {noun} into FILE, one page at a time, flushing as "
        f"it goes.\n\n{after}{csv_doc}",
    )
    export.add_argument(
        "--out", required=True, metavar="FILE", help="the file to write; - is stdout"
    )
    export.add_argument(
        "--format",
        choices=FILE_FORMATS,
        help="default: from FILE's extension (.jsonl, .ndjson or .csv); jsonl for -",
    )
    export.add_argument("--resume", action="store_true", help=resume_help)
    if resource.windowed:
        export.add_argument(
            "--concurrency",
            type=_concurrency,
            default=1,
            metavar="N",
            help=f"walk N windows of creation time at once (1-{MAX_CONCURRENCY}, default 1): "
            "many times faster on a long list; the file is then not newest first",
        )
    _excel_safe_option(export)
    _filter_options(export, view)
    return actions


def _customer_writes(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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


_BOOKED_TWICE = """\
Loyverse has no idempotency keys: if the command fails with a timeout or a server error, the
{what} may have been booked anyway, and it is not sent again. The error says how to look for it;
do so before running the command again."""


def _write_input(parser: argparse.ArgumentParser, model: str, line: str, line_help: str) -> None:
    """``--json FILE|-`` and ``--line`` (repeatable), and ``--format`` of the printed receipt."""
    parser.add_argument(
        "--json",
        metavar="FILE",
        help=f"the whole {model} as JSON (- is stdin), checked before sending; not with the "
        "other options",
    )
    parser.add_argument(
        "--line",
        action="append",
        type=sale_line if model == "ReceiptCreate" else refund_line,
        metavar=line,
        help=line_help + " (repeatable)",
    )
    parser.add_argument("--format", choices=FORMATS, default="json", help="default: json")


def _receipt_writes(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    create = _command(
        actions,
        "create",
        create_receipt,
        summary="record a sale; prints the receipt as Loyverse stored it",
        description=f"""\
Record a sale and print the receipt as Loyverse stored it (its number and totals computed).
Give the whole sale as JSON (loyverse schema ReceiptCreate), or the common case as options:

  loyverse receipts create --store ID --line VARIANT:2 --line VARIANT:1:4.50 --payment TYPE_ID

Everything is checked before sending; a refused value is exit 2, naming the field or option.
{_BOOKED_TWICE.format(what="sale")}""",
    )
    _write_input(
        create,
        "ReceiptCreate",
        "VARIANT:QTY[:PRICE]",
        "a line: the variant's id, the quantity and the unit price (default: the variant's)",
    )
    create.add_argument("--store", metavar="ID", help="the store's id")
    create.add_argument("--payment", metavar="TYPE_ID", help="paid in full with this payment type")
    create.add_argument("--order", metavar="NAME", help="the order's name or number")
    create.add_argument("--note", metavar="TEXT", help="the receipt's note")
    create.add_argument(
        "--receipt-date",
        type=aware_datetime,
        metavar="TIME",
        help=f"when the sale happened, now or in the past (default: now; {_DATETIME_HELP})",
    )

    refund = _command(
        actions,
        "refund",
        refund_receipt,
        summary="refund lines of a sale; prints the refund receipt",
        description=f"""\
Refund lines of the sale RECEIPT_NUMBER and print the refund receipt. A line is named by its id on
the sale (line_id in the csv, line_items[].id in JSON), not by its variant. Only a sale paid with
a single payment can be refunded; refunded items are restocked.
{_BOOKED_TWICE.format(what="refund")}""",
    )
    refund.add_argument("receipt_number", metavar="RECEIPT_NUMBER", help="the sale's number")
    _write_input(
        refund,
        "ReceiptRefund",
        "LINE_ID:QTY",
        "a line of the sale and how many of it to refund",
    )
