"""Log lines out of the process without ever making a request wait for their reader.

A reader of standard output that is slow, stopped or gone must not stop the
service: a ``write()`` to a full pipe blocks, and from the event loop it blocks
every request, ``/healthz`` and the SIGTERM handler with them. So no log line is
written where it is made. :class:`LineWriter` keeps lines in a buffer of at most
``capacity`` bytes, and one thread of its own writes them out; when the buffer
is full, a new line is dropped and counted (``lingodocs_log_lines_dropped_total``
in ``/metrics``). The thread may block in ``write()`` for as long as the reader
likes; nothing else waits for it, and shutdown waits for it a bounded time
(:data:`EXIT_WAIT`).

Writes go to the stream's file descriptor with ``os.write`` (no Python lock is
held while the thread is blocked, so interpreter exit never waits on it), in
chunks of whole lines of at most ``PIPE_BUF`` bytes: the workers of ``serve
--workers N`` share one stdout, and a write that size to a pipe is never
interleaved with another process's. A stream without a descriptor (a test's
capture) is written through its own ``write``.

:class:`ServiceLog` is the same for the service's own log (Python ``logging``,
on stderr): ``lingodocs serve`` makes it the only handler of the root logger,
in the supervisor and in every worker.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import sys
import threading
from collections.abc import Callable

CAPACITY = 1024 * 1024  # bytes of lines kept for a slow reader (LINGODOCS_LOG_BUFFER)
FLUSH_EVERY = 0.2  # seconds: a log is never further behind than this when its reader keeps up
WAKE_AT = 32 * 1024  # bytes waiting that wake the writer before FLUSH_EVERY
EXIT_WAIT = 1.0  # seconds shutdown waits for the writer (a stalled reader gets no more)
ATOMIC = select.PIPE_BUF  # a write this size to a pipe is never interleaved


class LineWriter:
    """Lines (``str`` ending in a newline) to ``sys.<stream>`` from a thread of its own."""

    def __init__(
        self,
        stream: str,
        capacity: int = CAPACITY,
        dropped: Callable[[int], None] | None = None,
    ) -> None:
        self.stream = stream  # "stdout" or "stderr": looked up at each write
        self.capacity = capacity
        self.dropped = 0  # lines dropped so far (this writer's)
        self._count = dropped
        self._lines: list[str] = []
        self._size = 0  # bytes waiting or being written
        self._busy = False
        self._urgent = False
        self._closing = False
        self._cond = threading.Condition(threading.Lock())
        self._thread: threading.Thread | None = None  # started by the first line

    def put(self, line: str, urgent: bool = False) -> bool:
        """Keep a line for the writer; False (and counted) when the buffer is full."""
        with self._cond:
            if self._size + len(line) > self.capacity:
                self.dropped += 1
                full = True
            else:
                full = False
                self._lines.append(line)
                self._size += len(line)
                self._closing = False  # a line after close() (an app started again) goes out
                if self._thread is None:
                    self._thread = threading.Thread(
                        target=self._run, name=f"log-{self.stream}", daemon=True
                    )
                    self._thread.start()
                elif urgent or self._size >= WAKE_AT:
                    self._urgent = True
                    self._cond.notify()
        if full and self._count is not None:
            self._count(1)
        return not full

    def flush(self, timeout: float = EXIT_WAIT) -> bool:
        """Wait (at most ``timeout`` seconds) until every line kept so far is written."""
        with self._cond:
            self._urgent = True
            self._cond.notify()
            return self._cond.wait_for(lambda: not self._lines and not self._busy, timeout)

    def close(self, timeout: float = EXIT_WAIT) -> None:
        """Write what is waiting (bounded) and end the thread (a later line starts another)."""
        self.flush(timeout)
        with self._cond:
            self._closing = True
            self._cond.notify()

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._urgent or self._closing, FLUSH_EVERY)
                self._urgent = False
                if not self._lines:
                    if self._closing:
                        self._thread = None
                        return
                    continue
                lines, self._lines = self._lines, []
                self._busy = True
            written = self._write(lines)
            with self._cond:
                self._size -= sum(map(len, lines))
                self._busy = False
                self._cond.notify_all()
            if written < len(lines):
                with self._cond:
                    self.dropped += len(lines) - written
                if self._count is not None:
                    self._count(len(lines) - written)

    def _write(self, lines: list[str]) -> int:
        """Write the lines out (blocking); how many were written."""
        out = getattr(sys, self.stream, None)
        if out is None:
            return 0
        try:
            fd = out.fileno()
        except (AttributeError, OSError, ValueError):  # no descriptor: a capture, a StringIO
            try:
                out.write("".join(lines))
                out.flush()
            except (OSError, ValueError):
                return 0
            return len(lines)
        done = 0
        for chunk, count in _chunks(lines):
            view = memoryview(chunk)
            try:
                while view:
                    try:
                        view = view[os.write(fd, view) :]
                    except BlockingIOError:  # someone made the descriptor non-blocking
                        select.select([], [fd], [], 1.0)
            except OSError:  # the reader is gone (EPIPE), the descriptor closed
                return done
            done += count
        return done


def _chunks(lines: list[str]) -> list[tuple[bytes, int]]:
    """Whole lines in chunks of at most ``ATOMIC`` bytes (a longer line alone)."""
    chunks: list[tuple[bytes, int]] = []
    part: list[bytes] = []
    size = 0
    for line in lines:
        data = line.encode("utf-8", "replace")
        if part and size + len(data) > ATOMIC:
            chunks.append((b"".join(part), len(part)))
            part, size = [], 0
        part.append(data)
        size += len(data)
    if part:
        chunks.append((b"".join(part), len(part)))
    return chunks


class ServiceLog(logging.Handler):
    """A ``logging`` handler that never blocks: records go through a :class:`LineWriter`."""

    def __init__(self, writer: LineWriter) -> None:
        super().__init__()
        self.writer = writer

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record)
        except Exception:  # a record that cannot be formatted is dropped, never raised
            return
        self.writer.put(line + "\n", urgent=record.levelno >= logging.ERROR)

    def flush(self) -> None:
        self.writer.flush()


FORMAT = "%(levelname)s %(message)s"


def install(level: str, capacity: int, dropped: Callable[[int], None] | None = None) -> ServiceLog:
    """Make a :class:`ServiceLog` on stderr the root logger's only handler (uvicorn's
    loggers propagate to it: ``serve`` gives uvicorn no logging config of its own)."""
    handler = ServiceLog(LineWriter("stderr", capacity, dropped))
    handler.setFormatter(logging.Formatter(FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
        with contextlib.suppress(Exception):
            old.close()
    root.addHandler(handler)
    root.setLevel(level.upper())
    return handler
