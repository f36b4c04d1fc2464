"""``webhooks create``, ``update`` and ``delete`` (``list`` and ``get`` are every resource's).

Values go through ``WebhookCreate`` / ``WebhookUpdate``, so a URL that is not https is exit 2
without a request; the event is one of the five Loyverse sends. A delete shows the webhook and
asks first, unless ``--yes``. A webhook created with a personal access token belongs to the
merchant and is not signed; one created with an OAuth app's token is signed with the app's secret.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from loyverse_models import Webhook, WebhookCreate, WebhookStatus, WebhookType, WebhookUpdate

from .._resources import WEBHOOKS
from ._connect import Session
from ._errors import UsageError, describe_input_error
from ._formats import FORMATS, shape_of
from ._table import Column
from ._writing import delete_confirmed, print_written

__all__ = [
    "WEBHOOK_SHAPE",
    "add_webhook_writes",
    "create_webhook",
    "delete_webhook",
    "update_webhook",
]

WEBHOOK_SHAPE = shape_of(
    WEBHOOKS,
    (
        Column("id", "ID"),
        Column("type", "TYPE"),
        Column("status", "STATUS"),
        Column("url", "URL", max_width=64),
        Column("created_at", "CREATED_AT"),
    ),
)
"""Webhooks in a table: what each one sends where, and whether it does."""
WEBHOOK_MAY_EXIST = (
    "the webhook may have been created anyway (Loyverse has no idempotency keys, so it was not "
    "sent again): look for it with `loyverse webhooks list` before running the command again "
    "(the same type and url again would be refused)"
)
_OPTIONS = {"url": "--url", "type": "--type", "status": "--enable/--disable", "id": "ID"}
_EVENTS = [event.value for event in WebhookType]


def _checked(model: Callable[..., Any], **fields: Any) -> Any:
    """``model(**fields)``; a refused value is a usage error naming its option."""
    try:
        return model(**fields)
    except ValidationError as exc:
        raise UsageError(describe_input_error(exc, _OPTIONS)) from None


def create_webhook(session: Session) -> None:
    """``webhooks create --url URL --type TYPE [--disabled]``: the webhook as Loyverse stored it."""
    args = session.args
    status = WebhookStatus.DISABLED if args.disabled else WebhookStatus.ENABLED
    new: WebhookCreate = _checked(WebhookCreate, url=args.url, type=args.type, status=status)
    print_written(
        session,
        lambda client: client.webhooks.create(new),
        WEBHOOK_SHAPE,
        may_exist=WEBHOOK_MAY_EXIST,
    )


def update_webhook(session: Session) -> None:
    """``webhooks update ID [--url] [--type] [--enable|--disable]``: the webhook after it."""
    args = session.args
    fields = {
        name: value
        for name, value in (("url", args.url), ("type", args.type), ("status", args.status))
        if value is not None
    }
    if not fields:
        raise UsageError(
            "nothing to change: give at least one of --url, --type, --enable, --disable"
        )
    changes: WebhookUpdate = _checked(WebhookUpdate, **fields)
    webhook_id = args.id
    print_written(
        session, lambda client: client.webhooks.update(webhook_id, changes), WEBHOOK_SHAPE
    )


def delete_webhook(session: Session) -> None:
    """``webhooks delete ID``: asks ``y/N`` on stdin (showing the event and URL) unless
    ``--yes``."""
    webhook_id = session.args.id
    delete_confirmed(
        session,
        "webhook",
        webhook_id,
        lambda client: _what(client.webhooks.get(webhook_id)),
        lambda client: client.webhooks.delete(webhook_id),
    )


def _what(webhook: Webhook) -> str:
    status = WebhookStatus(webhook.status).value if webhook.status else "?"
    return f"{WebhookType(webhook.type).value} to {webhook.url} ({status.lower()})"


Command = Callable[..., argparse.ArgumentParser]
"""The parser's maker of a leaf command (``_parser._command``): its connection options and
``run``."""


def add_webhook_writes(
    actions: argparse._SubParsersAction[argparse.ArgumentParser], command: Command
) -> None:
    """``webhooks create``, ``update`` and ``delete``, beside the generic list and get."""
    create = command(
        actions,
        "create",
        create_webhook,
        summary="subscribe a URL to an event; prints the webhook as Loyverse stored it",
        description="""\
Subscribe an https URL to one event and print the webhook as Loyverse stored it. A webhook
created with a personal access token belongs to the merchant and its deliveries are not signed;
one created with an OAuth app's token is signed with the app's client secret. The pair of type
and url is unique.""",
    )
    create.add_argument("--url", required=True, help="where Loyverse posts the events (https)")
    create.add_argument(
        "--type", required=True, choices=_EVENTS, metavar="TYPE", help=", ".join(_EVENTS)
    )
    create.add_argument(
        "--disabled", action="store_true", help="create it disabled (default: enabled)"
    )
    create.add_argument("--format", choices=FORMATS, default="json", help="default: json")

    update = command(
        actions,
        "update",
        update_webhook,
        summary="change a webhook's url, type or status; prints it after the change",
        description="""\
Change the given fields of a webhook; the others keep their value (the SDK reads the webhook and
sends it whole). --enable turns on a webhook that Loyverse disabled after failed deliveries.""",
    )
    update.add_argument("id", metavar="ID")
    update.add_argument("--url", help="the new https URL")
    update.add_argument("--type", choices=_EVENTS, metavar="TYPE", help=", ".join(_EVENTS))
    status = update.add_mutually_exclusive_group()
    for option, value in (
        ("--enable", WebhookStatus.ENABLED),
        ("--disable", WebhookStatus.DISABLED),
    ):
        status.add_argument(
            option, dest="status", action="store_const", const=value, help=f"set it {value.value}"
        )
    update.add_argument("--format", choices=FORMATS, default="json", help="default: json")

    delete = command(
        actions, "delete", delete_webhook, summary="delete a webhook, after a y/N confirmation"
    )
    delete.add_argument("id", metavar="ID")
    delete.add_argument("-y", "--yes", action="store_true", help="do not ask for confirmation")
