from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import FakeTime

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def customer_json() -> dict[str, Any]:
    """A customer object exactly as Loyverse published it in a real webhook sample."""
    data: dict[str, Any] = json.loads((FIXTURES / "customer.json").read_text())
    return data


@pytest.fixture
def fake_time(monkeypatch: pytest.MonkeyPatch) -> FakeTime:
    """No test sleeps: the clients' sleeps are recorded and advance a fake monotonic clock."""
    from loyverse_client import _client

    clock = FakeTime()
    monkeypatch.setattr(_client, "_sleep", clock.sleep)
    monkeypatch.setattr(_client, "_asleep", clock.asleep)
    monkeypatch.setattr(_client, "_monotonic", clock.monotonic)
    monkeypatch.setattr(_client, "_jitter", lambda: 0.0)
    return clock


@pytest.fixture(autouse=True)
def _no_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LOYVERSE_ACCESS_TOKEN", raising=False)
    monkeypatch.delenv("LOYVERSE_BASE_URL", raising=False)
