"""The HTTP server's own protection: a time limit on receiving a request's headers.

uvicorn limits the size of a request's headers (h11: 16 KiB) and how long an idle keep-alive
connection stays open, but not how long a client may take to *send* its headers: a client
that trickles one header byte every few seconds holds its connection for ever (slowloris).
:class:`HeaderTimeoutH11Protocol` closes a connection whose request line and headers are not
complete ``AIROCR_HEADER_TIMEOUT_S`` after it opened or after its previous response. The body
has its own limit in the app (``AIROCR_BODY_TIMEOUT_S``).

A request that is not valid HTTP never reaches the app; the protocol answers it itself, and
here that answer has the API's shape too: a JSON ``AIS.0101`` body and an ``X-Request-Id``.
"""

from __future__ import annotations

import asyncio
import functools
import json
import uuid

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from airocr.service.config import Settings
from airocr.service.errors import BAD_PARAMETER


@functools.cache
def header_timeout_s() -> float:
    return Settings.from_env().header_timeout_s


class HeaderTimeoutH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, closing connections whose headers do not arrive in time."""

    _header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_header_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_header_timer()
        super().connection_lost(exc)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm_header_timer()

    def _arm_header_timer(self) -> None:
        self._cancel_header_timer()
        if header_timeout_s() > 0:
            self._header_timer = self.loop.call_later(header_timeout_s(), self._on_header_timeout)

    def _cancel_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _on_header_timeout(self) -> None:
        """Close the connection if it is still waiting for a request's headers (a request whose
        headers arrived is in the app's hands, with its own body limit)."""
        self._header_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()

    def send_400_response(self, msg: str) -> None:
        body = json.dumps({"error_code": BAD_PARAMETER, "error_msg": f"The request is not valid HTTP: {msg}"})
        headers = [(b"content-type", b"application/json"), (b"connection", b"close"),
                   (b"x-request-id", uuid.uuid4().hex.encode())]
        try:
            for event in (h11.Response(status_code=400, headers=headers, reason=b"Bad Request"),
                          h11.Data(data=body.encode()), h11.EndOfMessage()):
                self.transport.write(self.conn.send(event))
        except h11.LocalProtocolError:  # a response had already started: nothing more can be said
            pass
        self.transport.close()
