"""``lingodocs serve``: the uvicorn server, its limits, its log, and its worker processes.

* Limits: the connection protocol of :mod:`service.web.connections` (head and
  keep-alive timeouts, a connection cap, a bounded head), and the soft
  descriptor limit raised to the hard one at start, so the cap has room.
* Out of descriptors anyway (``EMFILE`` at ``accept()``), asyncio logs a
  traceback for each of up to ``backlog`` accepts a loop tick:
  :func:`quiet_accept_errors` makes that one warning line a burst, counted in
  ``lingodocs_accept_errors_total``.
* Log: the service's own log (and uvicorn's, which gets no logging config of its
  own) goes through :class:`~service.web.logwriter.ServiceLog`, in the supervisor
  and in every worker: a stalled stderr never stops serving.
* Workers (``--workers N``): uvicorn's supervisor (it restarts a worker that
  dies), but with a listening socket per worker, each ``SO_REUSEPORT``, so the
  kernel spreads new connections evenly over the workers. On one shared socket
  the worker that wakes first takes every connection of a burst, and keep-alive
  clients stay where they landed: a soak's 16 clients all went to one worker.
  The supervisor holds the sockets, so connections that arrive while a dead
  worker is replaced wait in its socket's queue for the new one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import resource
import socket
import sys
import time
from pathlib import Path
from typing import Any

import uvicorn
from uvicorn.config import STARTUP_FAILURE
from uvicorn.supervisors.multiprocess import Multiprocess, Process

from service.settings import Settings

from . import logwriter
from .edge import MAX_HEAD_READ
from .figures import dropped_service, figures
from .worker import LimitsConfig, Server, Worker, flush_log

log = logging.getLogger("lingodocs")
REPEAT_EVERY = 10.0  # seconds between two warnings of failed accepts
GRACE = 10  # seconds running requests get to finish at shutdown
JOIN_WAIT = GRACE + 5  # seconds the supervisor waits for a worker to end before SIGKILL


def serve(settings: Settings, app: str = "service.app:app_from_env") -> int:
    """Serve ``app`` (an app factory, imported in each worker) as ``settings`` say; the
    exit status (2: the address cannot be listened on)."""
    raise_descriptor_limit()
    config = LimitsConfig(
        app,
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_level=settings.log_level,
        log_config=None,  # uvicorn's loggers propagate to the service log (logwriter)
        timeout_graceful_shutdown=GRACE,
        timeout_keep_alive=settings.keepalive_timeout,
        proxy_headers=False,
        server_header=False,
        access_log=False,  # the access log is ours (web.observe): one JSON line a request
        http="service.web.connections:GuardedH11",  # imported by each worker when it loads
        h11_max_incomplete_event_size=MAX_HEAD_READ,
        header_timeout=settings.header_timeout,
        max_connections=settings.max_connections,
    )
    try:
        sockets = listening_sockets(settings.host, settings.port, settings.workers)
    except OSError as exc:
        print(
            f"lingodocs serve: cannot listen on {settings.host}:{settings.port}: {exc}",
            file=sys.stderr,
        )
        return 2
    log_to_stderr(settings)
    log.info(
        "serving on http://%s:%d with %d worker%s",
        settings.host,
        settings.port,
        settings.workers,
        "s" if settings.workers > 1 else "",
    )
    if settings.workers > 1:
        Workers(config, sockets, settings.metrics_dir).run()
    else:
        run(Server(config), sockets)
    flush_log()
    return 0


def log_to_stderr(settings: Settings) -> None:
    logwriter.install(settings.log_level, settings.log_buffer, dropped_service)


def raise_descriptor_limit() -> int:
    """Raise the soft ``RLIMIT_NOFILE`` to the hard one (workers inherit it); the new one."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != hard:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
    return soft


def run(server: uvicorn.Server, sockets: list[socket.socket]) -> None:
    """``server.run``, with failed accepts made quiet (:func:`quiet_accept_errors`)."""

    async def main() -> None:
        asyncio.get_running_loop().set_exception_handler(quiet_accept_errors)
        await server.serve(sockets)

    with asyncio.Runner(loop_factory=server.config.get_loop_factory()) as runner:
        runner.run(main())


def tcp_socket(host: str, port: int, reuse_port: bool = False) -> socket.socket:
    """A bound TCP socket. Bound with protocol ``IPPROTO_TCP`` (uvicorn binds protocol 0),
    for asyncio sets ``TCP_NODELAY`` only on those: else every keep-alive response
    waits ~40 ms for a delayed ACK."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse_port:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


def listening_sockets(host: str, port: int, workers: int) -> list[socket.socket]:
    """One socket, or one ``SO_REUSEPORT`` socket a worker. A plain bind first, so a port
    someone (another server too) holds fails here, as it would without the option."""
    probe = tcp_socket(host, port)
    if workers <= 1:
        return [probe]
    port = probe.getsockname()[1]
    probe.close()
    return [tcp_socket(host, port, reuse_port=True) for _ in range(workers)]


class Workers(Multiprocess):
    """uvicorn's supervisor, with a socket of its own for each worker's place (see above).

    A worker that dies is replaced on the same socket, and its live gauges are
    dropped from the shared metrics; at shutdown, a worker that does not end within
    :data:`JOIN_WAIT` seconds is killed. (uvicorn's SIGTTIN/SIGTTOU, adding and
    removing workers, are refused: the sockets are made for ``--workers``.)
    """

    def __init__(self, config: uvicorn.Config, sockets: list[socket.socket], share: Path | None):
        super().__init__(config, sockets)
        self.share = share

    def spawn(self, place: int) -> Process:
        process = Worker(self.config, [self.sockets[place]])
        process.start()
        return process

    def init_processes(self) -> None:
        self.processes = [self.spawn(place) for place in range(len(self.sockets))]

    def keep_subprocess_alive(self) -> None:
        if self.should_exit.is_set():
            return
        for place, process in enumerate(self.processes):
            if process.is_alive(timeout=self.config.timeout_worker_healthcheck):
                continue
            process.kill()  # hung, or dead already
            process.join()
            self.forget(process.pid)
            if process.exitcode == STARTUP_FAILURE:  # a restart would fail the same way
                log.error("worker %s failed to start; stopping", process.pid)
                self.should_exit.set()
                return
            if self.should_exit.is_set():
                return
            log.warning(
                "worker %s died (exit code %s); starting another", process.pid, process.exitcode
            )
            self.processes[place] = self.spawn(place)

    def restart_all(self) -> None:  # SIGHUP: each worker replaced, one at a time
        for place, old in enumerate(self.processes):
            if self.should_exit.is_set():
                return
            new = self.spawn(place)
            if not new.wait_until_ready(self.config.timeout_worker_healthcheck, self.should_exit):
                new.kill()
                new.join()
                return
            old.terminate()
            old.join()
            self.forget(old.pid)
            self.processes[place] = new

    def handle_ttin(self) -> None:
        log.warning("SIGTTIN ignored: the number of workers is --workers")

    def handle_ttou(self) -> None:
        log.warning("SIGTTOU ignored: the number of workers is --workers")

    def join_all(self) -> None:
        for sock in self.sockets:  # the workers hold their own; new connections are refused
            sock.close()
        for process in self.processes:
            process.process.join(JOIN_WAIT)
            if process.process.exitcode is None:
                log.error("worker %s did not end in %d s; killing it", process.pid, JOIN_WAIT)
                process.kill()
                process.process.join()
            self.forget(process.pid)

    def forget(self, pid: int | None) -> None:
        """A dead worker's live gauges (open connections) leave ``/metrics``."""
        if self.share is not None and pid is not None:
            from prometheus_client import multiprocess

            with contextlib.suppress(OSError):
                multiprocess.mark_process_dead(pid, str(self.share))  # type: ignore[no-untyped-call]


_last_warning = [0.0, 0]  # when the last warning was logged, failed accepts since


def quiet_accept_errors(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    """The loop's exception handler: a failed ``accept()`` is counted, and logged once a
    :data:`REPEAT_EVERY` seconds (asyncio retries a second later by itself)."""
    if context.get("message") != "socket.accept() out of system resource":
        loop.default_exception_handler(context)
        return
    figures().accept_errors.inc()
    _last_warning[1] += 1
    now = time.monotonic()
    if now - _last_warning[0] >= REPEAT_EVERY:
        log.warning(
            "cannot accept connections: %s (%d failed accepts since the last warning; "
            "descriptor limit %d)",
            context.get("exception"),
            _last_warning[1],
            resource.getrlimit(resource.RLIMIT_NOFILE)[0],
        )
        _last_warning[0] = now
        _last_warning[1] = 0
