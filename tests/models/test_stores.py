"""Store and StorePage: the live field names, and the documented ``state`` / ``country``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import pytest

from loyverse_models import Store, StorePage
from tests.models.samples import STORE_ID, Json, both_ways, store


def test_the_whole_list_is_one_page_of_typed_stores() -> None:
    page = StorePage.model_validate({"stores": [store()]})

    [shop] = page.stores
    assert shop.id == STORE_ID
    assert shop.name == "Corner Café Downtown"
    assert (shop.address, shop.city, shop.postal_code) == (
        "1200 Market Street",
        "San Francisco",
        "94102",
    )
    assert (shop.region, shop.country_code) == ("CA", "US")
    assert (shop.phone_number, shop.description) == (
        "+14155550123",
        "Flagship store, open from 7 am",
    )
    assert shop.created_at == datetime(2019, 8, 27, 10, 2, 11, tzinfo=timezone.utc)
    assert shop.updated_at.tzinfo is not None
    assert shop.deleted_at == datetime(2024, 5, 1, 18, tzinfo=timezone.utc)
    assert page.cursor is None  # /stores does not paginate


@pytest.mark.parametrize("parse", both_ways(Store))
def test_the_documented_names_state_and_country_are_read_into_the_live_fields(
    parse: Callable[[Json], Store],
) -> None:
    data: dict[str, Any] = store()
    data["state"] = data.pop("region")
    data["country"] = data.pop("country_code")

    shop = parse(data)

    assert (shop.region, shop.country_code) == ("CA", "US")
    assert shop.model_extra == {}
    assert shop.raw == data  # as received: state and country
    dumped = shop.model_dump(mode="json")
    assert (dumped["region"], dumped["country_code"]) == ("CA", "US")
    assert "state" not in dumped
    assert "country" not in dumped
    assert dumped == store()


def test_when_both_spellings_come_the_live_one_is_read_and_the_other_kept() -> None:
    shop = Store.model_validate({**store(), "state": "California", "country": "USA"})
    assert (shop.region, shop.country_code) == ("CA", "US")
    assert shop.model_extra == {"state": "California", "country": "USA"}


def test_a_store_built_in_code_takes_the_live_names() -> None:
    shop = Store(
        id="s1",
        name="Kiosk",
        region="Bavaria",
        country_code="DE",
        created_at=datetime(2024, 1, 1, tzinfo=timezone.utc),
        updated_at=datetime(2024, 1, 2, tzinfo=timezone.utc),
    )
    assert (shop.raw["region"], shop.raw["country_code"]) == ("Bavaria", "DE")
