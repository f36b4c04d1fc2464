"""Store and StorePage: the live field names (the documented ``state`` / ``country`` spellings
are read by ``test_resources.py``)."""

from __future__ import annotations

from datetime import datetime, timezone

from loyverse_models import Store, StorePage
from tests.models.samples import STORE_ID, store


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
