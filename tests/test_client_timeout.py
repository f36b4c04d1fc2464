"""``timeout`` bounds a whole attempt: a server dripping its answer is cut off in time.

These tests talk to a real loopback server in real time; each takes well under 2 s.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from loyverse_client import APITimeoutError, AsyncLoyverseClient, LoyverseClient
from tests.helpers import TOKEN

BODY = b'{"customers": []}' + b" " * 23
"""40 bytes: dripped one every 0.1 s, the whole answer takes 4 s to arrive."""
DRIP_SECONDS = 0.1
TIMEOUT = 0.5

pytestmark = pytest.mark.realtime


class _DrippingServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Drip)
        self.stopping = threading.Event()


class _Drip(BaseHTTPRequestHandler):
    server: _DrippingServer

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        for index in range(len(BODY)):
            if self.server.stopping.wait(DRIP_SECONDS):
                return
            try:
                self.wfile.write(BODY[index : index + 1])
            except OSError:  # the client gave up and closed the connection
                return

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def dripping_url() -> Iterator[str]:
    server = _DrippingServer()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1.0"
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_a_dripping_server_is_cut_off_when_the_timeout_runs_out(dripping_url: str) -> None:
    client = LoyverseClient(
        TOKEN, base_url=dripping_url, timeout=TIMEOUT, max_retries=0, rate_limit=None
    )
    started = time.monotonic()
    with client, pytest.raises(APITimeoutError) as caught:
        client.customers.list()
    elapsed = time.monotonic() - started
    assert TIMEOUT <= elapsed < 1.5  # not the 4 s the whole answer takes
    assert "ReadTimeout" in str(caught.value)
    assert "timeout=0.5 s ran out" in str(caught.value)


def test_the_async_client_cuts_a_dripping_server_off_alike(dripping_url: str) -> None:
    async def main() -> float:
        async with AsyncLoyverseClient(
            TOKEN, base_url=dripping_url, timeout=TIMEOUT, max_retries=0, rate_limit=None
        ) as client:
            started = time.monotonic()
            with pytest.raises(APITimeoutError):
                await client.customers.list()
            return time.monotonic() - started

    elapsed = asyncio.run(main())
    assert TIMEOUT <= elapsed < 1.5
