from __future__ import annotations

import pytest

from loyverse_client.testing import FakeLoyverse
from tests.cli.helpers import Run, make_runner, sample_fake


@pytest.fixture
def fake() -> FakeLoyverse:
    return sample_fake()


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], fake: FakeLoyverse) -> Run:
    return make_runner(capsys, fake)
