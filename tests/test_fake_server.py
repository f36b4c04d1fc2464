"""FakeLoyverseServer and ``python -m loyverse_client.testing serve``: the fake over real HTTP."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

import httpx
import pytest

from loyverse_client import LoyverseClient
from loyverse_client.testing import FakeLoyverse, FakeLoyverseServer
from loyverse_client.testing.__main__ import main

TOKEN = "fake-loyverse-token"


@pytest.fixture
def fake() -> FakeLoyverse:
    fake = FakeLoyverse()
    fake.add_sample_customers(30)
    return fake


@pytest.fixture
def server(fake: FakeLoyverse) -> Iterator[FakeLoyverseServer]:
    with FakeLoyverseServer(fake) as server:
        yield server


@pytest.fixture
def api(server: FakeLoyverseServer) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(base_url=server.base_url, headers=headers, timeout=5) as client:
        yield client


def test_it_serves_the_api_on_a_free_loopback_port(
    fake: FakeLoyverse, server: FakeLoyverseServer, api: httpx.Client
) -> None:
    assert server.host == "127.0.0.1"
    assert server.port > 0
    assert server.base_url == f"http://127.0.0.1:{server.port}/v1.0"
    first = api.get("/customers", params={"limit": "20"})
    assert first.status_code == 200
    assert first.headers["Content-Type"].startswith("application/json")
    second = api.get("/customers", params={"limit": "20", "cursor": first.json()["cursor"]})
    assert first.json()["customers"] + second.json()["customers"] == fake.customers
    assert "cursor" not in second.json()


def test_writes_and_errors_travel_over_http(fake: FakeLoyverse, api: httpx.Client) -> None:
    created = api.post("/customers", json={"name": "Zoë Über", "city": "Kyiv"})
    assert created.status_code == 200
    assert created.json()["name"] == "Zoë Über"
    customer_id = created.json()["id"]
    assert api.get(f"/customers/{customer_id}").json() == created.json()
    assert api.delete(f"/customers/{customer_id}").json() == {"deleted_object_ids": [customer_id]}
    missing = api.get(f"/customers/{customer_id}")
    assert (missing.status_code, missing.json()["errors"][0]["code"]) == (404, "NOT_FOUND")
    unsupported = api.post("/customers", content=b"name=Ann")
    assert unsupported.status_code == 415
    wrong_token = api.get("/customers", headers={"Authorization": "Bearer wrong"})
    assert wrong_token.status_code == 401
    assert [request.method for request in fake.requests] == [
        "POST",
        "GET",
        "DELETE",
        "GET",
        "POST",
        "GET",
    ]


def test_a_chunked_body_is_read(api: httpx.Client) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"name": '
        yield b'"Chunked"}'

    response = api.post(
        "/customers", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 200
    assert response.json()["name"] == "Chunked"


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b'{"name": "Ann", "total_points": 1e400}', "INVALID_VALUE"),
        (b'{"name": "Ann", "total_points": ' + b"9" * 4000 + b"}", "INVALID_VALUE"),
        (b'{"name": "Ann", "note": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "BAD_REQUEST"),
    ],
)
def test_a_body_the_fake_refuses_is_answered_over_http(
    fake: FakeLoyverse, api: httpx.Client, content: bytes, code: str
) -> None:
    before = fake.customers
    response = api.post("/customers", content=content, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert [error["code"] for error in response.json()["errors"]] == [code]
    assert api.get("/customers", params={"limit": "1"}).status_code == 200  # still serving
    assert fake.customers == before


def test_a_status_fault_keeps_its_retry_after(fake: FakeLoyverse, api: httpx.Client) -> None:
    fake.fail_next(503, retry_after="2")
    response = api.get("/customers")
    assert (response.status_code, response.headers["Retry-After"]) == (503, "2")
    assert response.json()["errors"][0]["code"] == "SERVICE_UNAVAILABLE"
    assert api.get("/customers").status_code == 200


@pytest.mark.parametrize("fault", ["connect", "reset"])
def test_connection_faults_drop_the_connection(
    fake: FakeLoyverse, api: httpx.Client, fault: Literal["connect", "reset"]
) -> None:
    fake.fail_next(fault)
    with pytest.raises(httpx.RemoteProtocolError):
        api.post("/customers", json={"name": "Lost"})
    assert api.get("/customers", params={"limit": "1"}).status_code == 200
    assert len(fake.customers) == 30


def test_a_timeout_fault_holds_the_answer_until_the_client_gives_up(
    fake: FakeLoyverse, server: FakeLoyverseServer
) -> None:
    fake.fail_next("timeout", after_processing=True)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(base_url=server.base_url, headers=headers, timeout=5) as client:
        with pytest.raises(httpx.ReadTimeout):
            client.post("/customers", json={"name": "Processed"}, timeout=0.05)
        assert client.get("/customers", params={"limit": "1"}).json()["customers"][0]["name"] == (
            "Processed"
        )


def test_stop_releases_a_held_answer_and_is_idempotent(fake: FakeLoyverse) -> None:
    server = FakeLoyverseServer(fake).start()
    fake.fail_next("timeout")
    with socket.create_connection((server.host, server.port), timeout=5) as connection:
        connection.sendall(b"GET /v1.0/customers HTTP/1.1\r\nHost: x\r\n\r\n")
        deadline = time.monotonic() + 5
        while not fake.requests:  # wait until the request is in and its answer held
            assert time.monotonic() < deadline
        server.stop()
        assert connection.recv(1024) == b""
    server.stop()
    with pytest.raises(RuntimeError, match="cannot be started again"):
        server.start()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((server.host, server.port), timeout=5)


def test_a_started_server_cannot_be_started_again(server: FakeLoyverseServer) -> None:
    with pytest.raises(RuntimeError, match="already started"):
        server.start()
    assert repr(server) == f"<FakeLoyverseServer {server.base_url}>"


@contextmanager
def serving(*options: str) -> Iterator[tuple[subprocess.Popen[str], dict[str, str], str]]:
    """``serve`` in a child process: the process, its ``NAME=value`` lines, and its first line."""
    command = [sys.executable, "-m", "loyverse_client.testing", "serve", "--port", "0", *options]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        banner = [process.stdout.readline() for _ in range(3)]
        settings = dict(line.strip().split("=", 1) for line in banner[1:])
        yield process, settings, banner[0]
    finally:
        if process.poll() is None:
            process.kill()
        if process.stdout is not None:
            process.stdout.close()
        process.wait()


def test_serve_prints_where_it_listens_and_stops_on_ctrl_c() -> None:
    options = ("--customers", "7", "--seed", "3", "--token", "T0K3N")
    with serving(*options) as (process, settings, _):
        assert settings["LOYVERSE_ACCESS_TOKEN"] == "T0K3N"
        base_url = settings["LOYVERSE_BASE_URL"]
        assert base_url.startswith("http://127.0.0.1:")
        response = httpx.get(
            f"{base_url}/customers", headers={"Authorization": "Bearer T0K3N"}, timeout=5
        )
        expected = FakeLoyverse()
        expected.add_sample_customers(7, seed=3)
        assert response.json() == {"customers": expected.customers}
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=10)
    assert process.returncode == 0
    assert output.strip() == "Stopped."


def test_serve_shop_fills_the_sample_shop() -> None:
    with serving("--customers", "0", "--shop", "--seed", "2") as (_, settings, first_line):
        headers = {"Authorization": f"Bearer {settings['LOYVERSE_ACCESS_TOKEN']}"}
        base_url = settings["LOYVERSE_BASE_URL"]
        with httpx.Client(base_url=base_url, headers=headers, timeout=5) as api:
            items = api.get("/suppliers/", params={"limit": "250"}).json()
            taxes = api.get("/taxes").json()
            merchant = api.get("/merchant/").json()
    expected = FakeLoyverse()
    expected.add_sample_shop(seed=2)
    assert "0 customers and the sample shop (seed 2)" in first_line
    assert taxes == {"taxes": expected.objects("taxes")}
    assert merchant == expected.merchant
    if "suppliers" in expected.resources:  # declared on its own branch
        assert items == {"suppliers": expected.objects("suppliers")}


def test_serve_receipts_and_latency() -> None:
    options = ("--customers", "0", "--receipts", "30", "--latency", "0.05")
    with serving(*options) as (_, settings, first_line):
        headers = {"Authorization": f"Bearer {settings['LOYVERSE_ACCESS_TOKEN']}"}
        with httpx.Client(base_url=settings["LOYVERSE_BASE_URL"], headers=headers) as api:
            started = time.monotonic()
            receipts = api.get("/receipts", params={"limit": "250"}, timeout=5).json()
            held = time.monotonic() - started
            stores = api.get("/stores", timeout=5).json()
    assert "the sample shop with 30 receipts" in first_line
    assert len(receipts["receipts"]) == 30  # the shop's own week of receipts is left out
    assert stores["stores"]  # sold from the shop's catalogue
    assert held >= 0.05


@pytest.mark.parametrize("latency", [-0.1, True, "0.1"])
def test_a_bad_latency_is_refused(fake: FakeLoyverse, latency: Any) -> None:
    with pytest.raises(ValueError, match="latency must be a number of seconds >= 0"):
        FakeLoyverseServer(fake, latency=latency)


def test_serve_reports_a_port_in_use(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(SystemExit) as exited:
            main(["serve", "--port", str(port), "--customers", "0"])
    assert exited.value.code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--customers", "-5"], "argument --customers: must be 0 or more, got -5"),
        (["--customers", "many"], "argument --customers: 'many' is not a whole number"),
        (["--port", "70000"], "argument --port: a port is 0 to 65535, got 70000"),
        (["--port", "-1"], "argument --port: must be 0 or more, got -1"),
        (["--host", "192.0.2.7"], "argument --host: '192.0.2.7' is not a loopback address"),
        (["--host", "example.com"], "argument --host: 'example.com' is not a loopback address"),
        (["--latency", "61"], "argument --latency: expected seconds from 0 to 60, got '61'"),
        (["--latency", "soon"], "argument --latency: expected seconds from 0 to 60, got 'soon'"),
        (["--receipts", "-1"], "argument --receipts: must be 0 or more, got -1"),
    ],
)
def test_serve_refuses_bad_options_with_a_usage_error(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    argv = ["serve", "--port", "0", *args]
    with pytest.raises(SystemExit) as exited:
        main(argv)
    err = capsys.readouterr().err
    assert exited.value.code == 2
    assert message in err
    assert "Traceback" not in err


@pytest.mark.parametrize(("host", "loopback"), [("0.0.0.0", "127.0.0.1"), ("127.0.0.1", None)])
def test_serve_prints_a_base_url_the_sdk_accepts(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    host: str,
    loopback: str | None,
) -> None:
    served: list[str] = []

    def serve_once(server: FakeLoyverseServer) -> None:
        served.append(server.base_url)
        with LoyverseClient("fake-loyverse-token", base_url=server.base_url) as client:
            server.start()
            try:
                assert len(client.customers.list().customers) == 3
            finally:
                server.stop()

    monkeypatch.setattr(FakeLoyverseServer, "serve_forever", serve_once)
    assert main(["serve", "--port", "0", "--host", host, "--customers", "3"]) == 0
    printed = dict(
        line.split("=", 1) for line in capsys.readouterr().out.splitlines() if "=" in line
    )
    assert printed["LOYVERSE_BASE_URL"] == served[0]
    assert served[0].startswith(f"http://{loopback or host}:")
