"""Receiving customers.update webhooks: HMAC-SHA1 signatures and the payload model."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import pytest

from loyverse_client import CustomersWebhook, WebhookPayloadError, WebhookSignatureError
from loyverse_client.webhooks import parse_customers_webhook, sign, verify_signature

SECRET = "app-client-secret"


@pytest.fixture
def body(customer_json: dict[str, Any]) -> bytes:
    payload = {
        "merchant_id": "b0b0b0b0-1111-2222-3333-444444444444",
        "type": "customers.update",
        "created_at": "2024-03-23T20:14:51.000Z",
        "customers": [customer_json],
    }
    return json.dumps(payload).encode()


# Known-answer vectors computed by hand-checked code paths independent of the SDK:
# RFC 2202 test case 2 for HMAC-SHA1, and Python's hmac over an ad-hoc body.
def test_rfc_2202_vector() -> None:
    assert sign(b"what do ya want for nothing?", "Jefe") == (
        "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"
    )
    assert verify_signature(
        b"what do ya want for nothing?", "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79", "Jefe"
    )


def test_signature_is_hmac_sha1_of_the_raw_body(body: bytes) -> None:
    expected = hmac.new(SECRET.encode(), body, hashlib.sha1).hexdigest()
    assert verify_signature(body, expected, SECRET)
    assert verify_signature(body, expected.upper(), SECRET)  # hex case is not meaningful
    sha256 = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert not verify_signature(body, sha256, SECRET)


def test_a_tampered_body_or_wrong_secret_fails(body: bytes) -> None:
    signature = sign(body, SECRET)
    assert not verify_signature(body.replace(b"customer name", b"customer nane"), signature, SECRET)
    assert not verify_signature(body, signature, "another-secret")
    assert not verify_signature(body, "", SECRET)
    assert not verify_signature(body, "é" * 40, SECRET)


def test_parse_checks_the_signature_then_returns_the_typed_payload(body: bytes) -> None:
    event = parse_customers_webhook(body, signature=sign(body, SECRET), client_secret=SECRET)
    assert isinstance(event, CustomersWebhook)
    assert event.type == "customers.update"
    assert event.created_at == datetime(2024, 3, 23, 20, 14, 51, tzinfo=timezone.utc)
    assert event.customers[0].email == "customer@business.com"
    assert event.raw == json.loads(body)
    assert event.customers[0].raw == json.loads(body)["customers"][0]


@pytest.mark.parametrize("signature", [None, "", "0" * 40])
def test_parse_with_a_secret_refuses_a_missing_or_wrong_signature(
    body: bytes, signature: str | None
) -> None:
    with pytest.raises(WebhookSignatureError, match="X-Loyverse-Signature"):
        parse_customers_webhook(body, signature=signature, client_secret=SECRET)


def test_parse_without_a_secret_only_parses(body: bytes) -> None:
    assert parse_customers_webhook(body).merchant_id == "b0b0b0b0-1111-2222-3333-444444444444"


@pytest.mark.parametrize(
    ("payload", "message", "field"),
    [
        (b"<html>", "not JSON", None),
        (b"[1, 2]", "Input should be an object", None),
        (
            b'{"merchant_id": "m", "type": "items.update", "created_at": "2024-01-01T00:00:00Z",'
            b' "customers": []}',
            "type: Input should be 'customers.update'",
            "type",
        ),
        (b'{"type": "customers.update"}', "merchant_id: Field required", "merchant_id"),
        (
            b'{"merchant_id": "m", "type": "customers.update",'
            b' "created_at": "2024-01-01T00:00:00Z", "customers": [{"id": 7}]}',
            "customers.0.id: Input should be a valid string",
            "customers.0.id",
        ),
    ],
)
def test_a_body_that_is_not_the_payload_raises_payload_error_naming_the_field(
    payload: bytes, message: str, field: str | None
) -> None:
    with pytest.raises(WebhookPayloadError) as caught:
        parse_customers_webhook(payload)
    assert str(caught.value) == f"not a customers.update webhook payload: {message}"
    assert caught.value.field == field


@pytest.mark.parametrize(
    "call",
    [
        lambda body: sign(body, SECRET),
        lambda body: verify_signature(body, "0" * 40, SECRET),
        lambda body: parse_customers_webhook(body, signature="0" * 40, client_secret=SECRET),
        lambda body: parse_customers_webhook(body),
    ],
    ids=["sign", "verify_signature", "parse-signed", "parse-unsigned"],
)
def test_a_str_body_is_refused_asking_for_the_raw_bytes(
    body: bytes, call: Callable[[object], object]
) -> None:
    with pytest.raises(TypeError) as caught:
        call(body.decode())
    assert str(caught.value).startswith("body must be the raw request body as bytes")
    assert "not str" in str(caught.value)
    with pytest.raises(TypeError, match="body must be the raw request body as bytes, got dict"):
        call({"merchant_id": "m"})


def test_a_bytearray_body_is_as_good_as_bytes(body: bytes) -> None:
    raw = bytearray(body)
    signature = sign(raw, SECRET)  # type: ignore[arg-type]
    assert signature == sign(body, SECRET)
    event = parse_customers_webhook(raw, signature=signature, client_secret=SECRET)  # type: ignore[arg-type]
    assert event.type == "customers.update"


def test_a_signature_without_a_secret_is_never_skipped_quietly(body: bytes) -> None:
    with pytest.raises(ValueError, match="client_secret is None"):
        parse_customers_webhook(body, signature=sign(body, SECRET), client_secret=None)
