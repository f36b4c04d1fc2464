"""POS devices: what ``GET /pos_devices`` returns (``PosDevice``, ``PosDevicePage``) and its
filters (``PosDeviceQuery``).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ._page import ResourcePage
from ._query import ObjectId, ShowDeleted, Wire
from ._raw import RawModel
from ._wire import Timestamp

__all__ = ["PosDevice", "PosDevicePage", "PosDeviceQuery"]


class PosDevice(RawModel):
    """A POS device, as ``GET /pos_devices`` and ``GET /pos_devices/{id}`` return it.

    Unlike other records it has no ``created_at`` or ``updated_at``.
    """

    id: str
    name: str
    store_id: str
    activated: bool = Field(description="Whether a physical device is signed in to this POS.")
    deleted_at: Timestamp | None = None


class PosDevicePage(ResourcePage):
    """The answer of ``GET /pos_devices``: every POS device at once.

    The list is not paginated, so ``cursor`` is always ``None``.
    """

    _raw_children = ("pos_devices",)

    pos_devices: list[PosDevice]


class PosDeviceQuery(ShowDeleted):
    """The filters of ``GET /pos_devices``: one store (``store_id``, singular) and ``show_deleted``.

    There is no id list, no date range and no paging.
    """

    store_id: Annotated[ObjectId | None, Wire("store_id", matches="store_id")] = None
