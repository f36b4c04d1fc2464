"""Supplier and SupplierPage."""

from __future__ import annotations

from datetime import datetime, timezone

from loyverse_models import SupplierPage
from tests.models.samples import CURSOR, supplier


def test_a_page_of_suppliers_is_typed() -> None:
    page = SupplierPage.model_validate({"suppliers": [supplier()], "cursor": CURSOR})

    [roaster] = page.suppliers
    assert (roaster.name, roaster.contact) == ("Bay Coffee Roasters", "Sam Chen")
    assert (roaster.email, roaster.phone_number) == ("orders@baycoffee.example", "+15105550147")
    assert roaster.website == "https://baycoffee.example"
    assert (roaster.address_1, roaster.address_2) == ("77 Harbor Way", "Unit 4")
    place = (roaster.city, roaster.region, roaster.postal_code, roaster.country_code)
    assert place == ("Oakland", "CA", "94607", "US")
    assert roaster.note == "Deliveries on Tuesdays before 9 am"
    assert roaster.created_at == datetime(2020, 2, 3, 14, 20, tzinfo=timezone.utc)
    assert roaster.updated_at == datetime(2024, 1, 8, 10, 10, 10, 10000, tzinfo=timezone.utc)
    assert roaster.deleted_at == datetime(2024, 7, 1, tzinfo=timezone.utc)
    assert page.cursor == CURSOR
