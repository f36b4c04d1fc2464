"""What every write command does once its input is checked: send the write and print the object
as Loyverse stored it, or ask ``y/N`` before a delete and print what was deleted.

The commands of each resource (``_writes`` for customers, ``_webhooks``) build the models and the
words; the steps and their messages are the same for all.
"""

from __future__ import annotations

from collections.abc import Callable

from loyverse_client import LoyverseClient
from loyverse_client.errors import LoyverseError
from loyverse_models import RawModel

from ._connect import Session
from ._errors import CommandError, describe_api_error
from ._formats import Shape, pretty_json, write_object

__all__ = ["delete_confirmed", "print_written"]


def print_written(
    session: Session,
    write: Callable[[LoyverseClient], RawModel],
    shape: Shape,
    *,
    may_exist: str | None = None,
) -> None:
    """Send ``write`` and print the object it answers in ``--format``. ``may_exist`` is what to
    say when a create may have happened although it failed (the default speaks of customers)."""
    with session.client() as client:
        try:
            written = write(client)
        except LoyverseError as exc:
            if may_exist is None or not exc.outcome_unknown:
                raise
            raise CommandError(describe_api_error(exc, may_exist)) from None
    write_object(session.args.format, session.out, written, shape)


def delete_confirmed(
    session: Session,
    noun: str,
    key: str,
    describe: Callable[[LoyverseClient], str],
    delete: Callable[[LoyverseClient], RawModel],
) -> None:
    """Delete the ``noun`` ``key``: unless ``--yes``, ask ``Delete <noun> <key>, <describe>?
    [y/N]`` on stderr first (``describe`` reads the object) and delete only after ``y``; then
    print Loyverse's answer on stdout and ``deleted <noun> <key>`` on stderr."""
    with session.client() as client:
        if not session.args.yes:
            _confirm(session, f"Delete {noun} {key}, {describe(client)}?", f"{noun} {key}")
        deleted = delete(client)
    session.out.write(pretty_json(deleted.raw) + "\n")
    session.err.write(f"deleted {noun} {key}\n")


def _confirm(session: Session, question: str, what: str) -> None:
    session.err.write(f"{question} [y/N] ")
    session.err.flush()
    answer = session.stdin.readline()
    if not session.stdin.isatty():
        session.err.write(answer.strip() + "\n")  # nobody typed it: show what was read
    if answer.strip().lower() not in ("y", "yes"):
        raise CommandError(f"not deleted: {what} is unchanged")
