"""Receiving Loyverse's ``customers.update`` webhook: check its signature, parse its payload.

Webhooks created by an OAuth app are signed: the ``X-Loyverse-Signature`` header is the lowercase
hex HMAC-**SHA1** of the raw request body, keyed with the app's client secret. Verify the bytes
exactly as received, before any JSON parsing or re-encoding: every function here takes the body as
``bytes`` and refuses a ``str`` with a ``TypeError``, since text decoded from the body and encoded
again need not be the bytes that were signed.

    from loyverse_client.webhooks import parse_customers_webhook

    event = parse_customers_webhook(
        request_body,                                   # bytes, as received
        signature=headers.get("X-Loyverse-Signature"),
        client_secret=os.environ["LOYVERSE_CLIENT_SECRET"],
    )
    for customer in event.customers:
        ...
"""

from __future__ import annotations

import hashlib
import hmac

from pydantic import ValidationError

from loyverse_models import CustomersWebhook

from .errors import WebhookPayloadError, WebhookSignatureError

__all__ = ["SIGNATURE_HEADER", "parse_customers_webhook", "sign", "verify_signature"]

SIGNATURE_HEADER = "X-Loyverse-Signature"


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
    try:
        return CustomersWebhook.model_validate_json(body)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        if first["type"] == "json_invalid":
            field, detail = None, "not JSON"
        else:
            field = ".".join(str(part) for part in first["loc"]) or None
            detail = f"{field}: {first['msg']}" if field else first["msg"]
        raise WebhookPayloadError(
            f"not a customers.update webhook payload: {detail}", field=field
        ) from exc
