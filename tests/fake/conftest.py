from __future__ import annotations

import pytest

from loyverse_client.testing import FakeLoyverse


@pytest.fixture
def shop() -> FakeLoyverse:
    """A fake holding the sample shop (seed 0)."""
    fake = FakeLoyverse()
    fake.add_sample_shop()
    return fake
