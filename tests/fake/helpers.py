"""What the fake's tests share: the declarations to parametrise over, and the ways a test reads a
list: through the SDK's clients (sync or async) or over raw HTTP."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timezone
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

import httpx
import pytest

from loyverse_client import LoyverseClient
from loyverse_client._resource import Resource
from loyverse_client._resources import RESOURCES
from loyverse_client.oauth import OAuthSession
from loyverse_client.testing import FakeLoyverse
from loyverse_models import Receipt
from tests.oauth.helpers import CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, app_of, connect

AnyResource = Resource[Any, Any, Any]
Mode = Literal["sync", "async"]
JSON = dict[str, Any]

NO_TIME = datetime.min.replace(tzinfo=timezone.utc)


def _name(resource: AnyResource) -> str:
    return resource.name


def each(resources: Iterable[AnyResource]) -> pytest.MarkDecorator:
    """Parametrise ``resource`` over ``resources``, each test named after its resource."""
    return pytest.mark.parametrize("resource", list(resources), ids=_name)


each_resource = each(RESOURCES)
each_client = pytest.mark.parametrize("mode", ["sync", "async"])
PAGINATED = [resource for resource in RESOURCES if resource.paginated]
NOT_PAGINATED = [resource for resource in RESOURCES if not resource.paginated]
GETTABLE = [resource for resource in RESOURCES if resource.gettable]

FILTERS = [
    pytest.param(resource, name, id=f"{resource.name}-{name}")
    for resource in RESOURCES
    for name in resource.query.filters()
    if name != "show_deleted"
]
"""Every filter of every list (``show_deleted`` aside), by its Python name."""
RANGES = [
    pytest.param(resource, name[: -len("_min")], id=f"{resource.name}-{name[: -len('_min')]}")
    for resource in RESOURCES
    for name in resource.query.filters()
    if name.endswith("_min")
]
"""Every time range of every list, by prefix (``created_at``, ``updated_at``)."""


def documents(resource: AnyResource, field: str) -> bool:
    """Whether the resource's query class has ``field`` (``limit``, ``show_deleted``)."""
    return field in resource.query.model_fields


def query(resource: AnyResource, **fields: Any) -> Any:
    """The resource's query with ``fields``; ``limit`` is left out where the list has none."""
    if not documents(resource, "limit"):
        fields.pop("limit", None)
    return resource.query.model_validate(fields)


def key_of(resource: AnyResource, obj: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(obj[name] for name in resource.key)


def created(resource: AnyResource, obj: Mapping[str, Any]) -> datetime:
    """The object's creation time, read by its SDK model (``NO_TIME`` if it has none)."""
    moment = getattr(
        resource.model.model_validate(obj), (resource.created_field or "created_at"), None
    )
    return moment if isinstance(moment, datetime) else NO_TIME


def newest_first(resource: AnyResource, objects: Iterable[JSON]) -> list[JSON]:
    """The documented order: newest ``created_field`` first, ties by key (the largest first)."""
    return sorted(
        objects, key=lambda obj: (created(resource, obj), key_of(resource, obj)), reverse=True
    )


def pick(resource: AnyResource, name: str, objects: list[JSON]) -> str:
    """A value for filter ``name`` that narrows ``objects``: the first object's, or for a filter
    that names an object (``since_receipt_number``) the middle one's."""
    wire = resource.query.filters()[name]
    if wire.bound is not None:
        return str(objects[len(objects) // 2][wire.matches])
    return str(next(obj[wire.matches] for obj in objects if obj[wire.matches]))


def keeps(resource: AnyResource, name: str, value: str, objects: list[JSON]) -> list[JSON]:
    """The ``objects`` that filter ``name`` given one ``value`` keeps: those whose field is the
    value, or those created from / up to the object it names (inclusive)."""
    wire = resource.query.filters()[name]
    if wire.bound is None:
        return [obj for obj in objects if obj[wire.matches] == value]
    (named,) = [obj for obj in objects if obj[wire.matches] == value]
    edge = created(resource, named)
    if wire.bound == "min":
        return [obj for obj in objects if created(resource, obj) >= edge]
    return [obj for obj in objects if created(resource, obj) <= edge]


def walk(fake: FakeLoyverse, resource: AnyResource, wanted: Any, mode: Mode) -> list[JSON]:
    """``client.<resource>.iterate(wanted)`` with a sync or async client: each object's JSON."""
    if mode == "sync":
        with fake.client() as client:
            return [obj.raw for obj in getattr(client, resource.name).iterate(wanted)]

    async def main() -> list[JSON]:
        async with fake.async_client() as client:
            return [obj.raw async for obj in getattr(client, resource.name).iterate(wanted)]

    return asyncio.run(main())


def call(fake: FakeLoyverse, resource: AnyResource, mode: Mode, method: str, *args: Any) -> Any:
    """``client.<resource>.<method>(*args)`` with a sync or async client (awaited)."""
    if mode == "sync":
        with fake.client() as client:
            return getattr(getattr(client, resource.name), method)(*args)

    async def main() -> Any:
        async with fake.async_client() as client:
            return await getattr(getattr(client, resource.name), method)(*args)

    return asyncio.run(main())


def owned_by(fake: FakeLoyverse, *, app: bool) -> LoyverseClient:
    """A client with the personal token, or with the OAuth token of our app (``tests.oauth``'s,
    registered and connected by the merchant): what it creates belongs to the merchant or to
    the app."""
    if not app:
        return fake.client()
    fake.register_app(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI)
    return fake.client(oauth=OAuthSession(app_of(fake), connect(fake)))


@contextmanager
def http(fake: FakeLoyverse) -> Iterator[httpx.Client]:
    """A plain httpx client of the fake, with its token: requests exactly as written."""
    headers = {"Authorization": f"Bearer {fake.access_token}"}
    with httpx.Client(transport=fake.transport, base_url=fake.BASE_URL, headers=headers) as api:
        yield api


def listed(fake: FakeLoyverse, resource: AnyResource, params: Mapping[str, str]) -> list[JSON]:
    """The objects of one raw ``GET /<path>`` (which must succeed)."""
    with http(fake) as api:
        response = api.get(f"/{resource.path}", params=params)
    assert response.status_code == 200, response.text
    objects: list[JSON] = response.json()[resource.page.list_key()]
    return objects


def error_codes(response: httpx.Response) -> list[tuple[str, str | None]]:
    """The ``(code, field)`` of each entry of an error answer."""
    return [(error["code"], error.get("field")) for error in response.json()["errors"]]


def _money(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _summed(entries: Iterable[Any]) -> dict[str, Decimal]:
    sums: dict[str, Decimal] = {}
    for entry in entries:
        sums[entry.id] = sums.get(entry.id, Decimal(0)) + entry.money_amount
    return sums


def assert_adds_up(receipt: Receipt, places: int = 2) -> None:
    """The contract's arithmetic, exactly, with amounts of ``places`` decimals (rounded half up
    where a quantity has decimals)."""
    for line in receipt.line_items:
        for modifier in line.line_modifiers:
            assert modifier.money_amount == _money(modifier.price * line.quantity, places)
        modifiers = sum((m.money_amount for m in line.line_modifiers), Decimal(0))
        assert line.gross_total_money == _money(line.quantity * line.price, places) + modifiers
        assert line.cost_total == _money(line.cost * line.quantity, places)
        assert line.total_discount == sum((d.money_amount for d in line.line_discounts), Decimal(0))
        added = sum((t.money_amount for t in line.line_taxes if t.type == "ADDED"), Decimal(0))
        assert line.total_money == line.gross_total_money - line.total_discount + added
    lines = receipt.line_items
    assert receipt.total_money == sum((line.total_money for line in lines), Decimal(0))
    taxes = _summed(tax for line in lines for tax in line.line_taxes)
    discounts = _summed(discount for line in lines for discount in line.line_discounts)
    assert receipt.total_tax == sum(taxes.values(), Decimal(0))
    assert _summed(receipt.total_taxes) == taxes
    assert receipt.total_discount == sum(
        (d.money_amount for d in receipt.total_discounts), Decimal(0)
    )
    assert _summed(receipt.total_discounts) == discounts
    if receipt.payments:  # a sale made through the API may have none
        paid = sum((payment.money_amount for payment in receipt.payments), Decimal(0))
        assert paid == receipt.total_money
    assert receipt.receipt_date <= receipt.created_at <= receipt.updated_at
