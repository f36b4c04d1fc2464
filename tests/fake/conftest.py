from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from loyverse_client.testing import FakeLoyverse
from tests.fake.helpers import http


@pytest.fixture
def shop() -> FakeLoyverse:
    """A fake holding the sample shop (seed 0)."""
    fake = FakeLoyverse()
    fake.add_sample_shop()
    return fake


@pytest.fixture
def api(shop: FakeLoyverse) -> Iterator[httpx.Client]:
    """A raw httpx client of the sample shop, with its token."""
    with http(shop) as client:
        yield client
