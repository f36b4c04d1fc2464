"""The plan of a windowed walk, in lockstep: every request it can send goes out in a round, and
every answer comes back before the next. A round is one round-trip time of a real walk, so the
number of rounds is the walk's duration, whatever the machine: how balanced the windows are shows
in it. The answers come from the fake."""

from __future__ import annotations

import json
import math
import random
from collections import Counter
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from loyverse_client._resources import CUSTOMERS
from loyverse_client._windows import WindowPlan
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
    # Windows were cut inside the burst: their chains start from tops within it.
    tops = {
        params["created_at_max"]
        for batch in walk.rounds
        for params in batch
        if stamp(burst_start) < params.get("created_at_max", "") <= stamp(burst[-1])
    }
    assert len(tops) >= 4
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


def test_windows_meet_on_tied_milliseconds_and_deliver_each_object_once() -> None:
    # 60 milliseconds with 6 customers each: every cut falls on a tie, pages end mid-tie.
    times = [T0 + timedelta(milliseconds=t) for t in range(60) for _ in range(6)]
    fake = FakeLoyverse()
    fake.add("customers", customers(times))
    walk = Lockstep(fake, CustomerQuery(limit=4), concurrency=6)
    assert walk.delivered == Counter(c["id"] for c in fake.objects("customers"))
    tops = {p["created_at_max"] for batch in walk.rounds for p in batch if "created_at_max" in p}
    assert len(tops & {stamp(moment) for moment in times}) >= 5


def random_customers(rng: random.Random) -> list[dict[str, Any]]:
    """Up to 150 customers spread in one of several ways, ties and far-off times included."""
    shape = rng.choice(["even", "ties", "burst", "one", "old", "mixed"])
    times = []
    for _ in range(rng.randint(0, 150)):
        if shape == "even":
            moment = T0 + timedelta(milliseconds=rng.randint(0, 10**7))
        elif shape == "ties":
            moment = T0 + timedelta(milliseconds=rng.randint(0, 5))
        elif shape == "burst":
            moment = T0 + timedelta(milliseconds=rng.choice([rng.randint(0, 20), 10**9]))
        elif shape == "one":
            moment = T0
        elif shape == "old":
            moment = datetime(2014, 6, 1, tzinfo=timezone.utc) + timedelta(days=rng.randint(0, 900))
        else:
            moment = T0 + timedelta(milliseconds=rng.choice([0, 1, 2, 1000, rng.randint(0, 10**8)]))
        times.append(moment)
    return customers(times)


@pytest.mark.parametrize("seed", range(40))
def test_any_interleaving_delivers_what_a_plain_walk_does(seed: int) -> None:
    """Requests answered in any order, pages taken at any moment, a pacer with or without spare
    requests, the walk stopped and resumed from its progress at any moment: every object once
    (and, ordered, in the plain walk's order)."""
    rng = random.Random(seed)
    fake = FakeLoyverse()
    fake.add("customers", random_customers(rng))
    limit, concurrency, ordered = rng.choice([1, 2, 3, 5, 50]), rng.randint(2, 6), seed % 3 == 0
    resumes = 3 if seed % 2 else 0
    bounds: dict[str, Any] = {}
    stored = sorted(c["created_at"] for c in fake.objects("customers"))
    if stored and seed % 5 == 0:
        bounds = {"created_at_min": stored[len(stored) // 4], "created_at_max": stored[-2]}
    query = CustomerQuery(limit=limit, **bounds)
    with fake.client() as client:
        plain = [customer.id for customer in client.customers.iterate(query)]
        plan = CUSTOMERS.plan(query, concurrency, ordered)
        assert plan is not None
        delivered: list[str] = []
        in_flight: list[Any] = []
        for _ in range(100_000):
            if resumes and rng.random() < 0.05:  # stopped: whatever was not taken is lost
                progress = json.loads(json.dumps(plan.taken_progress))
                plan = WindowPlan.resume(
                    query, "customers", CUSTOMERS.key_of, "created_at", concurrency, progress,
                    ordered=ordered,
                )  # fmt: skip
                in_flight, resumes = [], resumes - 1
            if plan.finished and not in_flight:
                break
            if (task := plan.next_task(rng.choice([None, 0, 1, 5]))) is not None:
                in_flight.append(task)
            if in_flight and rng.random() < 0.6:
                task = in_flight.pop(rng.randrange(len(in_flight)))
                if plan.has_room(task.window):
                    plan.receive(task.window, client._request(task.call, CustomerPage))
                else:
                    in_flight.append(task)
            elif (objects := plan.take()) is not None:
                delivered.extend(obj.id for obj in objects)
        else:
            pytest.fail("the walk never finished")
    assert Counter(delivered) == Counter(plain)
    if ordered and not seed % 2:
        assert delivered == plain
