"""A response's head and body in one write: all of it reaches a proxy, or none.

The connections' protocol (``connections.GuardedH11``) gives each request this
view of its connection.
"""

from __future__ import annotations

import asyncio
from typing import Any


class OneWrite:
    """One response's view of its connection: the response's head is written with the
    first part of its body, in one ``write``.

    uvicorn writes a response's head and body apart. A worker killed between the two
    (``kill -9``, the OOM killer) left a proxy with a head and no body: one request
    failed that nginx could not retry, as it had passed the head on. Written at once,
    a response is all sent or not at all (a connection closed before a byte of it,
    which the proxy tries on the next replica).

    A head that announces its body's length waits for the body's first part however
    long it takes (a file read in a thread): such a body always follows, and waiting
    costs the event loop nothing (a callback scheduled per response cost every lookup
    a turn of the loop: about 3% of its instructions, callgrind). A head without a
    length (a stream, whose first part may be minutes away) is written on its own at
    the end of its turn of the loop if no body part came in it. A connection closed
    with a head still held sends nothing of that response."""

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._head: bytes | None = None
        self._later: asyncio.Handle | None = None
        self._first = True

    def write(self, data: bytes) -> None:
        if self._first:  # the head: held for the body's first part
            self._first = False
            self._head = data
            if b"\r\ncontent-length:" not in data and b"\r\nContent-Length:" not in data:
                self._later = self._loop.call_soon(self._flush)
            return
        if self._head is not None:
            data, self._head = self._head + data, None
            if self._later is not None:
                self._later.cancel()
        self._transport.write(data)

    def _flush(self) -> None:
        if self._head is not None and not self._transport.is_closing():
            self._transport.write(self._head)
        self._head = None

    def close(self) -> None:
        if self._later is None:  # a head that waits for a body that never came: not sent
            self._head = None
        self._flush()
        self._transport.close()

    def __getattr__(self, name: str) -> Any:  # is_closing, get_extra_info…: the connection's
        return getattr(self._transport, name)
