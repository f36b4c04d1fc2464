"""A fake Loyverse for tests: an account in memory, faithful to the documented contract.

Every resource the SDK declares is served for reading by one engine (filters, order, cursors,
deleted objects, read from each declaration); customers, receipts (sales and refunds), webhook
subscriptions and the catalogue (items and their variants, categories, modifiers, discounts,
taxes, suppliers, POS devices, item images, stock levels) are written too, and every change is
recorded as the webhook deliveries Loyverse would make (``webhook_deliveries``, each a
``WebhookDelivery``). Fill it with ``add_sample_customers``, ``add_sample_shop`` (a small shop
whose collections agree: stores, staff, catalogue, stock, shifts, receipts, ...),
``add_sample_receipts`` or your own objects (``add``); read them back with ``objects``.

In a test, with the ``loyverse_fake`` pytest fixture (a fresh ``FakeLoyverse`` per test)::

    def test_export_reads_every_page(loyverse_fake):
        loyverse_fake.add_sample_customers(300, seed=1)
        with loyverse_fake.client() as client:         # a LoyverseClient wired to the fake
            rows = my_app.export_customers(client)
        assert len(rows) == 300
        assert len(loyverse_fake.requests) == 2        # pages of 250 and 50

    def test_a_lost_create_is_not_sent_twice(loyverse_fake):
        loyverse_fake.fail_next("timeout", after_processing=True)  # created, answer lost
        with loyverse_fake.client() as client, pytest.raises(APITimeoutError):
            my_app.add_customer(client, name="Ann")
        assert len(loyverse_fake.requests) == 1
        assert [c["name"] for c in loyverse_fake.customers] == ["Ann"]

Any ``httpx`` code can use it too: ``httpx.Client(transport=fake.transport)`` (or
``httpx.AsyncClient``) reaches the fake at ``https://api.loyverse.com/v1.0``, with the header
``Authorization: Bearer <fake.access_token>``. ``FakeLoyverseServer`` serves the same fake over real
HTTP on loopback, and so does ``python -m loyverse_client.testing serve --port 8080`` (add
``--shop`` for the sample shop).

OAuth apps can be tested against it too: ``register_app``, ``authorize`` (the code a merchant's
consent gives), ``revoke``; access tokens expire on the fake's clock, refresh tokens rotate, and an
endpoint answers 403 to a token without its scope.

``FakeLoyverse``'s docstring says how the fake reads the points the contract leaves unclear.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._clock import FakeClock
    from ._fake import FakeLoyverse
    from ._server import FakeLoyverseServer
    from ._transport import FakeTransport
    from ._webhooks import WebhookDelivery

__all__ = ["FakeClock", "FakeLoyverse", "FakeLoyverseServer", "FakeTransport", "WebhookDelivery"]

_HOMES = {
    "FakeClock": "_clock",
    "FakeLoyverse": "_fake",
    "FakeLoyverseServer": "_server",
    "FakeTransport": "_transport",
    "WebhookDelivery": "_webhooks",
}


def __getattr__(name: str) -> Any:
    # Imported on first use: the pytest plugin lives in this package, so every pytest run of every
    # project that installs the SDK imports this module.
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
    globals()[name] = value
    return value
