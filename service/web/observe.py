"""What the service tells its operators: an access log line per request, and ``/metrics``.

:class:`~service.web.edge.Edge` calls :meth:`Observer.record` once per
request, after the response: one JSON line goes to standard output
(``time``, ``method``, ``path``, ``route``, ``status``, ``duration_ms``,
``locale``), and the request is counted by (route, method, status) and timed
into a latency histogram per route. Routes are the matched path templates
(``/api/v1/methods/{method}``), so label values stay few.

``GET /metrics`` answers the Prometheus text format, made by
``prometheus_client``. With ``serve --workers N`` it runs in multiprocess
mode: each worker keeps its figures in memory-mapped files of a shared
directory (``LINGODOCS_METRICS_DIR``, handed to prometheus_client as
``PROMETHEUS_MULTIPROC_DIR`` by ``serve``), and the worker that answers a
scrape adds up all of them. Index gauges (build, creation time, documents,
size) come from the build being served.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Iterator
from datetime import datetime
from json.encoder import encode_basestring_ascii as _string  # ASCII: any stdout takes it
from pathlib import Path
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4
from prometheus_client.metrics import disable_created_metrics
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.responses import Response

from . import logwriter
from .figures import MULTIPROCESS, SERVER, dropped_access, figures

UNMATCHED = "(unmatched)"  # no route: a 404 or the like
REJECTED = "(edge)"  # answered by the edge's size limits
METHODS = frozenset(
    {"GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE", "TRACE", "CONNECT"}
)
BOUNDS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
TEXT = CONTENT_TYPE_PLAIN_0_0_4
disable_created_metrics()  # type: ignore[no-untyped-call]  # no *_created series


class AccessLog:
    """One JSON line per request on standard output, apart from the service's own log.

    Lines go through a :class:`~service.web.logwriter.LineWriter`: kept in a
    bounded buffer and written by a thread of their own (at most
    ``FLUSH_EVERY`` seconds behind, at once for a 5xx), so a slow or absent
    reader of stdout never holds up a request; a line that finds the buffer full
    is dropped and counted in ``lingodocs_log_lines_dropped_total{log="access"}``.
    """

    def __init__(self, capacity: int = logwriter.CAPACITY) -> None:
        self._second = -1
        self._stamp = ""
        self.out = logwriter.LineWriter("stdout", capacity, dropped_access)

    def write(
        self, method: str, path: str, route: str, status: int, elapsed_ns: int, locale: str
    ) -> None:
        now = time.time()
        second = int(now)
        if second != self._second:
            self._second = second
            self._stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))
        self.out.put(
            f'{{"time":"{self._stamp}.{int((now - second) * 1000):03d}+00:00",'
            f'"method":"{method}","path":{_string(path[:1000])},"route":{_string(route)},'
            f'"status":{status},"duration_ms":{elapsed_ns / 1e6:.3f},'
            f'"locale":{_string(locale) if locale else "null"}}}\n',
            urgent=status >= 500,
        )

    def flush(self, timeout: float = logwriter.EXIT_WAIT) -> bool:
        """Wait (bounded) until the lines so far are written; False if the reader stalls."""
        return self.out.flush(timeout)

    def close(self) -> None:
        self.out.close()


def access_log(level: str = "info", capacity: int = logwriter.CAPACITY) -> AccessLog | None:
    """The access log, on at ``info`` and ``debug`` (``LINGODOCS_LOG_LEVEL``), else off."""
    wanted = logging.getLevelNamesMapping().get(level.upper(), logging.INFO)
    return AccessLog(capacity) if wanted <= logging.INFO else None


class Observer:
    """Counts and times every request (prometheus_client), and writes its access log line."""

    def __init__(self, log: AccessLog | None = None, share: Path | None = None) -> None:
        self.log = log
        self.share = share if share is not None and _shared_through(share) else None
        self.registry = CollectorRegistry()  # this app's own: a process may hold several apps
        register = None if self.share is not None else self.registry
        self.requests = Counter(
            "lingodocs_requests",
            "Requests answered, by route, method and status.",
            ("route", "method", "status"),
            registry=register,
        )
        self.latency = Histogram(
            "lingodocs_request_duration_seconds",
            "Time from request to the end of the response, by route.",
            ("route",),
            buckets=BOUNDS,
            registry=register,
        )
        # label lookups cost more than the counting: each series' child is kept
        self._counted: dict[tuple[str, str, int], Any] = {}
        self._timed: dict[str, Any] = {}
        figures()  # the server's figures show (at 0) from the first scrape

    def record(
        self, method: str, path: str, route: str, status: int, started_ns: int, locale: str
    ) -> None:
        elapsed = time.perf_counter_ns() - started_ns
        if method not in METHODS:
            method = "OTHER"
        key = (route, method, status)
        counted = self._counted.get(key)
        if counted is None:
            counted = self._counted[key] = self.requests.labels(route, method, str(status))
        counted.inc()
        timed = self._timed.get(route)
        if timed is None:
            timed = self._timed[route] = self.latency.labels(route)
        timed.observe(elapsed / 1e9)
        if self.log is not None:
            self.log.write(method, path, route, status, elapsed, locale)

    def stop(self) -> None:
        """At shutdown: the lines so far are written (a bounded wait), the writer ends."""
        if self.log is not None:
            self.log.close()

    def exposition(self, index: dict[str, Any] | None) -> bytes:
        """Every worker's request figures, then the served build's gauges."""
        figures = self.registry
        if self.share is not None:  # every worker's files, added up
            figures = CollectorRegistry()
            MultiProcessCollector(figures, path=str(self.share))  # type: ignore[no-untyped-call]
        gauges = CollectorRegistry()
        if index is not None:
            gauges.register(_IndexGauges(index))
        return generate_latest(figures) + generate_latest(SERVER) + generate_latest(gauges)


def _shared_through(share: Path) -> bool:
    """Whether prometheus_client keeps this process's figures in ``share`` (it reads
    ``PROMETHEUS_MULTIPROC_DIR`` once, when it is imported: ``serve`` sets it)."""
    if os.environ.get(MULTIPROCESS) == str(share):
        share.mkdir(parents=True, exist_ok=True)
        return True
    logging.getLogger("lingodocs").warning(
        "metrics are this process's only: %s must be %s when the service starts",
        MULTIPROCESS,
        share,
    )
    return False


def clear_shared(share: Path) -> None:
    """Forget an earlier run's figures (``serve`` does it before its workers start)."""
    share.mkdir(parents=True, exist_ok=True)
    for stale in share.glob("*.db"):  # prometheus_client's files, one set a process
        with contextlib.suppress(OSError):
            stale.unlink()


class _IndexGauges(Collector):
    """The build being served, as gauges."""

    def __init__(self, index: dict[str, Any]) -> None:
        self.index = index

    def collect(self) -> Iterator[Metric]:
        info = GaugeMetricFamily(
            "lingodocs_index_info", "The index build being served.", labels=["build"]
        )
        info.add_metric([self.index["build"]], 1)
        yield info
        for name, help_text, key in (
            (
                "lingodocs_index_build_timestamp_seconds",
                "When the served build was made (Unix time).",
                "created",
            ),
            ("lingodocs_index_size_bytes", "Bytes on disk of the served build.", "size"),
            ("lingodocs_index_documents", "Documents in the served build.", "documents"),
            ("lingodocs_index_records", "Method records in the served build.", "records"),
        ):
            yield GaugeMetricFamily(name, help_text, value=self.index[key])


_SIZES: dict[Path, int] = {}


def build_size(build: Path) -> int:
    """Bytes of every file in a build directory (builds never change: computed once)."""
    size = _SIZES.get(build)
    if size is None:
        size = 0
        for folder, _dirs, files in os.walk(build):
            for name in files:
                with contextlib.suppress(OSError):
                    size += os.stat(os.path.join(folder, name)).st_size
        _SIZES[build] = size
    return size


def index_figures(catalog: Any) -> dict[str, Any] | None:
    if catalog is None:
        return None
    try:
        created = datetime.fromisoformat(catalog.created).timestamp()
    except (TypeError, ValueError):
        created = 0.0
    return {
        "build": catalog.build_id,
        "created": created,
        "size": build_size(catalog.build),
        "documents": len(catalog.entries),
        "records": len(catalog.records),
    }


async def metrics(request: Request) -> Response:
    """``GET /metrics``: Prometheus text format."""
    observer: Observer = request.app.state.observer
    body = observer.exposition(index_figures(request.app.state.live.catalog))
    return Response(
        body,
        media_type=TEXT,
        headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"},
    )
