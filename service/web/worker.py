"""A worker process of ``serve --workers N`` (kept light: the supervisor pings it at once).

uvicorn's supervisor kills a worker that does not answer its health-check ping
within ``timeout_worker_healthcheck`` (5 s): so its pong thread starts, and
answers, before the web stack is imported (2 s on a loaded machine), as in
uvicorn's own worker. The pong asks for the worker's :class:`Server`: it lives
here, with nothing heavy to import.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
from collections.abc import Iterator
from typing import Any

import uvicorn
from uvicorn.supervisors.multiprocess import Process

from service.settings import Settings


class Server(uvicorn.Server):
    """uvicorn's Server, writing out the service log before it ends the process.

    At shutdown, the open pages' event streams (``serve --watch``) end before uvicorn
    waits for the requests under way. After a graceful shutdown on SIGTERM, uvicorn
    raises the signal again with its default action, which ends the process at once:
    the log's last lines (``Finished server process``) would be lost in the writer's
    buffer.
    """

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        from .watch import close_all  # ``--watch``: the pages' event streams end first

        close_all()
        await super().shutdown(sockets)

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        with super().capture_signals():
            try:
                yield
            finally:
                flush_log()


def flush_log() -> None:
    """Write out the service log (a bounded wait: a stalled reader gets no more)."""
    for handler in logging.getLogger().handlers:
        handler.flush()


class LimitsConfig(uvicorn.Config):
    """uvicorn's Config with the limits of :class:`~service.web.connections.GuardedH11`
    (pickled to each worker, so it lives here, with nothing heavy to import)."""

    def __init__(self, *args: Any, header_timeout: float, max_connections: int, **kw: Any):
        super().__init__(*args, **kw)
        self.header_timeout = header_timeout
        self.max_connections = max_connections


class Worker(Process):
    """uvicorn's worker, served by :mod:`service.web.serving` (its log, its server)."""

    @property
    def server(self) -> uvicorn.Server:
        if self._server is None:
            self._server = Server(config=self.config)
        return self._server

    def target(self, sockets: list[socket.socket] | None = None) -> None:  # pragma: no cover
        threading.Thread(target=self.always_pong, daemon=True).start()
        from . import serving

        serving.log_to_stderr(Settings.from_env())  # a new process: ``serve`` exported them
        serving.run(self.server, sockets or [])
        flush_log()
