"""``loyverse sync --db FILE [RESOURCE ...] [--full]``: keep a local copy in SQLite.

The report goes to stdout as a table; progress shows on the status line (a terminal only); notes
(a resumed walk, the plan's sales history) go to stderr as well, so a script sees them in its log.
``loyverse_client.sync`` is imported when the command runs, not when the parser is built.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

from .._resources import RESOURCES
from ._connect import Session
from ._errors import CommandError, UsageError

if TYPE_CHECKING:
    from loyverse_client.sync import ResourceReport

__all__ = ["add_sync_command"]

# loyverse_client.sync.RESOURCE_NAMES, without importing the sync (and sqlite3) to build --help.
_NAMES = ("merchant", *(resource.name for resource in RESOURCES))

_DESCRIPTION = """\
Copy the account into a SQLite file, and bring the copy up to date when run again: one table per
resource (keyed like it, the JSON as received plus typed columns such as receipt_date,
store_id, total_money), receipt_line_items (a row per line of each receipt), and the sync's
state. The first run reads everything; later runs only what changed since (soft-deleted objects
keep their deleted_at). An interrupted run continues where it stopped when run again: the copy
ends exactly as after an uninterrupted run.

RESOURCE: any of merchant, customers, items, variants, categories, modifiers, discounts, taxes,
inventory, stores, employees, payment_types, pos_devices, shifts, suppliers, receipts, webhooks.
Default: all of them but webhooks.

Examples:
  loyverse sync --db loyverse.sqlite
  loyverse sync --db loyverse.sqlite receipts customers
  loyverse sync --db loyverse.sqlite customers --full   (also removes deleted customers)
  loyverse --demo sync --db demo.sqlite
  sqlite3 demo.sqlite "SELECT substr(receipt_date, 1, 10) AS day, item_name, SUM(quantity)
    FROM receipt_line_items WHERE receipt_type = 'SALE' GROUP BY 1, 2" """


def _resource(text: str) -> str:
    if text not in _NAMES:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a resource; choose from {', '.join(_NAMES)}"
        )
    return text


def add_sync_command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    command: Callable[..., argparse.ArgumentParser],
) -> None:
    """Add ``sync`` to the ``loyverse`` parser (``command`` is the parser's ``_command``)."""
    parser = command(
        commands,
        "sync",
        run_sync,
        summary="keep a local copy of the account in a SQLite file, updated incrementally",
        description=_DESCRIPTION,
    )
    parser.add_argument(
        "--db",
        required=True,
        metavar="FILE",
        help="the SQLite file of the copy; created (with its tables) if it does not exist",
    )
    parser.add_argument(
        "resources",
        nargs="*",
        type=_resource,
        metavar="RESOURCE",
        help="what to copy (default: every resource but webhooks)",
    )
    parser.add_argument(
        "--full",
        action="store_true",
        help="read everything again, and remove what Loyverse no longer has (deleted customers)",
    )


def _said(error: Exception) -> str:
    return f"--db: {str(error).removeprefix('database: ')}"


def run_sync(session: Session) -> None:
    """``sync``: the copy brought up to date, its report printed as a table."""
    import sqlite3

    from loyverse_client.sync import SQLiteStore, SyncDatabaseError, sync

    args, status = session.args, session.status

    def progress(report: ResourceReport) -> None:
        status.progress(
            f"{report.resource}: {report.received} received, {report.requests} requests"
        )

    try:
        store = SQLiteStore(args.db)
    except ValueError as error:  # a folder, or in a folder that does not exist
        raise UsageError(_said(error)) from None
    except SyncDatabaseError as error:  # a later schema, another program's database
        raise CommandError(_said(error)) from None
    try:
        with session.client() as client:
            report = sync(client, store, args.resources or None, full=args.full, progress=progress)
    except sqlite3.Error as error:  # locked by another program, the disk full, ...
        raise CommandError(f"--db {args.db}: {error}") from None
    finally:
        store.close()
    status.end()
    session.out.write(report.table() + "\n")
    for note in report.notes:
        session.err.write(f"note: {note}\n")
