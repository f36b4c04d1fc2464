from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def customer_json() -> dict[str, Any]:
    """A customer object exactly as Loyverse published it in a real webhook sample."""
    data: dict[str, Any] = json.loads((FIXTURES / "customer.json").read_text())
    return data
