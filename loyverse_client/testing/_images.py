"""Item images: ``POST /items/{item_id}/image`` (raw bytes) and ``DELETE /items/{item_id}/image``,
and the URL the fake serves an uploaded image at.

- The body is the image's bytes, as sent; any ``image/*`` content type is accepted, and so are
  ``application/octet-stream`` and none (Loyverse accepted PNG bytes labelled JPEG, and no
  content type). ``multipart/form-data`` is ``500 INTERNAL_ERROR``, as Loyverse answers it; any
  other type is ``415 UNSUPPORTED_MEDIA_TYPE``. The bytes are not decoded: a body under
  ``SMALLEST_IMAGE`` bytes stands for the image Loyverse finds too small (a 1x1 PNG), ``500
  INTERNAL_ERROR`` too. A success is ``201`` with an empty body.
- The item's ``image_url`` becomes ``https://api.loyverse.com/images/items/<item_id>/<digest>``,
  the same for the same bytes, another for others; a ``GET`` of it (no token needed) answers the
  bytes with the content type they were sent with (``application/octet-stream`` if none). A new
  upload replaces the image. Both writes move the item's ``updated_at``.
- ``DELETE`` answers ``200`` with an empty body, and clears ``image_url``; without an image it
  changes nothing and answers the same.
- An item that is missing or deleted is ``404 NOT_FOUND``, whatever the body.

Callers hold the fake's lock.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import quote, unquote, urlsplit

from ._errors import ApiError
from ._policy import Office

__all__ = ["IMAGES_PATH", "SMALLEST_IMAGE", "Images", "Plain"]

IMAGES_HOST = "https://api.loyverse.com"
IMAGES_PATH = "/images/items/"
SMALLEST_IMAGE = 100
"""Fewer bytes than this are "too small" (``500 INTERNAL_ERROR``)."""
_ITEMS = "items"
_ACCEPTED = ("", "application/octet-stream")


class Plain(NamedTuple):
    """An answer that is not a JSON object: a status and an empty body."""

    status: int


@dataclass(frozen=True)
class _Image:
    data: bytes
    content_type: str | None
    url: str


class Images:
    """The images uploaded to the account's items."""

    def __init__(self) -> None:
        self._images: dict[str, _Image] = {}

    def get(self, item_id: str) -> bytes | None:
        image = self._images.get(item_id)
        return None if image is None else image.data

    def upload(self, office: Office, item_id: str, content_type: str | None, data: bytes) -> Plain:
        item = office.found(_ITEMS, item_id)
        media = (content_type or "").split(";", 1)[0].strip().lower()
        if media.startswith("multipart/"):
            raise ApiError.one(
                500, "INTERNAL_ERROR", "The image must be sent as raw bytes, not multipart"
            )
        if not media.startswith("image/") and media not in _ACCEPTED:
            raise ApiError.one(
                415, "UNSUPPORTED_MEDIA_TYPE", f"An image must be sent as image/*, not {media}"
            )
        if len(data) < SMALLEST_IMAGE:
            raise ApiError.one(500, "INTERNAL_ERROR", "The image is too small")
        digest = hashlib.sha256(data).hexdigest()[:20]
        url = f"{IMAGES_HOST}{IMAGES_PATH}{quote(item_id, safe='')}/{digest}"
        self._images[item_id] = _Image(data, content_type, url)
        office.collections[_ITEMS].update(item, {"image_url": url, "updated_at": office.now()})
        return Plain(201)

    def remove(self, office: Office, item_id: str) -> Plain:
        item = office.found(_ITEMS, item_id)
        if self._images.pop(item_id, None) is not None or item.data.get("image_url"):
            office.collections[_ITEMS].update(item, {"image_url": None, "updated_at": office.now()})
        return Plain(200)

    def serve(self, method: str, path: str) -> tuple[int, dict[str, str], bytes]:
        """The answer to a request for an image's URL (``path`` under ``IMAGES_PATH``)."""
        image = next(
            (each for each in self._images.values() if unquote(urlsplit(each.url).path) == path),
            None,
        )
        if method != "GET" or image is None:
            return 404, {"Content-Type": "text/plain; charset=utf-8"}, b"Not Found"
        content_type = image.content_type or "application/octet-stream"
        return 200, {"Content-Type": content_type}, image.data
