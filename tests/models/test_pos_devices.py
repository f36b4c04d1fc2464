"""PosDevice and PosDevicePage: no timestamps but ``deleted_at``."""

from __future__ import annotations

from datetime import datetime, timezone

from loyverse_models import PosDevicePage
from tests.models.samples import STORE_ID, pos_device


def test_the_whole_list_is_one_page_of_typed_devices() -> None:
    idle = {**pos_device(), "id": "d2", "name": "POS 3", "activated": False, "deleted_at": None}
    page = PosDevicePage.model_validate({"pos_devices": [pos_device(), idle]})

    bar, spare = page.pos_devices
    assert (bar.id, bar.name, bar.store_id) == (
        "c0ffee00-1234-4abc-8def-0123456789ab",
        "POS 2 (bar)",
        STORE_ID,
    )
    assert bar.activated is True
    assert bar.deleted_at == datetime(2024, 4, 4, 4, 4, 4, tzinfo=timezone.utc)
    assert (spare.activated, spare.deleted_at) == (False, None)
    assert page.cursor is None  # /pos_devices does not paginate
