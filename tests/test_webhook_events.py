"""Every webhook event, through ``parse_webhook`` and ``WebhookReceiver``: models, signatures,
errors.

The payloads: ``items.update`` and ``receipts.update`` are deliveries Loyverse published, byte for
byte (``fixtures/items_webhook.json``, ``fixtures/receipts_webhook.json``); ``customers.update``
puts the customer of its published sample (``fixtures/customer.json``) in the documented envelope;
``inventory_levels.update`` and ``shifts.create`` have no published sample and are written from
the contract, with the ids of the published ones (``fixtures/inventory_levels_webhook.json``,
``fixtures/shifts_webhook.json``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import subprocess
import sys
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any, get_args

import httpx
import pytest
from pydantic import BaseModel
from typing_extensions import assert_type

from loyverse_client import WebhookPayloadError, WebhookSignatureError
from loyverse_client.webhooks import WebhookReceiver, parse_webhook, sign, verify_signature
from loyverse_models import (
    CashMovementType,
    Customer,
    CustomersWebhook,
    InventoryLevel,
    InventoryLevelsWebhook,
    Item,
    ItemForm,
    ItemsWebhook,
    PaymentTypeKind,
    PricingType,
    RawModel,
    Receipt,
    ReceiptsWebhook,
    ReceiptType,
    Shift,
    ShiftsWebhook,
    WebhookEvent,
    WebhookType,
)

FIXTURES = Path(__file__).parent / "fixtures"
SECRET = "app-client-secret-5f1c9e2d"
MERCHANT_ID = "7e2daef3-48ad-4aba-b226-2d180f564f31"
STORE_ID = "c3930770-950c-4f48-aa43-174e021f59ba"
UTC = timezone.utc


def _customers_body() -> bytes:
    customer = json.loads((FIXTURES / "customer.json").read_text())
    payload = {
        "merchant_id": MERCHANT_ID,
        "type": "customers.update",
        "created_at": "2024-03-23T20:14:51.032Z",
        "customers": [customer],
    }
    return json.dumps(payload, indent=2).encode()


def _check_items(event: WebhookEvent) -> RawModel:
    assert isinstance(event, ItemsWebhook)
    item = event.items[0]
    assert (item.item_name, item.track_stock, item.form) == ("new item 3", True, ItemForm.SQUARE)
    assert item.updated_at == datetime(2024, 3, 23, 20, 11, 21, tzinfo=UTC)
    variant = item.variants[0]
    assert variant.default_pricing_type is PricingType.VARIABLE
    assert variant.stores is not None
    assert variant.stores[0].low_stock == Decimal(20)
    return variant


def _check_receipts(event: WebhookEvent) -> RawModel:
    assert isinstance(event, ReceiptsWebhook)
    receipt = event.receipts[0]
    assert (receipt.receipt_number, receipt.receipt_type) == ("1001", ReceiptType.SALE)
    assert receipt.receipt_date == datetime(2024, 3, 23, 20, 18, 53, tzinfo=UTC)
    assert receipt.line_items[0].cost_total == Decimal(20)
    assert receipt.payments[0].type is PaymentTypeKind.NONINTEGRATEDCARD
    return receipt.line_items[0]


def _check_customers(event: WebhookEvent) -> RawModel:
    assert isinstance(event, CustomersWebhook)
    customer = event.customers[0]
    assert (customer.email, customer.total_spent) == ("customer@business.com", Decimal(0))
    assert customer.updated_at == datetime(2024, 3, 23, 20, 14, 50, tzinfo=UTC)
    return customer


def _check_inventory_levels(event: WebhookEvent) -> RawModel:
    assert isinstance(event, InventoryLevelsWebhook)
    level = event.inventory_levels[1]
    assert (level.store_id, level.in_stock) == (STORE_ID, Decimal("2.745"))
    assert level.updated_at == datetime(2024, 3, 23, 20, 18, 53, tzinfo=UTC)
    return level


def _check_shifts(event: WebhookEvent) -> RawModel:
    assert isinstance(event, ShiftsWebhook)
    shift = event.shifts[0]
    assert shift.closed_at == datetime(2024, 3, 23, 22, 5, 9, tzinfo=UTC)
    assert (shift.expected_cash, shift.actual_cash) == (Decimal("438.9"), Decimal("437.9"))
    assert shift.opened_by_employee == "0f9e3c7a-2b14-4d58-8e6a-91c3b7d2f405"
    assert shift.cash_movements is not None
    assert shift.cash_movements[1].type is CashMovementType.PAY_OUT
    return shift.cash_movements[1]


@dataclass(frozen=True)
class Event:
    """One event's payload and what parsing it must give."""

    event_type: WebhookType
    model: type[RawModel]
    element: type[RawModel]
    key: str
    body: bytes
    created_at: datetime
    check: Callable[[WebhookEvent], RawModel]
    """Asserts typed values; returns a nested model, whose ``.raw`` is checked at ``nested``."""
    nested: tuple[str | int, ...]

    @property
    def raw(self) -> Any:
        return json.loads(self.body)


EVENTS = [
    Event(
        WebhookType.ITEMS_UPDATE,
        ItemsWebhook,
        Item,
        "items",
        (FIXTURES / "items_webhook.json").read_bytes(),
        datetime(2024, 3, 23, 20, 11, 26, 946000, tzinfo=UTC),
        _check_items,
        ("items", 0, "variants", 0),
    ),
    Event(
        WebhookType.RECEIPTS_UPDATE,
        ReceiptsWebhook,
        Receipt,
        "receipts",
        (FIXTURES / "receipts_webhook.json").read_bytes(),
        datetime(2024, 3, 23, 20, 18, 58, 546000, tzinfo=UTC),
        _check_receipts,
        ("receipts", 0, "line_items", 0),
    ),
    Event(
        WebhookType.CUSTOMERS_UPDATE,
        CustomersWebhook,
        Customer,
        "customers",
        _customers_body(),
        datetime(2024, 3, 23, 20, 14, 51, 32000, tzinfo=UTC),
        _check_customers,
        ("customers", 0),
    ),
    Event(
        WebhookType.INVENTORY_LEVELS_UPDATE,
        InventoryLevelsWebhook,
        InventoryLevel,
        "inventory_levels",
        (FIXTURES / "inventory_levels_webhook.json").read_bytes(),
        datetime(2024, 3, 23, 20, 18, 59, 112000, tzinfo=UTC),
        _check_inventory_levels,
        ("inventory_levels", 1),
    ),
    Event(
        WebhookType.SHIFTS_CREATE,
        ShiftsWebhook,
        Shift,
        "shifts",
        (FIXTURES / "shifts_webhook.json").read_bytes(),
        datetime(2024, 3, 23, 22, 5, 12, 408000, tzinfo=UTC),
        _check_shifts,
        ("shifts", 0, "cash_movements", 1),
    ),
]
RECEIPTS = EVENTS[1]


def _ids(event: Event) -> str:
    return event.event_type.value


def _at(value: Any, path: tuple[str | int, ...]) -> Any:
    for key in path:
        value = value[key]
    return value


@pytest.mark.parametrize("event", EVENTS, ids=_ids)
def test_each_event_parses_into_its_model_with_raw_and_typed_values(event: Event) -> None:
    parsed = parse_webhook(event.body)
    assert type(parsed) is event.model
    assert WebhookType(parsed.type) is event.event_type
    assert (parsed.merchant_id, parsed.created_at) == (MERCHANT_ID, event.created_at)
    assert parsed.raw == event.raw
    assert parsed.raw is parsed.raw  # the JSON received, not a dump of the model
    objects = getattr(parsed, event.key)
    assert objects
    assert all(type(obj) is event.element for obj in objects)
    assert all(obj.raw is raw for obj, raw in zip(objects, parsed.raw[event.key], strict=True))
    assert event.check(parsed).raw == _at(event.raw, event.nested)
    assert parsed == event.model.model_validate_json(event.body)  # as the model reads it alone


@pytest.mark.parametrize("event", EVENTS, ids=_ids)
@pytest.mark.parametrize("hex_case", [str.lower, str.upper], ids=["lowercase", "uppercase"])
def test_a_delivery_signed_with_the_secret_is_verified_then_parsed(
    event: Event, hex_case: Callable[[str], str]
) -> None:
    signature = hex_case(hmac.new(SECRET.encode(), event.body, hashlib.sha1).hexdigest())
    parsed = parse_webhook(event.body, signature=signature, client_secret=SECRET)
    assert parsed.raw == event.raw
    headers = {"X-Loyverse-Signature": signature, "X-Loyverse-API-version": "v1.0"}
    assert WebhookReceiver(SECRET).handle(event.body, headers) == parsed


_WRONG_SIGNATURES = {
    "missing": None,
    "empty": "",
    "zeros": "0" * 40,
    "another-secret": sign(RECEIPTS.body, "another-secret"),
    "another-body": sign(RECEIPTS.body + b"\n", SECRET),
    "sha256": hmac.new(SECRET.encode(), RECEIPTS.body, hashlib.sha256).hexdigest(),
}


@pytest.mark.parametrize("signature", _WRONG_SIGNATURES.values(), ids=_WRONG_SIGNATURES.keys())
def test_parse_webhook_with_a_secret_refuses_a_missing_or_wrong_signature(
    signature: str | None,
) -> None:
    with pytest.raises(WebhookSignatureError, match="X-Loyverse-Signature"):
        parse_webhook(RECEIPTS.body, signature=signature, client_secret=SECRET)


def test_parse_webhook_refuses_a_signature_without_a_secret() -> None:
    with pytest.raises(ValueError, match="client_secret is None"):
        parse_webhook(RECEIPTS.body, signature=sign(RECEIPTS.body, SECRET), client_secret=None)


# RFC 2202, section 3: the HMAC-SHA1 test cases whose key is text. Cases 3, 6 and 7 have keys of
# bytes 0xaa, which no text client secret encodes to.
RFC_2202 = [
    ("\x0b" * 20, b"Hi There", "b617318655057264e28bc0b6fb378c8ef146be00"),
    ("Jefe", b"what do ya want for nothing?", "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"),
    ("".join(map(chr, range(1, 26))), b"\xcd" * 50, "4c9007f4026250c6bc8414f9bf50c86c2d7235da"),
    ("\x0c" * 20, b"Test With Truncation", "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04"),
]


@pytest.mark.parametrize(
    ("key", "data", "digest"), RFC_2202, ids=["case-1", "case-2", "case-4", "case-5"]
)
def test_signatures_follow_the_rfc_2202_hmac_sha1_vectors(
    key: str, data: bytes, digest: str
) -> None:
    assert sign(data, key) == digest
    assert verify_signature(data, digest, key)
    receiver = WebhookReceiver(key)
    # The signature is accepted, so only the body (not a payload) is refused.
    with pytest.raises(WebhookPayloadError, match="not JSON"):
        receiver.handle(data, {"x-loyverse-signature": digest})
    with pytest.raises(WebhookSignatureError):
        receiver.handle(data, {"x-loyverse-signature": digest[::-1]})


_KNOWN = (
    "the known types are customers.update, items.update, receipts.update, "
    "inventory_levels.update, shifts.create"
)
_ENVELOPE = '"merchant_id": "m", "created_at": "2024-03-23T20:18:58.546Z"'
_BAD_PAYLOADS = {
    "unknown-type": (
        b'{"type": "orders.create", "orders": []}',
        f"not a Loyverse webhook payload: unknown event type 'orders.create'; {_KNOWN}",
        "type",
    ),
    "subscription-name-refused-by-loyverse": (
        b'{"type": "inventory.update"}',
        f"not a Loyverse webhook payload: unknown event type 'inventory.update'; {_KNOWN}",
        "type",
    ),
    "type-not-a-string": (
        b'{"type": 5}',
        f"not a Loyverse webhook payload: unknown event type 5; {_KNOWN}",
        "type",
    ),
    "no-type": (
        b'{"merchant_id": "m"}',
        "not a Loyverse webhook payload: type: Field required (one of customers.update, "
        "items.update, receipts.update, inventory_levels.update, shifts.create)",
        "type",
    ),
    "not-json": (b"<html>", "not a Loyverse webhook payload: not JSON", None),
    "not-an-object": (
        b'[{"type": "items.update"}]',
        "not a Loyverse webhook payload: Input should be an object",
        None,
    ),
    "no-array": (
        b'{"type": "shifts.create", ' + _ENVELOPE.encode() + b"}",
        "not a shifts.create webhook payload: shifts: Field required",
        "shifts",
    ),
    "wrong-nested-field": (
        b'{"type": "inventory_levels.update", ' + _ENVELOPE.encode() + b', "inventory_levels": '
        b'[{"variant_id": "v", "store_id": "s", "in_stock": "lots", '
        b'"updated_at": "2024-03-23T20:18:53.000Z"}]}',
        "not an inventory_levels.update webhook payload: inventory_levels.0.in_stock: "
        "Input should be a valid decimal",
        "inventory_levels.0.in_stock",
    ),
}


@pytest.mark.parametrize(
    ("payload", "message", "field"), _BAD_PAYLOADS.values(), ids=_BAD_PAYLOADS.keys()
)
def test_a_body_that_is_not_a_payload_is_a_payload_error_naming_the_field(
    payload: bytes, message: str, field: str | None
) -> None:
    for parse in (parse_webhook, lambda body: WebhookReceiver(None).handle(body, {})):
        with pytest.raises(WebhookPayloadError) as caught:
            parse(payload)
        assert (str(caught.value), caught.value.field) == (message, field)


_WITH_A_STR = {
    "parse_webhook-unsigned": lambda body: parse_webhook(body),
    "parse_webhook-signed": lambda body: parse_webhook(body, signature="0", client_secret=SECRET),
    "receiver-with-secret": lambda body: WebhookReceiver(SECRET).handle(body, {}),
    "receiver-without-secret": lambda body: WebhookReceiver(None).handle(body, {}),
}


@pytest.mark.parametrize("call", _WITH_A_STR.values(), ids=_WITH_A_STR.keys())
def test_a_str_body_is_refused_asking_for_the_raw_bytes(call: Callable[[object], object]) -> None:
    with pytest.raises(TypeError) as caught:
        call(RECEIPTS.body.decode())
    assert str(caught.value).startswith("body must be the raw request body as bytes")
    assert "not str" in str(caught.value)


@pytest.mark.parametrize(
    "name",
    [
        "X-Loyverse-Signature",
        "x-loyverse-signature",
        "X-LOYVERSE-SIGNATURE",
        "x-Loyverse-SIGNATURE",
    ],
)
@pytest.mark.parametrize("mapping", [dict, httpx.Headers], ids=["dict", "case-insensitive"])
def test_the_receiver_reads_the_signature_header_in_any_case(
    name: str, mapping: Callable[[dict[str, str]], Mapping[str, str]]
) -> None:
    headers = mapping({"Content-Type": "application/json", name: sign(RECEIPTS.body, SECRET)})
    event = WebhookReceiver(SECRET).handle(RECEIPTS.body, headers)
    assert isinstance(event, ReceiptsWebhook)


@pytest.mark.parametrize("signature", _WRONG_SIGNATURES.values(), ids=_WRONG_SIGNATURES.keys())
def test_the_receiver_with_a_secret_refuses_a_missing_or_wrong_signature(
    signature: str | None,
) -> None:
    headers = {"X-Loyverse-API-version": "v1.0"}
    if signature is not None:
        headers["X-Loyverse-Signature"] = signature
    with pytest.raises(WebhookSignatureError, match="X-Loyverse-Signature"):
        WebhookReceiver(SECRET).handle(RECEIPTS.body, headers)


def test_the_receiver_without_a_secret_parses_unsigned_deliveries_and_refuses_signed_ones() -> None:
    receiver = WebhookReceiver(None)
    assert not receiver.verifies_signatures
    assert WebhookReceiver(SECRET).verifies_signatures
    for signature in (None, ""):
        headers = {"X-Loyverse-API-version": "v1.0", "X-Loyverse-Signature": signature}
        plain = {name: value for name, value in headers.items() if value is not None}
        assert receiver.handle(RECEIPTS.body, plain).raw == RECEIPTS.raw
    signed = {"x-loyverse-signature": sign(RECEIPTS.body, SECRET)}
    with pytest.raises(ValueError, match="create the WebhookReceiver with the app's client secret"):
        receiver.handle(RECEIPTS.body, signed)


@pytest.mark.parametrize(
    ("secret", "error"), [("", ValueError), (SECRET.encode(), TypeError)], ids=["empty", "bytes"]
)
def test_the_receiver_refuses_an_empty_or_non_text_secret(
    secret: Any, error: type[Exception]
) -> None:
    with pytest.raises(error, match="client_secret must") as caught:
        WebhookReceiver(secret)
    assert SECRET not in str(caught.value)


_FAILURES = {
    "wrong-signature": lambda: WebhookReceiver(SECRET).handle(
        RECEIPTS.body, {"X-Loyverse-Signature": "0" * 40}
    ),
    "missing-signature": lambda: WebhookReceiver(SECRET).handle(RECEIPTS.body, {}),
    "payload-after-the-signature": lambda: WebhookReceiver(SECRET).handle(
        b"{}", {"X-Loyverse-Signature": sign(b"{}", SECRET)}
    ),
    "str-body": lambda: WebhookReceiver(SECRET).handle(RECEIPTS.body.decode(), {}),  # type: ignore[arg-type]
    "parse_webhook": lambda: parse_webhook(b"{}", signature="00", client_secret=SECRET),
}


@pytest.mark.parametrize("fail", _FAILURES.values(), ids=_FAILURES.keys())
def test_the_secret_never_appears_in_a_repr_or_an_error(fail: Callable[[], object]) -> None:
    assert repr(WebhookReceiver(SECRET)) == "WebhookReceiver(client_secret='[redacted]')"
    assert repr(WebhookReceiver(None)) == "WebhookReceiver(client_secret=None)"
    with pytest.raises((WebhookSignatureError, WebhookPayloadError, TypeError)) as caught:
        fail()
    shown = [str(caught.value), repr(caught.value), *traceback.format_exception(caught.value)]
    assert not [text for text in shown if SECRET in text]


@pytest.mark.parametrize("count", [0, 1, 100, 101])
def test_an_event_reads_any_number_of_objects_though_loyverse_sends_1_to_100(count: int) -> None:
    level = json.loads(EVENTS[3].body)["inventory_levels"][0]
    payload = {**json.loads(EVENTS[3].body), "inventory_levels": [level] * count}
    event = parse_webhook(json.dumps(payload).encode())
    assert isinstance(event, InventoryLevelsWebhook)
    assert len(event.inventory_levels) == count


def test_webhook_type_names_the_events_of_the_union() -> None:
    union, _discriminator = get_args(WebhookEvent)
    literals = {get_args(model.model_fields["type"].annotation)[0] for model in get_args(union)}
    assert literals == {member.value for member in WebhookType}
    assert {event.event_type for event in EVENTS} == set(WebhookType)


@pytest.mark.parametrize("event", EVENTS, ids=_ids)
def test_webhook_event_is_a_field_type_for_your_own_models(event: Event) -> None:
    class Stored(BaseModel):
        delivery: WebhookEvent

    stored = Stored.model_validate({"delivery": event.raw})
    assert type(stored.delivery) is event.model
    assert Stored.model_validate_json(stored.model_dump_json()) == stored


def test_the_event_models_are_imported_when_first_used() -> None:
    heavy = ["loyverse_models.webhook_events", "loyverse_models.receipts", "loyverse_models.items"]
    code = (
        "import sys, loyverse_models, loyverse_client.webhooks\n"
        f"print([name for name in {heavy!r} if name in sys.modules])\n"
        "loyverse_models.ReceiptsWebhook\n"
        f"print([name for name in {heavy!r} if name in sys.modules])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines() == ["[]", repr(heavy)]


def _narrowed(event: WebhookEvent) -> list[str]:
    """What user code sees: one type per event, narrowed by match, isinstance or ``type``."""
    match event:
        case ReceiptsWebhook(receipts=receipts):
            assert_type(receipts, list[Receipt])
            return [receipt.receipt_number for receipt in receipts]
        case InventoryLevelsWebhook(inventory_levels=levels):
            return [f"{level.variant_id}@{level.store_id}" for level in levels]
    if event.type == "shifts.create":
        assert_type(event, ShiftsWebhook)
        return [shift.id for shift in event.shifts]
    if isinstance(event, ItemsWebhook):
        return [item.id for item in event.items]
    assert_type(event, CustomersWebhook)
    return [customer.id for customer in event.customers]


@pytest.mark.parametrize("event", EVENTS, ids=_ids)
def test_parse_webhook_is_typed_as_the_union_and_narrows(event: Event) -> None:
    parsed = assert_type(parse_webhook(event.body), WebhookEvent)
    keys = _narrowed(parsed)
    assert len(keys) == len(event.raw[event.key])
