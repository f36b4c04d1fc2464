"""The fake's webhooks: ``POST /webhooks/`` by the live rules, and the deliveries of every change.

``Subscriptions.write`` reads the body of ``POST /webhooks/`` (create without ``id``, update with
it): ``url``, ``type`` and ``status`` are required on create, each refused problem is one
``errors`` entry whose ``field`` is rooted at ``object`` (``object.status``), as seen live.
``Subscriptions.deliver`` turns what a request changed (``Changes``) into the deliveries Loyverse
would make: one per enabled webhook of the change's event and per 100 objects. A webhook
created with an OAuth app's token belongs to that app: only the app's token sees it, and its
deliveries are signed with the app's client secret; the others are the merchant's, unsigned.
Callers hold the fake's lock.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from loyverse_models import WebhookStatus, WebhookType

from .._resources import CUSTOMERS, INVENTORY, ITEMS, RECEIPTS, SHIFTS
from ..webhooks import SIGNATURE_HEADER, sign
from ._collection import Change, Collection, Row
from ._errors import ApiError, Problem

__all__ = ["API_VERSION_HEADER", "BATCH", "EVENTS", "Subscriptions", "WebhookDelivery"]

API_VERSION_HEADER = "X-Loyverse-API-version"
BATCH = 100
"""The most objects one delivery carries; a bulk change is split into several deliveries."""

EVENTS: dict[str, WebhookType] = {
    CUSTOMERS.name: WebhookType.CUSTOMERS_UPDATE,
    ITEMS.name: WebhookType.ITEMS_UPDATE,
    RECEIPTS.name: WebhookType.RECEIPTS_UPDATE,
    INVENTORY.name: WebhookType.INVENTORY_LEVELS_UPDATE,
    SHIFTS.name: WebhookType.SHIFTS_CREATE,
}
"""The event each resource's changes send; other resources (variants, taxes, ...) send none."""

_WRITABLE = ("url", "type", "status")
_TYPE_VALUES = frozenset(event.value for event in WebhookType)
_TYPES = ", ".join(event.value for event in WebhookType)
_STATUSES = " or ".join(status.value for status in WebhookStatus)


@dataclass(frozen=True)
class WebhookDelivery:
    """One POST the fake would have made to a webhook's ``url``: ``body`` exactly as sent.

    ``headers`` has ``X-Loyverse-API-version: v1.0`` and, for a signed webhook,
    ``X-Loyverse-Signature``: what ``loyverse_client.webhooks.parse_webhook(delivery.body,
    signature=delivery.signature, client_secret=...)`` or ``WebhookReceiver.handle(delivery.body,
    delivery.headers)`` reads.
    """

    webhook_id: str
    type: str
    """The event, ``receipts.update`` and so on."""
    url: str
    headers: dict[str, str] = field(hash=False)
    body: bytes

    @property
    def signature(self) -> str | None:
        """The ``X-Loyverse-Signature`` header, ``None`` for an unsigned webhook."""
        return self.headers.get(SIGNATURE_HEADER)

    def json(self) -> dict[str, Any]:
        """The body, parsed."""
        payload: dict[str, Any] = json.loads(self.body)
        return payload


def _problem(name: str, value: object) -> Problem | None:
    """What is wrong with a webhook field's value, if anything."""
    where = f"object.{name}"
    if value is None:
        return Problem("MISSING_REQUIRED_PARAMETER", f"{name} is required", where)
    if not isinstance(value, str):
        return Problem("INCORRECT_VALUE_TYPE", f"{name} must be a string", where)
    if name == "type" and value not in _TYPE_VALUES:
        return Problem("INVALID_VALUE", f"type must be one of {_TYPES}", where)
    if name == "status" and value not in WebhookStatus.__members__:
        return Problem("INVALID_VALUE", f"status must be {_STATUSES}", where)
    if name == "url":
        return _url_problem(value)
    return None


def _url_problem(url: str) -> Problem | None:
    try:
        parts = urlsplit(url)
        well_formed = bool(parts.hostname) and parts.port != 0 and url.isprintable()
    except ValueError:  # a port that is not a number, a broken IPv6 address
        well_formed = False
    if not well_formed or any(c.isspace() for c in url):
        return Problem("INVALID_VALUE", "url must be a well-formed URL", "object.url")
    if parts.scheme != "https":
        return Problem("INVALID_VALUE", "url must be an https URL", "object.url")
    return None


class Subscriptions:
    """The webhooks of one account (``collection``) and what they are sent."""

    def __init__(
        self,
        collection: Collection,
        *,
        now: Callable[[], str],
        merchant_id: Callable[[], str],
        secret: Callable[[str], str | None],
    ) -> None:
        self._collection = collection
        self._now = now
        self._merchant_id = merchant_id
        self._secret = secret
        self._owners: dict[str, str] = {}
        """Webhook id -> the client id of the OAuth app that created it; the merchant's are not
        here (created with a personal token, or added by the test)."""

    def found(self, webhook_id: str, app: str | None) -> Row:
        """The webhook ``app`` (``None``: the personal token, which sees them all) may read, or
        ``404 NOT_FOUND``."""
        row = self._collection.found((webhook_id,))
        if app is not None and self._owners.get(webhook_id) != app:
            raise ApiError.one(404, "NOT_FOUND", f"Webhook {webhook_id} not found")
        return row

    def listed(self, page: dict[str, Any], app: str | None) -> dict[str, Any]:
        """``page`` of ``GET /webhooks/`` as ``app`` sees it: only its own webhooks."""
        if app is None:
            return page
        key = self._collection.rules.list_key
        return {**page, key: [hook for hook in page[key] if self._owners.get(hook["id"]) == app]}

    def write(self, body: Mapping[str, Any], app: str | None) -> dict[str, Any]:
        """``POST /webhooks/`` by ``app`` (``None``: the personal token): create (no ``id``) or
        update (the ``id`` of a webhook it sees); the webhook as stored. An update keeps the
        fields its body leaves out; a new webhook belongs to ``app``, or to the merchant."""
        webhook_id = body.get("id")
        if webhook_id is not None and not isinstance(webhook_id, str):
            raise ApiError.one(400, "INCORRECT_VALUE_TYPE", "id must be a string", "object.id")
        row = None if webhook_id is None else self.found(webhook_id, app)
        owner = app if row is None else self._owners.get(row.key[0])
        given = [name for name in _WRITABLE if row is None or name in body]
        problems = [p for name in given if (p := _problem(name, body.get(name))) is not None]
        if problems:
            raise ApiError(400, *problems)
        changes = {name: body[name] for name in given}
        wanted = {**(row.data if row is not None else {}), **changes}
        pair = (wanted["type"], wanted["url"])
        if any(
            other is not row
            and self._owners.get(other.key[0]) == owner
            and (other.data["type"], other.data["url"]) == pair
            for other in self._collection.rows(show_deleted=True)
        ):
            raise ApiError.one(
                400,
                "INVALID_VALUE",
                f"A {wanted['type']} webhook to this url already exists: the pair (type, url) "
                "must be unique",
                "object.url",
            )
        now = self._now()
        if row is None:
            (row,) = self._collection.prepare(
                [{"merchant_id": self._merchant_id(), **changes}], now
            )
            self._collection.insert([row])
            if owner is not None:
                self._owners[row.key[0]] = owner
        else:
            self._collection.update(row, {**changes, "updated_at": now})
        return row.data

    def deliver(self, changes: Sequence[Change]) -> list[WebhookDelivery]:
        """The deliveries of ``changes``: for each event, its objects in deliveries of at most
        ``BATCH``, each sent to every enabled webhook of the event (oldest webhook first)."""
        deliveries: list[WebhookDelivery] = []
        by_event: dict[WebhookType, list[dict[str, Any]]] = {}
        for change in changes:
            event = EVENTS.get(change.resource)
            if event is None or (event is WebhookType.SHIFTS_CREATE and change.kind != "created"):
                continue
            by_event.setdefault(event, []).append(self._as_sent(change))
        now = self._now()
        for event, objects in by_event.items():
            hooks = self._enabled(event)
            for start in range(0, len(objects) if hooks else 0, BATCH):
                body = _dump(
                    {
                        "merchant_id": self._merchant_id(),
                        "type": event.value,
                        "created_at": now,
                        event.value.split(".")[0]: objects[start : start + BATCH],
                    }
                )
                deliveries += [self._delivery(hook, event, body) for hook in hooks]
        return deliveries

    def _as_sent(self, change: Change) -> dict[str, Any]:
        """The object as its event carries it: one removed is sent deleted, at this moment."""
        if change.kind != "removed":
            return change.data
        now = self._now()
        stamps: dict[str, Any] = {
            name: now for name in ("deleted_at", "updated_at") if name in change.data
        }
        return {**change.data, **stamps}

    def _enabled(self, event: WebhookType) -> list[dict[str, Any]]:
        hooks = self._collection.rows(show_deleted=False)
        return [
            row.data
            for row in reversed(list(hooks))
            if row.data["type"] == event.value and row.data["status"] == WebhookStatus.ENABLED.value
        ]

    def _delivery(
        self, hook: Mapping[str, Any], event: WebhookType, body: bytes
    ) -> WebhookDelivery:
        headers = {"Content-Type": "application/json; charset=utf-8", API_VERSION_HEADER: "v1.0"}
        owner = self._owners.get(hook["id"])
        secret = None if owner is None else self._secret(owner)
        if secret is not None:
            headers[SIGNATURE_HEADER] = sign(body, secret)
        return WebhookDelivery(hook["id"], event.value, hook["url"], headers, body)


def _dump(payload: object) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
