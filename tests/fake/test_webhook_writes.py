"""Webhook subscriptions written to the fake: ``POST /webhooks/`` (create, update) and
``DELETE /webhooks/{id}``, by the live rules, raw and through ``client.webhooks``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from loyverse_client._resources import WEBHOOKS
from loyverse_client.errors import BadRequestError, NotFoundError
from loyverse_client.testing import FakeLoyverse
from loyverse_models import Webhook, WebhookCreate, WebhookStatus, WebhookType, WebhookUpdate
from tests.fake.helpers import JSON, Mode, call, each_client, error_codes, http, owned_by

URL = "https://hooks.example.com/loyverse"
HOOK = {"url": URL, "type": "customers.update", "status": "ENABLED"}


@pytest.fixture
def fake() -> FakeLoyverse:
    fake = FakeLoyverse()
    fake.set_merchant({"id": "merchant-1"})
    return fake


@pytest.fixture
def api(fake: FakeLoyverse) -> Iterator[httpx.Client]:
    with http(fake) as client:
        yield client


def created(api: httpx.Client, **fields: Any) -> JSON:
    response = api.post("/webhooks/", json={**HOOK, **fields})
    assert response.status_code == 200, response.text
    webhook: JSON = response.json()
    return webhook


def test_a_created_webhook_is_the_merchants_listed_in_the_envelope_and_read_by_id(
    fake: FakeLoyverse, api: httpx.Client
) -> None:
    webhook = created(api, status="DISABLED", merchant_id="ignored", created_at="ignored")
    assert list(webhook) == list(Webhook.model_fields)
    assert {name: webhook[name] for name in (*HOOK, "merchant_id", "deleted_at")} == {
        **HOOK, "status": "DISABLED", "merchant_id": "merchant-1", "deleted_at": None,
    }  # fmt: skip
    assert webhook["created_at"] == webhook["updated_at"]
    assert api.get("/webhooks/").json() == {"webhooks": [webhook]}
    assert api.get(f"/webhooks/{webhook['id']}").json() == webhook
    assert fake.objects("webhooks") == [webhook]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            {"url": URL, "type": "customers.update"},
            [("MISSING_REQUIRED_PARAMETER", "object.status")],
        ),
        ({**HOOK, "status": None}, [("MISSING_REQUIRED_PARAMETER", "object.status")]),
        (
            {},
            [
                ("MISSING_REQUIRED_PARAMETER", "object.url"),
                ("MISSING_REQUIRED_PARAMETER", "object.type"),
                ("MISSING_REQUIRED_PARAMETER", "object.status"),
            ],
        ),
        ({**HOOK, "url": "http://hooks.example.com/loyverse"}, [("INVALID_VALUE", "object.url")]),
        ({**HOOK, "url": "hooks.example.com/loyverse"}, [("INVALID_VALUE", "object.url")]),
        ({**HOOK, "url": "https://"}, [("INVALID_VALUE", "object.url")]),
        ({**HOOK, "url": "https://hooks.example .com/"}, [("INVALID_VALUE", "object.url")]),
        ({**HOOK, "url": "https://hooks.example.com:99999/"}, [("INVALID_VALUE", "object.url")]),
        ({**HOOK, "url": "https://[::1/"}, [("INVALID_VALUE", "object.url")]),
        ({**HOOK, "url": 42}, [("INCORRECT_VALUE_TYPE", "object.url")]),
        ({**HOOK, "type": "receipts.create"}, [("INVALID_VALUE", "object.type")]),
        ({**HOOK, "type": "inventory.update"}, [("INVALID_VALUE", "object.type")]),
        ({**HOOK, "type": "CUSTOMERS.UPDATE"}, [("INVALID_VALUE", "object.type")]),
        ({**HOOK, "status": "enabled"}, [("INVALID_VALUE", "object.status")]),
        (
            {"url": "ftp://x", "type": "receipt.created", "status": True},
            [
                ("INVALID_VALUE", "object.url"),
                ("INVALID_VALUE", "object.type"),
                ("INCORRECT_VALUE_TYPE", "object.status"),
            ],
        ),
        ({**HOOK, "id": 7}, [("INCORRECT_VALUE_TYPE", "object.id")]),
    ],
)
def test_a_refused_webhook_is_400_naming_every_wrong_field_and_stores_nothing(
    fake: FakeLoyverse, api: httpx.Client, body: JSON, expected: list[tuple[str, str]]
) -> None:
    response = api.post("/webhooks/", json=body)
    assert response.status_code == 400
    assert error_codes(response) == expected
    assert fake.objects("webhooks") == []


@pytest.mark.parametrize(
    ("content", "headers", "status"),
    [
        (b"{", {"Content-Type": "application/json"}, 400),
        (b"[]", {"Content-Type": "application/json"}, 400),
        (b"url=https://x", {"Content-Type": "application/x-www-form-urlencoded"}, 415),
    ],
)
def test_a_body_that_is_not_a_json_object_is_refused(
    fake: FakeLoyverse, api: httpx.Client, content: bytes, headers: dict[str, str], status: int
) -> None:
    assert api.post("/webhooks/", content=content, headers=headers).status_code == status
    assert fake.objects("webhooks") == []


def test_the_pair_of_type_and_url_is_unique(fake: FakeLoyverse, api: httpx.Client) -> None:
    first = created(api)
    created(api, type="receipts.update")  # the same url for another event
    second = created(api, url=URL + "/other")  # the same event to another url
    for body in (HOOK, {"id": second["id"], "url": URL}):
        response = api.post("/webhooks/", json=body)
        assert response.status_code == 400
        assert error_codes(response) == [("INVALID_VALUE", "object.url")]
    assert created(api, id=first["id"], status="DISABLED")["status"] == "DISABLED"  # itself
    assert len(fake.objects("webhooks")) == 3


def test_an_update_keeps_what_its_body_leaves_out(fake: FakeLoyverse, api: httpx.Client) -> None:
    webhook = created(api)
    fake.clock.advance(60)
    response = api.post("/webhooks/", json={"id": webhook["id"], "status": "DISABLED"})
    assert response.status_code == 200
    updated = response.json()
    assert updated == {**webhook, "status": "DISABLED", "updated_at": updated["updated_at"]}
    assert updated["updated_at"] > webhook["updated_at"]
    assert fake.objects("webhooks") == [updated]


def test_an_update_of_an_unknown_webhook_is_404(api: httpx.Client) -> None:
    response = api.post("/webhooks/", json={**HOOK, "id": "no-such-webhook"})
    assert response.status_code == 404
    assert error_codes(response) == [("NOT_FOUND", None)]


def test_a_deleted_webhook_is_gone_for_good(fake: FakeLoyverse, api: httpx.Client) -> None:
    webhook, kept = created(api), created(api, type="items.update")
    path = f"/webhooks/{webhook['id']}"
    response = api.delete(path)
    assert response.status_code == 200
    assert response.json() == {"deleted_object_ids": [webhook["id"]]}
    assert [(r.status_code, error_codes(r)) for r in (api.get(path), api.delete(path))] == [
        (404, [("NOT_FOUND", None)])
    ] * 2
    assert api.get("/webhooks/").json() == {"webhooks": [kept]}
    assert fake.objects("webhooks", show_deleted=True) == [kept]
    assert created(api)["id"] != webhook["id"]  # the pair is free again


@each_client
def test_client_webhooks_list_create_update_delete_against_the_fake(
    fake: FakeLoyverse, mode: Mode
) -> None:
    new = WebhookCreate(url=URL, type=WebhookType.RECEIPTS_UPDATE)
    webhook = call(fake, WEBHOOKS, mode, "create", new)
    assert (webhook.status, webhook.merchant_id) == (WebhookStatus.ENABLED, "merchant-1")
    assert [w.raw for w in call(fake, WEBHOOKS, mode, "list").webhooks] == [webhook.raw]
    off = call(
        fake, WEBHOOKS, mode, "update", webhook.id, WebhookUpdate(status=WebhookStatus.DISABLED)
    )
    assert (off.status, off.url, off.type) == (WebhookStatus.DISABLED, URL, webhook.type)
    assert call(fake, WEBHOOKS, mode, "get", webhook.id).raw == off.raw
    moved = call(fake, WEBHOOKS, mode, "update", webhook.id, WebhookUpdate(url=URL + "/v2"))
    assert (moved.url, moved.status) == (URL + "/v2", WebhookStatus.DISABLED)
    deleted = call(fake, WEBHOOKS, mode, "delete", webhook.id)
    assert deleted.deleted_object_ids == [webhook.id]
    assert call(fake, WEBHOOKS, mode, "list").webhooks == []
    with pytest.raises(NotFoundError):
        call(fake, WEBHOOKS, mode, "get", webhook.id)


def test_client_webhooks_create_of_a_taken_pair_is_a_bad_request(fake: FakeLoyverse) -> None:
    new = WebhookCreate(url=URL, type=WebhookType.ITEMS_UPDATE)
    with fake.client() as client:
        client.webhooks.create(new)
        with pytest.raises(BadRequestError) as caught:
            client.webhooks.create(new)
    assert "(type, url) must be unique" in str(caught.value)


def test_an_apps_token_sees_only_the_apps_webhooks_and_the_personal_token_sees_all(
    fake: FakeLoyverse,
) -> None:
    new = WebhookCreate(url=URL, type=WebhookType.ITEMS_UPDATE)
    with owned_by(fake, app=False) as merchant, owned_by(fake, app=True) as app:
        theirs = merchant.webhooks.create(new)
        ours = app.webhooks.create(new)  # the pair is unique per owner
        assert [w.id for w in app.webhooks.list().webhooks] == [ours.id]
        assert {w.id for w in merchant.webhooks.list().webhooks} == {theirs.id, ours.id}
        for refused in (
            lambda: app.webhooks.get(theirs.id),
            lambda: app.webhooks.update(theirs.id, WebhookUpdate(status=WebhookStatus.DISABLED)),
            lambda: app.webhooks.delete(theirs.id),
        ):
            with pytest.raises(NotFoundError):
                refused()
        with pytest.raises(BadRequestError):
            app.webhooks.create(new)
        moved = merchant.webhooks.update(ours.id, WebhookUpdate(url=URL + "/v2"))
        assert app.webhooks.get(ours.id).raw == moved.raw  # still the app's
        app.webhooks.delete(ours.id)
    assert [w["id"] for w in fake.objects("webhooks")] == [theirs.id]
