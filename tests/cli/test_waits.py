"""The client's waits on the status line: a paced export must not look stalled.

The client logs each wait longer than a second on the ``loyverse_client`` logger at INFO, with the
seconds in the record's ``loyverse_wait``. Most tests here log such records from a request hook,
just before the fake receives a request, as the client would before sending it; the last one lets
the client pace itself on the fake's clock. Nothing sleeps.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from loyverse_client import LoyverseClient, RateLimit
from loyverse_client.cli import main
from loyverse_client.testing import FakeLoyverse
from tests.cli.helpers import TOKEN, Run, Terminal, fake_factory

LOGGER = logging.getLogger("loyverse_client")
NOTE = "waiting 12 s before the next request…"


def waits_before(fake: FakeLoyverse, waits: dict[int, float]) -> Callable[[httpx.Request], None]:
    """A request hook logging ``waits[n]`` seconds before the n-th request (1-based)."""

    def hook(request: httpx.Request) -> None:
        number = len(fake.requests) + 1
        LOGGER.info("GET /customers got 503; retry 1 of 2 in 0.50 s")  # no wait attribute
        if number in waits:
            seconds = waits[number]
            LOGGER.info("waiting %.1f s", seconds, extra={"loyverse_wait": seconds})

    return hook


@pytest.fixture
def logger_untouched() -> Iterator[None]:
    handlers, level = list(LOGGER.handlers), LOGGER.level
    yield
    assert LOGGER.handlers == handlers
    assert LOGGER.level == level


@pytest.mark.usefixtures("logger_untouched")
def test_an_export_shows_its_waits_on_the_progress_line(
    fake: FakeLoyverse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    path = tmp_path / "c.csv"
    argv = ["--token", TOKEN, "customers", "export", "--out", str(path), "--limit", "25"]
    factory = fake_factory(fake, waits_before(fake, {2: 11.2}))
    assert main(argv, client_factory=factory) == 0
    waiting = f"exported 25 customers, {NOTE}"
    assert terminal.getvalue() == (
        "\rexported 25 customers"
        f"\r{waiting}"
        f"\r{'exported 50 customers'.ljust(len(waiting))}"
        f"\r{'exported 60 customers'.ljust(len(waiting))}"
        f"\r{f'exported 60 customers to {path}'.ljust(len(waiting))}\n"
    )


@pytest.mark.usefixtures("logger_untouched")
def test_without_a_terminal_each_wait_is_a_line_of_its_own(run: Run, fake: FakeLoyverse) -> None:
    factory = fake_factory(fake, waits_before(fake, {2: 12.0, 3: 1.5}))
    result = run("--token", TOKEN, "customers", "list", "--all", "--limit", "25", factory=factory)
    assert result.code == 0
    assert result.err == f"{NOTE}\nwaiting 2 s before the next request…\n"
    assert len(result.out.splitlines()) == 1 + 60


@pytest.mark.usefixtures("logger_untouched")
def test_a_wait_on_a_terminal_is_cleared_before_the_rows_that_follow_it(
    fake: FakeLoyverse, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    argv = ["--token", TOKEN, "customers", "list", "--all", "--limit", "25", "--format", "jsonl"]
    factory = fake_factory(fake, waits_before(fake, {3: 12.0}))
    assert main(argv, client_factory=factory) == 0
    assert terminal.getvalue() == f"\r{NOTE}\r{' ' * len(NOTE)}\r"
    assert len(capsys.readouterr().out.splitlines()) == 60


@pytest.mark.usefixtures("logger_untouched")
def test_the_logger_is_left_as_it_was_after_a_failure(run: Run, fake: FakeLoyverse) -> None:
    fake.fail_next(500)
    factory = fake_factory(fake, waits_before(fake, {1: 12.0}))
    result = run("--token", TOKEN, "customers", "list", "--all", factory=factory)
    assert result.code == 1
    assert result.err.splitlines()[0] == NOTE
    assert result.err.splitlines()[1].startswith("error: INTERNAL_SERVER_ERROR")


def test_a_program_s_own_logging_level_is_kept(run: Run, fake: FakeLoyverse) -> None:
    LOGGER.setLevel(logging.DEBUG)
    try:
        factory = fake_factory(fake, waits_before(fake, {1: 12.0}))
        result = run("--token", TOKEN, "customers", "list", factory=factory)
        assert result.err.splitlines()[0] == NOTE
        assert LOGGER.level == logging.DEBUG
    finally:
        LOGGER.setLevel(logging.NOTSET)


@pytest.mark.usefixtures("logger_untouched")
def test_the_client_s_own_pacing_waits_are_shown(run: Run, fake: FakeLoyverse) -> None:
    # The SDK paces itself on the fake's clock: its waits are logged, and take no real time.
    def paced(*, token: str | None, base_url: str | None) -> LoyverseClient:
        return fake.client(access_token=token, max_retries=0, rate_limit=RateLimit(2, 30))

    result = run("--token", TOKEN, "customers", "list", "--all", "--limit", "20", factory=paced)
    assert result.code == 0
    assert result.err == "waiting 30 s before the next request…\n"
    assert len(result.out.splitlines()) == 1 + 60
    assert fake.clock.slept == [pytest.approx(30.0)]
