"""``loyverse_client.sync``: a local copy of an account, from the user's side.

Every test copies the in-memory fake through the public API and reads the SQLite file back with
``sqlite3``, as a user's dashboard would.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from loyverse_client.sync import (
    DEFAULT_RESOURCES,
    SCHEMA_VERSION,
    SyncDatabaseError,
    SyncReport,
    async_sync,
    sync,
)
from loyverse_client.testing import FakeClock, FakeLoyverse
from loyverse_models import CustomerUpdate, LineItem, ReceiptRefund, RefundLine
from tests.sync.helpers import (
    DEFAULT_TABLES,
    client_with,
    compact,
    database,
    held,
    listed,
    rows,
    sale,
    shop,
    snapshot,
    stored_json,
)


def copy(fake: FakeLoyverse, path: Path, *args: Any, **kwargs: Any) -> SyncReport:
    with fake.client() as client:
        return sync(client, path, *args, **kwargs)


def utc_ms(text: str | None) -> str | None:
    """A time of the API as the copy's typed columns hold it: UTC, milliseconds, ``Z``."""
    if text is None:
        return None
    moment = datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


# --- a first sync -----------------------------------------------------------------------------


def test_a_first_sync_copies_every_resource_exactly_as_the_api_lists_it(tmp_path: Path) -> None:
    fake = shop(customers=300, receipts=300)
    path = tmp_path / "copy.sqlite"

    report = copy(fake, path)

    assert [r.resource for r in report] == DEFAULT_TABLES == list(DEFAULT_RESOURCES)
    for table in DEFAULT_TABLES:
        expected = held(fake, table)
        assert expected, table
        assert stored_json(path, table) == expected, table
        assert report[table].inserted == len(expected)
        assert report[table].updated == report[table].deleted == report[table].unchanged == 0
    # 300 + the shop's customers and receipts take two pages of 250; the rest one request each.
    assert report["customers"].requests == report["receipts"].requests == 2
    assert report.total.requests == len(DEFAULT_TABLES) + 2
    assert report.total.inserted == sum(len(held(fake, t)) for t in DEFAULT_TABLES)
    with database(path) as db:
        assert db.execute("SELECT COUNT(*) FROM webhooks").fetchone() == (0,)


def test_soft_deleted_objects_are_kept_with_their_deleted_at(tmp_path: Path) -> None:
    fake = shop()
    path = tmp_path / "copy.sqlite"
    copy(fake, path)
    for table in ("items", "variants", "categories", "suppliers"):
        deleted = [o for o in fake.objects(table, show_deleted=True) if o["deleted_at"]]
        assert deleted, table
        stored = rows(path, table)
        for obj in deleted:
            key = (obj["variant_id"],) if table == "variants" else (obj["id"],)
            assert stored[key]["deleted_at"] == utc_ms(obj["deleted_at"]) is not None


# The typed columns, as the README documents them: the column and the JSON field it copies.
RECEIPT_COLUMNS = {
    "created_at": "created_at",
    "updated_at": "updated_at",
    "receipt_date": "receipt_date",
    "receipt_type": "receipt_type",
    "refund_for": "refund_for",
    "store_id": "store_id",
    "customer_id": "customer_id",
    "employee_id": "employee_id",
    "pos_device_id": "pos_device_id",
    "cancelled_at": "cancelled_at",
    "source": "source",
    "total_money": "total_money",
    "total_tax": "total_tax",
    "total_discount": "total_discount",
}
CUSTOMER_COLUMNS = [
    "created_at",
    "updated_at",
    "deleted_at",
    "name",
    "email",
    "phone_number",
    "customer_code",
    "country_code",
    "first_visit",
    "last_visit",
    "total_visits",
    "total_spent",
    "total_points",
]
# Every field of a line that is not a list, ``id`` as ``line_id``, and the line's note aside.
LINE_COLUMNS = {"line_id": "id"} | {
    name: name
    for name, field in LineItem.model_fields.items()
    if name not in ("id", "line_note") and field.default_factory is None
}
HEADINGS = "RESOURCE INSERTED UPDATED DELETED UNCHANGED REQUESTS SECONDS"
TIMES = {"created_at", "updated_at", "deleted_at", "receipt_date", "cancelled_at"}
TIMES |= {"first_visit", "last_visit", "opened_at", "closed_at"}


def expected_cell(column: str, value: Any) -> Any:
    if column in TIMES:
        return utc_ms(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def test_typed_columns_copy_the_json_for_sql(tmp_path: Path) -> None:
    fake = shop(receipts=50)
    path = tmp_path / "copy.sqlite"
    copy(fake, path)

    receipts = rows(path, "receipts")
    for receipt in fake.objects("receipts"):
        row = receipts[(receipt["receipt_number"],)]
        for column, field in RECEIPT_COLUMNS.items():
            assert row[column] == expected_cell(column, receipt[field]), column
    assert {row["receipt_type"] for row in receipts.values()} == {"SALE", "REFUND"}
    assert any(row["cancelled_at"] for row in receipts.values())

    customers = rows(path, "customers")
    for customer in fake.objects("customers"):
        row = customers[(customer["id"],)]
        for column in CUSTOMER_COLUMNS:
            assert row[column] == expected_cell(column, customer[column]), column

    for level in fake.objects("inventory"):
        row = rows(path, "inventory")[(level["variant_id"], level["store_id"])]
        assert row["in_stock"] == expected_cell("in_stock", level["in_stock"])
        assert row["updated_at"] == utc_ms(level["updated_at"])
    shifts = rows(path, "shifts")
    for shift in fake.objects("shifts"):
        row = shifts[(shift["id"],)]
        for column in ("store_id", "opened_at", "closed_at", "gross_sales", "net_sales"):
            assert row[column] == expected_cell(column, shift[column]), column
    variants = rows(path, "variants")
    for variant in fake.objects("variants", show_deleted=True):
        row = variants[(variant["variant_id"],)]
        assert (row["item_id"], row["sku"]) == (variant["item_id"], variant["sku"])
    items = rows(path, "items")
    for item in fake.objects("items", show_deleted=True):
        assert items[(item["id"],)]["category_id"] == item["category_id"]
    merchant = fake.merchant
    assert rows(path, "merchant")[(merchant["id"],)]["currency_code"] == "USD"


def test_every_line_of_every_receipt_has_its_row_with_the_receipts_columns(
    tmp_path: Path,
) -> None:
    fake = shop(receipts=80)
    path = tmp_path / "copy.sqlite"
    copy(fake, path)
    with database(path) as db:
        db.row_factory = sqlite3.Row
        lines = db.execute("SELECT * FROM receipt_line_items").fetchall()
    by_receipt: dict[str, list[sqlite3.Row]] = {}
    for line in lines:
        by_receipt.setdefault(line["receipt_number"], []).append(line)
    receipts = fake.objects("receipts")
    assert set(by_receipt) == {r["receipt_number"] for r in receipts}
    for receipt in receipts:
        stored = sorted(by_receipt[receipt["receipt_number"]], key=lambda r: r["position"])
        assert [r["position"] for r in stored] == list(range(len(receipt["line_items"])))
        for row, line in zip(stored, receipt["line_items"], strict=True):
            for column, field in LINE_COLUMNS.items():
                assert row[column] == expected_cell(column, line[field]), column
            for column in ("receipt_date", "receipt_type", "store_id", "customer_id"):
                assert row[column] == expected_cell(column, receipt[column]), column
            assert row["cancelled_at"] == utc_ms(receipt["cancelled_at"])


def test_sales_per_item_per_day_is_one_query_of_the_line_items(tmp_path: Path) -> None:
    fake = shop(receipts=120)
    path = tmp_path / "copy.sqlite"
    copy(fake, path)
    with database(path) as db:
        found = db.execute(
            "SELECT substr(receipt_date, 1, 10), item_id, SUM(quantity), SUM(total_money) "
            "FROM receipt_line_items WHERE receipt_type = 'SALE' AND cancelled_at IS NULL "
            "GROUP BY 1, 2"
        ).fetchall()
    expected: dict[tuple[str, str], list[Decimal]] = {}
    for receipt in fake.objects("receipts"):
        if receipt["receipt_type"] != "SALE" or receipt["cancelled_at"]:
            continue
        for line in receipt["line_items"]:
            key = (utc_ms(receipt["receipt_date"])[:10], line["item_id"])  # type: ignore[index]
            sums = expected.setdefault(key, [Decimal(0), Decimal(0)])
            sums[0] += Decimal(str(line["quantity"]))
            sums[1] += Decimal(str(line["total_money"]))
    assert len(found) == len(expected)
    for day, item, quantity, money in found:
        want = expected[(day, item)]
        assert Decimal(str(quantity)) == want[0]
        assert round(Decimal(str(money)), 2) == want[1]


# --- the next runs ----------------------------------------------------------------------------


def test_a_second_run_with_nothing_changed_sends_one_request_per_resource(tmp_path: Path) -> None:
    fake = shop(customers=600, receipts=600)
    path = tmp_path / "copy.sqlite"
    first = copy(fake, path)
    assert first.total.requests > len(DEFAULT_TABLES)

    start = len(fake.requests)
    again = copy(fake, path)

    assert again.total.requests == len(DEFAULT_TABLES) == len(fake.requests) - start
    assert again.total.inserted == again.total.updated == again.total.deleted == 0
    # Only what the watermarks reach is read again: a handful, not the 600 customers.
    assert again["customers"].unchanged < 20
    assert again["receipts"].unchanged < 20
    for url in listed(fake, start):
        if url.path.endswith(("/customers", "/receipts", "/items", "/inventory")):
            assert "updated_at_min" in url.params, url


def test_changes_deletions_and_new_receipts_come_in_with_the_next_run(tmp_path: Path) -> None:
    fake = shop(receipts=30)
    path = tmp_path / "copy.sqlite"
    copy(fake, path)
    fake.clock.advance(3600)
    customers = fake.objects("customers")
    with fake.client() as client:
        client.customers.update(customers[0]["id"], CustomerUpdate(name="Renamed"))
        client.customers.delete(customers[1]["id"])
        item = next(i for i in fake.objects("items") if len(i["variants"]) == 1)
        client.items.delete(item["id"])
        new_sale = client.receipts.create(sale(fake))
        refund = client.receipts.refund(
            new_sale.receipt_number,
            ReceiptRefund(
                line_items=[RefundLine(id=new_sale.line_items[0].id, quantity=Decimal(1))]
            ),
        )

    report = copy(fake, path)

    assert (report["customers"].updated, report["customers"].deleted) == (1, 0)
    assert rows(path, "customers")[(customers[0]["id"],)]["name"] == "Renamed"
    assert (report["items"].deleted, report["variants"].deleted) == (1, 1)
    assert rows(path, "items")[(item["id"],)]["deleted_at"] is not None
    assert report["receipts"].inserted == 2
    receipts = rows(path, "receipts")
    assert receipts[(refund.receipt_number,)]["refund_for"] == new_sale.receipt_number
    assert receipts[(refund.receipt_number,)]["receipt_type"] == "REFUND"
    assert report["inventory"].updated == 1  # the sale took stock, the refund gave one back
    for table in DEFAULT_TABLES:
        if table != "customers":
            assert stored_json(path, table) == held(fake, table), table
    # A customer deleted for good is still in the copy until a full sync looks for it.
    assert (customers[1]["id"],) in rows(path, "customers")

    full = copy(fake, path, full=True)

    assert full.full
    assert full["customers"].deleted == 1
    assert any("removed 1" in note for note in full["customers"].notes)
    assert full["customers"].unchanged == len(fake.objects("customers"))
    for table in DEFAULT_TABLES:
        assert stored_json(path, table) == held(fake, table), table


def test_a_full_sync_reads_everything_again_and_counts_it_unchanged(tmp_path: Path) -> None:
    fake = shop(customers=300)
    path = tmp_path / "copy.sqlite"
    copy(fake, path)
    report = copy(fake, path, ["customers", "items"], full=True)
    assert [r.resource for r in report] == ["customers", "items"]
    assert report["customers"].unchanged == len(fake.objects("customers"))
    assert report["customers"].requests == 2
    assert report["items"].unchanged == len(fake.objects("items", show_deleted=True))
    assert report.total.inserted == report.total.updated == report.total.deleted == 0


def test_objects_gone_from_a_list_read_whole_are_removed(tmp_path: Path) -> None:
    fake = shop()
    fake.add(
        "webhooks", [{"url": "https://example.com/a", "type": "items.update", "status": "ENABLED"}]
    )
    path = tmp_path / "copy.sqlite"
    first = copy(fake, path, ["webhooks", "suppliers"])
    assert first["webhooks"].inserted == 4
    gone = fake.objects("webhooks")[0]["id"]
    fake.delete("webhooks", gone)  # webhooks are removed, not soft-deleted
    supplier = next(s for s in fake.objects("suppliers"))
    fake.delete("suppliers", supplier["id"])  # soft: kept, with deleted_at

    report = copy(fake, path, ["webhooks", "suppliers"])

    assert report["webhooks"].deleted == 1
    assert (gone,) not in rows(path, "webhooks")
    assert report["suppliers"].deleted == 1
    assert rows(path, "suppliers")[(supplier["id"],)]["deleted_at"] is not None
    assert stored_json(path, "webhooks") == held(fake, "webhooks")


# --- server time only -------------------------------------------------------------------------


class SkewedClock(FakeClock):
    """A local clock that is wrong by ``skew``, and moves like the fake's."""

    def __init__(self, base: FakeClock, skew: timedelta) -> None:
        super().__init__()
        self._base, self._skew = base, skew

    def monotonic(self) -> float:
        return self._base.monotonic()

    def now(self) -> datetime:
        return self._base.now() + self._skew

    def sleep(self, seconds: float) -> None:
        self._base.sleep(seconds)


@pytest.mark.parametrize("skew", [timedelta(days=400), -timedelta(hours=7)])
def test_a_skewed_local_clock_changes_no_request_and_no_row(
    tmp_path: Path, skew: timedelta
) -> None:
    fake = shop(customers=300, receipts=40)
    right, wrong = tmp_path / "right.sqlite", tmp_path / "wrong.sqlite"

    def both() -> tuple[list[httpx.URL], list[httpx.URL]]:
        start = len(fake.requests)
        copy(fake, right)
        middle = len(fake.requests)
        with fake.client(clock=SkewedClock(fake.clock, skew)) as client:
            sync(client, wrong)
        return listed(fake, start)[: middle - start], listed(fake, middle)

    first_right, first_wrong = both()
    assert first_right == first_wrong
    fake.clock.advance(90)
    with fake.client() as client:
        client.customers.update(fake.customers[3]["id"], CustomerUpdate(note="skew"))
        client.receipts.create(sale(fake))
    seen_right, seen_wrong = both()
    assert seen_right == seen_wrong
    assert any("updated_at_min" in url.params for url in seen_right)
    assert snapshot(right) == snapshot(wrong)
    assert stored_json(right, "receipts") == held(fake, "receipts")


def test_a_change_made_during_a_walk_to_a_page_already_read_is_not_lost(tmp_path: Path) -> None:
    # Lists are ordered by creation: a customer on page 1, changed while page 2 is fetched, is
    # older by updated_at than one on page 2 changed later still; the watermark is the latter's.
    fake = shop(customers=300)
    path = tmp_path / "copy.sqlite"
    first_page, last_page = fake.customers[0]["id"], fake.customers[-1]["id"]

    def meanwhile(request: httpx.Request) -> None:
        if request.url.path.endswith("/customers") and "cursor" in request.url.params:
            with fake.client() as other:
                fake.clock.advance(100)
                other.customers.update(first_page, CustomerUpdate(note="during the walk"))
                fake.clock.advance(100)
                other.customers.update(last_page, CustomerUpdate(note="later still"))

    with client_with(fake, meanwhile) as client:
        sync(client, path, ["customers"])
    assert json.loads(stored_json(path, "customers")[(first_page,)])["note"] != "during the walk"

    report = copy(fake, path, ["customers"])

    assert report["customers"].updated == 1
    assert stored_json(path, "customers") == held(fake, "customers")


# --- the plan's sales history -----------------------------------------------------------------


def _sales_history_402(request: httpx.Request) -> httpx.Response | None:
    """The [unclear] reading where Loyverse gates ``updated_at_min`` like ``created_at_min``."""
    if request.url.path.endswith("/receipts") and "updated_at_min" in request.url.params:
        body = {
            "errors": [
                {
                    "code": "PAYMENT_REQUIRED",
                    "details": "Your plan keeps 31 days of sales history (the 31-day limit)",
                }
            ]
        }
        return httpx.Response(402, json=body)
    return None


def test_a_402_for_old_sales_is_a_note_and_the_sync_goes_on_within_the_plan(
    tmp_path: Path,
) -> None:
    fake = FakeLoyverse(sales_history_days=31)
    fake.add_sample_shop(seed=2)  # its receipts are from 2024: outside the plan's 31 days
    with fake.client() as client:
        recent = client.receipts.create(sale(fake))
    path = tmp_path / "copy.sqlite"
    first = copy(fake, path, ["receipts", "webhooks"])
    assert first["receipts"].inserted == 1
    assert list(stored_json(path, "receipts")) == [(recent.receipt_number,)]
    fake.clock.advance(40 * 24 * 3600)  # the watermark is now 40 days old
    with fake.client() as client:
        newer = client.receipts.create(sale(fake))

    with client_with(fake, _sales_history_402) as client:
        report = sync(client, path, ["receipts", "webhooks"])

    receipts = report["receipts"]
    assert receipts.inserted == 1
    assert receipts.requests == 2  # refused, then what the plan serves
    assert any("402" in note and "sales history" in note for note in receipts.notes)
    assert any("402" in note for note in report.notes)
    assert (newer.receipt_number,) in rows(path, "receipts")
    webhooks = report["webhooks"]  # the next resource was synced all the same
    assert (webhooks.requests, webhooks.unchanged) == (1, 3)
    with database(path) as db:
        (watermark,) = db.execute(
            "SELECT watermark FROM sync_state WHERE resource = 'receipts'"
        ).fetchone()
    assert watermark == utc_ms(newer.raw["updated_at"])


def test_a_resource_refused_outright_is_skipped_with_a_note(tmp_path: Path) -> None:
    fake = shop()

    def refuse(request: httpx.Request) -> httpx.Response | None:
        if request.url.path.endswith("/shifts"):
            return httpx.Response(403, json={"errors": [{"code": "FORBIDDEN", "details": "no"}]})
        return _sales_history_402(request) or (
            httpx.Response(402, json={"errors": [{"code": "PAYMENT_REQUIRED", "details": "31"}]})
            if request.url.path.endswith("/receipts")
            else None
        )

    path = tmp_path / "copy.sqlite"
    with client_with(fake, refuse) as client:
        report = sync(client, path)
    assert report["shifts"].notes[0].startswith("skipped: ")
    assert report["receipts"].requests == 2
    assert report["receipts"].notes[-1].startswith("skipped: ")
    assert rows(path, "shifts") == rows(path, "receipts") == {}
    assert stored_json(path, "suppliers") == held(fake, "suppliers")
    with database(path) as db:
        state = dict(db.execute("SELECT resource, watermark FROM sync_state").fetchall())
    assert state.get("receipts") is None
    # Once allowed, the next run copies them.
    again = copy(fake, path, ["shifts", "receipts"])
    assert again.notes == []  # nothing was left half done
    assert again["shifts"].inserted == len(fake.objects("shifts"))
    assert stored_json(path, "receipts") == held(fake, "receipts")


def test_a_lapsed_subscription_is_raised_not_swallowed(tmp_path: Path) -> None:
    from loyverse_client.errors import PaymentRequiredError, SalesHistoryLimitError

    fake = shop()
    fake.fail_next(402)
    with fake.client() as client, pytest.raises(PaymentRequiredError) as raised:
        sync(client, tmp_path / "copy.sqlite")
    assert not isinstance(raised.value, SalesHistoryLimitError)


# --- the schema -------------------------------------------------------------------------------


def test_the_schema_version_is_recorded(tmp_path: Path) -> None:
    path = tmp_path / "copy.sqlite"
    copy(shop(), path, ["stores"])
    with database(path) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,) == (1,)
        meta = dict(db.execute("SELECT key, value FROM sync_meta").fetchall())
    assert meta["schema_version"] == "1"


def test_a_database_of_a_later_version_is_refused_before_any_request(tmp_path: Path) -> None:
    path = tmp_path / "copy.sqlite"
    fake = shop()
    copy(fake, path, ["stores"])
    with database(path) as db:
        db.execute("PRAGMA user_version = 2")
    start = len(fake.requests)
    with pytest.raises(SyncDatabaseError, match=r"schema version 2.*knows version 1"):
        copy(fake, path)
    assert len(fake.requests) == start


def test_a_database_of_something_else_is_refused(tmp_path: Path) -> None:
    fake = shop()
    other = tmp_path / "other.sqlite"
    with database(other) as db:
        db.execute("CREATE TABLE orders (id INTEGER)")
    with pytest.raises(SyncDatabaseError, match="tables of its own"):
        copy(fake, other)
    text = tmp_path / "notes.txt"
    text.write_text("not a database, just some text that is long enough " * 40)
    with pytest.raises(SyncDatabaseError, match="not a SQLite database"):
        copy(fake, text)
    assert fake.requests == []


# --- bad arguments ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "message"),
    [
        ((["customers", "orders"],), {}, ValueError, r"resources: no such resource 'orders'"),
        (("customers",), {}, TypeError, r"resources must be a list of names"),
        (([],), {}, ValueError, r"resources is empty"),
        ((), {"full": "yes"}, TypeError, r"full must be True or False"),
    ],
)
def test_bad_arguments_are_refused_before_any_request(
    tmp_path: Path, args: tuple[Any, ...], kwargs: dict[str, Any], error: type, message: str
) -> None:
    fake = shop()
    with pytest.raises(error, match=message):
        copy(fake, tmp_path / "copy.sqlite", *args, **kwargs)
    assert fake.requests == []
    assert not (tmp_path / "copy.sqlite").exists()


def test_a_bad_database_path_names_the_parameter(tmp_path: Path) -> None:
    fake = shop()
    with pytest.raises(ValueError, match=r"database: the folder .*missing does not exist"):
        copy(fake, tmp_path / "missing" / "copy.sqlite")
    with pytest.raises(ValueError, match=r"database: .* is a folder"):
        copy(fake, tmp_path)
    with pytest.raises(TypeError, match=r"database must be a file path"):
        copy(fake, 42)  # type: ignore[arg-type]
    assert fake.requests == []


def test_the_client_must_match_the_function(tmp_path: Path) -> None:
    fake = shop()
    client = fake.async_client()
    with pytest.raises(TypeError, match=r"client must be a LoyverseClient, got Async.*async_sync"):
        sync(client, tmp_path / "copy.sqlite")  # type: ignore[arg-type]
    asyncio.run(client.aclose())

    async def wrong() -> None:
        with fake.client() as client:
            await async_sync(client, tmp_path / "copy.sqlite")  # type: ignore[arg-type]

    with pytest.raises(TypeError, match=r"AsyncLoyverseClient.*use sync\(\)"):
        asyncio.run(wrong())
    assert fake.requests == []


# --- the async twin ---------------------------------------------------------------------------


def test_the_async_twin_gives_the_same_database(tmp_path: Path) -> None:
    fake = shop(customers=300, receipts=300)
    plain, twin = tmp_path / "sync.sqlite", tmp_path / "async.sqlite"

    async def async_copy(**kwargs: Any) -> SyncReport:
        async with fake.async_client() as client:
            return await async_sync(client, twin, **kwargs)

    reports = [copy(fake, plain), asyncio.run(async_copy())]
    fake.clock.advance(60)
    with fake.client() as client:
        client.customers.update(fake.customers[0]["id"], CustomerUpdate(note="twin"))
    reports += [copy(fake, plain, full=True), asyncio.run(async_copy(full=True))]

    assert snapshot(plain) == snapshot(twin)
    assert reports[0].resources == reports[1].resources
    assert reports[2].resources == reports[3].resources
    assert reports[2]["customers"].updated == 1


def test_the_report_reads_as_a_table(tmp_path: Path) -> None:
    fake = shop()
    report = copy(fake, tmp_path / "copy.sqlite", ["stores", "customers"])
    lines = str(report).splitlines()
    assert " ".join(lines[0].split()) == HEADINGS
    assert lines[1].split()[:6] == ["customers", str(len(fake.customers)), "0", "0", "0", "1"]
    assert lines[2].split()[:6] == ["stores", "2", "0", "0", "0", "1"]
    assert lines[3].split()[0] == "total"
    assert report["stores"].received == 2
    with pytest.raises(KeyError, match="receipts"):
        report["receipts"]


def test_the_copy_holds_json_as_received_even_for_text_outside_ascii(tmp_path: Path) -> None:
    fake = FakeLoyverse()
    created = fake.add("customers", [{"name": "Zoë 王", "note": 'say "hi"\n', "total_spent": 0.1}])
    path = tmp_path / "copy.sqlite"
    copy(fake, path, ["customers"])
    (text,) = stored_json(path, "customers").values()
    assert text == compact(created[0])
    assert json.loads(text)["name"] == "Zoë 王"


def test_times_in_other_forms_are_stored_as_utc_text_with_milliseconds(tmp_path: Path) -> None:
    fake = FakeLoyverse()
    fake.add(
        "customers",
        [
            {
                "id": "c-offset",
                "name": "Offset",
                "created_at": "2024-03-01T12:00:00+03:00",
                "updated_at": "2024-03-01T12:00:00.5+03:00",
                "last_visit": "2024-03-02T08:15:30Z",
            }
        ],
    )
    path = tmp_path / "copy.sqlite"
    copy(fake, path, ["customers"])
    row = rows(path, "customers")[("c-offset",)]
    assert json.loads(row["json"])["created_at"] == "2024-03-01T12:00:00+03:00"  # as received
    assert row["created_at"] == "2024-03-01T09:00:00.000Z"
    assert row["updated_at"] == "2024-03-01T09:00:00.500Z"
    assert row["last_visit"] == "2024-03-02T08:15:30.000Z"
    with database(path) as db:
        (watermark,) = db.execute("SELECT watermark FROM sync_state WHERE resource = 'customers'")
    assert watermark == ("2024-03-01T09:00:00.500Z",)


def test_the_readme_s_example_queries_run_on_a_copy(tmp_path: Path) -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Keep a local copy", 1)[1]
    sql = section.split("```sql\n", 1)[1].split("```", 1)[0]
    statements = [text for text in sql.split(";") if text.strip()]
    assert len(statements) == 2
    fake = shop(receipts=200)
    path = tmp_path / "copy.sqlite"
    copy(fake, path)
    with database(path) as db:
        per_day, spenders = (db.execute(statement).fetchall() for statement in statements)
    sold = sum(row[3] for row in per_day)
    lines = [
        (line["quantity"], receipt["receipt_type"])
        for receipt in fake.objects("receipts")
        if not receipt["cancelled_at"]
        for line in receipt["line_items"]
    ]
    assert sold == pytest.approx(sum(q if kind == "SALE" else -q for q, kind in lines))
    assert spenders
    assert all(row[3] >= 1 for row in spenders)


def test_a_store_given_instead_of_a_path_is_used_and_left_open(tmp_path: Path) -> None:
    from loyverse_client.sync import TABLES, SQLiteStore

    fake = shop()
    store = SQLiteStore(tmp_path / "copy.sqlite")
    try:
        with fake.client() as client:
            report = sync(client, store, ["customers"])
        assert report.database == str(tmp_path / "copy.sqlite")
        state = store.state(TABLES["customers"])  # still open
        assert state.walk is None
        assert state.watermark == max(utc_ms(c["updated_at"]) or "" for c in fake.customers)
    finally:
        store.close()
    assert stored_json(tmp_path / "copy.sqlite", "customers") == held(fake, "customers")


def test_the_twins_take_the_same_parameters() -> None:
    import inspect

    plain, twin = inspect.signature(sync), inspect.signature(async_sync)
    assert list(plain.parameters) == list(twin.parameters)
    assert [p.default for p in plain.parameters.values()] == [
        p.default for p in twin.parameters.values()
    ]
    assert inspect.iscoroutinefunction(async_sync)
