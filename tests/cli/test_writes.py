"""``customers create``, ``update`` and ``delete``: validated before sending, confirmed deletes."""

from __future__ import annotations

import io
import json

import pytest

from loyverse_client.testing import FakeLoyverse
from tests.cli.helpers import TOKEN, Run, make_runner


def stored(fake: FakeLoyverse, customer_id: str) -> dict[str, object] | None:
    return next((c for c in fake.customers if c["id"] == customer_id), None)


def test_create_prints_the_customer_as_stored(run: Run, fake: FakeLoyverse) -> None:
    result = run(
        "--token", TOKEN, "customers", "create", "--name", "Ann Lee",
        "--email", "ann.lee@example.com", "--country-code", "PT", "--total-points", "12.5",
    )  # fmt: skip
    created = json.loads(result.out)
    assert result.code == 0
    assert result.err == ""
    assert stored(fake, created["id"]) == created
    assert created["name"] == "Ann Lee"
    assert created["country_code"] == "PT"
    assert created["total_points"] == 12.5
    assert len(fake.customers) == 61


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--email", "ann@example.com"], "the following arguments are required: --name"),
        (["--name", "Ann", "--email", "not-an-email"], "error: --email: 'not-an-email' is not"),
        (["--name", "Ann", "--country-code", "XX"], "error: --country-code: 'XX' is not an ISO"),
        (["--name", "A" * 65], "error: --name: String should have at most 64 characters"),
        (["--name", "Ann", "--total-points", "-1"], "error: --total-points: Input should be"),
    ],
)
def test_create_refuses_bad_values_before_sending(
    run: Run, fake: FakeLoyverse, args: list[str], message: str
) -> None:
    result = run("--token", TOKEN, "customers", "create", *args)
    assert result.code == 2
    assert message in result.err
    assert result.out == ""
    assert fake.requests == []


def test_a_create_that_may_have_happened_says_to_look_first(run: Run, fake: FakeLoyverse) -> None:
    fake.fail_next(500, after_processing=True)
    result = run("--token", TOKEN, "customers", "create", "--name", "Ann Lee")
    assert result.code == 1
    assert result.err.splitlines()[0].startswith("error: INTERNAL_SERVER_ERROR")
    assert "may have been created anyway" in result.err
    assert len(fake.requests) == 1  # never sent twice
    assert any(c["name"] == "Ann Lee" for c in fake.customers)


def test_update_changes_only_the_given_fields(run: Run, fake: FakeLoyverse) -> None:
    before = next(c for c in fake.customers if c["name"] and c["email"] and c["phone_number"])
    result = run(
        "--token", TOKEN, "customers", "update", before["id"],
        "--note", "VIP", "--clear", "email", "--format", "jsonl",
    )  # fmt: skip
    after = stored(fake, before["id"])
    assert result.code == 0
    assert json.loads(result.out) == after
    assert after is not None
    assert after["note"] == "VIP"
    assert after["email"] is None
    assert after["phone_number"] == before["phone_number"]
    assert after["name"] == before["name"]


@pytest.mark.parametrize("spelling", ["phone-number", "phone_number"])
def test_clear_takes_the_field_as_its_option_is_spelled(
    run: Run, fake: FakeLoyverse, spelling: str
) -> None:
    before = next(c for c in fake.customers if c["phone_number"] and c["postal_code"])
    result = run(
        "--token", TOKEN, "customers", "update", before["id"],
        "--clear", spelling, "--clear", "postal-code", "--format", "jsonl",
    )  # fmt: skip
    assert result.code == 0, result.err
    after = json.loads(result.out)
    assert after["phone_number"] is None
    assert after["postal_code"] is None
    assert after["email"] == before["email"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "error: nothing to change: give at least one of --name, --email,"),
        (["--email", "a@example.com", "--clear", "email"], "--email and --clear email contradict"),
        (
            ["--phone-number", "1", "--clear", "phone_number"],
            "--phone-number and --clear phone-number contradict",
        ),
        (["--clear", "name"], "argument --clear: name cannot be emptied"),
        (["--clear", "nmae"], "argument --clear: 'nmae' is not a field to empty; one of email,"),
        (["--name", " "], "error: --name: must not be blank"),
    ],
)
def test_update_refuses_bad_changes_before_sending(
    run: Run, fake: FakeLoyverse, args: list[str], message: str
) -> None:
    result = run("--token", TOKEN, "customers", "update", fake.customers[0]["id"], *args)
    assert result.code == 2
    assert message in result.err
    assert fake.requests == []


def test_update_of_an_unknown_customer_is_exit_1(run: Run) -> None:
    result = run("--token", TOKEN, "customers", "update", "no-such-id", "--note", "x")
    assert result.code == 1
    assert result.err == "error: NOT_FOUND: Customer no-such-id not found (HTTP 404)\n"


def test_delete_with_yes_deletes_without_asking(run: Run, fake: FakeLoyverse) -> None:
    victim = fake.customers[3]["id"]
    result = run("--token", TOKEN, "customers", "delete", victim, "--yes")
    assert result.code == 0
    assert json.loads(result.out) == {"deleted_object_ids": [victim]}
    assert result.err == f"deleted customer {victim}\n"
    assert stored(fake, victim) is None


@pytest.mark.parametrize(
    ("answer", "deleted"),
    [("y\n", True), ("YES\n", True), ("n\n", False), ("\n", False), ("", False)],
)
def test_delete_asks_first_and_shows_who(
    run: Run, fake: FakeLoyverse, monkeypatch: pytest.MonkeyPatch, answer: str, deleted: bool
) -> None:
    victim = next(c for c in fake.customers if c["name"] and c["email"])
    monkeypatch.setattr("sys.stdin", io.StringIO(answer))
    result = run("--token", TOKEN, "customers", "delete", victim["id"])
    prompt = f"Delete customer {victim['id']}, {victim['name']} <{victim['email']}>? [y/N] "
    assert result.err.startswith(prompt)
    assert (stored(fake, victim["id"]) is None) is deleted
    assert result.code == (0 if deleted else 1)
    if not deleted:
        assert result.out == ""
        assert result.err.endswith(f"error: not deleted: customer {victim['id']} is unchanged\n")


def test_delete_of_an_unknown_customer_is_exit_1_without_asking(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    result = run("--token", TOKEN, "customers", "delete", "no-such-id")
    assert result.code == 1
    assert result.err == "error: NOT_FOUND: Customer no-such-id not found (HTTP 404)\n"


def test_writes_work_against_the_demo_fake(capsys: pytest.CaptureFixture[str]) -> None:
    run = make_runner(capsys, FakeLoyverse())
    result = run("--demo", "customers", "create", "--name", "Ann Lee", "--format", "table")
    assert result.code == 0
    assert "name                   Ann Lee" in result.out
