"""Scopes: each declaration names the ones the contract gives its endpoints, and the fake answers
403 FORBIDDEN to an OAuth token without it (a personal token has every scope)."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from loyverse_client._resources import MERCHANT_SCOPE, RESOURCES
from loyverse_client.errors import PermissionDeniedError
from loyverse_client.oauth import OAuthSession, Scope
from loyverse_models import CustomerCreate
from tests.fake.helpers import AnyResource, each
from tests.oauth.helpers import EVERY_SCOPE, account, app_of, connect

S = Scope
CONTRACT = {  # LOYVERSE_API.md, 2.3 and 10: the scope of GET, and of POST and DELETE
    "customers": (S.CUSTOMERS_READ, S.CUSTOMERS_WRITE),
    "items": (S.ITEMS_READ, S.ITEMS_WRITE),
    "variants": (S.ITEMS_READ, S.ITEMS_WRITE),
    "categories": (S.ITEMS_READ, S.ITEMS_WRITE),
    "modifiers": (S.ITEMS_READ, S.ITEMS_WRITE),
    "discounts": (S.ITEMS_READ, S.ITEMS_WRITE),
    "taxes": (S.TAXES_READ, S.TAXES_WRITE),
    "inventory": (S.INVENTORY_READ, S.INVENTORY_WRITE),
    "stores": (S.STORES_READ, None),
    "employees": (S.EMPLOYEES_READ, None),
    "payment_types": (S.PAYMENT_TYPES_READ, None),
    "pos_devices": (S.POS_DEVICES_READ, S.POS_DEVICES_WRITE),
    "shifts": (S.SHIFTS_READ, None),
    "suppliers": (S.SUPPLIERS_READ, S.SUPPLIERS_WRITE),
    "receipts": (S.RECEIPTS_READ, S.RECEIPTS_WRITE),
    "webhooks": (None, None),  # no webhook scope exists
}


def test_every_declaration_names_the_contracts_scopes() -> None:
    declared = {r.name: (r.read_scope, r.write_scope) for r in RESOURCES}
    assert declared == CONTRACT
    assert MERCHANT_SCOPE is Scope.MERCHANT_READ


def _every_scope_but(scope: Scope | None) -> list[Scope]:
    return [each for each in EVERY_SCOPE if each is not scope]


@each([resource for resource in RESOURCES if resource.read_scope is not None])
@pytest.mark.parametrize("granted", [True, False], ids=["granted", "not-granted"])
def test_a_list_needs_its_read_scope(resource: AnyResource, granted: bool) -> None:
    fake = account()
    scopes = EVERY_SCOPE if granted else _every_scope_but(resource.read_scope)
    session = OAuthSession(app_of(fake), connect(fake, scopes))
    with fake.client(oauth=session) as client:
        reader = getattr(client, resource.name)
        if granted:
            reader.list()
            return
        with pytest.raises(PermissionDeniedError) as raised:
            reader.list()
    assert raised.value.code == "FORBIDDEN"
    assert str(resource.read_scope.value if resource.read_scope else "") in str(raised.value)


@pytest.mark.parametrize(
    ("method", "path", "body", "needed"),
    [
        pytest.param("POST", "customers", {"name": "Ann"}, S.CUSTOMERS_WRITE, id="create customer"),
        pytest.param("DELETE", "items/i1", None, S.ITEMS_WRITE, id="delete item"),
        pytest.param("DELETE", "items/i1/image", None, S.ITEMS_WRITE, id="delete item image"),
        pytest.param("POST", "inventory", {"inventory_levels": []}, S.INVENTORY_WRITE, id="stock"),
        pytest.param("POST", "receipts", {}, S.RECEIPTS_WRITE, id="create receipt"),
        pytest.param("POST", "receipts/1-1001/refund", {}, S.RECEIPTS_WRITE, id="refund"),
        pytest.param("GET", "merchant/", None, S.MERCHANT_READ, id="merchant"),
    ],
)
def test_a_request_without_its_scope_is_forbidden_before_anything_else(
    method: str, path: str, body: Any, needed: Scope
) -> None:
    fake = account()
    token = connect(fake, _every_scope_but(needed))
    headers = {"Authorization": f"Bearer {token.access_token}"}
    with httpx.Client(transport=fake.transport, base_url=fake.BASE_URL, headers=headers) as api:
        response = api.request(method, f"/{path}", json=body)
    assert response.status_code == 403
    assert response.json() == {
        "errors": [
            {"code": "FORBIDDEN", "details": f"The access token lacks the {needed.value} scope"}
        ]
    }
    assert fake.customers == fake.objects("customers")  # nothing written


def test_a_write_needs_the_write_scope_even_with_the_read_one() -> None:
    fake = account()
    session = OAuthSession(app_of(fake), connect(fake, [Scope.CUSTOMERS_READ]))
    before = fake.customers

    async def main() -> None:
        async with fake.async_client(oauth=session) as client:
            await client.customers.list()
            with pytest.raises(PermissionDeniedError, match="CUSTOMERS_WRITE"):
                await client.customers.create(CustomerCreate(name="Ann"))

    asyncio.run(main())
    assert fake.customers == before


def test_webhooks_need_no_scope() -> None:
    fake = account()
    session = OAuthSession(app_of(fake), connect(fake, [Scope.OPENID]))
    with fake.client(oauth=session) as client:
        assert client.webhooks.list().webhooks == []


def test_the_personal_token_has_every_scope() -> None:
    fake = account()
    with fake.client() as client:
        for resource in RESOURCES:
            getattr(client, resource.name).list()
        client.merchant.get()
        client.userinfo()
