"""``webhooks create``, ``update`` and ``delete`` against the fake: checked before sending,
deletes confirmed, Loyverse's refusals reported."""

from __future__ import annotations

import io
import json

import pytest

from loyverse_client.testing import FakeLoyverse
from tests.cli.helpers import TOKEN, Run

URL = "https://hooks.example.com/loyverse"


@pytest.fixture
def hook(fake: FakeLoyverse) -> dict[str, object]:
    """A webhook of the merchant's: receipts to ``URL``, enabled."""
    (added,) = fake.add("webhooks", [{"url": URL, "type": "receipts.update", "status": "ENABLED"}])
    return added


def webhooks(run: Run, *args: str) -> tuple[int, str, str]:
    result = run("--token", TOKEN, "webhooks", *args)
    return result.code, result.out, result.err


@pytest.mark.parametrize(("flags", "status"), [([], "ENABLED"), (["--disabled"], "DISABLED")])
def test_create_prints_the_webhook_as_stored(
    run: Run, fake: FakeLoyverse, flags: list[str], status: str
) -> None:
    code, out, err = webhooks(run, "create", "--url", URL, "--type", "items.update", *flags)
    created = json.loads(out)
    assert (code, err) == (0, "")
    assert fake.objects("webhooks") == [created]
    assert (created["url"], created["type"], created["status"]) == (URL, "items.update", status)
    assert created["merchant_id"] == fake.merchant["id"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--type", "items.update"], "the following arguments are required: --url"),
        (["--url", URL], "the following arguments are required: --type"),
        (["--url", URL, "--type", "receipts.create"], "argument --type: invalid choice"),
        (
            ["--url", "http://hooks.example.com", "--type", "items.update"],
            "error: --url: must be an https:// URL",
        ),
        (["--url", "https://", "--type", "items.update"], "error: --url: must be an https://"),
    ],
)
def test_create_refuses_bad_values_before_sending(
    run: Run, fake: FakeLoyverse, args: list[str], message: str
) -> None:
    code, out, err = webhooks(run, "create", *args)
    assert (code, out) == (2, "")
    assert message in err
    assert fake.requests == []


def test_a_taken_pair_is_exit_1_with_loyverses_reason(
    run: Run, fake: FakeLoyverse, hook: dict[str, object]
) -> None:
    code, out, err = webhooks(run, "create", "--url", URL, "--type", "receipts.update")
    assert (code, out) == (1, "")
    assert err.startswith("error: INVALID_VALUE: A receipts.update webhook to this url already")
    assert err.endswith("(field object.url) (HTTP 400)\n")
    assert fake.objects("webhooks") == [hook]


def test_a_create_that_may_have_happened_says_to_look_first(run: Run, fake: FakeLoyverse) -> None:
    fake.fail_next(500, after_processing=True)
    code, _, err = webhooks(run, "create", "--url", URL, "--type", "items.update")
    assert code == 1
    first, advice = err.splitlines()
    assert first.startswith("error: INTERNAL_SERVER_ERROR")
    assert advice.startswith("the webhook may have been created anyway")
    assert "`loyverse webhooks list`" in advice
    assert len(fake.requests) == 1  # never sent twice
    assert [w["url"] for w in fake.objects("webhooks")] == [URL]


@pytest.mark.parametrize(
    ("args", "changed"),
    [
        (["--disable"], {"status": "DISABLED"}),
        (["--url", URL + "/v2"], {"url": URL + "/v2"}),
        (["--type", "items.update", "--enable"], {"type": "items.update"}),
    ],
)
def test_update_changes_only_the_given_fields(
    run: Run, fake: FakeLoyverse, hook: dict[str, object], args: list[str], changed: dict[str, str]
) -> None:
    code, out, err = webhooks(run, "update", str(hook["id"]), *args, "--format", "jsonl")
    (stored,) = fake.objects("webhooks")
    assert (code, err) == (0, "")
    assert json.loads(out) == stored
    assert stored == {**hook, **changed, "updated_at": stored["updated_at"]}


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        ([], 2, "error: nothing to change: give at least one of --url, --type, --enable,"),
        (["--enable", "--disable"], 2, "argument --disable: not allowed with argument --enable"),
        (["--url", "ftp://hooks.example.com"], 2, "error: --url: must be an https:// URL"),
        (["--type", "shift.create"], 2, "argument --type: invalid choice: 'shift.create'"),
    ],
)
def test_update_refuses_bad_changes_before_sending(
    run: Run, fake: FakeLoyverse, hook: dict[str, object], args: list[str], code: int, message: str
) -> None:
    result = webhooks(run, "update", str(hook["id"]), *args)
    assert result[0] == code
    assert message in result[2]
    assert fake.requests == []


def test_update_of_an_unknown_webhook_is_exit_1(run: Run) -> None:
    code, _, err = webhooks(run, "update", "no-such-webhook", "--disable")
    assert (code, err) == (1, "error: NOT_FOUND: Webhook no-such-webhook not found (HTTP 404)\n")


@pytest.mark.parametrize(
    ("argv", "answer", "deleted"),
    [
        (["--yes"], "", True),
        ([], "y\n", True),
        ([], "n\n", False),
        ([], "", False),
    ],
)
def test_delete_asks_first_unless_yes_and_shows_what(
    run: Run,
    fake: FakeLoyverse,
    hook: dict[str, object],
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    answer: str,
    deleted: bool,
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(answer))
    code, out, err = webhooks(run, "delete", str(hook["id"]), *argv)
    prompt = f"Delete webhook {hook['id']}, receipts.update to {URL} (enabled)? [y/N] "
    assert err.startswith(prompt) is not bool(argv)
    assert (fake.objects("webhooks") == []) is deleted
    assert code == (0 if deleted else 1)
    if deleted:
        assert json.loads(out) == {"deleted_object_ids": [hook["id"]]}
        assert err.endswith(f"deleted webhook {hook['id']}\n")
    else:
        assert out == ""
        assert err.endswith(f"error: not deleted: webhook {hook['id']} is unchanged\n")


def test_list_shows_what_each_webhook_sends_where(run: Run, hook: dict[str, object]) -> None:
    code, out, _ = webhooks(run, "list")
    heading, row = out.splitlines()
    assert code == 0
    assert heading.split() == ["ID", "TYPE", "STATUS", "URL", "CREATED_AT"]
    assert row.split() == [hook["id"], "receipts.update", "ENABLED", URL, hook["created_at"]]


def test_webhooks_help_lists_the_writes(run: Run) -> None:
    result = run("--help")
    (line,) = [line for line in result.out.splitlines() if line.split()[:1] == ["webhooks"]]
    summary = " ".join(line.split()[1:])
    assert summary == "list, get, export, create, update and delete webhooks"
