"""``FakeTransport``: an httpx transport, sync and async, that hands requests to a fake.

No socket is opened. Network faults become the exceptions httpx itself would raise, so a client
under test sees exactly what it would see on a real connection.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from ._fake import Reply

__all__ = ["FakeTransport"]


class FakeTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Serves both ``httpx.Client(transport=...)`` and ``httpx.AsyncClient(transport=...)``.

    It answers any host: only the path after ``/v1.0`` decides the route.
    """

    def __init__(self, receive: Callable[[httpx.Request], Reply]) -> None:
        self._receive = receive

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        return _response(request, self._receive(request))

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        return _response(request, self._receive(request))


def _response(request: httpx.Request, reply: Reply) -> httpx.Response:
    if reply.network == "connect":
        raise httpx.ConnectError("Connection refused (injected fault)", request=request)
    if reply.network == "timeout":
        raise httpx.ReadTimeout("The read operation timed out (injected fault)", request=request)
    if reply.network == "reset":
        raise httpx.RemoteProtocolError(
            "Connection reset by peer before the response was complete (injected fault)",
            request=request,
        )
    return httpx.Response(reply.status, headers=reply.headers, content=reply.body)
