"""InventoryLevel and InventoryPage: stock as Decimal, keyed by variant and store."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from decimal import Decimal

import pytest

from loyverse_models import InventoryLevel, InventoryPage
from tests.models.samples import CURSOR, STORE_ID, inventory_level


def test_a_page_of_levels_is_typed() -> None:
    other = {**inventory_level(), "store_id": "s2", "in_stock": 0.5}
    page = InventoryPage.model_validate(
        {"inventory_levels": [inventory_level(), other], "cursor": CURSOR}
    )

    first, second = page.inventory_levels
    assert (first.variant_id, first.store_id) == ("06ab1ec8-7d1f-4c2b-9a3e-5f4d3c2b1a09", STORE_ID)
    assert first.in_stock == Decimal("9999999.999")
    assert isinstance(first.in_stock, Decimal)
    assert first.updated_at == datetime(2024, 3, 2, 10, 15, 30, 77000, tzinfo=timezone.utc)
    assert (second.store_id, second.in_stock) == ("s2", Decimal("0.5"))
    assert page.cursor == CURSOR


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        (9999999.999, Decimal("9999999.999")),
        (12, Decimal(12)),
        (0.125, Decimal("0.125")),
        (-3, Decimal(-3)),  # negative stock is not excluded by the contract: read as sent
    ],
)
def test_stock_is_read_exactly_and_written_back_as_the_same_number(
    wire: float, expected: Decimal
) -> None:
    body = json.dumps({**inventory_level(), "in_stock": wire})
    level = InventoryLevel.model_validate_json(body)
    assert level.in_stock == expected
    assert json.loads(level.model_dump_json())["in_stock"] == wire
    assert f'"in_stock":{json.dumps(wire)}' in level.model_dump_json()
