"""The server's own figures for ``/metrics``: connections, failed accepts, dropped log lines.

Counted by the connection protocol (:mod:`service.web.connections`), the
serving loop and the log writers; shown by every app's ``/metrics``
(:mod:`service.web.observe`) beside its request figures.
"""

from __future__ import annotations

import os

from prometheus_client import CollectorRegistry, Counter, Gauge

MULTIPROCESS = "PROMETHEUS_MULTIPROC_DIR"  # read by prometheus_client when it is imported


class ServerFigures:
    """What the server (not the app) sees, per process: connections and dropped log lines.

    Made when a process first needs them (:func:`figures`), so the supervisor of
    ``serve --workers N`` has none: in multiprocess mode their values live in the
    shared directory like every worker's request figures; otherwise in
    :data:`SERVER`, which every app's ``/metrics`` shows.
    """

    CLOSED = ("header_timeout", "keepalive_timeout", "evicted", "refused", "head_too_large")

    def __init__(self, registry: CollectorRegistry | None) -> None:
        self.connections = Gauge(
            "lingodocs_connections",
            "Connections open (per worker process, labelled pid, with several workers).",
            multiprocess_mode="liveall",
            registry=registry,
        )
        self.closed = Counter(
            "lingodocs_connections_closed",
            "Connections the server closed or refused itself, by reason.",
            ("reason",),
            registry=registry,
        )
        self.accept_errors = Counter(
            "lingodocs_accept_errors",
            "Connections the server could not accept (out of descriptors or memory).",
            registry=registry,
        )
        self.dropped = Counter(
            "lingodocs_log_lines_dropped",
            "Log lines dropped because their reader was slow or gone, by log.",
            ("log",),
            registry=registry,
        )
        self.by_reason = {reason: self.closed.labels(reason) for reason in self.CLOSED}
        self.dropped_lines = {log: self.dropped.labels(log) for log in ("access", "service")}


SERVER = CollectorRegistry()  # the server's figures, when they are this process's only
_FIGURES: list[ServerFigures] = []


def figures() -> ServerFigures:
    """This process's :class:`ServerFigures` (made by the first call)."""
    if not _FIGURES:
        _FIGURES.append(ServerFigures(None if os.environ.get(MULTIPROCESS) else SERVER))
    return _FIGURES[0]


def dropped_access(lines: int) -> None:
    figures().dropped_lines["access"].inc(lines)


def dropped_service(lines: int) -> None:
    figures().dropped_lines["service"].inc(lines)
