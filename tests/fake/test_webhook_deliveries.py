"""What the fake delivers to webhooks when something changes: the event Loyverse would send, to
each enabled webhook of it, signed when the fake stands for an OAuth app, 100 objects at most."""

from __future__ import annotations

from decimal import Decimal

import pytest

from loyverse_client.errors import BadRequestError, InternalServerError, WebhookSignatureError
from loyverse_client.testing import FakeLoyverse, WebhookDelivery
from loyverse_client.testing._shop import sample_shop
from loyverse_client.webhooks import WebhookReceiver, parse_webhook
from loyverse_models import (
    CustomerCreate,
    CustomersWebhook,
    CustomerUpdate,
    InventoryLevelsWebhook,
    ReceiptCreate,
    ReceiptLineCreate,
    ReceiptPaymentCreate,
    ReceiptRefund,
    ReceiptsWebhook,
    RefundLine,
    WebhookCreate,
    WebhookStatus,
    WebhookType,
)
from loyverse_models.webhook_events import WebhookEvent
from tests.fake.helpers import JSON, owned_by
from tests.oauth.helpers import CLIENT_SECRET

URL = "https://hooks.example.com/loyverse"
each_owner = pytest.mark.parametrize(
    "secret", [None, CLIENT_SECRET], ids=["merchants-unsigned", "apps-signed"]
)
"""Webhooks of the merchant (created with the personal token), or of our OAuth app."""


def received(fake: FakeLoyverse, secret: str | None, url: str = URL) -> list[WebhookEvent]:
    """Every delivery to ``url``, read as a receiver with ``secret`` reads it (and refused with
    any other secret when signed)."""
    events = []
    for delivery in fake.webhook_deliveries:
        if delivery.url != url:
            continue
        assert delivery.headers["X-Loyverse-API-version"] == "v1.0"
        assert (delivery.signature is None) is (secret is None)
        event = parse_webhook(delivery.body, signature=delivery.signature, client_secret=secret)
        assert WebhookReceiver(secret).handle(delivery.body, delivery.headers).raw == event.raw
        assert (event.type, event.raw) == (delivery.type, delivery.json())
        if secret is not None:
            with pytest.raises(WebhookSignatureError):
                parse_webhook(delivery.body, signature=delivery.signature, client_secret="other")
        events.append(event)
    return events


def subscribe(fake: FakeLoyverse, secret: str | None, *types: WebhookType) -> FakeLoyverse:
    """``fake``, with webhooks of ``types`` to ``URL`` of the merchant (``secret`` None) or of our
    app, whose client secret is ``secret``."""
    with owned_by(fake, app=secret is not None) as client:
        for kind in types:
            client.webhooks.create(WebhookCreate(url=URL, type=kind))
    return fake


@each_owner
def test_a_customer_created_updated_and_deleted_is_delivered_each_time(secret: str | None) -> None:
    fake = subscribe(FakeLoyverse(), secret, WebhookType.CUSTOMERS_UPDATE)
    with fake.client() as client:
        ann = client.customers.create(CustomerCreate(name="Ann Lee"))
        fake.clock.advance(60)
        client.customers.update(ann.id, CustomerUpdate(note="VIP"))
        updated = fake.customers[0]
        fake.clock.advance(60)
        client.customers.delete(ann.id)
    events = received(fake, secret)
    assert all(isinstance(event, CustomersWebhook) for event in events)
    assert [event.raw["customers"] for event in events[:2]] == [[ann.raw], [updated]]
    (gone,) = events[2].raw["customers"]
    assert gone == {**updated, "deleted_at": gone["deleted_at"], "updated_at": gone["updated_at"]}
    assert gone["deleted_at"] == gone["updated_at"] == events[2].raw["created_at"]
    assert gone["deleted_at"] > updated["updated_at"]
    assert {(d.url, d.type) for d in fake.webhook_deliveries} == {(URL, "customers.update")}
    assert {event.merchant_id for event in events} == {fake.merchant["id"]}


def _ids(fake: FakeLoyverse) -> dict[str, str]:
    names = {
        obj["name"]: obj["id"] for kind in ("stores", "payment_types") for obj in fake.objects(kind)
    }
    return names | {obj["sku"]: obj["variant_id"] for obj in fake.objects("variants")}


def _levels(fake: FakeLoyverse, store_id: str, *variant_ids: str) -> list[JSON]:
    stock = {(level["variant_id"], level["store_id"]): level for level in fake.objects("inventory")}
    return [stock[variant_id, store_id] for variant_id in variant_ids]


@each_owner
def test_a_sale_and_its_refund_deliver_the_receipt_the_stock_it_moved_and_the_customer(
    shop: FakeLoyverse, secret: str | None
) -> None:
    shared = [WebhookType.RECEIPTS_UPDATE, WebhookType.INVENTORY_LEVELS_UPDATE]
    subscribe(shop, secret, *shared, WebhookType.CUSTOMERS_UPDATE)
    ids, customer = _ids(shop), shop.customers[0]
    store = ids["Harbour Café"]
    with shop.client() as client:
        sale = client.receipts.create(
            ReceiptCreate(
                store_id=store,
                customer_id=customer["id"],
                line_items=[
                    ReceiptLineCreate(variant_id=ids[sku], quantity=Decimal(2))
                    for sku in ("CRO-1", "LAT-1", "BEA-1")  # lattes do not track stock
                ],
                payments=[ReceiptPaymentCreate(payment_type_id=ids["Cash"])],
            )
        )
        moved = [_levels(shop, store, ids["CRO-1"], ids["BEA-1"])]
        shop.clock.advance(60)
        croissants = RefundLine(id=sale.line_items[0].id, quantity=Decimal(1))
        refund = client.receipts.refund(sale.receipt_number, ReceiptRefund(line_items=[croissants]))
        moved.append(_levels(shop, store, ids["CRO-1"]))
        hooks = client.webhooks.list().webhooks
    ours = [(d.type, d.url) for d in shop.webhook_deliveries if d.url == URL]
    assert ours == [(kind.value, URL) for kind in (*shared, WebhookType.CUSTOMERS_UPDATE)] * 2
    theirs = {hook.type: hook.url for hook in hooks if hook.url != URL and hook.status == "ENABLED"}
    assert [(d.type, d.url) for d in shop.webhook_deliveries if d.url != URL] == [
        (kind.value, theirs[kind])
        for kind in shared  # the sample shop's own, unsigned
    ] * 2
    events = received(shop, secret)
    for (receipts, levels, customers), receipt, stock in zip(
        (events[:3], events[3:]), (sale, refund), moved, strict=True
    ):
        assert isinstance(receipts, ReceiptsWebhook)
        assert [r.raw for r in receipts.receipts] == [receipt.raw]
        assert isinstance(levels, InventoryLevelsWebhook)
        assert levels.raw["inventory_levels"] == stock
        assert isinstance(customers, CustomersWebhook)
        assert [c.id for c in customers.customers] == [customer["id"]]
        assert customers.customers[0].total_points == receipt.points_balance
    assert events[-1].raw["customers"] == [shop.customers[0]]


def test_a_bulk_change_of_150_customers_is_delivered_as_100_then_50() -> None:
    fake = subscribe(FakeLoyverse(), None, WebhookType.CUSTOMERS_UPDATE)
    customers = fake.add("customers", [{"name": f"Guest {n}"} for n in range(150)], notify=True)
    events = received(fake, None)
    assert [len(event.raw["customers"]) for event in events] == [100, 50]
    assert [c for event in events for c in event.raw["customers"]] == customers


def test_only_the_enabled_webhooks_of_the_event_are_sent_it() -> None:
    fake = subscribe(FakeLoyverse(), None, WebhookType.ITEMS_UPDATE, WebhookType.RECEIPTS_UPDATE)
    customers = WebhookType.CUSTOMERS_UPDATE
    with fake.client() as client:
        hooks = [
            client.webhooks.create(WebhookCreate(url=f"{URL}/{n}", type=customers, status=status))
            for n, status in enumerate([WebhookStatus.ENABLED] * 3 + [WebhookStatus.DISABLED])
        ]
        client.webhooks.delete(hooks[2].id)
        client.customers.create(CustomerCreate(name="Ann Lee"))
    deliveries = fake.webhook_deliveries
    assert sorted((d.webhook_id, d.url) for d in deliveries) == sorted(
        (hook.id, hook.url) for hook in hooks[:2]
    )
    assert deliveries[0].body == deliveries[1].body


def test_a_refused_or_read_only_request_delivers_nothing() -> None:
    fake = subscribe(FakeLoyverse(), None, WebhookType.CUSTOMERS_UPDATE)
    with fake.client() as client:
        client.customers.create(CustomerCreate(name="Ann", email="ann@example.com"))
        del fake.webhook_deliveries[:]
        with pytest.raises(BadRequestError, match="already has this email"):
            client.customers.create(CustomerCreate(name="Ann 2", email="ann@example.com"))
        client.customers.list()
    fake.add("customers", [{"name": "Imported quietly"}])
    fake.delete("customers", fake.customers[0]["id"])
    assert fake.webhook_deliveries == []


def test_a_request_whose_answer_was_lost_was_carried_out_and_is_delivered() -> None:
    fake = subscribe(FakeLoyverse(), None, WebhookType.CUSTOMERS_UPDATE)
    fake.fail_next(500, after_processing=True)
    with fake.client(max_retries=0) as client, pytest.raises(InternalServerError):
        client.customers.create(CustomerCreate(name="Ann Lee"))
    (event,) = received(fake, None)
    assert event.raw["customers"] == fake.customers


EVENTS = {
    "customers": WebhookType.CUSTOMERS_UPDATE,
    "items": WebhookType.ITEMS_UPDATE,
    "receipts": WebhookType.RECEIPTS_UPDATE,
    "inventory": WebhookType.INVENTORY_LEVELS_UPDATE,
    "shifts": WebhookType.SHIFTS_CREATE,
}


@pytest.mark.parametrize("resource", list(EVENTS))
@each_owner
def test_a_change_the_merchant_made_is_delivered_as_its_event(
    resource: str, secret: str | None
) -> None:
    objects = sample_shop(seed=4).collections[resource][:2]
    fake = subscribe(FakeLoyverse(), secret, EVENTS[resource])
    added = fake.add(resource, objects, notify=True)
    (event,) = received(fake, secret)
    assert event.type == EVENTS[resource].value
    assert event.raw[EVENTS[resource].value.split(".")[0]] == added


@pytest.mark.parametrize(("resource", "key"), [("items", "id"), ("customers", "id")])
def test_a_deletion_the_merchant_made_is_delivered_with_deleted_at(resource: str, key: str) -> None:
    fake = subscribe(FakeLoyverse(), None, EVENTS[resource])
    (obj,) = fake.add(resource, sample_shop(seed=4).collections[resource][:1])
    fake.clock.advance(60)
    fake.delete(resource, obj[key], notify=True)
    (event,) = received(fake, None)
    (sent,) = event.raw[resource]
    assert sent[key] == obj[key]
    assert sent["deleted_at"] == sent["updated_at"] == event.raw["created_at"]


def test_a_delivery_is_a_frozen_record_of_what_was_sent() -> None:
    fake = subscribe(FakeLoyverse(), CLIENT_SECRET, WebhookType.CUSTOMERS_UPDATE)
    fake.add("customers", [{"name": "Ann"}], notify=True)
    (delivery,) = fake.webhook_deliveries
    assert isinstance(delivery, WebhookDelivery)
    with pytest.raises(AttributeError):
        delivery.body = b"{}"  # type: ignore[misc]
    assert delivery.headers["Content-Type"].startswith("application/json")
    assert delivery.signature == delivery.headers["X-Loyverse-Signature"]
    assert delivery.signature is not None
    assert len(delivery.signature) == 40
    assert delivery.signature == delivery.signature.lower()
