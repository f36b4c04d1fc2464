"""Webhook subscriptions: which events Loyverse posts to which URL (``/webhooks/``).

``GET /webhooks/`` answers a bare array according to Loyverse's document and ``{"webhooks":
[...]}`` according to every client that has called it: ``WebhookPage`` reads both, and its
``.raw`` is always ``{"webhooks": [...]}`` (each webhook's ``.raw`` is the object received). One
webhook receives one event type; the pair (``type``, ``url``) is unique. Loyverse sets ``status``
to ``DISABLED`` itself after deliveries kept failing (200 tries over 48 hours).
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any
from urllib.parse import urlsplit

import pydantic_core
from pydantic import AfterValidator, ConfigDict, Field, model_validator
from typing_extensions import Self

from ._enums import Open
from ._page import ResourcePage
from ._query import ResourceQuery
from ._raw import RawModel
from ._strict import StrictModel
from ._wire import Timestamp
from .webhooks import WebhookType

__all__ = [
    "Webhook",
    "WebhookCreate",
    "WebhookPage",
    "WebhookQuery",
    "WebhookStatus",
    "WebhookUpdate",
]


class WebhookStatus(str, Enum):
    """Whether Loyverse delivers a webhook's events."""

    ENABLED = "ENABLED"
    DISABLED = "DISABLED"


class Webhook(RawModel):
    """A webhook subscription, as ``GET /webhooks/{id}`` returns it."""

    id: str
    merchant_id: str
    url: str
    type: Open[WebhookType]
    status: Open[WebhookStatus]
    created_at: Timestamp
    updated_at: Timestamp
    deleted_at: Timestamp | None = Field(default=None, description="Returned live, undocumented.")


class WebhookPage(ResourcePage):
    """``GET /webhooks/``: every webhook of the calling app at once (``cursor`` always ``None``)."""

    _raw_children = ("webhooks",)

    webhooks: list[Webhook]

    @classmethod
    def model_validate_json(
        cls, json_data: str | bytes | bytearray, *args: Any, **kwargs: Any
    ) -> Self:
        """Read ``{"webhooks": [...]}`` or a bare array of webhooks."""
        parsed = pydantic_core.from_json(json_data)
        if isinstance(parsed, list):
            parsed = {"webhooks": parsed}
        return cls.model_validate(parsed, *args, **kwargs)


class WebhookQuery(ResourceQuery):
    """``GET /webhooks/`` takes no parameters: the query exists so the list reads like the rest."""


def _check_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise ValueError(
            f"must be an https:// URL with a host that Loyverse can reach, got {url!r}"
        )
    return url


_Url = Annotated[str, Field(max_length=2048), AfterValidator(_check_url)]


class _WebhookWrite(StrictModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class WebhookCreate(_WebhookWrite):
    """A new webhook: ``url`` (https) receives the events of ``type``.

    ``status`` is always sent (Loyverse refuses a webhook without one, although its document
    does not say so).

    >>> WebhookCreate(url="https://example.com/hook", type=WebhookType.RECEIPTS_UPDATE).to_body()
    {'url': 'https://example.com/hook', 'type': 'receipts.update', 'status': 'ENABLED'}
    """

    url: _Url
    type: WebhookType
    status: WebhookStatus = WebhookStatus.ENABLED

    def to_body(self) -> dict[str, Any]:
        """The JSON body, every field included."""
        return self.model_dump(mode="json")


class WebhookUpdate(_WebhookWrite):
    """Changes to a webhook, e.g. ``WebhookUpdate(status=WebhookStatus.ENABLED)`` to turn it on
    again after Loyverse disabled it; fields not given keep their values."""

    url: _Url | None = None
    type: WebhookType | None = None
    status: WebhookStatus | None = None

    @model_validator(mode="after")
    def _something_changes(self) -> Self:
        given = {name for name in self.model_fields_set if getattr(self, name) is not None}
        if not given:
            raise ValueError("nothing to change: give at least one of url, type, status")
        return self

    def to_body(self) -> dict[str, Any]:
        """The fields that change."""
        return self.model_dump(mode="json", exclude_none=True)
