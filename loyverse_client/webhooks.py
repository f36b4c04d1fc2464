"""Receiving Loyverse's webhooks: check a delivery's signature, parse its payload.

Webhooks created by an OAuth app are signed: the ``X-Loyverse-Signature`` header is the lowercase
hex HMAC-**SHA1** of the raw request body, keyed with the app's client secret. Webhooks created
with a personal access token are not signed at all. Verify the bytes exactly as received, before
any JSON parsing or re-encoding: every function here takes the body as ``bytes`` and refuses a
``str`` with a ``TypeError``, since text decoded from the body and encoded again need not be the
bytes that were signed.

    from loyverse_client.webhooks import WebhookReceiver

    receiver = WebhookReceiver(os.environ["LOYVERSE_CLIENT_SECRET"])   # None: unsigned webhooks

    event = receiver.handle(request_body, request_headers)    # bytes, as received; any mapping
    if isinstance(event, ReceiptsWebhook):
        for receipt in event.receipts:
            ...

``parse_webhook(body, signature=..., client_secret=...)`` does the same from the header's value,
and ``parse_customers_webhook`` reads only ``customers.update``.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter, ValidationError

from loyverse_models import CustomersWebhook, WebhookType
from loyverse_models._raw import _JSONText

from .errors import WebhookPayloadError, WebhookSignatureError

if TYPE_CHECKING:
    from loyverse_models.webhook_events import WebhookEvent

__all__ = [
    "SIGNATURE_HEADER",
    "WebhookReceiver",
    "parse_customers_webhook",
    "parse_webhook",
    "sign",
    "verify_signature",
]

SIGNATURE_HEADER = "X-Loyverse-Signature"

_EVENT_TYPES = tuple(event.value for event in WebhookType)
_KNOWN_TYPES = ", ".join(_EVENT_TYPES)


def sign(body: bytes, client_secret: str) -> str:
    """The signature Loyverse would send for ``body``: lowercase hex HMAC-SHA1."""
    return hmac.new(client_secret.encode(), _raw_body(body), hashlib.sha1).hexdigest()


def _raw_body(body: object) -> bytes:
    if isinstance(body, bytes):
        return body
    if isinstance(body, (bytearray, memoryview)):
        return bytes(body)
    if isinstance(body, str):
        raise TypeError(
            "body must be the raw request body as bytes, exactly as received, not str: the "
            "signature is over those bytes, and decoding and re-encoding them can change them "
            "(pass e.g. request.body, await request.body() or request.get_data())"
        )
    raise TypeError(f"body must be the raw request body as bytes, got {type(body).__name__}")


def verify_signature(body: bytes, signature: str, client_secret: str) -> bool:
    """Whether ``signature`` is the signature of ``body`` under ``client_secret``.

    The comparison takes the same time wherever the strings differ, so it leaks nothing.
    """
    body = _raw_body(body)
    if not client_secret:
        raise ValueError("client_secret must not be empty")
    given = signature.strip().lower().encode("utf-8", "replace")
    return hmac.compare_digest(sign(body, client_secret).encode(), given)


def _check_signature(body: bytes, signature: str | None, client_secret: str | None) -> None:
    """Raise unless ``body`` may be parsed: signed with ``client_secret``, or no secret given."""
    if client_secret is None and signature:
        # Most likely os.environ.get() of a variable that is not set: never skip the check quietly.
        raise ValueError(
            "a signature was given but client_secret is None: pass the OAuth app's client secret "
            "to verify it, or no signature to parse an unsigned webhook"
        )
    if client_secret is not None:
        if not signature:
            raise WebhookSignatureError(f"the webhook has no {SIGNATURE_HEADER} header")
        if not verify_signature(body, signature, client_secret):
            raise WebhookSignatureError(
                f"the {SIGNATURE_HEADER} header does not match the body: not sent by Loyverse "
                "with this client secret, or the body was changed on the way"
            )


def _field_error(error: Any, what: str, loc: tuple[str | int, ...]) -> WebhookPayloadError:
    if error["type"] == "json_invalid":
        field, detail = None, "not JSON"
    else:
        field = ".".join(str(part) for part in loc) or None
        detail = f"{field}: {error['msg']}" if field else error["msg"]
    article = "an" if what[0] in "aeiou" else "a"
    return WebhookPayloadError(f"not {article} {what} webhook payload: {detail}", field=field)


def parse_customers_webhook(
    body: bytes, *, signature: str | None = None, client_secret: str | None = None
) -> CustomersWebhook:
    """The parsed ``customers.update`` payload, with ``.raw``.

    With a ``client_secret``, the signature is checked first and ``WebhookSignatureError`` is
    raised when it is missing or wrong; a signature without a secret is a ``ValueError``. A body
    that is not the documented payload raises ``WebhookPayloadError``, whose ``field`` names the
    first wrong field (``customers.0.created_at``).
    """
    body = _raw_body(body)
    _check_signature(body, signature, client_secret)
    try:
        return CustomersWebhook.model_validate_json(body)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        raise _field_error(first, "customers.update", first["loc"]) from exc


@functools.cache
def _events() -> TypeAdapter[WebhookEvent]:
    # Built on first use: it needs every event's models, receipts and catalogue included.
    from loyverse_models import webhook_events

    return TypeAdapter(webhook_events.WebhookEvent)


def _payload_error(exc: ValidationError) -> WebhookPayloadError:
    first = exc.errors(include_url=False)[0]
    if first["type"] == "union_tag_invalid":
        given = first["input"].get("type") if isinstance(first["input"], dict) else None
        return WebhookPayloadError(
            f"not a Loyverse webhook payload: unknown event type {given!r}; the known types are "
            f"{_KNOWN_TYPES}",
            field="type",
        )
    if first["type"] == "union_tag_not_found":
        return WebhookPayloadError(
            f"not a Loyverse webhook payload: type: Field required (one of {_KNOWN_TYPES})",
            field="type",
        )
    loc = first["loc"]
    if loc and isinstance(loc[0], str) and loc[0] in _EVENT_TYPES:
        # The discriminated union puts the event type first: receipts.update.receipts.0....
        return _field_error(first, loc[0], loc[1:])
    return _field_error(first, "Loyverse", loc)


def parse_webhook(
    body: bytes, *, signature: str | None = None, client_secret: str | None = None
) -> WebhookEvent:
    """The parsed payload of any webhook, its model chosen by its ``type``, with ``.raw``.

    ``CustomersWebhook``, ``ItemsWebhook``, ``ReceiptsWebhook``, ``InventoryLevelsWebhook`` or
    ``ShiftsWebhook``: narrow it with ``isinstance`` or ``match``, or compare ``event.type``.

    With a ``client_secret``, the signature (the ``X-Loyverse-Signature`` header) is checked
    first and ``WebhookSignatureError`` is raised when it is missing or wrong; a signature without
    a secret is a ``ValueError``. Without either, the body is only parsed: webhooks created with a
    personal access token are not signed. A body that is not a webhook payload raises
    ``WebhookPayloadError``, whose ``field`` names the first wrong field (``type`` for an unknown
    event type, ``receipts.0.total_money``), as its message does.
    """
    body = _raw_body(body)
    _check_signature(body, signature, client_secret)
    try:
        event = _events().validate_json(body)
    except ValidationError as exc:
        raise _payload_error(exc) from exc
    # .raw is parsed from these same bytes when first read, as for model_validate_json.
    event._attach((_JSONText(body), ()))
    return event


def _header(headers: Mapping[str, str], name: str) -> str | None:
    value: str | bytes | None = headers.get(name)  # frameworks' header mappings ignore case
    if value is None:  # a plain dict does not
        wanted = name.lower()
        value = next((v for k, v in headers.items() if k.lower() == wanted), None)
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    return value


class WebhookReceiver:
    """Verifies and parses webhook deliveries, whatever the web framework.

    ``WebhookReceiver(client_secret)`` is for webhooks created by an OAuth app, which Loyverse
    always signs: ``handle`` raises ``WebhookSignatureError`` when the ``X-Loyverse-Signature``
    header is missing or does not match the body. ``WebhookReceiver(None)`` is for webhooks
    created with a personal access token, which are not signed: ``handle`` then only parses, and
    anyone who learns the URL can post events to it (keep the URL secret, e.g. with a random path
    segment, and treat an event as a hint to fetch the object from the API). A signed delivery
    reaching a receiver without a secret is a ``ValueError``, never checked quietly: its webhook
    belongs to an app, give the receiver the app's secret.

    The secret is kept out of ``repr`` and of every error.
    """

    __slots__ = ("_client_secret",)

    def __init__(self, client_secret: str | None) -> None:
        if client_secret is not None and not isinstance(client_secret, str):
            raise TypeError(
                f"client_secret must be a str or None, got {type(client_secret).__name__}"
            )
        if client_secret == "":
            raise ValueError(
                "client_secret must not be empty: pass the OAuth app's client secret, or None for "
                "the unsigned webhooks of a personal access token"
            )
        self._client_secret = client_secret

    @property
    def verifies_signatures(self) -> bool:
        """Whether deliveries must be signed with the client secret."""
        return self._client_secret is not None

    def __repr__(self) -> str:
        secret = "'[redacted]'" if self._client_secret is not None else "None"
        return f"{type(self).__name__}(client_secret={secret})"

    def handle(self, body: bytes, headers: Mapping[str, str]) -> WebhookEvent:
        """The delivery's event, once its signature is checked.

        ``body`` is the raw request body as received (``request.get_data()``, ``request.body``,
        ``await request.body()``); ``headers`` is any mapping of the request's headers, read
        case-insensitively. Raises ``WebhookSignatureError`` for a missing or wrong signature
        (with a secret) and ``WebhookPayloadError`` for a body that is not a webhook payload.
        """
        body = _raw_body(body)
        signature = _header(headers, SIGNATURE_HEADER)
        if self._client_secret is None and signature:
            raise ValueError(
                f"the delivery is signed ({SIGNATURE_HEADER}), so its webhook belongs to an OAuth "
                "app: create the WebhookReceiver with the app's client secret"
            )
        return parse_webhook(body, signature=signature, client_secret=self._client_secret)
