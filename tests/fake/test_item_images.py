"""Item images written to the fake: ``POST /items/{item_id}/image`` takes the raw bytes (201, an
empty body; multipart and too small an image are 500), ``DELETE`` clears it (200, empty), and
``image_url`` points at the bytes."""

from __future__ import annotations

import httpx
import pytest

from loyverse_client.testing import FakeLoyverse
from tests.fake.helpers import error_codes
from tests.fake.writes import item, ok

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 2
"""Bytes that stand for an image large enough for Loyverse (the fake does not decode them)."""


@pytest.fixture
def latte(shop: FakeLoyverse) -> str:
    return str(item(shop, "Latte")["id"])


def _fetch(fake: FakeLoyverse, url: str) -> httpx.Response:
    """A ``GET`` of an image's URL, with no token (the fake answers any host)."""
    with httpx.Client(transport=fake.transport) as client:
        return client.get(url)


def _upload(
    api: httpx.Client, item_id: str, data: bytes, content_type: str | None = "image/png"
) -> httpx.Response:
    headers = {} if content_type is None else {"Content-Type": content_type}
    return api.post(f"/items/{item_id}/image", content=data, headers=headers)


@pytest.mark.parametrize("content_type", ["image/png", "image/jpeg", "image/webp", None])
def test_an_upload_stores_the_bytes_and_serves_them_at_image_url(
    shop: FakeLoyverse, api: httpx.Client, latte: str, content_type: str | None
) -> None:
    before = item(shop, "Latte")["updated_at"]
    shop.clock.advance(60)
    response = _upload(api, latte, PNG, content_type)
    assert (response.status_code, response.content) == (201, b"")
    assert shop.image(latte) == PNG
    stored = ok(api.get(f"/items/{latte}"))
    assert stored["image_url"].startswith("https://")
    assert stored["updated_at"] > before
    served = _fetch(shop, stored["image_url"])
    assert (served.status_code, served.content) == (200, PNG)
    assert served.headers["Content-Type"] == (content_type or "application/octet-stream")


def test_a_new_upload_replaces_the_image(shop: FakeLoyverse, api: httpx.Client, latte: str) -> None:
    ok(_upload(api, latte, PNG), 201)
    first = item(shop, "Latte")["image_url"]
    ok(_upload(api, latte, PNG[::-1], "image/jpeg"), 201)
    assert shop.image(latte) == PNG[::-1]
    assert item(shop, "Latte")["image_url"] != first
    assert _fetch(shop, first).status_code == 404


@pytest.mark.parametrize(
    ("data", "content_type", "status", "code"),
    [
        (PNG, "multipart/form-data; boundary=x", 500, "INTERNAL_ERROR"),
        (PNG[:99], "image/png", 500, "INTERNAL_ERROR"),
        (
            b'{"image_url": "https://example.com/a.png"}' * 3,
            "application/json",
            415,
            "UNSUPPORTED_MEDIA_TYPE",
        ),
    ],
    ids=["multipart", "too-small", "json"],
)
def test_an_upload_loyverse_refuses_stores_nothing(
    shop: FakeLoyverse,
    api: httpx.Client,
    latte: str,
    data: bytes,
    content_type: str,
    status: int,
    code: str,
) -> None:
    response = _upload(api, latte, data, content_type)
    assert (response.status_code, error_codes(response)) == (status, [(code, None)])
    assert shop.image(latte) is None
    assert item(shop, "Latte")["image_url"] is None


def test_a_multipart_upload_is_refused_as_loyverse_does(
    shop: FakeLoyverse, api: httpx.Client, latte: str
) -> None:
    response = api.post(f"/items/{latte}/image", files={"file": ("latte.png", PNG, "image/png")})
    assert (response.status_code, error_codes(response)) == (500, [("INTERNAL_ERROR", None)])
    assert shop.image(latte) is None


def test_the_smallest_image_accepted_has_100_bytes(
    shop: FakeLoyverse, api: httpx.Client, latte: str
) -> None:
    assert _upload(api, latte, PNG[:100]).status_code == 201


def test_deleting_the_image_clears_image_url(
    shop: FakeLoyverse, api: httpx.Client, latte: str
) -> None:
    ok(_upload(api, latte, PNG), 201)
    url = item(shop, "Latte")["image_url"]
    response = api.delete(f"/items/{latte}/image")
    assert (response.status_code, response.content) == (200, b"")
    assert (shop.image(latte), item(shop, "Latte")["image_url"]) == (None, None)
    assert _fetch(shop, url).status_code == 404
    assert api.delete(f"/items/{latte}/image").status_code == 200


@pytest.mark.parametrize("method", ["POST", "DELETE"])
def test_the_image_of_a_missing_or_deleted_item_is_404(
    shop: FakeLoyverse, api: httpx.Client, method: str
) -> None:
    (gone,) = [i for i in shop.objects("items", show_deleted=True) if i["deleted_at"]]
    for item_id in ("no-such-item", gone["id"]):
        response = api.request(method, f"/items/{item_id}/image", content=PNG)
        assert (response.status_code, error_codes(response)) == (404, [("NOT_FOUND", None)])


def test_an_upload_whose_answer_is_lost_was_stored(
    shop: FakeLoyverse, api: httpx.Client, latte: str
) -> None:
    shop.fail_next(500, after_processing=True)
    assert _upload(api, latte, PNG).status_code == 500
    assert shop.image(latte) == PNG
