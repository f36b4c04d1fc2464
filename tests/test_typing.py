"""User code as mypy --strict sees it: precise return types, wrong arguments caught.

mypy checks this file with the rest of the tests. ``assert_type`` fails the type check if a
return type is not exactly what is written; each ``# type: ignore[...]`` line must really be an
error, or mypy reports the ignore as unused (``warn_unused_ignores`` is on under strict).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING

import httpx
from typing_extensions import assert_type

from loyverse_client import (
    AsyncLoyverseClient,
    AsyncWalk,
    Customer,
    CustomerPage,
    CustomerQuery,
    LoyverseClient,
    Walk,
)
from loyverse_models import (
    CashMovement,
    Category,
    CategoryPage,
    CategoryQuery,
    Discount,
    DiscountQuery,
    Employee,
    EmployeePage,
    EmployeeQuery,
    InventoryLevel,
    InventoryQuery,
    Item,
    ItemPage,
    ItemQuery,
    Merchant,
    Modifier,
    ModifierOption,
    PaymentTypeKind,
    PosDevicePage,
    PosDeviceQuery,
    Receipt,
    ReceiptQuery,
    Shift,
    ShiftQuery,
    Store,
    Supplier,
    SupplierPage,
    SupplierQuery,
    Tax,
    TaxPage,
    TaxQuery,
    Variant,
    VariantPage,
    VariantQuery,
    VariantStore,
)
from tests.helpers import customer, json_response


def user_code(client: LoyverseClient) -> None:
    assert_type(client.customers.list(), CustomerPage)
    assert_type(client.customers.list(CustomerQuery(limit=10)), CustomerPage)
    assert_type(client.customers.get_by_query(email="a@b.c"), CustomerPage)
    assert_type(client.customers.iter_pages(), Walk[CustomerPage])
    assert_type(client.customers.iterate(), Walk[Customer])
    assert_type(client.customers.get_by_id("x"), Customer)
    assert_type(client.customers.get_by_email("a@b.c"), Customer | None)
    day = datetime(2024, 1, 1, tzinfo=timezone.utc)
    assert_type(client.customers.get_by_creation_date(day), CustomerPage)
    assert_type(client.customers.get_by_creation_dates(day), CustomerPage)
    page = client.customers.list()
    assert_type(page.cursor, str | None)
    assert_type(page.customers[0].total_spent, "Decimal")


async def async_user_code(client: AsyncLoyverseClient) -> None:
    assert_type(await client.customers.list(), CustomerPage)
    assert_type(client.customers.iterate(), AsyncWalk[Customer])
    assert_type(client.customers.iter_pages(), AsyncWalk[CustomerPage])
    assert_type(await client.customers.get_by_id("x"), Customer)
    assert_type(await client.customers.get_by_email("a@b.c"), Customer | None)


def resource_code(client: LoyverseClient) -> None:
    assert_type(client.items.get("x"), Item)
    assert_type(client.items.list(ItemQuery(show_deleted=True)), ItemPage)
    assert_type(client.items.iterate(), Walk[Item])
    assert_type(client.items.get("x").variants[0].stores, list[VariantStore] | None)
    assert_type(client.variants.get("x"), Variant)
    assert_type(client.variants.iter_pages(VariantQuery(sku="A1")), Walk[VariantPage])
    assert_type(client.categories.get("x"), Category)
    assert_type(client.categories.list().categories, list[Category])
    assert_type(client.modifiers.get("x").modifier_options[0], ModifierOption)
    assert_type(client.discounts.list(DiscountQuery()).discounts[0], Discount)
    assert_type(client.taxes.get("x"), Tax)
    assert_type(client.taxes.iterate(TaxQuery(tax_ids=["a"])), Walk[Tax])
    assert_type(client.customers.get("x"), Customer)
    assert_type(client.inventory.iterate(InventoryQuery(store_ids=["s"])), Walk[InventoryLevel])
    assert_type(client.stores.get("x"), Store)
    assert_type(client.employees.list(EmployeeQuery()), EmployeePage)
    assert_type(client.payment_types.get("x").type, PaymentTypeKind | str)
    assert_type(client.pos_devices.list(PosDeviceQuery(store_id="s")), PosDevicePage)
    assert_type(client.shifts.get("x").cash_movements, list[CashMovement] | None)
    assert_type(client.suppliers.iter_pages(SupplierQuery()), Walk[SupplierPage])
    assert_type(client.merchant.get(), Merchant)


def concurrent_walks(client: LoyverseClient) -> None:
    assert_type(client.customers.iterate(concurrency=8), Walk[Customer])
    assert_type(client.customers.iterate(CustomerQuery(limit=50), concurrency=4), Walk[Customer])
    assert_type(client.items.iterate(ItemQuery(), concurrency=2, ordered=True), Walk[Item])
    assert_type(client.variants.iterate(concurrency=2), Walk[Variant])
    assert_type(client.receipts.iterate(ReceiptQuery(), concurrency=8), Walk[Receipt])
    assert_type(client.shifts.iterate(ShiftQuery(), concurrency=3), Walk[Shift])
    assert_type(client.employees.iterate(concurrency=3), Walk[Employee])
    assert_type(client.modifiers.iterate(concurrency=3), Walk[Modifier])
    # Lists without creation windows, or that do not paginate: no concurrency parameter.
    client.categories.iterate(concurrency=2)  # type: ignore[call-arg]
    client.taxes.iterate(TaxQuery(), concurrency=2)  # type: ignore[call-arg]
    client.inventory.iterate(concurrency=2)  # type: ignore[call-arg]
    client.suppliers.iterate(ordered=True)  # type: ignore[call-arg]
    client.customers.iterate(concurrency="8")  # type: ignore[arg-type]
    client.customers.iterate(ItemQuery(), concurrency=8)  # type: ignore[arg-type]


async def async_concurrent_walks(client: AsyncLoyverseClient) -> None:
    assert_type(client.customers.iterate(concurrency=8), AsyncWalk[Customer])
    assert_type(client.receipts.iterate(ReceiptQuery(), concurrency=8), AsyncWalk[Receipt])
    client.categories.iterate(concurrency=2)  # type: ignore[call-arg]


async def async_resource_code(client: AsyncLoyverseClient) -> None:
    assert_type(await client.items.get("x"), Item)
    assert_type(await client.taxes.list(), TaxPage)
    assert_type(client.variants.iterate(), AsyncWalk[Variant])
    assert_type(client.categories.iter_pages(), AsyncWalk[CategoryPage])
    assert_type(await client.merchant.get(), Merchant)
    assert_type(await client.suppliers.get("x"), Supplier)


def wrong_resource_arguments_are_caught(client: LoyverseClient) -> None:
    client.items.list(TaxQuery())  # type: ignore[arg-type]
    client.items.get(42)  # type: ignore[arg-type]
    ItemQuery(items_ids=["a"])  # type: ignore[call-arg]
    TaxQuery(limit=10)  # type: ignore[call-arg]
    CategoryQuery(created_at_min=datetime(2024, 1, 1, tzinfo=timezone.utc))  # type: ignore[call-arg]
    client.items.get("x").nmae  # type: ignore[attr-defined]  # noqa: B018
    client.inventory.get("x")  # type: ignore[attr-defined]
    client.merchant.get("x")  # type: ignore[call-arg]
    InventoryQuery(store_id="s")  # type: ignore[call-arg]


def wrong_arguments_are_caught(client: LoyverseClient) -> None:
    client.customers.get_by_id(42)  # type: ignore[arg-type]
    client.customers.get_by_query(limit="250")  # type: ignore[arg-type]
    client.customers.get_by_query(customer_ids="one-id")  # type: ignore[arg-type]
    client.customers.get_by_query(emial="a@b.c")  # type: ignore[call-arg]
    client.customers.get_by_creation_date("2024-01-01")  # type: ignore[arg-type]
    client.customers.list({"limit": 5})  # type: ignore[arg-type]
    CustomerQuery(limt=5)  # type: ignore[call-arg]
    CustomerQuery(created_at_min="yesterday")  # type: ignore[arg-type]
    LoyverseClient("token", retries=3)  # type: ignore[call-arg]
    LoyverseClient("token", "https://api.loyverse.com")  # type: ignore[call-arg, arg-type]
    customer_ = client.customers.get_by_id("x")
    customer_.nmae  # type: ignore[attr-defined]  # noqa: B018


if TYPE_CHECKING:
    from decimal import Decimal  # noqa: F401  (named in a string annotation above)


def test_the_user_code_also_runs() -> None:
    def loyverse(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1.0/customers":
            return json_response(200, {"customers": [customer("a", email="a@b.c")]})
        return json_response(200, customer("x"))

    http = httpx.Client(transport=httpx.MockTransport(loyverse))
    with LoyverseClient("token", http_client=http, rate_limit=None) as client:
        user_code(client)
