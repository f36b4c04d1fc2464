"""The queries of the catalogue (items, variants, categories, modifiers, discounts, taxes),
receipts, inventory, stores, employees, payment types, POS devices, shifts and suppliers: exactly
the documented parameters, under the API's own names, and nothing Loyverse would ignore.

Loyverse answers an unknown or misspelt parameter with the whole collection, so each query must
refuse every shared parameter its endpoint does not document.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from pydantic import ValidationError

from loyverse_models import (
    CategoryQuery,
    DiscountQuery,
    EmployeeQuery,
    InventoryQuery,
    ItemQuery,
    ModifierQuery,
    PaymentTypeQuery,
    PosDeviceQuery,
    ReceiptQuery,
    ShiftQuery,
    StoreQuery,
    SupplierQuery,
    TaxQuery,
    VariantQuery,
)
from loyverse_models._query import ResourceQuery, Wire

UTC = timezone.utc
START = datetime(2024, 3, 1, tzinfo=UTC)
END = datetime(2024, 3, 31, 23, 59, 59, 999000, tzinfo=UTC)
CREATED = {"created_at_min", "created_at_max"}
UPDATED = {"updated_at_min", "updated_at_max"}
PAGING = {"limit", "cursor"}
SHARED = CREATED | UPDATED | PAGING | {"show_deleted"}
ONE_ID = {"store_id", "since_receipt_number", "before_receipt_number"}
"""The filters that take one id rather than a comma-joined list."""
TEXT = {"sku", "order", "source"}
"""The filters that take free text, not ids."""


@dataclass(frozen=True)
class Endpoint:
    """A list endpoint's query and the contract's word on it."""

    path: str
    query: type[ResourceQuery]
    filters: dict[str, Wire]
    """The resource's own filters: Python name to wire name and matched field."""
    shared: frozenset[str]
    """The shared parameters the endpoint documents."""

    @property
    def paginated(self) -> bool:
        return "limit" in self.shared


ENDPOINTS = [
    Endpoint(
        "/items",
        ItemQuery,
        {"item_ids": Wire("items_ids")},
        frozenset(SHARED),
    ),
    Endpoint(
        "/variants",
        VariantQuery,
        {
            "variant_ids": Wire("variants_ids", "variant_id"),
            "item_ids": Wire("items_ids", "item_id"),
            "sku": Wire("sku", "sku"),
        },
        frozenset(SHARED),
    ),
    Endpoint(
        "/categories",
        CategoryQuery,
        {"category_ids": Wire("categories_ids")},
        frozenset(PAGING | {"show_deleted"}),
    ),
    Endpoint(
        "/modifiers",
        ModifierQuery,
        {"modifier_ids": Wire("modifier_ids")},
        frozenset(SHARED),
    ),
    Endpoint(
        "/discounts",
        DiscountQuery,
        {"discount_ids": Wire("discount_ids")},
        frozenset(CREATED | UPDATED | {"show_deleted"}),
    ),
    Endpoint(
        "/taxes",
        TaxQuery,
        {"tax_ids": Wire("tax_ids")},
        frozenset(CREATED | UPDATED | {"show_deleted"}),
    ),
    Endpoint(
        "/receipts",
        ReceiptQuery,
        {
            "receipt_numbers": Wire("receipt_numbers", "receipt_number"),
            "since_receipt_number": Wire("since_receipt_number", "receipt_number", bound="min"),
            "before_receipt_number": Wire("before_receipt_number", "receipt_number", bound="max"),
            "store_id": Wire("store_id", "store_id"),
            "order": Wire("order", "order"),
            "source": Wire("source", "source"),
        },
        frozenset(CREATED | UPDATED | PAGING),
    ),
    Endpoint(
        "/inventory",
        InventoryQuery,
        {
            "store_ids": Wire("store_ids", "store_id"),
            "variant_ids": Wire("variant_ids", "variant_id"),
        },
        frozenset(UPDATED | PAGING),
    ),
    Endpoint(
        "/stores",
        StoreQuery,
        {"store_ids": Wire("store_ids")},
        frozenset(CREATED | UPDATED | {"show_deleted"}),
    ),
    Endpoint(
        "/employees",
        EmployeeQuery,
        {"employee_ids": Wire("employee_ids")},
        frozenset(SHARED),
    ),
    Endpoint(
        "/payment_types",
        PaymentTypeQuery,
        {"payment_type_ids": Wire("payment_type_ids")},
        frozenset(CREATED | UPDATED | {"show_deleted"}),
    ),
    Endpoint(
        "/pos_devices",
        PosDeviceQuery,
        {"store_id": Wire("store_id", "store_id")},
        frozenset({"show_deleted"}),
    ),
    Endpoint(
        "/shifts",
        ShiftQuery,
        {"store_ids": Wire("store_ids", "store_id")},
        frozenset(CREATED | PAGING),
    ),
    Endpoint(
        "/suppliers/",
        SupplierQuery,
        {"supplier_ids": Wire("suppliers_ids")},
        frozenset(PAGING | {"show_deleted"}),
    ),
]


def _endpoints(select: str = "all") -> list[Any]:
    """The endpoints: all, the paginated ones, or those documenting a shared parameter."""
    chosen = [
        endpoint
        for endpoint in ENDPOINTS
        if select == "all"
        or (select == "paginated" and endpoint.paginated)
        or select in endpoint.shared
    ]
    return [pytest.param(endpoint, id=endpoint.path) for endpoint in chosen]


def _pairs(names: set[str], documented: bool) -> list[Any]:
    """(endpoint, shared parameter) pairs, for the documented or the undocumented ones."""
    return [
        pytest.param(endpoint, name, id=f"{endpoint.path} {name}")
        for endpoint in ENDPOINTS
        for name in sorted(names)
        if (name in endpoint.shared) == documented
    ]


def _ranges() -> list[Any]:
    return [
        pytest.param(endpoint, f"{field}_min", f"{field}_max", id=f"{endpoint.path} {field}")
        for endpoint in ENDPOINTS
        for field in ("created_at", "updated_at")
        if f"{field}_min" in endpoint.shared
    ]


@pytest.mark.parametrize("endpoint", _endpoints())
def test_the_query_holds_exactly_the_documented_parameters(endpoint: Endpoint) -> None:
    assert endpoint.query.filters() == {
        **endpoint.filters,
        **{name: Wire(name, name) for name in endpoint.shared - PAGING},
    }
    assert set(endpoint.query.model_fields) == set(endpoint.filters) | endpoint.shared


@pytest.mark.parametrize(
    ("query", "params"),
    [
        pytest.param(
            ItemQuery(item_ids=["a", "b"], updated_at_min=START, show_deleted=True, limit=50),
            {
                "items_ids": "a,b",
                "updated_at_min": "2024-03-01T00:00:00.000Z",
                "show_deleted": "true",
                "limit": "50",
            },
            id="/items",
        ),
        pytest.param(
            VariantQuery(
                variant_ids=["v1", "v2"],
                item_ids=["i1"],
                sku="LAT-L-OAT",
                created_at_max=END,
                cursor="CPnzvouCMxDn3P==",
            ),
            {
                "variants_ids": "v1,v2",
                "items_ids": "i1",
                "sku": "LAT-L-OAT",
                "created_at_max": "2024-03-31T23:59:59.999Z",
                "limit": "250",
                "cursor": "CPnzvouCMxDn3P==",
            },
            id="/variants",
        ),
        pytest.param(
            CategoryQuery(category_ids=["c1", "c2"], show_deleted=True),
            {"categories_ids": "c1,c2", "show_deleted": "true", "limit": "250"},
            id="/categories",
        ),
        pytest.param(
            ModifierQuery(modifier_ids=["m1"], created_at_min=START, updated_at_max=END),
            {
                "modifier_ids": "m1",
                "created_at_min": "2024-03-01T00:00:00.000Z",
                "updated_at_max": "2024-03-31T23:59:59.999Z",
                "limit": "250",
            },
            id="/modifiers",
        ),
        pytest.param(
            DiscountQuery(discount_ids=["d1", "d2"], show_deleted=True),
            {"discount_ids": "d1,d2", "show_deleted": "true"},
            id="/discounts",
        ),
        pytest.param(
            TaxQuery(tax_ids=["t1"], created_at_min=START, created_at_max=END),
            {
                "tax_ids": "t1",
                "created_at_min": "2024-03-01T00:00:00.000Z",
                "created_at_max": "2024-03-31T23:59:59.999Z",
            },
            id="/taxes",
        ),
        pytest.param(
            ReceiptQuery(
                receipt_numbers=["2-1008", "1001"],
                since_receipt_number="2-1001",
                before_receipt_number="2-1010",
                store_id="s1",
                order="Table 4",
                source="point of sale",
                created_at_min=START,
                updated_at_max=END,
                limit=100,
                cursor="CPnzvouCMxDn3P==",
            ),
            {
                "receipt_numbers": "2-1008,1001",
                "since_receipt_number": "2-1001",
                "before_receipt_number": "2-1010",
                "store_id": "s1",
                "order": "Table 4",
                "source": "point of sale",
                "created_at_min": "2024-03-01T00:00:00.000Z",
                "updated_at_max": "2024-03-31T23:59:59.999Z",
                "limit": "100",
                "cursor": "CPnzvouCMxDn3P==",
            },
            id="/receipts",
        ),
        pytest.param(
            InventoryQuery(
                store_ids=["s1", "s2"],
                variant_ids=["v1"],
                updated_at_min=datetime(2024, 3, 1, 12, tzinfo=timezone(timedelta(hours=2))),
                updated_at_max=END,
                limit=100,
                cursor="CPnzvouCMxDn3P==",
            ),
            {
                "store_ids": "s1,s2",
                "variant_ids": "v1",
                "updated_at_min": "2024-03-01T10:00:00.000Z",
                "updated_at_max": "2024-03-31T23:59:59.999Z",
                "limit": "100",
                "cursor": "CPnzvouCMxDn3P==",
            },
            id="/inventory",
        ),
        pytest.param(
            StoreQuery(store_ids=["s1"], created_at_min=START, show_deleted=True),
            {
                "store_ids": "s1",
                "created_at_min": "2024-03-01T00:00:00.000Z",
                "show_deleted": "true",
            },
            id="/stores",
        ),
        pytest.param(
            EmployeeQuery(employee_ids=["e1", "e2"], updated_at_max=END, limit=1),
            {"employee_ids": "e1,e2", "updated_at_max": "2024-03-31T23:59:59.999Z", "limit": "1"},
            id="/employees",
        ),
        pytest.param(
            PaymentTypeQuery(payment_type_ids=["p1", "p2"], created_at_max=END),
            {"payment_type_ids": "p1,p2", "created_at_max": "2024-03-31T23:59:59.999Z"},
            id="/payment_types",
        ),
        pytest.param(
            PosDeviceQuery(store_id="s1", show_deleted=True),
            {"store_id": "s1", "show_deleted": "true"},
            id="/pos_devices",
        ),
        pytest.param(
            ShiftQuery(store_ids=["s1", "s2"], created_at_min=START, created_at_max=END),
            {
                "store_ids": "s1,s2",
                "created_at_min": "2024-03-01T00:00:00.000Z",
                "created_at_max": "2024-03-31T23:59:59.999Z",
                "limit": "250",
            },
            id="/shifts",
        ),
        pytest.param(
            SupplierQuery(supplier_ids=["a", "b"]),
            {"suppliers_ids": "a,b", "limit": "250"},
            id="/suppliers/",
        ),
    ],
)
def test_to_params_writes_the_wire_names(query: ResourceQuery, params: dict[str, str]) -> None:
    assert query.to_params() == params
    assert list(query.to_params()) == list(params)  # own filters first, then the shared ones


@pytest.mark.parametrize("endpoint", _endpoints())
def test_an_empty_query_sends_only_the_limit_where_there_is_one(endpoint: Endpoint) -> None:
    expected = {"limit": "250"} if endpoint.paginated else {}
    assert endpoint.query().to_params() == expected


@pytest.mark.parametrize(("endpoint", "name"), _pairs(SHARED, documented=False))
def test_a_shared_parameter_the_endpoint_lacks_is_refused(endpoint: Endpoint, name: str) -> None:
    value = {"limit": 50, "cursor": "abc", "show_deleted": True}.get(name, START)
    with pytest.raises(ValidationError, match="Extra inputs are not permitted") as caught:
        endpoint.query.model_validate({name: value})
    assert caught.value.errors()[0]["loc"] == (name,)


@pytest.mark.parametrize(
    ("query", "name"),
    [
        # The API's own spelling is not the Python name.
        pytest.param(SupplierQuery, "suppliers_ids", id="suppliers_ids"),
        # Loyverse ignores the singular on /inventory and returns every store.
        pytest.param(InventoryQuery, "store_id", id="inventory store_id"),
        pytest.param(ShiftQuery, "store_id", id="shifts store_id"),
        pytest.param(PosDeviceQuery, "store_ids", id="pos_devices store_ids"),
        pytest.param(ShiftQuery, "shift_ids", id="shift_ids"),
        pytest.param(PosDeviceQuery, "pos_device_ids", id="pos_device_ids"),
        pytest.param(StoreQuery, "stores_ids", id="stores_ids"),
        pytest.param(ItemQuery, "items_ids", id="items_ids"),
        pytest.param(VariantQuery, "variants_ids", id="variants_ids"),
        pytest.param(VariantQuery, "skus", id="skus"),
        pytest.param(CategoryQuery, "categories_ids", id="categories_ids"),
        pytest.param(ModifierQuery, "modifiers_ids", id="modifiers_ids"),
        pytest.param(DiscountQuery, "discounts_ids", id="discounts_ids"),
        pytest.param(TaxQuery, "taxes_ids", id="taxes_ids"),
        # /receipts takes one store, and has no receipt type filter: sales and refunds come mixed.
        pytest.param(ReceiptQuery, "store_ids", id="receipts store_ids"),
        pytest.param(ReceiptQuery, "receipt_type", id="receipt_type"),
    ],
)
def test_a_misspelt_filter_is_an_error_not_no_filter(query: type[ResourceQuery], name: str) -> None:
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        query.model_validate({name: ["s1"]})


@pytest.mark.parametrize("endpoint", _endpoints())
def test_id_filters_refuse_empty_lists_and_ids_with_commas(endpoint: Endpoint) -> None:
    for name in set(endpoint.filters) - TEXT:
        single = name in ONE_ID
        for bad in ("", "a,b", "a b"):
            with pytest.raises(ValidationError):
                endpoint.query.model_validate({name: bad if single else ["ok", bad]})
        if not single:
            with pytest.raises(ValidationError, match="at least 1 item"):
                endpoint.query.model_validate({name: []})


@pytest.mark.parametrize(("endpoint", "name"), _pairs(CREATED | UPDATED, documented=True))
def test_a_naive_datetime_is_refused(endpoint: Endpoint, name: str) -> None:
    with pytest.raises(ValidationError, match="timezone-aware") as caught:
        endpoint.query.model_validate({name: datetime(2024, 3, 1)})
    assert caught.value.errors()[0]["loc"] == (name,)


@pytest.mark.parametrize(("endpoint", "low", "high"), _ranges())
def test_a_reversed_range_is_refused(endpoint: Endpoint, low: str, high: str) -> None:
    with pytest.raises(ValidationError, match=f"{low} .* is after {high}"):
        endpoint.query.model_validate({low: END, high: START})
    same_instant = START.astimezone(timezone(timedelta(hours=-5)))
    assert endpoint.query.model_validate({low: START, high: same_instant}).to_params()[low]


@pytest.mark.parametrize("endpoint", _endpoints("paginated"))
@pytest.mark.parametrize("limit", [0, -1, 251])
def test_a_limit_outside_1_to_250_is_refused(endpoint: Endpoint, limit: int) -> None:
    with pytest.raises(ValidationError) as caught:
        endpoint.query.model_validate({"limit": limit})
    assert caught.value.errors()[0]["loc"] == ("limit",)


@pytest.mark.parametrize("endpoint", _endpoints("paginated"))
@pytest.mark.parametrize("limit", [1, 250])
def test_the_limit_bounds_are_accepted(endpoint: Endpoint, limit: int) -> None:
    assert endpoint.query.model_validate({"limit": limit}).to_params()["limit"] == str(limit)


@pytest.mark.parametrize("endpoint", _endpoints("show_deleted"))
def test_show_deleted_is_sent_only_when_true(endpoint: Endpoint) -> None:
    assert "show_deleted" not in endpoint.query.model_validate({"show_deleted": False}).to_params()
    shown = endpoint.query.model_validate({"show_deleted": True}).to_params()
    assert shown["show_deleted"] == "true"
    for loose in ("true", 1):
        with pytest.raises(ValidationError):
            endpoint.query.model_validate({"show_deleted": loose})


def _text_filters() -> list[Any]:
    return [
        pytest.param(endpoint, name, id=f"{endpoint.path} {name}")
        for endpoint in ENDPOINTS
        for name in sorted(TEXT & set(endpoint.filters))
    ]


@pytest.mark.parametrize(("endpoint", "name"), _text_filters())
def test_a_text_filter_is_sent_as_given_and_refuses_blank_or_padded_text(
    endpoint: Endpoint, name: str
) -> None:
    wire = endpoint.filters[name].name
    assert endpoint.query.model_validate({name: "Table 4, terrace"}).to_params()[wire] == (
        "Table 4, terrace"
    )
    for bad in ("", " ", " Table 4", "Table 4 "):
        with pytest.raises(ValidationError):
            endpoint.query.model_validate({name: bad})
