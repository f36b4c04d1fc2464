"""What the sync tests share: an account to copy, reading the copy back, and clients that fail."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import httpx

from loyverse_client import LoyverseClient
from loyverse_client.testing import FakeLoyverse
from loyverse_models import ReceiptCreate
from tests.helpers import shop_sale

# The tables the sync documents, merchant first; webhooks only when named.
DEFAULT_TABLES = [
    "merchant",
    "customers",
    "items",
    "variants",
    "categories",
    "modifiers",
    "discounts",
    "taxes",
    "inventory",
    "stores",
    "employees",
    "payment_types",
    "pos_devices",
    "shifts",
    "suppliers",
    "receipts",
]
KEYS = {"variants": ["variant_id"], "inventory": ["variant_id", "store_id"]}
KEYS["receipts"] = ["receipt_number"]


def key_of(table: str) -> list[str]:
    return KEYS.get(table, ["id"])


def compact(obj: object) -> str:
    """JSON as the fake sends it: compact, in order, non-ASCII as is."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def shop(customers: int = 40, receipts: int = 0) -> FakeLoyverse:
    """A sample shop (a few of its objects soft-deleted), plus customers and receipts."""
    fake = FakeLoyverse()
    fake.add_sample_customers(customers, seed=5)
    fake.add_sample_shop(seed=2)
    if receipts:
        fake.add_sample_receipts(receipts, seed=3)
    return fake


@contextmanager
def database(path: Path) -> Iterator[sqlite3.Connection]:
    with closing(sqlite3.connect(path)) as db:
        yield db


def rows(path: Path, table: str) -> dict[tuple[str, ...], dict[str, Any]]:
    """A table of the copy as ``{key: {column: value}}``."""
    with database(path) as db:
        db.row_factory = sqlite3.Row
        found = db.execute(f'SELECT * FROM "{table}"').fetchall()
    return {tuple(row[k] for k in key_of(table)): dict(row) for row in found}


def stored_json(path: Path, table: str) -> dict[tuple[str, ...], str]:
    return {key: row["json"] for key, row in rows(path, table).items()}


def held(fake: FakeLoyverse, table: str) -> dict[tuple[str, ...], str]:
    """What the fake holds of ``table``, soft-deleted objects included, as compact JSON."""
    if table == "merchant":
        merchant = fake.merchant
        return {(merchant["id"],): compact(merchant)}
    return {
        tuple(obj[k] for k in key_of(table)): compact(obj)
        for obj in fake.objects(table, show_deleted=True)
    }


def snapshot(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table of the copy, rows sorted; the state without its local ``synced_at``."""
    with database(path) as db:
        names = [
            row[0]
            for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if row[0] not in ("sync_state", "sync_seen")
        ]
        tables = {name: sorted(db.execute(f'SELECT * FROM "{name}"')) for name in names}
        tables["sync_state"] = sorted(
            db.execute("SELECT resource, watermark, lookback, walk FROM sync_state")
        )
        tables["sync_seen"] = sorted(db.execute("SELECT * FROM sync_seen"))
    return tables


def listed(fake: FakeLoyverse, start: int = 0) -> list[httpx.URL]:
    """The URLs of the requests the fake received from ``start`` on."""
    return [request.url for request in fake.requests[start:]]


class Killed(BaseException):
    """The process dying: nothing in the SDK catches it."""


def client_with(
    fake: FakeLoyverse, answer: Callable[[httpx.Request], httpx.Response | None]
) -> LoyverseClient:
    """A client of ``fake`` whose requests ``answer`` sees first: it may answer one itself."""

    def handle(request: httpx.Request) -> httpx.Response:
        given = answer(request)
        return given if given is not None else fake.transport.handle_request(request)

    http = httpx.Client(transport=httpx.MockTransport(handle))
    return fake.client(http_client=http, max_retries=0)


def killed_after(fake: FakeLoyverse, requests: int) -> LoyverseClient:
    """A client of ``fake`` whose process dies when it is about to send request ``requests + 1``."""
    sent = 0

    def answer(request: httpx.Request) -> None:
        nonlocal sent
        sent += 1
        if sent > requests:
            raise Killed
        return

    return client_with(fake, answer)


def sale(fake: FakeLoyverse) -> ReceiptCreate:
    """A cash sale of two of a tracked variant priced in the first store, without a customer."""
    return shop_sale(fake)[0]
