"""What a connection may cost a worker: time to send a head, idle time, a count, head bytes.

uvicorn's h11 protocol, with the limits a server exposed to slow, idle or
hostile clients needs and uvicorn does not have (it closes an idle keep-alive
connection, but waits forever for a first head or for a head dripped a byte at
a time, and its ``limit_concurrency`` answers 503 only to the request head of a
connection it has accepted and keeps):

* **head timeout** (``LINGODOCS_HEADER_TIMEOUT``): a connection has that long,
  from connecting (or from its first byte after a response), to finish its
  request head; then it is closed, with a problem+json ``408`` if it began one;
* **keep-alive timeout** (``LINGODOCS_KEEPALIVE_TIMEOUT``): uvicorn's, counted;
* **connection cap** (``LINGODOCS_MAX_CONNECTIONS`` a worker, lowered to fit under
  the descriptor limit): a connection over it makes room by closing the
  connection idle the longest (waiting for a head, or kept alive), as nginx
  reuses its keep-alive connections; when every connection is in a request, the
  new one gets a ``503`` problem+json with ``Retry-After`` and is closed at once,
  so the descriptors in use stay under the cap;
* **head size** (:data:`~service.web.edge.MAX_HEAD_READ`): h11 buffers at most
  that much of a head; a longer one is answered ``414``/``431`` problem+json
  (not uvicorn's plain ``400``) and closed.

Each closing is counted in ``lingodocs_connections_closed_total{reason}``, and
the connections open in ``lingodocs_connections``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import resource
import weakref
from http import HTTPStatus
from typing import Any

import h11
from uvicorn.config import Config
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.server import ServerState

from .edge import MAX_HEAD_READ, MAX_URL
from .errors import (
    PROBLEM_JSON,
    HeadersTooLarge,
    RequestTimeout,
    ServiceError,
    Unavailable,
    URITooLong,
)
from .figures import figures
from .onewrite import OneWrite

log = logging.getLogger("lingodocs")
SPARE = 64  # descriptors kept free beyond twice those a worker has open when it starts
LINGER = 2.0  # seconds a refused connection is still read without a byte coming, then closed
LINGER_AT_MOST = 30.0  # seconds a refused connection is read at most (nginx's lingering_time)


class Book:
    """One worker's connections that are not in a request, idlest first, and its cap."""

    def __init__(self, wanted: int) -> None:
        self.idle: dict[GuardedH11, None] = {}  # insertion order: the idlest first
        self.cap = fitted_cap(wanted)

    def evict(self, newcomer: GuardedH11) -> bool:
        """Close the connection idle the longest (not the newcomer); False if none is."""
        for victim in self.idle:
            if victim is not newcomer:
                del self.idle[victim]
                victim.close_for("evicted")
                return True
        return False


_BOOKS: weakref.WeakKeyDictionary[ServerState, Book] = weakref.WeakKeyDictionary()


def fitted_cap(wanted: int) -> int:
    """The connection cap, lowered to leave a worker's own files room under its soft
    ``RLIMIT_NOFILE`` (twice those open now, for an index swap, and :data:`SPARE`)."""
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return wanted
    try:
        open_now = len(os.listdir("/proc/self/fd"))
    except OSError:
        open_now = 64
    room = max(1, soft - 2 * open_now - SPARE)
    if room < wanted:
        log.warning(
            "at most %d connections a worker (LINGODOCS_MAX_CONNECTIONS is %d): the descriptor "
            "limit is %d and the worker has %d files open; raise `ulimit -n` for more",
            room,
            wanted,
            soft,
            open_now,
        )
    return min(wanted, room)


class GuardedH11(H11Protocol):
    """uvicorn's h11 protocol under the limits above (the limits from
    :class:`~service.web.worker.LimitsConfig`)."""

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        book = _BOOKS.get(server_state)
        if book is None:
            book = _BOOKS[server_state] = Book(getattr(config, "max_connections", 1000))
        self.book = book
        self.header_timeout: float = getattr(config, "header_timeout", 10.0)
        self.head_timer: asyncio.TimerHandle | None = None
        self.lingering = False
        self.linger_until = 0.0
        self.linger_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        figures().connections.inc()
        if len(self.connections) > self.book.cap and not self.book.evict(self):
            self.refuse(
                Unavailable(
                    f"this worker has {self.book.cap} connections open, all in a request; "
                    "try again in a moment"
                ),
                "refused",
                retry_after=1,
            )
            return
        self.book.idle[self] = None
        self.head_timer = self.loop.call_later(self.header_timeout, self.head_timed_out)

    def handle_events(self) -> None:
        before = self.cycle
        super().handle_events()
        cycle = self.cycle
        if cycle is not None and cycle is not before:  # a new request: its task has not run
            cycle.transport = OneWrite(self.transport, self.loop)  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        if self.lingering:  # refused: what the client still sends is read and dropped
            self._linger()
            return
        super().data_received(data)
        if self.lingering or self.transport.is_closing():
            self._disarm()
            return
        cycle = self.cycle
        if cycle is not None and not cycle.response_complete:  # in a request: not idle
            self.book.idle.pop(self, None)
            self._disarm()
        elif self.head_timer is None:  # bytes of a head (or of a body nobody reads): time it
            self.head_timer = self.loop.call_later(self.header_timeout, self.head_timed_out)

    def on_response_complete(self) -> None:
        super().on_response_complete()  # arms the keep-alive timeout; a pipelined request starts
        cycle = self.cycle
        if not self.transport.is_closing() and (cycle is None or cycle.response_complete):
            self.book.idle.pop(self, None)
            self.book.idle[self] = None  # idle again, the newest

    def connection_lost(self, exc: Exception | None) -> None:
        super().connection_lost(exc)
        self.book.idle.pop(self, None)
        self._disarm()
        if self.linger_timer is not None:
            self.linger_timer.cancel()
        figures().connections.dec()

    def timeout_keep_alive_handler(self) -> None:
        if not self.transport.is_closing():
            figures().by_reason["keepalive_timeout"].inc()
        super().timeout_keep_alive_handler()

    def head_timed_out(self) -> None:
        self.head_timer = None
        cycle = self.cycle
        busy = cycle is not None and not cycle.response_complete
        if self.lingering or self.transport.is_closing() or busy:
            return
        began = self.conn.their_state is not h11.IDLE or bool(self.conn.trailing_data[0])
        if began:
            self.refuse(
                RequestTimeout(
                    f"the request head was not complete within {self.header_timeout:g} seconds"
                ),
                "header_timeout",
            )
        else:
            self.close_for("header_timeout")

    def send_400_response(self, msg: str) -> None:
        """h11 refused the request: a head over :data:`MAX_HEAD_READ` gets 414/431."""
        buffered = self.conn.trailing_data[0]
        if len(buffered) <= MAX_HEAD_READ:
            super().send_400_response(msg)
            return
        if buffered.find(b"\n", 0, MAX_URL + 64) < 0:
            error: ServiceError = URITooLong(
                f"the request line is over {MAX_URL} bytes; the limit is {MAX_URL}"
            )
        else:
            error = HeadersTooLarge(
                f"the request head is over {MAX_HEAD_READ} bytes; the server reads no more"
            )
        self.refuse(error, "head_too_large")

    def close_for(self, reason: str) -> None:
        """Close the connection, counted under ``reason``."""
        if not self.transport.is_closing() and not self.lingering:
            figures().by_reason[reason].inc()
            self._disarm()
            self.transport.close()

    def refuse(self, error: ServiceError, reason: str, retry_after: int | None = None) -> None:
        """Answer problem+json and close. Closed at once, a socket with unread bytes would
        answer the client's next ones with a reset, which may destroy the answer before
        it is read; so the connection is closed for writing, and what the client still
        sends is read and dropped until it closes, for at most :data:`LINGER` seconds
        (nginx's lingering close)."""
        if self.lingering or self.transport.is_closing():
            return
        body = json.dumps(error.problem()).encode()
        head = [
            f"HTTP/1.1 {error.status} {_phrase(error.status)}",
            f"content-type: {PROBLEM_JSON}",
            f"content-length: {len(body)}",
            "connection: close",
            "cache-control: no-store",
            "x-content-type-options: nosniff",
        ]
        if retry_after is not None:
            head.append(f"retry-after: {retry_after}")
        self.transport.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        figures().by_reason[reason].inc()
        self._disarm()
        self.book.idle.pop(self, None)
        self.conn = h11.Connection(h11.SERVER)  # the refused head's buffer is let go now
        self.lingering = True
        self.linger_until = self.loop.time() + LINGER_AT_MOST
        self.flow.resume_reading()
        self.transport.write_eof()
        self._linger()

    def _linger(self) -> None:
        """(Re)start the lingering close's clock: LINGER more seconds, within LINGER_AT_MOST."""
        if self.linger_timer is not None:
            self.linger_timer.cancel()
        wait = min(LINGER, self.linger_until - self.loop.time())
        self.linger_timer = self.loop.call_later(max(wait, 0.0), self.transport.close)

    def _disarm(self) -> None:
        if self.head_timer is not None:
            self.head_timer.cancel()
            self.head_timer = None


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
