"""Webhook subscriptions through the clients: the generic writer on a small resource."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from loyverse_client import LoyverseError
from loyverse_models import (
    DeletedObjects,
    WebhookCreate,
    WebhookStatus,
    WebhookType,
    WebhookUpdate,
)
from tests.helpers import FakeTime, Recorder, json_response, loyverse_error

T0 = "2024-03-01T08:00:00.000Z"


def webhook(id: str = "w1", **fields: Any) -> dict[str, Any]:
    return {
        "id": id,
        "merchant_id": "m1",
        "url": "https://example.com/hook",
        "type": "receipts.update",
        "status": "ENABLED",
        "created_at": T0,
        "updated_at": T0,
        "deleted_at": None,
        **fields,
    }


@pytest.mark.parametrize(
    "body", [[webhook("w1"), webhook("w2")], {"webhooks": [webhook("w1"), webhook("w2")]}]
)
def test_the_list_reads_a_bare_array_and_the_envelope_alike(body: Any) -> None:
    server = Recorder(json_response(200, body))
    with server.client() as client:
        page = client.webhooks.list()
    assert [w.id for w in page.webhooks] == ["w1", "w2"]
    assert page.webhooks[0].type is WebhookType.RECEIPTS_UPDATE
    assert page.webhooks[1].raw == webhook("w2")
    assert page.raw == {"webhooks": [webhook("w1"), webhook("w2")]}
    assert server.requests[0].url.path == "/v1.0/webhooks/"
    assert server.requests[0].url.params == httpx.QueryParams()


def test_create_always_sends_the_status_and_is_never_sent_twice_blindly() -> None:
    server = Recorder(json_response(200, webhook()), httpx.ReadTimeout("lost"))
    new = WebhookCreate(url="https://example.com/hook", type=WebhookType.RECEIPTS_UPDATE)
    with server.client() as client:
        assert client.webhooks.create(new).id == "w1"
        with pytest.raises(LoyverseError) as caught:
            client.webhooks.create(new)
    assert json.loads(server.requests[0].content) == {
        "url": "https://example.com/hook",
        "type": "receipts.update",
        "status": "ENABLED",
    }
    assert (server.requests[0].method, server.requests[0].url.path) == ("POST", "/v1.0/webhooks/")
    assert len(server.requests) == 2
    assert caught.value.outcome_unknown
    assert "client.webhooks.list()" in str(caught.value)


def test_update_reads_then_sends_the_whole_record_with_the_change() -> None:
    disabled = webhook(status="DISABLED")
    server = Recorder(json_response(200, disabled), json_response(200, webhook()))
    with server.client() as client:
        updated = client.webhooks.update("w1", WebhookUpdate(status=WebhookStatus.ENABLED))
    assert updated.status is WebhookStatus.ENABLED
    read, write = server.requests
    assert (read.method, read.url.path) == ("GET", "/v1.0/webhooks/w1")
    assert (write.method, write.url.path) == ("POST", "/v1.0/webhooks/")
    assert json.loads(write.content) == {
        "id": "w1",
        "url": "https://example.com/hook",
        "type": "receipts.update",
        "status": "ENABLED",
    }


def test_delete_and_a_lost_answer_on_delete(fake_time: FakeTime) -> None:
    server = Recorder(
        json_response(200, {"deleted_object_ids": ["w1"]}),
        httpx.ReadTimeout("lost"),  # deleted, but the answer was lost
        loyverse_error(404, "NOT_FOUND", "The resource with ID w2 was not found"),
    )
    with server.client() as client:
        assert client.webhooks.delete("w1") == DeletedObjects(deleted_object_ids=["w1"])
        assert client.webhooks.delete("w2").deleted_object_ids == ["w2"]
    assert [r.method for r in server.requests] == ["DELETE"] * 3


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"url": "http://example.com/hook", "type": "receipts.update"}, "url"),
        ({"url": "https://", "type": "receipts.update"}, "url"),
        ({"url": "https://example.com/hook", "type": "receipts.create"}, "type"),
        ({"url": "https://example.com/hook", "type": "items.update", "status": "ON"}, "status"),
    ],
)
def test_a_bad_webhook_is_refused_naming_the_field(arguments: Any, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        WebhookCreate.model_validate(arguments)
    assert caught.value.errors()[0]["loc"][0] == field


def test_an_update_must_change_something_and_writes_of_the_wrong_type_send_nothing() -> None:
    with pytest.raises(ValidationError, match="nothing to change"):
        WebhookUpdate()
    server = Recorder()
    with server.client() as client, pytest.raises(TypeError, match="must be a WebhookCreate"):
        client.webhooks.create({"url": "https://example.com"})  # type: ignore[arg-type]
    assert server.requests == []


def test_the_async_client_has_the_same_webhooks() -> None:
    server = Recorder(json_response(200, webhook()), json_response(200, [webhook()]))

    async def main() -> list[str]:
        async with server.async_client() as client:
            made = await client.webhooks.create(
                WebhookCreate(url="https://example.com/hook", type=WebhookType.ITEMS_UPDATE)
            )
            listed = await client.webhooks.list()
            return [made.id, *(w.id for w in listed.webhooks)]

    assert asyncio.run(main()) == ["w1", "w1"]
