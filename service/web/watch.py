"""``/_watch/events``: the open pages told of each new build (``serve --watch`` only).

A page served with ``--watch`` loads ``static/watch.js``, which listens here
(server-sent events, plain ``text/event-stream``; no framework) and reloads
itself when the build id it was rendered from is no longer the one served:

- ``event: build``, ``data:`` the build id served, on connecting and after
  each watched ingest;
- ``event: problems``, ``data:`` a JSON list of the last ingest's problems with
  the files it ingested (``path:line: message``), which the page shows; ``[]``
  once they are mended.

:class:`Changes` is told (from the watcher's thread) and wakes each stream on
its own event loop. A stream sends a comment every :data:`KEEPALIVE` seconds
(a closed tab is noticed then) and ends after :data:`LIFETIME` (the browser
connects again by itself, :data:`RETRY` ms later); every stream ends when the
server shuts down (:func:`close_all`, from :mod:`.worker`): else the server
would wait its whole grace period for them.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import weakref
from collections.abc import AsyncIterator, Callable, Sequence

from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

EVENTS_URL = "/_watch/events"
KEEPALIVE = 15.0  # seconds between two comments on a quiet stream
LIFETIME = 300.0  # seconds a stream lasts; the page's EventSource then connects again
RETRY = 300  # ms the browser waits before it connects again (a restarted server)
_OPEN: weakref.WeakSet[Changes] = weakref.WeakSet()


class Changes:
    """What the open pages are told: the build served (``current()``) and the problems."""

    def __init__(self, current: Callable[[], str]) -> None:
        self.current = current
        self.problems: tuple[str, ...] = ()
        self.closed = False
        self._lock = threading.Lock()
        self._waiting: set[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = set()
        _OPEN.add(self)

    def publish(self, problems: Sequence[str]) -> None:
        """A watched ingest ended (any thread): every stream sends what is now."""
        with self._lock:
            self.problems = tuple(problems)
        self._wake()

    def close(self) -> None:
        """End every stream (the server is stopping)."""
        self.closed = True
        self._wake()

    def _wake(self) -> None:
        with self._lock:
            waiting = list(self._waiting)
        for loop, event in waiting:
            with contextlib.suppress(RuntimeError):  # its loop has closed
                loop.call_soon_threadsafe(event.set)

    async def stream(self) -> AsyncIterator[bytes]:
        """One page's events: what is now, then each change, until the server stops."""
        event = asyncio.Event()
        loop = asyncio.get_running_loop()
        ends = loop.time() + LIFETIME  # a stream nobody reads (a HEAD) ends too
        mine = (loop, event)
        with self._lock:
            self._waiting.add(mine)
        try:
            yield f"retry: {RETRY}\n\n".encode()
            sent: tuple[str, tuple[str, ...]] | None = None
            while not self.closed and loop.time() < ends:
                now = (self.current(), self.problems)
                if now != sent:
                    yield _event("build", now[0]) + _event("problems", json.dumps(now[1]))
                    sent = now
                try:
                    await asyncio.wait_for(event.wait(), KEEPALIVE)
                except TimeoutError:
                    yield b": still here\n\n"
                event.clear()
        finally:
            with self._lock:
                self._waiting.discard(mine)


def _event(name: str, data: str) -> bytes:
    lines = "".join(f"data: {line}\n" for line in data.split("\n"))
    return f"event: {name}\n{lines}\n".encode()


def close_all() -> None:
    """End the streams of every app in this process (the server is shutting down)."""
    for changes in list(_OPEN):
        changes.close()


def install(app: FastAPI, changes: Changes) -> None:
    """Add ``/_watch/events`` (only a ``--watch`` server has it)."""

    async def events(request: Request) -> Response:
        return StreamingResponse(
            changes.stream(),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )

    app.add_route(EVENTS_URL, events, methods=["GET"], include_in_schema=False)
