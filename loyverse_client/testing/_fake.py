"""``FakeLoyverse``: a Loyverse account in memory, answering as the contract says Loyverse does.

State, routing, faults, the rate limit, the sales history gate and the clock live here; each
declared resource's objects in a ``_collection.Collection``, whose rules are read from the
declaration (``_rules``); the query and cursor in ``_listing``; the customer POST body in
``_upsert``; receipt writes in ``_till``; the catalogue's writes in ``_back_office`` (bodies in
``_bodies``, per-resource rules in ``_item_rules`` and ``_discount_rules``, images in ``_images``,
stock in ``_stock``); webhook subscriptions and deliveries in ``_webhooks`` (fed by the
``Changes`` the collections record); the error envelope in ``_errors``; sample data in
``_samples``, ``_shop`` and ``_receipt_samples``.
"""

from __future__ import annotations

import json
import secrets
import threading
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import partial
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

import httpx

from loyverse_models import format_timestamp

from .._rate_limit import RateLimit
from .._resources import CUSTOMERS, RECEIPTS, RESOURCES, WEBHOOKS
from ._back_office import BackOffice, Plain
from ._catalogue import Numbering
from ._clock import FakeClock
from ._collection import Changes, Collection, Row
from ._errors import ApiError, error_for_status
from ._images import IMAGES_PATH
from ._listing import Cursors, Key, ListQuery, parse_time
from ._oauth import TOKEN_PATH, USERINFO_PATH, Access, FakeOAuth, OAuthTokens
from ._receipt_math import Currency
from ._receipt_samples import sample_receipts
from ._rules import json_copy
from ._samples import sample_customers
from ._shop import sample_shop
from ._stock import INVENTORY_BATCH_LIMIT
from ._till import Till
from ._transport import FakeTransport
from ._upsert import parse_body, writable_changes
from ._webhooks import Subscriptions, WebhookDelivery

if TYPE_CHECKING:
    from loyverse_client import AsyncLoyverseClient, LoyverseClient

__all__ = ["FakeLoyverse", "NetworkFault", "Reply", "WebhookDelivery"]

NetworkFault = Literal["connect", "timeout", "reset"]

_JSON_HEADERS = {"Content-Type": "application/json; charset=utf-8"}
_PREFIX = "/v1.0/"
_MERCHANT = "merchant"
_MERCHANT_DEFAULTS: dict[str, Any] = {
    "id": None,
    "business_name": "Fake Loyverse",
    "email": None,
    "country": "US",
    "currency": {"code": "USD", "decimal_places": 2},
    "created_at": None,
}


class Reply(NamedTuple):
    """What the fake does with one request: answer it, or fail the connection (``network``)."""

    status: int
    headers: dict[str, str]
    body: bytes
    network: NetworkFault | None = None


@dataclass(frozen=True)
class _Fault:
    kind: int | NetworkFault
    retry_after: str | None
    after_processing: bool


def _dump(payload: object) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def _as_rate_limit(value: RateLimit | tuple[int, float] | None) -> RateLimit | None:
    if value is None or isinstance(value, RateLimit):
        return value
    if isinstance(value, (tuple, list)) and len(value) == 2:
        return RateLimit(*value)  # checks them: requests >= 1, per_seconds > 0
    raise TypeError(
        f"rate_limit must be a RateLimit, a tuple (requests, per_seconds) or None, got {value!r}"
    )


def _key(key: str | Sequence[str]) -> Key:
    return (key,) if isinstance(key, str) else tuple(key)


class FakeLoyverse(FakeOAuth):
    """An in-memory Loyverse account serving every declared resource through ``transport``.

    Every list of ``loyverse_client``'s declarations (``customers``, ``items``, ``variants``, ...)
    is served for reading, by the same engine: ``GET /<path>`` (with or without a trailing slash)
    with exactly the filters its query class documents, and ``GET /<path>/{key}``. Customers are
    also written (``POST /customers``, ``DELETE /customers/{id}``), and so are receipts: sales
    (``POST /receipts``) and refunds (``POST /receipts/{receipt_number}/refund``), which move
    stock and customers' points. The catalogue is written by one engine: ``POST /<path>`` (an
    upsert by key) and ``DELETE /<path>/{key}`` for items, variants, categories, modifiers,
    discounts, taxes, suppliers and POS devices; ``POST`` and ``DELETE /items/{item_id}/image``;
    ``POST /inventory``. Webhook subscriptions are written (``POST /webhooks/``,
    ``DELETE /webhooks/{id}``), and every change a request makes is recorded in
    ``webhook_deliveries`` as the event Loyverse would post to each enabled webhook (see
    Webhooks below). ``GET /merchant/`` answers ``merchant``. Objects get in with ``add`` (any
    resource), ``add_sample_customers``, ``add_sample_shop`` (receipts included) and
    ``add_sample_receipts``, and are read back with ``objects`` (an item's image with ``image``);
    ``delete`` deletes as the API does.

    ``sales_history_days`` is the plan's sales history: ``None`` (the default) is an account with
    the Unlimited sales history add-on; 31 is one without it, where ``GET /receipts`` reaching
    back further (``created_at_min``, or the receipt of ``since_receipt_number``) answers
    ``402 PAYMENT_REQUIRED`` (the client's ``SalesHistoryLimitError``). ``app_name`` is the
    name of the app the token belongs to, the ``source`` of the receipts it makes.

    ``customers`` are stored as given (a deep copy), with missing documented fields filled as the
    API would (``null``, counts 0, ``created_at``/``updated_at`` now), and so is every object
    ``add`` gets; times are ISO 8601 strings, UTC when they have no offset. ``rate_limit``, a
    ``loyverse_client.RateLimit`` (the clients' type) or a tuple ``(requests, per_seconds)``,
    enables a sliding window over ``clock``, which also dates new, updated and deleted objects, so
    a test can move time without sleeping. ``clock`` is a ``FakeClock`` by default, and the
    clients from ``client()`` and ``async_client()`` wait on it: a retry after ``fail_next(503)``
    or a pacing wait takes no real time, and ``fake.clock.slept`` lists the waits. Pass
    ``clock=time.monotonic`` for real time (for example behind ``FakeLoyverseServer``).
    All state is guarded by one lock: the fake may serve a
    threaded HTTP server and the test's own threads at once.

    Cursors are signed with ``cursor_secret``, random per fake by default, so a cursor works only
    with the fake that issued it; two fakes given the same secret and the same customers issue
    and accept the same cursors (e.g. across processes).

    ``requests`` lists every request received, in order, including those answered by a fault.

    Where the contract is [unclear], the fake reads it as follows:

    - Lists are newest first by the declaration's ``created_field`` (``created_at``; shifts:
      ``opened_at``); objects created at the same instant are ordered by key, the largest first.
      Objects without a creation time (stock levels, POS devices) are ordered by key alone.
    - Filters: an id list is comma-separated and matches any of its ids; a text filter
      (``email``, ``sku``, ``store_id`` on POS devices) matches exactly, case-sensitively; time
      bounds are inclusive. A filter sent empty (``email=``) is no filter; a parameter the list
      does not document is ignored (as Loyverse does), so a misspelt filter returns everything.
    - Query times must be exactly ``YYYY-MM-DDTHH:MM:SS.mmmZ``, else ``400 INVALID_VALUE``;
      ``show_deleted`` must be ``true`` or ``false``, else ``400 INVALID_VALUE``.
    - A cursor is only valid on the list that issued it and with the filters of the page that
      issued it (``400 INVALID_CURSOR`` otherwise); ``limit`` may change between pages.
    - Lists that do not paginate (discounts, taxes, stores, ...) answer every match at once and
      ignore ``limit`` and ``cursor``, even invalid ones; they never send a ``cursor``.
    - Soft-deleted objects (``deleted_at`` set) are hidden from lists unless ``show_deleted=true``.
      ``GET`` by key of one is 200 with ``deleted_at`` where the declaration says so
      (``deleted_readable``: categories, suppliers) and 404 elsewhere. Deleting an object sets
      its ``deleted_at`` and ``updated_at`` (so ``updated_at_min`` sees deletions). Deleting an
      item deletes its variants too, in ``/variants`` and inline in the item, as Loyverse does
      (the declaration's ``deletes_with_it``).
    - Deleted customers are gone: ``GET`` by id is 404 and they leave the list.
    - An update (``POST`` with the ``id`` of an existing customer) keeps every field the body
      omits; ``null`` clears a field, except ``name``, which can be omitted but not cleared. The
      customer must have a name after the update: updating one stored without a name (an old
      record) is ``400 MISSING_REQUIRED_PARAMETER`` on ``name`` unless the body gives one.
    - Email is unique per account: a ``POST`` giving an email that another customer has is
      ``400 INVALID_VALUE`` on ``email``. Emails compare as exact strings (case-sensitive), for
      that rule and for the ``email`` filter.
    - A path or method the API does not have is ``404 NOT_FOUND``: the API documents no 405.
    - Authentication comes before rate limiting; 401 and 429 answers do not count toward it.

    Receipts:

    - ``since_receipt_number`` / ``before_receipt_number`` keep the receipts created at or after /
      at or before the ``created_at`` of the receipt they name (inclusive; ties included); a
      number that names no receipt is ``400 INVALID_VALUE`` on that parameter. ``order`` and
      ``source`` match exactly; ``store_id`` is one store.
    - With ``sales_history_days``, lists only ever show receipts created in those last days, so
      an unfiltered list succeeds with the recent ones; ``created_at_min`` or the receipt of
      ``since_receipt_number`` further back is 402. ``updated_at_*``, ``before_receipt_number``
      and ``GET /receipts/{receipt_number}`` are not gated.
    - Money is rounded half up to the merchant's ``decimal_places``. A discount applies, in the
      order ``total_discounts`` lists it, to what earlier ones left of each line: a percentage of
      each line, or an amount that is one sum for the receipt (at most what its lines have left)
      shared out in proportion. A tax of rate ``r`` on a line whose INCLUDED rates add up to
      ``i`` is ``r / (100 + i)`` of what the discounts left, inside the price (INCLUDED) or on
      top (ADDED). A tax or a discount shared over lines is rounded over the receipt and shared
      cumulatively (each line gets the rounded running total less the previous one), as the
      real receipt page shows; so is a refund's part of a sold line's discounts, taxes and
      modifiers, and over refunds of a whole line they add up to the sale's.
    - A sale: ``store_id`` and at least one line are required; a line's ``price`` defaults to
      the variant's price in the store, then its ``default_price`` (neither: ``400
      MISSING_REQUIRED_PARAMETER`` on ``price``), its ``cost`` to the variant's; it gets only the
      taxes in its ``line_taxes`` (not the item's own). A ``total_discounts`` entry needs ``id``
      and ``scope``; ``RECEIPT`` applies to every line, ``LINE_ITEM`` to the lines whose
      ``line_discounts`` list it (none is ``400``), and a line may list only discounts of
      ``total_discounts``. ``percentage`` is for ``VARIABLE_PERCENT`` only, ``money_amount`` for
      ``VARIABLE_AMOUNT`` and ``DISCOUNT_BY_POINTS`` (which needs a customer with that many
      points). At most one payment; its ``money_amount``, if given, must be the total;
      ``paid_at`` defaults to ``receipt_date``, which must not be in the fake's future (the
      default ``FakeClock`` does not move by itself, so a ``datetime.now()`` taken after the fake
      was made is ahead of it: leave ``receipt_date`` out for "now"). Amounts may have no more
      decimals than the currency, quantities three. A sale is numbered after the account's
      largest API number (``1001`` on), has no POS device, no dining option, and no employee
      unless given.
    - A refund: only of a sale, not cancelled, paid with exactly one payment that is not an
      integrated one. Each line names a line of the sale once, and all refunds of a line
      together never exceed its quantity. The refund's line keeps the sold line's ``id``; it is
      paid back with the sale's payment type; its ``customer_id`` and ``order`` are the sale's,
      its ``store_id`` the sale's unless given; ``receipt_date`` may not precede the sale's.
      The sale itself is not changed (neither its ``updated_at`` nor anything else).
    - Stock: a sale takes its lines out of stock in its store, a refund puts them back in the
      refund's store, for items that track stock; a composite item moves its components.
    - Points: a customer earns 5% of a sale's ``total_money``, and spends what a
      ``DISCOUNT_BY_POINTS`` discount takes (``points_deducted`` on the sale); a refund deducts
      its share of the points the sale earned and gives back its share of those it spent. The
      customer's ``total_points`` follows (never below 0) and is the receipt's
      ``points_balance``; a sale also adds a visit and the total spent, a refund takes that
      money back.
    - ``delete`` removes a receipt, which the API cannot do; ``add`` stores one as given (its
      arithmetic unchecked).

    The catalogue (``POST /<path>`` creates without the key, ``id`` or ``variant_id``, and updates
    with it; the answer is the whole object):

    - A key that names no object, or a deleted one, is ``404 NOT_FOUND``: nothing is created and
      nothing undeleted. An update keeps every field its body omits; ``null`` clears a field that
      may be null and is refused (``400 INCORRECT_VALUE_TYPE``) for one that is never null.
      Unknown and read-only fields (``created_at``, ``handle``, ``image_url``, ``activated``) are
      ignored. ``updated_at`` becomes now.
    - Bodies are checked as the contract documents them, every problem at once with its
      ``field`` (``object.variants[0].sku``): a required field missing or ``null`` (or a required
      array empty: a modifier's options) is ``MISSING_REQUIRED_PARAMETER``; a wrong JSON type
      ``INCORRECT_VALUE_TYPE``; a length, range, enum or pattern outside the contract
      ``INVALID_VALUE``. Numbers are never negative unless documented so. Categories' ``color``
      refuses ``YELLOW``, which the contract does not list for them. References are checked only
      where a body cannot do without them: a variant's ``item_id``, a POS device's ``store_id``,
      the variant and store of a stock level (``400 INVALID_VALUE``); ``category_id``,
      ``tax_ids``, ``components`` and the like are stored as given.
    - Items: an update must carry ``variants`` (``400 INVALID_VALUE`` on ``object.variants``);
      entries with ``variant_id`` update those variants, entries without add one, and the item's
      variants left out are deleted. An item keeps at least one variant (``variants: []`` and
      deleting its last variant are ``400 INVALID_VALUE``); a create without ``variants`` gets one
      with the defaults. An item with option axes cannot gain or lose one (renaming is allowed);
      an item without any may get its first ones, restating its variant with values. Each
      variant has a value for each axis of its item and none for the others, the values of an
      item's variants differ, and an item without axes has one variant. A new item's ``handle``
      is its name as a slug (``-2``, ``-3`` when taken).
    - ``POST /variants`` creates only with ``item_id`` of a live item that has ``option1_name``
      (else ``400 INVALID_VALUE`` on ``object.item_id``); a variant cannot move to another item.
      A store entry without ``pricing_type`` takes the variant's ``default_pricing_type``, a
      ``FIXED`` one without ``price`` its ``default_price``. The item holds copies of its live
      variants; writing or deleting one through ``/variants`` moves the item's ``updated_at``.
    - Modifiers: options with ``id`` update that option, without add one, left out are dropped.
      Discounts: ``FIXED_AMOUNT`` needs ``discount_amount`` and ``FIXED_PERCENT``
      ``discount_percent``; the amount that does not fit the type must not be given and becomes
      ``null``; the built-in ``DISCOUNT_BY_POINTS`` discount cannot be created, changed to or
      from, or deleted. A POS device is created not ``activated``; its ``store_id`` may change.
    - ``DELETE`` soft-deletes (every catalogue resource has ``deleted_at``) and answers
      ``{"deleted_object_ids": [key, ...]}``, an item's live variants after it. Deleting a
      missing or deleted object is ``404``; ``GET`` of a deleted one follows the declaration.
    - Images: ``POST /items/{item_id}/image`` stores the raw bytes with their content type (any
      ``image/*``, ``application/octet-stream`` or none), answers ``201`` with an empty body and
      sets ``image_url`` to a URL the fake serves (``GET``, no token); ``multipart/form-data`` is
      ``500 INTERNAL_ERROR``, as is a body under 100 bytes (Loyverse's "too small"), another
      type ``415``. The bytes are not decoded. ``DELETE`` answers ``200`` with an empty body and
      clears ``image_url`` (also when there is none). Both move the item's ``updated_at``.
    - Stock: ``POST /inventory`` sets absolute levels, at most ``inventory_batch_limit`` (250)
      per request (``400 INVALID_VALUE`` on ``object.inventory_levels`` over it), all or none:
      each variant live and of an item that tracks stock, each store live, ``stock_after`` from
      -9999999.999 to 9999999.999 with three decimals at most, a level once per request. It
      answers every level it names, in its order; a level set to the value it has keeps its
      ``updated_at``. A new variant of an item that tracks stock gets a level of 0 in every live
      store, and so does each variant when ``track_stock`` is turned on; turning it off sets
      the levels to 0. Levels of deleted variants stay.

    Webhooks:

    - ``POST /webhooks/`` creates (no ``id``) or updates (the ``id`` of a webhook, else 404).
      A create needs ``url``, ``type`` and ``status``: each one missing or ``null`` is ``400
      MISSING_REQUIRED_PARAMETER`` on ``object.<field>`` (``object.status``, as seen live); a
      ``url`` that is not a well-formed ``https://`` URL with a host, a ``type`` not among the
      five events (case-sensitive) and a ``status`` not ``ENABLED``/``DISABLED`` are ``400
      INVALID_VALUE`` (a value that is not a string: ``INCORRECT_VALUE_TYPE``), every problem at
      once. An update keeps the fields its body leaves out. A (``type``, ``url``) pair that
      another webhook of the same owner has is ``400 INVALID_VALUE`` on ``object.url``. Whether
      the URL is reachable is not checked: the fake posts nothing.
    - ``GET /webhooks/`` answers ``{"webhooks": [...]}`` (the envelope every client has seen),
      newest first like every list, with the webhooks the token sees (see Owners).
    - A deleted webhook is gone for good: ``GET`` of it and ``DELETE`` again are 404, the list
      drops it, its pair is free again and it is sent nothing more. (Live webhooks carry
      ``deleted_at``, so Loyverse may keep them; what a ``GET`` after ``DELETE`` answers is
      unknown, and the fake takes the reading where a stale id fails loudly.)
    - Deliveries: each request that changes something appends, once it has succeeded, a
      ``WebhookDelivery`` per enabled webhook of the event and per 100 objects (a bulk change is
      split) to ``webhook_deliveries``, the changes in the order they were made, each object once
      as it stands after the request: ``customers.update`` for a customer created, updated or
      deleted, and for the customer whose points and visits a sale or refund changed;
      ``receipts.update`` for a sale or refund; ``items.update`` for an item created, updated
      or deleted, and for the item whose variants or image changed; ``inventory_levels.update``
      for each stock level it moved or made (a sale, a refund, ``POST /inventory``, a new variant
      of an item that tracks stock). A deleted customer is sent with ``deleted_at`` and
      ``updated_at`` set to the moment of deletion (unclear in the contract). A refused request
      and reads send nothing, and nothing is retried or disabled; a request whose answer
      ``fail_next(..., after_processing=True)`` loses was carried out, and its changes are
      delivered.
    - ``add``, the ``add_sample_*`` methods and ``delete`` arrange the account and send nothing;
      with ``notify=True``, ``add`` and ``delete`` are changes the merchant made (a Back Office
      import, a shift closed on the POS) and are delivered like the others. That is the way to
      get ``shifts.create`` (sent for shifts added, not changed), which the fake does not write
      through the API. Variants, categories and the other resources have no event and send
      nothing of their own.
    - Owners: a webhook created with an OAuth app's access token belongs to that app. Its
      deliveries are signed with the app's client secret (``X-Loyverse-Signature``, lowercase hex
      HMAC-SHA1 of the body, as ``loyverse_client.webhooks.parse_webhook`` and
      ``WebhookReceiver`` check), and only the app's tokens see it: the list shows an app its
      own webhooks, and ``GET``, an update or ``DELETE`` of another's is 404. Webhooks created
      with the personal token, added with ``add`` or in the sample shop belong to the merchant:
      unsigned, and seen by the personal token only, which sees every webhook of the account
      (what it sees is unclear in the contract). The (``type``, ``url``) pair is unique among
      the webhooks of one owner.

    OAuth apps are served too (``register_app``, ``authorize``, ``consent``, ``revoke``; the
    token endpoint and ``/userinfo`` on the bare host), with scopes enforced per endpoint: the
    ``_oauth`` module says how.
    """

    BASE_URL = "https://api.loyverse.com/v1.0"
    inventory_batch_limit: int = INVENTORY_BATCH_LIMIT
    """How many levels one ``POST /inventory`` may set; more is ``400 INVALID_VALUE``. Set it on
    a fake to test how a client splits its batches."""

    def __init__(
        self,
        customers: Iterable[Mapping[str, Any]] | None = None,
        *,
        access_token: str = "fake-loyverse-token",
        rate_limit: RateLimit | tuple[int, float] | None = None,
        clock: FakeClock | Callable[[], float] | None = None,
        cursor_secret: bytes | None = None,
        sales_history_days: int | None = None,
        app_name: str = "loyverse-client",
    ) -> None:
        if sales_history_days is not None and (
            isinstance(sales_history_days, bool)
            or not isinstance(sales_history_days, int)
            or sales_history_days < 1
        ):
            raise ValueError(
                f"sales_history_days must be a whole number of days (31 on plans without the "
                f"Unlimited sales history add-on) or None, got {sales_history_days!r}"
            )
        self.access_token = access_token
        self.sales_history_days = sales_history_days
        """How many days of receipts the plan serves; ``None``: the add-on, no limit."""
        self.requests: list[httpx.Request] = []
        self.transport = FakeTransport(self._receive)
        self._rate_limit = _as_rate_limit(rate_limit)
        self.clock = clock if isinstance(clock, FakeClock) else FakeClock()
        """The fake's time, unless another clock was given; its clients wait on it."""
        self._clock: Callable[[], float] = self.clock if clock is None else clock
        self._wall_origin = datetime.now(timezone.utc) - timedelta(seconds=self._clock())
        self._lock = threading.Lock()
        self._changes = Changes()
        self._oauth = OAuthTokens()
        self._collections = {
            resource.name: Collection(
                resource, counted="email" if resource is CUSTOMERS else None, changes=self._changes
            )
            for resource in RESOURCES
        }
        self.webhook_deliveries: list[WebhookDelivery] = []
        """What the fake would have posted to the enabled webhooks, oldest first."""
        self._subscriptions = Subscriptions(
            self._collections[WEBHOOKS.name],
            now=self._now,
            merchant_id=lambda: str(self._merchant["id"]),
            secret=self._app_secret,
        )
        self._merchant: dict[str, Any] = {}
        self.set_merchant({})
        self._till = Till(
            self._collections, now=self._now, places=self._decimal_places, app_name=app_name
        )
        self._back_office = BackOffice(
            self._collections,
            now=self._now,
            soft_delete=lambda collection, row: self._soft_delete(collection, row, self._now()),
            batch_limit=lambda: self.inventory_batch_limit,
        )
        self._faults: deque[_Fault] = deque()
        self._window: deque[float] = deque()
        if cursor_secret is not None and not isinstance(cursor_secret, bytes):
            raise TypeError(f"cursor_secret must be bytes, got {type(cursor_secret).__name__}")
        self._cursors = Cursors(secrets.token_bytes(32) if cursor_secret is None else cursor_secret)
        self.add(CUSTOMERS.name, customers or ())

    def __repr__(self) -> str:
        with self._lock:
            counts = [f"{name}={len(c)}" for name, c in self._collections.items() if len(c)]
        return f"<FakeLoyverse {' '.join(counts) or 'empty'} requests={len(self.requests)}>"

    @property
    def resources(self) -> list[str]:
        """The names of the resources served (``customers``, ``items``, ...)."""
        return list(self._collections)

    def add(
        self, resource: str, objects: Iterable[Mapping[str, Any]], *, notify: bool = False
    ) -> list[dict[str, Any]]:
        """Store ``objects`` of ``resource`` (``"items"``, ``"suppliers"``); return them as stored.

        Each is a deep copy of the one given, completed as the API would: documented fields it
        lacks become ``null`` or their documented default (``track_stock`` false, ``color``
        ``GREY``, counts 0), a missing one-field key a new UUID, missing creation and update times
        "now" (on ``clock``); a webhook's ``merchant_id`` is the account's. A required field
        without such a default (an item's ``item_name``) is a ``ValueError``, and so is a key
        that is already stored; times must be ISO 8601. Either every object is added, or none.

        The objects are the account's as it stands: no webhook hears of them. With ``notify``,
        they are a change the merchant made (a Back Office import, a shift closed on the POS):
        the enabled webhooks of their event get deliveries of at most 100 objects each.
        """
        name = self._collection(resource).rules.name
        if name == WEBHOOKS.name:
            merchant_id = self.merchant["id"]
            objects = [{"merchant_id": merchant_id, **webhook} for webhook in objects]
        return self._add_batches({resource: objects}, notify=notify)[name]

    def delete(self, resource: str, key: str | Sequence[str], *, notify: bool = False) -> None:
        """Delete an object as the API does: soft-delete it (``deleted_at`` and ``updated_at``
        now), or remove it where the declaration says deleted objects are gone (customers,
        webhooks). With ``notify``, the merchant deleted it: its event is delivered (see ``add``).

        ``key`` is the id, or the tuple of a compound key; ``KeyError`` if there is no such object
        (or it is already deleted), ``ValueError`` for a resource that has no deletion (shifts).
        """
        collection = self._collection(resource)
        if not collection.rules.deletable:
            raise ValueError(f"{collection.rules.name} cannot be deleted: they have no deleted_at")
        wanted = _key(key)
        with self._lock, self._changing(notify=notify):
            row = collection.find(wanted)
            if row is None or collection.rules.is_deleted(row.data):
                raise KeyError(f"{collection.rules.name}: no {collection.rules.noun} {key!r}")
            self._delete_row(collection, row)

    def _delete_row(self, collection: Collection, row: Row) -> None:
        if not collection.rules.resource.soft_deleted:
            collection.remove(row)
            return
        self._soft_delete(collection, row, self._now())

    def _soft_delete(self, collection: Collection, row: Row, now: str) -> None:
        # Loyverse deletes an item's variants with it: in their own list and inline in the item.
        stamps: dict[str, Any] = {"deleted_at": now}
        if "updated_at" in collection.rules.stamped:
            stamps["updated_at"] = now
        owned = collection.rules.resource.deletes_with_it
        if owned is not None:
            name, field = owned
            inline = row.data.get(name)
            if isinstance(inline, list):
                stamps[name] = [{**part, **stamps} for part in inline]
            parts = self._collections.get(name)
            if parts is not None:
                for part in list(parts.rows(show_deleted=False)):
                    if part.data.get(field) == row.data["id"]:
                        self._soft_delete(parts, part, now)
        collection.update(row, stamps)

    def objects(self, resource: str, *, show_deleted: bool = False) -> list[dict[str, Any]]:
        """Copies of the stored objects of ``resource``, newest first, as its list answers them
        (soft-deleted ones only with ``show_deleted``)."""
        collection = self._collection(resource)
        with self._lock:
            return [json_copy(row.data) for row in collection.rows(show_deleted=show_deleted)]

    def image(self, item_id: str) -> bytes | None:
        """The bytes last uploaded as the item's image (``POST /items/{item_id}/image``), or
        ``None`` if it has none (never had one, or it was deleted)."""
        with self._lock:
            return self._back_office.images.get(item_id)

    @property
    def customers(self) -> list[dict[str, Any]]:
        """Copies of the stored customers, newest first, as ``GET /customers`` lists them."""
        return self.objects(CUSTOMERS.name)

    @property
    def merchant(self) -> dict[str, Any]:
        """A copy of the account's merchant, as ``GET /merchant/`` answers it."""
        with self._lock:
            merchant: dict[str, Any] = json_copy(self._merchant)
            return merchant

    def set_merchant(self, merchant: Mapping[str, Any]) -> dict[str, Any]:
        """Replace the merchant: ``merchant`` completed with a name, USD (2 decimals), a new id
        and "now" where it lacks them; returns a copy as stored."""
        completed = {**_MERCHANT_DEFAULTS, **json_copy(dict(merchant))}
        completed["id"] = completed["id"] or str(uuid.uuid4())
        completed["created_at"] = completed["created_at"] or self._now()
        with self._lock:
            self._merchant = completed
        return self.merchant

    def add_sample_customers(self, count: int, *, seed: int = 0) -> list[dict[str, Any]]:
        """Add ``count`` realistic customers, the same ones for the same ``seed``; return them.

        They were created over three weeks from 2024-03-01. Some have no name or no email, money
        is integral (585500) or fractional (120.55). Adding the same seed twice is a
        ``ValueError``, since the ids would repeat.
        """
        customers = sample_customers(count, seed)
        self.add(CUSTOMERS.name, customers)
        return customers

    def add_sample_shop(
        self, seed: int = 0, *, resources: Iterable[str] | None = None
    ) -> dict[str, list[dict[str, Any]]]:
        """Fill the account with a small, consistent shop, the same for the same ``seed``.

        The merchant (USD, 2 decimals), two stores, the owner and two employees, payment types,
        two taxes (one ``INCLUDED``, one ``ADDED``), discounts (the built-in
        ``DISCOUNT_BY_POINTS`` among them), categories, modifiers with options, items with their
        variants (options, per-store prices, a composite item, one sold by weight), suppliers, POS
        devices, stock levels of every tracked variant in every store, closed shifts, a few
        customers, and a week of receipts made from all of it (as ``add_sample_receipts``
        makes them, numbered after the receipts already stored); a few collections hold one
        soft-deleted object for ``show_deleted`` to show. Three webhooks of the merchant's
        (unsigned): ``receipts.update`` and ``inventory_levels.update`` enabled, so a sale
        made through the API records deliveries, and ``customers.update`` disabled.
        Only the resources this SDK declares are added, and of those only ``resources`` when
        given (e.g. everything but ``customers``). Returns them by resource name, as stored.
        Adding the same seed twice is a ``ValueError``.
        """
        shop = sample_shop(seed)
        wanted = set(self._collections if resources is None else resources)
        unknown = wanted - set(self._collections)
        if unknown:
            raise ValueError(f"no such resources: {sorted(unknown)}; use {self.resources}")
        declared = {name: objects for name, objects in shop.collections.items() if name in wanted}
        added = self._add_batches(declared, renumber=True)
        self.set_merchant(shop.merchant)
        return added

    def add_sample_receipts(self, count: int, *, seed: int = 0) -> list[dict[str, Any]]:
        """Add ``count`` realistic receipts made from the account's catalogue; return them.

        One in eight is a refund of an earlier sale; the sales are a week of trade from
        2024-04-01 in every store that has variants for sale and payment types, with the items'
        taxes and modifiers, discounts, the stores' staff and POS devices, some customers, a split
        payment, a cancelled sale, sales uploaded late (``created_at`` hours after
        ``receipt_date``) and sales made through the API. Numbers go on from the receipts already
        stored. They are history: stock and customers do not change. The same for the same
        ``seed`` on the same account. ``ValueError`` without a store to sell in (add a shop first,
        e.g. ``add_sample_shop(resources=...)`` without ``receipts``).
        """
        receipts = self._collections[RECEIPTS.name]
        with self._lock:
            collections = {
                name: [row.data for row in collection.rows(show_deleted=True)]
                for name, collection in self._collections.items()
                if name != RECEIPTS.name
            }
            made = sample_receipts(
                json_copy(collections),
                count,
                seed,
                numbering=Numbering(row.key[0] for row in receipts.rows(show_deleted=True)),
                currency=Currency(self._decimal_places()),
            )
            rows = receipts.prepare(made, self._now())
            receipts.insert(rows)
            return [json_copy(row.data) for row in rows]

    def fail_next(
        self,
        fault: int | NetworkFault,
        *,
        times: int = 1,
        retry_after: str | None = None,
        after_processing: bool = False,
    ) -> None:
        """Make the next ``times`` requests fail with ``fault``, after any faults already queued.

        - an HTTP status (400-599): answered with Loyverse's error envelope of that status, and
          ``Retry-After: <retry_after>`` if given;
        - ``"connect"``: ``httpx.ConnectError``, the request never reached the server;
        - ``"timeout"``: ``httpx.ReadTimeout``; ``"reset"``: ``httpx.RemoteProtocolError``.

        Unless ``after_processing``, a faulted request changes nothing and does not count toward
        the rate limit. With it, the request is processed for real first (a create really creates)
        and its answer is lost: the way to test a retry that must not happen.
        """
        if isinstance(fault, bool) or (isinstance(fault, int) and not 400 <= fault <= 599):
            raise ValueError(f"an HTTP fault must be a status from 400 to 599, got {fault!r}")
        if isinstance(fault, str) and fault not in ("connect", "timeout", "reset"):
            raise ValueError(f"unknown fault {fault!r}: use a status, connect, timeout or reset")
        if times < 1:
            raise ValueError(f"times must be at least 1, got {times}")
        if retry_after is not None and isinstance(fault, str):
            raise ValueError("retry_after only applies to an HTTP status fault")
        if fault == "connect" and after_processing:
            raise ValueError("a request that failed to connect cannot have been processed")
        with self._lock:
            self._faults.extend([_Fault(fault, retry_after, after_processing)] * times)

    def client(self, **kwargs: Any) -> LoyverseClient:
        """A ``LoyverseClient`` wired to this fake; ``kwargs`` override its arguments.

        Client-side pacing is off by default (``rate_limit=None``), so only the fake limits. The
        base URL is the fake's own, whatever ``LOYVERSE_BASE_URL`` says.
        """
        from loyverse_client import LoyverseClient

        defaults = self._client_defaults(kwargs)
        if "http_client" not in kwargs:
            defaults["http_client"] = httpx.Client(transport=self.transport)
        return LoyverseClient(**{**defaults, **kwargs})

    def async_client(self, **kwargs: Any) -> AsyncLoyverseClient:
        """An ``AsyncLoyverseClient`` wired to this fake; ``kwargs`` override its arguments."""
        from loyverse_client import AsyncLoyverseClient

        defaults = self._client_defaults(kwargs)
        if "http_client" not in kwargs:
            defaults["http_client"] = httpx.AsyncClient(transport=self.transport)
        return AsyncLoyverseClient(**{**defaults, **kwargs})

    def _client_defaults(self, kwargs: Mapping[str, Any]) -> dict[str, Any]:
        defaults: dict[str, Any] = {
            "access_token": None if "oauth" in kwargs else self.access_token,
            "base_url": self.BASE_URL,
            "rate_limit": None,
        }
        if self._clock is self.clock:
            defaults["clock"] = self.clock  # the client's waits take no time, and move the fake's
        return defaults

    def handle(
        self,
        method: str,
        path: str,
        query: Sequence[tuple[str, str]] | Mapping[str, str],
        headers: Mapping[str, str],
        body: bytes,
    ) -> tuple[int, dict[str, str], bytes]:
        """Answer one request: ``(status, headers, body)``. No recording, no injected faults.

        ``path`` is the URL path with its ``/v1.0`` prefix and ``query`` the decoded parameters;
        header names are matched case-insensitively.
        """
        params = list(query.items()) if isinstance(query, Mapping) else list(query)
        lowered = {name.lower(): value for name, value in headers.items()}
        with self._lock:
            try:
                if path.startswith(IMAGES_PATH):  # an image's URL: public, like a CDN's
                    return self._back_office.images.serve(method.upper(), path)
                if path == TOKEN_PATH:  # the app authenticates in the body, with its secret
                    payload = self._token_endpoint(method.upper(), lowered, body)
                else:
                    access = self._authenticate(lowered.get("authorization"))
                    self._admit()
                    access.require(method.upper(), path)
                    payload = (
                        self._userinfo(access, method.upper())
                        if path == USERINFO_PATH
                        else self._changed(access, method.upper(), path, params, lowered, body)
                    )
            except ApiError as error:
                return error.status, dict(_JSON_HEADERS), _dump(error.body())
            if isinstance(payload, Plain):
                return payload.status, {}, b""
            return 200, dict(_JSON_HEADERS), _dump(payload)

    def _receive(self, request: httpx.Request) -> Reply:
        # The one entry point of the transport and the HTTP server: record, then fault or answer.
        with self._lock:
            self.requests.append(request)
            fault = self._faults.popleft() if self._faults else None
        if fault is None or fault.after_processing:
            url = request.url
            answer = self.handle(
                request.method, url.path, url.params.multi_items(), request.headers, request.content
            )
            if fault is None:
                return Reply(*answer)
        if isinstance(fault.kind, str):
            return Reply(0, {}, b"", fault.kind)
        error = error_for_status(fault.kind)
        headers = dict(_JSON_HEADERS)
        if fault.retry_after is not None:
            headers["Retry-After"] = fault.retry_after
        return Reply(error.status, headers, _dump(error.body()))

    def _app_secret(self, client_id: str) -> str | None:
        app = self._oauth.apps.get(client_id)
        return None if app is None else app.client_secret

    def _changed(
        self,
        access: Access,
        method: str,
        path: str,
        params: list[tuple[str, str]],
        headers: dict[str, str],
        body: bytes,
    ) -> object:
        """The answer of a request to the API by ``access``; what it changed is delivered to the
        webhooks once it succeeded."""
        app = None if access.grant is None else access.grant.client_id
        with self._changing(notify=True):
            return self._route(method, path, params, headers, body, app)

    @contextmanager
    def _changing(self, *, notify: bool) -> Iterator[None]:
        """Record what changes inside; once it succeeded, with ``notify``, deliver it to the
        webhooks. The caller holds the lock."""
        self._changes.start()
        try:
            yield
        finally:
            changed = self._changes.stop()
        if notify:
            self.webhook_deliveries += self._subscriptions.deliver(changed)

    def _now(self) -> str:
        return format_timestamp(self._wall_origin + timedelta(seconds=self._clock()))

    def _decimal_places(self) -> int:
        places = self._merchant.get("currency", {}).get("decimal_places")
        return places if isinstance(places, int) and 0 <= places <= 8 else 2

    def _collection(self, resource: str) -> Collection:
        collection = self._collections.get(resource.rstrip("/"))
        if collection is None:
            raise ValueError(
                f"unknown resource {resource!r}; one of: {', '.join(self._collections)}"
            )
        return collection

    def _add_batches(
        self,
        batches: Mapping[str, Iterable[Mapping[str, Any]]],
        *,
        renumber: bool = False,
        notify: bool = False,
    ) -> dict[str, list[dict[str, Any]]]:
        """Add objects of several resources, all or none; with ``renumber``, receipts get the
        account's next numbers (a sample shop's start from 1001); with ``notify``, webhooks hear
        of them."""
        now = self._now()
        collections = [(self._collection(name), objects) for name, objects in batches.items()]
        with self._lock:
            if renumber:
                stored = self._collections[RECEIPTS.name]
                numbering = Numbering(row.key[0] for row in stored.rows(show_deleted=True))
                collections = [
                    (c, numbering.renumber(objects) if c is stored else objects)
                    for c, objects in collections
                ]
            prepared = [(c, c.prepare(objects, now)) for c, objects in collections]
            with self._changing(notify=notify):
                for collection, rows in prepared:
                    collection.insert(rows)
            return {c.rules.name: [json_copy(row.data) for row in rows] for c, rows in prepared}

    def _admit(self) -> None:
        if self._rate_limit is None:
            return
        allowed, per_seconds = self._rate_limit.requests, self._rate_limit.per_seconds
        now = self._clock()
        while self._window and self._window[0] <= now - per_seconds:
            self._window.popleft()
        if len(self._window) >= allowed:
            raise ApiError.one(
                429,
                "RATE_LIMITED",
                f"Too many requests: the limit is {allowed} per {per_seconds:g} seconds",
            )
        self._window.append(now)

    def _route(
        self,
        method: str,
        path: str,
        params: list[tuple[str, str]],
        headers: dict[str, str],
        body: bytes,
        app: str | None = None,
    ) -> object:
        """Answer a request to the API by ``app`` (``None``: the personal token)."""
        parts = path[len(_PREFIX) :].split("/") if path.startswith(_PREFIX) else []
        if len(parts) == 2 and not parts[1]:
            del parts[1]  # "suppliers/" and "suppliers" are the same list
        written = self._back_office.route(method, parts, headers.get("content-type"), body)
        if written is not None:
            return written
        collection = self._collections.get(parts[0]) if parts else None
        if parts == [_MERCHANT] and method == "GET":
            return self._merchant
        resource = None if collection is None else collection.rules.resource
        if collection is not None and len(parts) == 1:
            if method == "GET" and resource is WEBHOOKS:
                return self._subscriptions.listed(self._list(collection, params), app)
            if method == "GET":
                return self._list(collection, params)
            if method == "POST" and resource is CUSTOMERS:
                return self._upsert(collection, parse_body(headers.get("content-type"), body))
            if method == "POST" and resource is RECEIPTS:
                return self._till.sell(parse_body(headers.get("content-type"), body))
            if method == "POST" and resource is WEBHOOKS:
                webhook = parse_body(headers.get("content-type"), body)
                return self._subscriptions.write(webhook, app)
        if collection is not None and len(parts) == 2:
            found = (
                partial(self._subscriptions.found, parts[1], app)
                if resource is WEBHOOKS
                else partial(collection.found, (parts[1],))
            )
            if method == "GET" and collection.rules.resource.gettable:
                return found().data
            if method == "DELETE" and resource in (CUSTOMERS, WEBHOOKS):
                self._delete_row(collection, found())
                return {"deleted_object_ids": [parts[1]]}
        if parts[2:] == ["refund"] and method == "POST" and resource is RECEIPTS:
            return self._till.refund(parts[1], parse_body(headers.get("content-type"), body))
        raise ApiError.one(404, "NOT_FOUND", f"There is no {method} {path}")

    def _list(self, collection: Collection, params: list[tuple[str, str]]) -> dict[str, Any]:
        rules = collection.rules
        query = ListQuery.parse(
            params,
            rules.filters,
            list_name=rules.name,
            paginated=rules.resource.paginated,
            cursors=self._cursors,
        )
        query = collection.resolve(query)
        if rules.resource is RECEIPTS and self.sales_history_days is not None:
            query = self._sales_history(query, rules.created_field)
        return collection.page(query, self._cursors)

    def _sales_history(self, query: ListQuery, field: str) -> ListQuery:
        """A receipts query within the plan's sales history: 402 if it reaches further back, else
        bounded to the days the plan serves."""
        days = self.sales_history_days
        start = parse_time(self._now()) - timedelta(days=days or 0)
        if any(
            bounded == field and is_min and moment < start
            for bounded, moment, is_min in query.bounds
        ):
            raise ApiError.one(
                402,
                "PAYMENT_REQUIRED",
                f"Your plan keeps {days} days of sales history (the {days}-day limit): receipts "
                f"created before {format_timestamp(start)} need the Unlimited sales history "
                "add-on",
            )
        return query.bounded((field, start, True))

    def _upsert(self, customers: Collection, body: dict[str, Any]) -> dict[str, Any]:
        customer_id = body.get("id")
        if customer_id is not None and not isinstance(customer_id, str):
            raise ApiError.one(400, "INCORRECT_VALUE_TYPE", "id must be a string", "id")
        row: Row | None = None if customer_id is None else customers.found((customer_id,))
        changes = writable_changes(body, creating=row is None)
        if row is not None and not changes.get("name", row.data["name"]):
            # An old customer without a name stays as it is until an update gives it one.
            raise ApiError.one(
                400, "MISSING_REQUIRED_PARAMETER", "name is required when updating", "name"
            )
        email = changes.get("email")
        own = 1 if row is not None and row.data["email"] == email else 0
        if email and customers.count(email) > own:
            raise ApiError.one(
                400, "INVALID_VALUE", "Another customer already has this email", "email"
            )
        now = self._now()
        if row is None:
            (row,) = customers.prepare([changes], now)
            customers.insert([row])
        else:
            customers.update(row, {**changes, "updated_at": now})
        return row.data
