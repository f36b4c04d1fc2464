"""The plan of a windowed walk, in lockstep: every request it can send goes out in a round, and
every answer comes back before the next. A round is one round-trip time of a real walk, so the
number of rounds is the walk's duration, whatever the machine: how balanced the windows are shows
in it. The answers come from the fake."""

from __future__ import annotations

import math
from collections import Counter
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from loyverse_client._resources import CUSTOMERS
from loyverse_client.testing import FakeLoyverse
from loyverse_models import CustomerPage, CustomerQuery

T0 = datetime(2024, 3, 1, tzinfo=timezone.utc)


def stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def customers(times: list[datetime], prefix: int = 0) -> list[dict[str, Any]]:
    return [
        {"id": f"{prefix:08d}-0000-4000-8000-{n:012d}", "created_at": stamp(moment)}
        for n, moment in enumerate(times)
    ]


class Lockstep:
    """Runs a plan round by round against the fake; records each round's requests."""

    def __init__(self, fake: FakeLoyverse, query: CustomerQuery, concurrency: int) -> None:
        plan = CUSTOMERS.plan(query, concurrency, False)
        assert plan is not None
        self.plan = plan
        self.rounds: list[list[dict[str, str]]] = []
        self.delivered: Counter[str] = Counter()
        with fake.client() as client:
            while not plan.finished:
                tasks = []
                while (task := plan.next_task()) is not None:
                    tasks.append(task)
                assert tasks, "a plan that is not finished must have a request to send"
                assert len(tasks) <= concurrency
                self.rounds.append([dict(task.call.params or {}) for task in tasks])
                for task in tasks:
                    plan.receive(task.window, client._request(task.call, CustomerPage))
                while (objects := plan.take()) is not None:
                    self.delivered.update(obj.id for obj in objects)

    @property
    def requests(self) -> int:
        return sum(len(batch) for batch in self.rounds)


def test_a_dense_window_is_cut_again_while_it_runs() -> None:
    # A year of one customer a week, then 2,000 created within ten minutes (an import).
    burst_start = T0 + timedelta(days=400)
    sparse = [T0 + timedelta(days=7 * n) for n in range(50)]
    burst = [burst_start + timedelta(milliseconds=300 * n) for n in range(2000)]
    fake = FakeLoyverse()
    fake.add("customers", customers(sparse) + customers(burst, prefix=1))
    walk = Lockstep(fake, CustomerQuery(limit=50), concurrency=8)
    assert sum(walk.delivered.values()) == 2050
    assert max(walk.delivered.values()) == 1
    pages = math.ceil(2050 / 50)
    # Sequential: 42 rounds. The burst was cut into windows walked side by side.
    assert len(walk.rounds) <= pages / 8 + 6
    inside = {
        (params["created_at_min"], params["created_at_max"])
        for batch in walk.rounds
        for params in batch
        if stamp(burst_start) <= params.get("created_at_min", "")
        and params.get("created_at_max", "9") <= stamp(burst[-1] + timedelta(seconds=1))
    }
    assert len(inside) >= 4
    assert walk.requests <= pages * 1.3


@pytest.mark.parametrize("concurrency", [2, 4, 8])
def test_an_even_history_keeps_every_chain_busy(concurrency: int) -> None:
    # Two years of customers, one every 3 hours: 5,840 of them in 117 pages of 50.
    times = [T0 + timedelta(hours=3 * n) for n in range(5_840)]
    fake = FakeLoyverse()
    fake.add("customers", customers(times))
    walk = Lockstep(fake, CustomerQuery(limit=50), concurrency)
    assert sum(walk.delivered.values()) == 5_840
    assert max(walk.delivered.values()) == 1
    pages = math.ceil(5_840 / 50)
    assert len(walk.rounds) <= pages / concurrency * 1.25 + 4
    assert walk.requests <= pages * 1.15


def test_a_bounded_range_is_cut_from_its_bounds() -> None:
    times = [T0 + timedelta(minutes=n) for n in range(10_000)]
    fake = FakeLoyverse()
    fake.add("customers", customers(times))
    query = CustomerQuery(created_at_min=times[2000], created_at_max=times[7999])
    walk = Lockstep(fake, query, concurrency=4)
    assert sum(walk.delivered.values()) == 6000
    assert len(walk.rounds) <= 24 / 4 + 4


def test_only_lists_filtered_on_creation_time_have_windows() -> None:
    from loyverse_client._resources import CATEGORIES, RESOURCES

    windowed = {resource.name for resource in RESOURCES if resource.windowed}
    assert windowed == {
        "customers", "items", "variants", "modifiers", "employees", "shifts", "receipts"
    }  # fmt: skip
    with pytest.raises(TypeError, match="categories is not filtered on creation time"):
        CATEGORIES.plan(None, 2, False)
