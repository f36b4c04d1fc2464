"""``ResourcePage``: the base of every list page, ``{"<list key>": [...], "cursor": "..."}``.

A page class names its list field (``customers``, ``items``, ``inventory_levels``) in
``_raw_children``; the base gives it ``cursor`` and the helpers the generic layer needs.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from pydantic import AfterValidator, BeforeValidator, Field

from ._raw import RawModel

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["Cursor", "ResourcePage"]


def _no_cursor_if_empty(value: object) -> object:
    return None if value == "" else value


def _sendable(cursor: str | None) -> str | None:
    # A cursor goes back as a query parameter, where surrounding whitespace would be a different
    # cursor (or none): a page that ends with one cannot be followed, so it is refused as a page.
    if cursor is not None and cursor != cursor.strip():
        raise ValueError(f"cursor {cursor!r} has surrounding whitespace and cannot be sent back")
    return cursor


Cursor = Annotated[
    str | None,
    BeforeValidator(_no_cursor_if_empty),
    AfterValidator(_sendable),
    # The API leaves the key out on the last page, and so does our JSON.
    Field(default=None, exclude_if=lambda cursor: cursor is None),
]
"""The next page's cursor: ``None`` on the last page, whether the key was absent, ``null`` or
``""``. Lists that do not paginate never have one."""


class ResourcePage(RawModel):
    """One page of a list: its objects (newest first) and the next page's ``cursor``.

    ``.raw`` is the whole page; each object's ``.raw`` is its own object in it.
    """

    _raw_children: ClassVar[tuple[str, ...]]

    cursor: Cursor = None

    @classmethod
    def list_key(cls) -> str:
        """The JSON key of the objects: ``"items"``, ``"inventory_levels"``, ..."""
        return cls._raw_children[0]

    def objects(self) -> list[Any]:
        """The page's objects, whatever the list key is called."""
        objects: list[Any] = getattr(self, self.list_key())
        return objects

    @classmethod
    def from_objects(cls, objects: Iterable[RawModel]) -> Self:
        """A single, final page holding ``objects``; its ``.raw`` is built from theirs.

        This is how results merged from several pages are returned:
        ``.raw == {"<list key>": [object.raw, ...]}``.
        """
        key = cls.list_key()
        page = cls.model_validate({key: list(objects)})
        page._attach({key: [item.raw for item in page.objects()]})
        return page
