"""Merchant and its Currency: the one place the API names the unit of its amounts."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from loyverse_models import Currency, Merchant
from tests.models.samples import merchant


def test_the_merchant_is_typed() -> None:
    profile = Merchant.model_validate_json(json.dumps(merchant()))

    assert profile.id == "b1a2c3d4-e5f6-4789-9abc-def012345678"
    assert (profile.business_name, profile.email) == ("Corner Café", "owner@cornercafe.example")
    assert profile.country == "US"
    assert profile.currency == Currency(code="USD", decimal_places=2)
    assert isinstance(profile.currency.decimal_places, int)
    assert profile.created_at == datetime(2019, 8, 27, 10, tzinfo=timezone.utc)
    assert profile.currency.raw == {"code": "USD", "decimal_places": 2}


@pytest.mark.parametrize(("code", "places"), [("JPY", 0), ("TZS", 2), ("KWD", 3)])
def test_decimal_places_are_read_as_sent(code: str, places: int) -> None:
    data = {**merchant(), "currency": {"code": code, "decimal_places": places}}
    assert Merchant.model_validate(data).currency.decimal_places == places


def test_the_country_is_kept_as_sent_even_in_lower_case() -> None:
    # The ID token writes it in lower case; the SDK never rewrites a value.
    assert Merchant.model_validate({**merchant(), "country": "jp"}).country == "jp"
