"""The pytest plugin of ``loyverse_client``: the ``loyverse_fake`` fixture.

Installed with the SDK (entry point ``pytest11``), so it loads in every pytest run of a project
that depends on us: it imports nothing but pytest until a test asks for the fixture.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from ._fake import FakeLoyverse

__all__ = ["loyverse_fake"]


@pytest.fixture
def loyverse_fake() -> FakeLoyverse:
    """A fresh, empty ``FakeLoyverse`` for this test; ``loyverse_fake.client()`` talks to it."""
    from ._fake import FakeLoyverse

    return FakeLoyverse()
