"""Small builders shared by the client tests."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import httpx

from loyverse_client import AsyncLoyverseClient, LoyverseClient
from loyverse_client.testing import FakeLoyverse
from loyverse_models import ReceiptCreate, ReceiptLineCreate, ReceiptPaymentCreate

TOKEN = "sk_test_8f14e45fceea167a5a36dedd4bea2543"
BASE = "https://api.loyverse.com/v1.0"

Handler = Callable[[httpx.Request], httpx.Response]


def customer(id: str = "c1", **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": id,
        "name": f"Customer {id}",
        "email": f"{id}@example.com",
        "phone_number": None,
        "address": None,
        "city": None,
        "region": None,
        "postal_code": None,
        "country_code": None,
        "note": None,
        "customer_code": None,
        "first_visit": None,
        "last_visit": None,
        "total_visits": 0,
        "total_spent": 0,
        "total_points": 0,
        "permanent_deletion_at": None,
        "created_at": "2024-03-23T17:52:46.000Z",
        "updated_at": "2024-03-23T20:14:50.000Z",
        "deleted_at": None,
    }
    data.update(fields)
    return data


def json_response(status: int, body: object, **headers: str) -> httpx.Response:
    return httpx.Response(
        status,
        content=json.dumps(body).encode(),
        headers={"content-type": "application/json", **headers},
    )


def loyverse_error(
    status: int, code: str, details: str = "", field: str | None = None
) -> httpx.Response:
    entry: dict[str, str] = {"code": code, "details": details}
    if field is not None:
        entry["field"] = field
    return json_response(status, {"errors": [entry]})


class Recorder:
    """An httpx.MockTransport handler that answers from a script and records every request."""

    def __init__(self, *answers: httpx.Response | Exception | Handler) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if not self.answers:
            raise AssertionError(f"unexpected request {request.method} {request.url}")
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        if isinstance(answer, httpx.Response):
            return answer
        return answer(request)

    def client(self, **settings: Any) -> LoyverseClient:
        settings.setdefault("access_token", TOKEN)
        settings.setdefault("rate_limit", None)
        return LoyverseClient(
            http_client=httpx.Client(transport=httpx.MockTransport(self)), **settings
        )

    def async_client(self, **settings: Any) -> AsyncLoyverseClient:
        settings.setdefault("access_token", TOKEN)
        settings.setdefault("rate_limit", None)
        return AsyncLoyverseClient(
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(self)), **settings
        )


class FakeTime:
    """Stands in for the client's clock, sleep and jitter: sleeping advances time, instantly."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)


def fail_with_not_found(access_token: str) -> None:
    """A client call that raises ``NotFoundError``: run in a worker process by the pickle tests."""
    server = Recorder(loyverse_error(404, "NOT_FOUND", "The resource with ID x was not found"))
    with server.client(access_token=access_token) as client:
        client.customers.get_by_id("x")


def shop_sale(fake: FakeLoyverse) -> tuple[ReceiptCreate, str, str]:
    """A sale of two of a tracked variant priced in a store, paid in cash, ordered as ``web-1042``;
    its variant and store."""
    store = fake.objects("stores")[0]["id"]
    items = {item["id"]: item for item in fake.objects("items")}
    variant = next(
        v
        for v in fake.objects("variants")
        if items[v["item_id"]]["track_stock"]
        and not items[v["item_id"]]["is_composite"]
        and any(s["store_id"] == store and s["price"] for s in v["stores"] or ())
    )
    cash = next(p["id"] for p in fake.objects("payment_types") if p["type"] == "CASH")
    sale = ReceiptCreate(
        store_id=store,
        order="web-1042",
        line_items=[ReceiptLineCreate(variant_id=variant["variant_id"], quantity=Decimal(2))],
        payments=[ReceiptPaymentCreate(payment_type_id=cash)],
    )
    return sale, variant["variant_id"], store
