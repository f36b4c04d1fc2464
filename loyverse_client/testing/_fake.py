"""``FakeLoyverse``: the Customers API in memory, answering as the contract says Loyverse does.

State, routing and the rules of each endpoint live here; the query and cursor in ``_listing``, the
POST body in ``_upsert``, the error envelope in ``_errors``.
"""

from __future__ import annotations

import bisect
import hmac
import json
import secrets
import threading
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

import httpx

from loyverse_models import format_timestamp

from .._rate_limit import RateLimit
from ._clock import FakeClock
from ._errors import ApiError, error_for_status
from ._listing import Cursors, ListQuery, Position, parse_time
from ._samples import sample_customers
from ._transport import FakeTransport
from ._upsert import parse_body, writable_changes

if TYPE_CHECKING:
    from loyverse_client import AsyncLoyverseClient, LoyverseClient

__all__ = ["FakeLoyverse", "NetworkFault", "Reply"]

NetworkFault = Literal["connect", "timeout", "reset"]

_CUSTOMER_DEFAULTS: dict[str, Any] = {
    "id": None,
    "name": None,
    "email": None,
    "phone_number": None,
    "address": None,
    "city": None,
    "region": None,
    "postal_code": None,
    "country_code": None,
    "note": None,
    "customer_code": None,
    "first_visit": None,
    "last_visit": None,
    "total_visits": 0,
    "total_spent": 0,
    "total_points": 0,
    "permanent_deletion_at": None,
    "created_at": None,
    "updated_at": None,
    "deleted_at": None,
}
_JSON_HEADERS = {"Content-Type": "application/json; charset=utf-8"}
_PREFIX = "/v1.0/"


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


@dataclass
class _Row:
    data: dict[str, Any]
    created: datetime
    updated: datetime

    @property
    def position(self) -> Position:
        return (self.created, self.data["id"])


def _dump(payload: object) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def _copy(data: dict[str, Any]) -> dict[str, Any]:
    # Customers are JSON by nature: a round trip is a deep copy that also rejects anything the
    # fake could not send, and it is several times faster than copy.deepcopy.
    copied: dict[str, Any] = json.loads(json.dumps(data))
    return copied


def _as_rate_limit(value: RateLimit | tuple[int, float] | None) -> RateLimit | None:
    if value is None or isinstance(value, RateLimit):
        return value
    if isinstance(value, (tuple, list)) and len(value) == 2:
        return RateLimit(*value)  # checks them: requests >= 1, per_seconds > 0
    raise TypeError(
        f"rate_limit must be a RateLimit, a tuple (requests, per_seconds) or None, got {value!r}"
    )


_TIME_FIELDS = ("created_at", "updated_at")


def _stored_time(data: Mapping[str, Any], field: str, example: str) -> datetime:
    value = data[field]
    if not isinstance(value, str):
        raise TypeError(f"{field} must be a string like {example}, got {value!r}")
    try:
        return parse_time(value)
    except ValueError:
        raise ValueError(
            f"{field} of customer {data['id']!r} must be an ISO 8601 time like {example}, "
            f"got {value!r}"
        ) from None


class FakeLoyverse:
    """An in-memory Loyverse account serving the Customers API through ``transport``.

    ``customers`` are stored as given (a deep copy), with missing documented fields filled as the
    API would (``null``, counts 0, ``created_at``/``updated_at`` now); their ``created_at`` and
    ``updated_at`` are ISO 8601 strings, UTC when they have no offset. ``rate_limit``, a
    ``loyverse_client.RateLimit`` (the clients' type) or a tuple ``(requests, per_seconds)``,
    enables a sliding window over ``clock``, which also dates new and updated customers, so a
    test can move time without sleeping. ``clock`` is a ``FakeClock`` by default, and the clients
    from ``client()`` and ``async_client()`` wait on it: a retry after ``fail_next(503)`` or a
    pacing wait takes no real time, and ``fake.clock.slept`` lists the waits. Pass
    ``clock=time.monotonic`` for real time (for example behind ``FakeLoyverseServer``).
    All state is guarded by one lock: the fake may serve a
    threaded HTTP server and the test's own threads at once.

    Cursors are signed with ``cursor_secret``, random per fake by default, so a cursor works only
    with the fake that issued it; two fakes given the same secret and the same customers issue
    and accept the same cursors (e.g. across processes).

    ``requests`` lists every request received, in order, including those answered by a fault.

    Where the contract is [unclear], the fake reads it as follows:

    - An update (``POST`` with the ``id`` of an existing customer) keeps every field the body
      omits; ``null`` clears a field, except ``name``, which can be omitted but not cleared. The
      customer must have a name after the update: updating one stored without a name (an old
      record) is ``400 MISSING_REQUIRED_PARAMETER`` on ``name`` unless the body gives one.
    - Email is unique per account: a ``POST`` giving an email that another customer has is
      ``400 INVALID_VALUE`` on ``email``. Emails compare as exact strings (case-sensitive), for
      that rule and for the ``email`` filter.
    - Query times must be exactly ``YYYY-MM-DDTHH:MM:SS.mmmZ``, else ``400 INVALID_VALUE``. A
      filter sent empty (``email=``) is no filter.
    - A cursor is only valid with the filters of the page that issued it (``400 INVALID_CURSOR``
      otherwise); ``limit`` may change between pages.
    - Deleted customers are gone: ``GET`` by id is 404 and they leave the list.
    - A path or method the API does not have is ``404 NOT_FOUND``: the API documents no 405.
    - Authentication comes before rate limiting; 401 and 429 answers do not count toward it.
    """

    BASE_URL = "https://api.loyverse.com/v1.0"

    def __init__(
        self,
        customers: Iterable[Mapping[str, Any]] | None = None,
        *,
        access_token: str = "fake-loyverse-token",
        rate_limit: RateLimit | tuple[int, float] | None = None,
        clock: FakeClock | Callable[[], float] | None = None,
        cursor_secret: bytes | None = None,
    ) -> None:
        self.access_token = access_token
        self.requests: list[httpx.Request] = []
        self.transport = FakeTransport(self._receive)
        self._rate_limit = _as_rate_limit(rate_limit)
        self.clock = clock if isinstance(clock, FakeClock) else FakeClock()
        """The fake's time, unless another clock was given; its clients wait on it."""
        self._clock: Callable[[], float] = self.clock if clock is None else clock
        self._wall_origin = datetime.now(timezone.utc) - timedelta(seconds=self._clock())
        self._lock = threading.Lock()
        self._rows: dict[str, _Row] = {}
        self._order: list[Position] = []  # ascending; lists read it backwards
        self._emails: Counter[str] = Counter()  # so a create need not scan every customer
        self._faults: deque[_Fault] = deque()
        self._window: deque[float] = deque()
        if cursor_secret is not None and not isinstance(cursor_secret, bytes):
            raise TypeError(f"cursor_secret must be bytes, got {type(cursor_secret).__name__}")
        self._cursors = Cursors(secrets.token_bytes(32) if cursor_secret is None else cursor_secret)
        self._add(customers or ())

    def __repr__(self) -> str:
        return f"<FakeLoyverse customers={len(self._rows)} requests={len(self.requests)}>"

    @property
    def customers(self) -> list[dict[str, Any]]:
        """Copies of the stored customers, newest first, as ``GET /customers`` lists them."""
        with self._lock:
            return [_copy(self._rows[cid].data) for _, cid in reversed(self._order)]

    def add_sample_customers(self, count: int, *, seed: int = 0) -> list[dict[str, Any]]:
        """Add ``count`` realistic customers, the same ones for the same ``seed``; return them.

        They were created over three weeks from 2024-03-01. Some have no name or no email, money
        is integral (585500) or fractional (120.55). Adding the same seed twice is a
        ``ValueError``, since the ids would repeat.
        """
        customers = sample_customers(count, seed)
        self._add(customers)
        return customers

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

        defaults = self._client_defaults()
        if "http_client" not in kwargs:
            defaults["http_client"] = httpx.Client(transport=self.transport)
        return LoyverseClient(**{**defaults, **kwargs})

    def async_client(self, **kwargs: Any) -> AsyncLoyverseClient:
        """An ``AsyncLoyverseClient`` wired to this fake; ``kwargs`` override its arguments."""
        from loyverse_client import AsyncLoyverseClient

        defaults = self._client_defaults()
        if "http_client" not in kwargs:
            defaults["http_client"] = httpx.AsyncClient(transport=self.transport)
        return AsyncLoyverseClient(**{**defaults, **kwargs})

    def _client_defaults(self) -> dict[str, Any]:
        defaults: dict[str, Any] = {
            "access_token": self.access_token,
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
                self._authenticate(lowered.get("authorization"))
                self._admit()
                payload = self._route(method.upper(), path, params, lowered, body)
            except ApiError as error:
                return error.status, dict(_JSON_HEADERS), _dump(error.body())
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

    def _now(self) -> str:
        return format_timestamp(self._wall_origin + timedelta(seconds=self._clock()))

    def _add(self, customers: Iterable[Mapping[str, Any]]) -> None:
        now = self._now()
        rows = []
        for given in customers:
            data = {**_CUSTOMER_DEFAULTS, **_copy(dict(given))}
            if data["id"] is None:
                data["id"] = str(uuid.uuid4())
            if not isinstance(data["id"], str):
                raise TypeError(f"a customer id must be a string, got {data['id']!r}")
            data["created_at"] = data["created_at"] or now
            data["updated_at"] = data["updated_at"] or data["created_at"]
            created, updated = (_stored_time(data, field, now) for field in _TIME_FIELDS)
            rows.append(_Row(data, created, updated))
        with self._lock:
            seen, repeated = set(self._rows), set[str]()
            for row in rows:
                (repeated if row.data["id"] in seen else seen).add(row.data["id"])
            if repeated:
                raise ValueError(f"customer ids already present: {sorted(repeated)}")
            self._rows.update((row.data["id"], row) for row in rows)
            self._order.extend(row.position for row in rows)
            self._order.sort()
            for row in rows:
                self._count_email(row.data["email"], 1)

    def _count_email(self, email: object, delta: int) -> None:
        if isinstance(email, str) and email:
            self._emails[email] += delta

    def _authenticate(self, authorization: str | None) -> None:
        scheme, _, token = (authorization or "").partition(" ")
        expected = self.access_token.encode()
        if scheme.lower() != "bearer" or not hmac.compare_digest(token.encode(), expected):
            # Never echo the token: error bodies end up in logs.
            raise ApiError.one(401, "UNAUTHORIZED", "The access token is missing or invalid")

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
    ) -> object:
        parts = path[len(_PREFIX) :].split("/") if path.startswith(_PREFIX) else []
        if parts == ["customers"] and method == "GET":
            return self._list(params)
        if parts == ["customers"] and method == "POST":
            return self._upsert(parse_body(headers.get("content-type"), body))
        if len(parts) == 2 and parts[0] == "customers" and parts[1]:
            if method == "GET":
                return self._found(parts[1]).data
            if method == "DELETE":
                self._delete(self._found(parts[1]))
                return {"deleted_object_ids": [parts[1]]}
        raise ApiError.one(404, "NOT_FOUND", f"There is no {method} {path}")

    def _found(self, customer_id: str) -> _Row:
        row = self._rows.get(customer_id)
        if row is None:
            raise ApiError.one(404, "NOT_FOUND", f"Customer {customer_id} not found")
        return row

    def _list(self, params: list[tuple[str, str]]) -> dict[str, Any]:
        query = ListQuery.parse(params, self._cursors)
        end = (
            len(self._order)
            if query.after is None
            else bisect.bisect_left(self._order, query.after)
        )
        page: list[_Row] = []
        for index in range(end - 1, -1, -1):
            row = self._rows[self._order[index][1]]
            if _matches(row, query):
                page.append(row)
                if len(page) > query.limit:
                    break
        result: dict[str, Any] = {"customers": [row.data for row in page[: query.limit]]}
        if len(page) > query.limit:
            result["cursor"] = self._cursors.issue(page[query.limit - 1].position, query.filters)
        return result

    def _upsert(self, body: dict[str, Any]) -> dict[str, Any]:
        customer_id = body.get("id")
        if customer_id is not None and not isinstance(customer_id, str):
            raise ApiError.one(400, "INCORRECT_VALUE_TYPE", "id must be a string", "id")
        row = None if customer_id is None else self._found(customer_id)
        changes = writable_changes(body, creating=row is None)
        if row is not None and not changes.get("name", row.data["name"]):
            # An old customer without a name stays as it is until an update gives it one.
            raise ApiError.one(
                400, "MISSING_REQUIRED_PARAMETER", "name is required when updating", "name"
            )
        email = changes.get("email")
        own = 1 if row is not None and row.data["email"] == email else 0
        if email and self._emails[email] > own:
            raise ApiError.one(
                400, "INVALID_VALUE", "Another customer already has this email", "email"
            )
        now = self._now()
        if row is None:
            data = {**_CUSTOMER_DEFAULTS, "id": str(uuid.uuid4()), "created_at": now}
            data.update(changes, updated_at=now)
            row = _Row(data, parse_time(now), parse_time(now))
            self._rows[row.data["id"]] = row
            bisect.insort(self._order, row.position)
        else:
            self._count_email(row.data["email"], -1)
            row.data.update(changes, updated_at=now)
            row.updated = parse_time(now)
        self._count_email(row.data["email"], 1)
        return row.data

    def _delete(self, row: _Row) -> None:
        del self._rows[row.data["id"]]
        del self._order[bisect.bisect_left(self._order, row.position)]
        self._count_email(row.data["email"], -1)


def _matches(row: _Row, query: ListQuery) -> bool:
    if query.customer_ids is not None and row.data["id"] not in query.customer_ids:
        return False
    if query.email is not None and row.data["email"] != query.email:
        return False
    return all(
        bound is None or (bound <= value if is_min else value <= bound)
        for bound, value, is_min in (
            (query.created_at_min, row.created, True),
            (query.created_at_max, row.created, False),
            (query.updated_at_min, row.updated, True),
            (query.updated_at_max, row.updated, False),
        )
    )
