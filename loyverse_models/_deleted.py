"""``DeletedObjects``: what every ``DELETE`` answers, ``{"deleted_object_ids": [...]}``."""

from __future__ import annotations

from ._raw import RawModel

__all__ = ["DeletedObjects"]


class DeletedObjects(RawModel):
    """The ids a delete removed: the object's own, and for an item its variants' as well."""

    deleted_object_ids: list[str]
