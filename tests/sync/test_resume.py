"""A sync killed at any moment, then run again, gives the copy an uninterrupted sync gives.

"Killed" is an exception no one catches (``Killed``, a ``BaseException``), raised by the client's
transport instead of sending the next request, or by the store in the middle of writing a page.
Every table is compared whole, rows and the sync's state (watermarks, no walk left in progress).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from loyverse_client.sync import _sqlite as sqlite_store
from loyverse_client.sync import sync
from loyverse_client.testing import FakeLoyverse
from loyverse_models import CustomerUpdate
from tests.sync.helpers import (
    DEFAULT_TABLES,
    Killed,
    held,
    killed_after,
    sale,
    shop,
    snapshot,
    stored_json,
)

CUSTOMERS = 300
RECEIPTS = 300


def copy(fake: FakeLoyverse, path: Path) -> int:
    """Sync uninterrupted; the number of requests sent."""
    with fake.client() as client:
        return sync(client, path).total.requests


def change(fake: FakeLoyverse) -> None:
    """What happens in the shop between two runs: an update, a deletion, a sale."""
    fake.clock.advance(600)
    with fake.client() as client:
        client.customers.update(fake.customers[5]["id"], CustomerUpdate(note="changed"))
        client.items.delete(fake.objects("items")[0]["id"])
        client.receipts.create(sale(fake))


@pytest.fixture(scope="module")
def account() -> FakeLoyverse:
    return shop(customers=CUSTOMERS, receipts=RECEIPTS)


def test_a_first_sync_killed_after_any_page_then_rerun_equals_an_uninterrupted_one(
    tmp_path: Path, account: FakeLoyverse
) -> None:
    reference = tmp_path / "reference.sqlite"
    requests = copy(account, reference)
    assert requests == len(DEFAULT_TABLES) + 2  # customers and receipts take two pages each
    expected = snapshot(reference)
    for killed in range(requests):
        path = tmp_path / f"killed-after-{killed}.sqlite"
        with killed_after(account, killed) as client, pytest.raises(Killed):
            sync(client, path)
        copy(account, path)
        assert snapshot(path) == expected, f"killed after {killed} requests"


def test_an_update_killed_after_any_page_then_rerun_equals_an_uninterrupted_one(
    tmp_path: Path,
) -> None:
    fake = shop(customers=CUSTOMERS, receipts=RECEIPTS)
    first = tmp_path / "first.sqlite"
    copy(fake, first)
    change(fake)
    reference = tmp_path / "reference.sqlite"
    shutil.copy(first, reference)
    requests = copy(fake, reference)
    expected = snapshot(reference)
    for table in DEFAULT_TABLES:
        if table != "customers":
            assert stored_json(reference, table) == held(fake, table), table
    for killed in range(requests):
        path = tmp_path / f"killed-after-{killed}.sqlite"
        shutil.copy(first, path)
        with killed_after(fake, killed) as client, pytest.raises(Killed):
            sync(client, path)
        copy(fake, path)
        assert snapshot(path) == expected, f"killed after {killed} requests"


def test_a_rerun_resumes_the_walk_where_it_stopped(tmp_path: Path, account: FakeLoyverse) -> None:
    path = tmp_path / "copy.sqlite"
    # merchant, then the first page of customers: the process dies asking for the second
    with killed_after(account, 2) as client, pytest.raises(Killed):
        sync(client, path)
    assert len(stored_json(path, "customers")) == 250

    with account.client() as client:
        report = sync(client, path, ["customers"])

    customers = report["customers"]
    assert customers.requests == 1  # from the oldest customer written on, not from the start
    assert customers.inserted == len(account.customers) - 250
    assert customers.unchanged >= 1  # the customers of the boundary's millisecond, read again
    assert any(note.startswith("resumed the walk") for note in customers.notes)
    assert stored_json(path, "customers") == held(account, "customers")


@pytest.mark.parametrize("written", [0, 1, 137, 250, 420])
def test_a_sync_killed_while_writing_a_page_loses_the_whole_page_and_nothing_else(
    tmp_path: Path, account: FakeLoyverse, monkeypatch: pytest.MonkeyPatch, written: int
) -> None:
    reference = tmp_path / "reference.sqlite"
    copy(account, reference)
    path = tmp_path / "copy.sqlite"
    dump = sqlite_store.dump_json
    calls = 0

    def dies_midway(raw: object) -> str:
        nonlocal calls
        calls += 1
        if calls > written:
            raise Killed
        return dump(raw)

    with monkeypatch.context() as patched:
        patched.setattr(sqlite_store, "dump_json", dies_midway)
        with account.client() as client, pytest.raises(Killed):
            sync(client, path)
    if written:
        stored = sum(len(stored_json(path, table)) for table in DEFAULT_TABLES)
        assert 0 < stored <= written
    copy(account, path)
    assert snapshot(path) == snapshot(reference)
