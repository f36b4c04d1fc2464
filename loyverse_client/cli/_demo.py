"""``loyverse demo``: a short tour of the SDK against the built-in fake, with real calls only.

Every number printed is measured (customers counted, requests read from the fake's log), and
every value shown is what the SDK returned, so the tour stays true as the SDK changes.
"""

from __future__ import annotations

import io
import json
import os
import shlex
import shutil
import sys
import sysconfig
import textwrap
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import TextIO

from pydantic import ValidationError

from loyverse_client import LoyverseClient
from loyverse_models import Customer, CustomerQuery, InventoryQuery, ItemQuery

from ._connect import DEMO_CUSTOMERS, demo_client, demo_fake
from ._errors import describe_validation_error
from ._table import Column, RecordTable

__all__ = ["loyverse_command", "run_demo"]

_INDENT = "   "
_COLUMNS = (
    Column("id", "ID", max_width=9),
    Column("name", "NAME", max_width=20),
    Column("email", "EMAIL", max_width=30),
    Column("total_spent", "TOTAL_SPENT", numeric=True),
    Column("created_at", "CREATED_AT"),
)
_RAW_EXCERPT = ("id", "name", "total_spent", "total_points", "created_at")


_Counter = Callable[[], int]
_Attempt = Callable[[], object]


def _offset(moment: datetime) -> str:
    offset = moment.utcoffset()
    return "" if not offset else f"{offset}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _as_typed(path: Path) -> str:
    """``path`` as a user would type it from here: relative when it is below the directory."""
    try:
        relative = path.relative_to(Path.cwd())
    except ValueError:
        return shlex.quote(str(path))
    shown = str(relative) if relative.parent != Path() else os.path.join(os.curdir, relative)
    return shlex.quote(shown)


def loyverse_command() -> str:
    """How to run ``loyverse`` from here: ``loyverse`` when that is the one on ``PATH``, else
    the path of this environment's (``.venv/bin/loyverse`` after ``python3 dev.py demo``), else
    ``python -m loyverse_client`` with this interpreter."""
    script = Path(sysconfig.get_path("scripts")) / (
        "loyverse.exe" if os.name == "nt" else "loyverse"
    )
    if not script.is_file():
        return f"{_as_typed(Path(sys.executable))} -m loyverse_client"
    on_path = shutil.which("loyverse")
    if on_path is not None and Path(on_path).resolve() == script.resolve():
        return "loyverse"
    return _as_typed(script)


def run_demo(out: TextIO) -> None:
    """Print the tour on ``out``."""
    fake = demo_fake()
    with demo_client(fake) as client:
        _Tour(out, client, lambda: len(fake.requests)).run()


class _Tour:
    def __init__(self, out: TextIO, client: LoyverseClient, requests: _Counter) -> None:
        self.out = out
        self.client = client
        self.requests = requests

    def say(self, text: str = "", indent: bool = False) -> None:
        self.out.write((_INDENT if indent and text else "") + text + "\n")

    def run(self) -> None:
        self.say("loyverse demo: the SDK against a built-in fake Loyverse account")
        self.say(
            f"{DEMO_CUSTOMERS} sample customers in memory: no token, no network. "
            "Every call below is real."
        )
        first = self.first_page()
        self.every_customer()
        picked = next((c for c in first if c.email), first[0])
        self.one_customer(picked)
        self.one_day(first[0].created_at)
        money = next((c for c in first if c.total_spent % 1), picked)  # a fractional amount
        self.raw_and_typed(money)
        self.bad_input()
        self.the_shop()
        loyverse = loyverse_command()
        self.say()
        self.say("Next")
        self.say(f"{loyverse} --demo customers get {picked.id}", indent=True)
        self.say(f"{loyverse} --demo customers export --out customers.csv", indent=True)
        self.say(f"{loyverse} --demo items list --show-deleted", indent=True)
        self.say(f"{loyverse} --demo sync --db demo.sqlite   (a local copy in SQLite)", indent=True)
        self.say(f"export LOYVERSE_ACCESS_TOKEN=...   then: {loyverse} customers list", indent=True)
        self.say("the same shop over HTTP, for any language:", indent=True)
        self.say(
            f"{_as_typed(Path(sys.executable))} -m loyverse_client.testing serve "
            "--port 8080 --shop",
            indent=True,
        )

    def the_shop(self) -> None:
        self.section(7, "Every resource: the same layer reads items, stock, taxes, the merchant")
        client, before = self.client, self.requests()
        merchant = client.merchant.get()
        currency = merchant.currency
        self.say(
            f"client.merchant.get()  -> {merchant.business_name}, "
            f"{currency.code} with {currency.decimal_places} decimals",
            indent=True,
        )
        items = list(client.items.iterate(ItemQuery(limit=5)))
        variants = sum(len(item.variants) for item in items)
        self.say(
            f"client.items.iterate(ItemQuery(limit=5))  -> {len(items)} items with "
            f"{variants} variants inline, pages of 5",
            indent=True,
        )
        store = client.stores.list().stores[0]
        levels = list(client.inventory.iterate(InventoryQuery(store_ids=[store.id])))
        weighed = next((level for level in levels if level.in_stock % 1), levels[0])
        self.say(
            f"client.inventory.iterate(InventoryQuery(store_ids=[store.id]))  -> {len(levels)} "
            f"levels in {store.name}",
            indent=True,
        )
        self.say(
            f"  e.g. in_stock={weighed.in_stock!r}: Decimal, fractional for goods sold by weight",
            indent=True,
        )
        taxes = client.taxes.list().taxes
        kinds = ", ".join(
            f"{tax.name} {tax.rate}% {getattr(tax.type, 'value', tax.type)}" for tax in taxes
        )
        self.say(f"client.taxes.list()  -> every tax in one answer: {kinds}", indent=True)
        deleted = client.items.list(ItemQuery(show_deleted=True)).items
        gone = [item.item_name for item in deleted if item.deleted_at is not None]
        self.say(
            f"ItemQuery(show_deleted=True) also lists deleted items: {', '.join(gone) or 'none'}",
            indent=True,
        )
        self.say(
            f"{_count(self.requests() - before, 'request')} for all of the above; "
            "each result is typed: Item, InventoryLevel, Tax, Merchant",
            indent=True,
        )

    def section(self, number: int, title: str) -> None:
        self.say()
        self.say(f"{number}. {title}")

    def first_page(self) -> list[Customer]:
        self.section(1, "One page: client.customers.list(CustomerQuery(limit=5))")
        page = self.client.customers.list(CustomerQuery(limit=5))
        rendered = io.StringIO()
        RecordTable(rendered, _COLUMNS).write(page.customers)
        for line in rendered.getvalue().splitlines():
            self.say(line, indent=True)
        more = "page.cursor is set: more pages follow" if page.cursor else "the only page"
        self.say(f"{len(page.customers)} customers, newest first; {more}", indent=True)
        return page.customers

    def every_customer(self) -> None:
        self.section(2, "Every customer: client.customers.iterate(CustomerQuery(limit=50))")
        before = self.requests()
        count = sum(1 for _ in self.client.customers.iterate(CustomerQuery(limit=50)))
        self.say(
            f"{count} customers in {_count(self.requests() - before, 'request')}: pages of 50, "
            "cursors followed lazily, one page in memory",
            indent=True,
        )
        before = self.requests()
        walk = self.client.customers.iterate(CustomerQuery(limit=50), concurrency=4)
        again = len({customer.id for customer in walk})
        self.say(
            f"iterate(..., concurrency=4): the same {again} customers, each once, in "
            f"{_count(self.requests() - before, 'request')};",
            indent=True,
        )
        self.say(
            "  up to 4 windows of creation time walked at once: for long lists, slow networks",
            indent=True,
        )

    def one_customer(self, customer: Customer) -> None:
        self.section(3, "One customer, by id and by email")
        found = self.client.customers.get_by_id(customer.id)
        self.say(f'client.customers.get_by_id("{customer.id}")', indent=True)
        self.say(f"  -> {found.name} <{found.email}>", indent=True)
        if customer.email:
            by_email = self.client.customers.get_by_email(customer.email)
            same = "the same customer" if by_email == found else "another customer"
            self.say(f'client.customers.get_by_email("{customer.email}")', indent=True)
            self.say(f"  -> {same}", indent=True)

    def one_day(self, moment: datetime) -> None:
        day = datetime(moment.year, moment.month, moment.day, tzinfo=timezone.utc)
        call = f"datetime({day.year}, {day.month}, {day.day}, tzinfo=timezone.utc)"
        self.section(4, f"One day: client.customers.get_by_creation_date({call})")
        before = self.requests()
        page = self.client.customers.get_by_creation_date(day)
        names = ", ".join(c.name or "(no name)" for c in page.customers[:4])
        more = ", ..." if len(page.customers) > 4 else ""
        self.say(
            f"{len(page.customers)} customers created on {day.date()} (UTC), "
            f"{_count(self.requests() - before, 'request')}: {names}{more}",
            indent=True,
        )

    def raw_and_typed(self, customer: Customer) -> None:
        self.section(5, "The JSON as Loyverse sent it, and the typed model")
        excerpt = {key: customer.raw.get(key) for key in _RAW_EXCERPT}
        self.say("customer.raw (excerpt):", indent=True)
        for line in json.dumps(excerpt, indent=2, ensure_ascii=False).splitlines():
            self.say("  " + line, indent=True)
        self.say(f"customer.total_spent  {customer.total_spent!r}", indent=True)
        created = customer.created_at
        aware = "naive" if created.utcoffset() is None else f"aware, UTC{_offset(created)}"
        self.say(f"customer.created_at   datetime {created.isoformat()} ({aware})", indent=True)

    def bad_input(self) -> None:
        self.section(6, "Bad input is refused before any request is sent")
        before = self.requests()
        self.refused("CustomerQuery(limit=500)", lambda: CustomerQuery(limit=500))
        self.refused(
            "client.customers.get_by_creation_date(datetime(2024, 3, 21))",
            lambda: self.client.customers.get_by_creation_date(datetime(2024, 3, 21)),
        )
        self.say(f"requests sent for these: {self.requests() - before}", indent=True)

    def refused(self, call: str, attempt: _Attempt) -> None:
        self.say(call, indent=True)
        try:
            attempt()
        except ValidationError as exc:
            message = describe_validation_error(exc).splitlines()[0]
            lines = textwrap.wrap(f"-> pydantic.ValidationError: {message}", width=92)
            for number, line in enumerate(lines):
                self.say(("  " if number == 0 else "     ") + line, indent=True)
        else:
            self.say("  -> accepted (unexpected)", indent=True)
