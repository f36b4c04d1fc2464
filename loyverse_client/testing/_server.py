"""``FakeLoyverseServer``: a fake served over real HTTP on loopback, with the standard library.

For what a transport cannot show: real sockets, keep-alive, other processes (``python -m
loyverse_client.testing serve`` runs one). Network faults act on the connection instead of raising:
``"connect"`` drops it without an answer, ``"reset"`` sends the headers of a response and closes
before its body, ``"timeout"`` holds the answer until the client gives up or the server stops.
"""

from __future__ import annotations

import contextlib
import select
import socket
import socketserver
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, cast

import httpx

from ._fake import FakeLoyverse

__all__ = ["FakeLoyverseServer"]

_LOOPBACK_OF = {"0.0.0.0": "127.0.0.1", "::": "::1"}  # every interface -> its loopback


class _HTTPServer(ThreadingHTTPServer):
    # Handler threads are joined on close, and close shuts their connections down first, so stop()
    # leaves no thread or socket behind.
    daemon_threads = False
    block_on_close = True

    def __init__(self, address: tuple[str, int], fake: FakeLoyverse, latency: float) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.fake = fake
        self.latency = latency
        self.stopping = threading.Event()
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind resolves the host's FQDN, which can stall on a machine without DNS.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), self.server_address[1]

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):  # already closed by the client
                connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients hanging up (timeouts, resets) are part of the job, not errors worth a traceback.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the real API and any benchmark expect
    disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms delayed-ACK stall

    def _serve(self) -> None:
        server = cast("_HTTPServer", self.server)
        host, port = server.server_name, server.server_port
        authority = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        try:
            request = httpx.Request(
                self.command,
                f"http://{authority}{self.path}",
                headers=list(self.headers.items()),
                content=self._read_body(),
            )
        except (httpx.InvalidURL, ValueError):
            self.send_error(400, "Malformed request")
            return
        reply = server.fake._receive(request)
        if server.latency:
            server.stopping.wait(server.latency)  # a distant server; stop() cuts it short
        if reply.network == "connect":
            self.close_connection = True
        elif reply.network == "reset":
            self.send_response(200)
            self.send_header("Content-Length", "1024")
            self.end_headers()
            self.close_connection = True
        elif reply.network == "timeout":
            # Any readability means the client closed (or broke HTTP by sending more): stop waiting.
            while not server.stopping.is_set():
                if select.select([self.connection], [], [], 0.05)[0]:
                    break
            self.close_connection = True
        else:
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while size := int(self.rfile.readline().split(b";")[0], 16):
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                pass  # trailers
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        if length < 0:
            raise ValueError(f"negative Content-Length {length}")
        return self.rfile.read(length)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _serve

    def log_message(self, format: str, *args: Any) -> None:
        pass  # one line per request would dominate any benchmark


class FakeLoyverseServer:
    """Serves a ``FakeLoyverse`` over HTTP on ``host:port`` (port 0 picks a free one).

    The socket is bound on construction, so ``base_url`` is known at once; ``start()`` serves from
    a background thread and ``stop()`` closes everything. As a context manager::

        fake = FakeLoyverse()
        fake.add_sample_customers(100)
        with FakeLoyverseServer(fake) as server:
            client = LoyverseClient(fake.access_token, base_url=server.base_url)

    The default host is loopback: the fake has no real security and should stay private.
    """

    def __init__(
        self,
        fake: FakeLoyverse | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        latency: float = 0.0,
    ) -> None:
        if isinstance(latency, bool) or not isinstance(latency, (int, float)) or not latency >= 0:
            raise ValueError(f"latency must be a number of seconds >= 0, got {latency!r}")
        self.fake = fake if fake is not None else FakeLoyverse(clock=time.monotonic)
        self.latency = float(latency)
        """Seconds each answer is held before it is sent (real time), like a distant server."""
        self._httpd = _HTTPServer((host, port), self.fake, self.latency)
        self._thread: threading.Thread | None = None

    def __repr__(self) -> str:
        return f"<FakeLoyverseServer {self.base_url}>"

    @property
    def host(self) -> str:
        """The address the server listens on."""
        return self._httpd.server_name

    @property
    def port(self) -> int:
        """The port the server listens on (the one picked, if it was created with port 0)."""
        return self._httpd.server_port

    @property
    def base_url(self) -> str:
        """The API's base URL on this server, e.g. ``http://127.0.0.1:54321/v1.0``.

        A server on every interface (host ``0.0.0.0`` or ``::``) is given at its loopback
        address, which the SDK accepts over plain http, and which reaches it from this machine.
        """
        host = _LOOPBACK_OF.get(self.host, self.host)
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}/v1.0"

    def _check_startable(self) -> None:
        if self._httpd.stopping.is_set():
            raise RuntimeError("a stopped server cannot be started again; create a new one")
        if self._thread is not None:
            raise RuntimeError("the server is already started")

    def start(self) -> FakeLoyverseServer:
        """Serve from a daemon thread until ``stop()``; returns the server."""
        self._check_startable()
        # A short poll interval makes stop() prompt: shutdown() waits for the next poll.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.02},
            name="fake-loyverse-server",
            daemon=True,
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve from the calling thread until interrupted (Ctrl-C), stopping on the way out."""
        self._check_startable()
        try:
            self._httpd.serve_forever()
        finally:
            self.stop()

    def stop(self) -> None:
        """Stop serving, drop open connections and wait for their threads; idempotent and final."""
        self._httpd.stopping.set()
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
            self._thread = None
        self._httpd.close_connections()
        self._httpd.server_close()

    def __enter__(self) -> FakeLoyverseServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
