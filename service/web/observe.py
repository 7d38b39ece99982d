"""What the service tells its operators: an access log line per request, and ``/metrics``.

:class:`~service.edge.Edge` calls :meth:`Observer.record` once per request,
after the response: one JSON line goes to standard output (``time``, ``method``, ``path``,
``route``, ``status``, ``duration_ms``, ``locale``),
and the request is counted by (route, method, status) and timed into a
latency histogram per route. Routes are the matched path templates
(``/api/v1/methods/{method}``), so label values stay few.

``GET /metrics`` answers the Prometheus text format (hand-written: a few
dicts of ints). With ``serve --workers N`` every worker writes a snapshot of
its counters to a shared directory once a second, and the worker that
answers ``/metrics`` adds the others' latest snapshots to its own figures.
Index gauges (build, creation time, documents, size) come from the build
being served.
"""

from __future__ import annotations

import bisect
import contextlib
import json
import logging
import os
import sys
import threading
import time
from datetime import datetime
from json.encoder import encode_basestring_ascii as _string  # ASCII: any stdout takes it
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

UNMATCHED = "(unmatched)"  # no route: a 404 or the like
REJECTED = "(edge)"  # answered by the edge's size limits
METHODS = frozenset(
    {"GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE", "TRACE", "CONNECT"}
)
BOUNDS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
_BOUNDS_NS = [int(b * 1e9) for b in BOUNDS]
_SLOTS = len(BOUNDS) + 1  # buckets, then +Inf; the histogram list ends with the sum in ns
SHARE_EVERY = 1.0  # seconds between snapshots when workers share their figures
TEXT = "text/plain; version=0.0.4; charset=utf-8"
FLUSH_EVERY = 0.2  # seconds: the access log is never further behind than this
MAX_PENDING = 256  # lines kept before they are written anyway


class AccessLog:
    """One JSON line per request on standard output, apart from the service's own log.

    Lines are kept in memory and written to ``sys.stdout`` (whatever it is at
    the time) in one write at most every ``FLUSH_EVERY`` seconds, when many are
    waiting, at once for a 5xx, and at shutdown: a write per request is a
    system call per request when Python runs unbuffered (``PYTHONUNBUFFERED``).
    """

    def __init__(self) -> None:
        self._second = -1
        self._stamp = ""
        self._pending: list[str] = []
        self._flushed = time.monotonic()
        self._lock = threading.Lock()

    def write(
        self, method: str, path: str, route: str, status: int, elapsed_ns: int, locale: str
    ) -> None:
        now = time.time()
        second = int(now)
        if second != self._second:
            self._second = second
            self._stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))
        self._pending.append(
            f'{{"time":"{self._stamp}.{int((now - second) * 1000):03d}+00:00",'
            f'"method":"{method}","path":{_string(path[:1000])},"route":{_string(route)},'
            f'"status":{status},"duration_ms":{elapsed_ns / 1e6:.3f},'
            f'"locale":{_string(locale) if locale else "null"}}}\n'
        )
        if (
            status >= 500
            or len(self._pending) >= MAX_PENDING
            or time.monotonic() - self._flushed >= FLUSH_EVERY
        ):
            self.flush()

    def flush(self) -> None:
        """Write what is waiting (from the request path, the flusher thread or shutdown)."""
        with self._lock:
            lines, self._pending = self._pending, []
            self._flushed = time.monotonic()
            if not lines:
                return
            try:
                out = sys.stdout
                out.write("".join(lines))
                out.flush()
            except (OSError, ValueError):  # a closed or broken stdout never fails a request
                pass


def access_log(level: str = "info") -> AccessLog | None:
    """The access log, on at ``info`` and ``debug`` (``LINGODOCS_LOG_LEVEL``), else off."""
    wanted = logging.getLevelNamesMapping().get(level.upper(), logging.INFO)
    return AccessLog() if wanted <= logging.INFO else None


class Observer:
    def __init__(self, log: AccessLog | None = None, share: Path | None = None) -> None:
        self.log = log
        self.counts: dict[tuple[str, str, int], int] = {}  # (route, method, status) → n
        self.hists: dict[str, list[int]] = {}  # route → bucket counts, +Inf, sum (ns)
        self.share = share
        self._stop = threading.Event()
        if log is not None:  # lines written just before a quiet spell still go out
            threading.Thread(target=self._flush, name="access-log", daemon=True).start()
        if share is not None:
            share.mkdir(parents=True, exist_ok=True)
            thread = threading.Thread(target=self._share, name="metrics-share", daemon=True)
            thread.start()

    def record(
        self, method: str, path: str, route: str, status: int, started_ns: int, locale: str
    ) -> None:
        elapsed = time.perf_counter_ns() - started_ns
        if method not in METHODS:
            method = "OTHER"
        key = (route, method, status)
        counts = self.counts
        counts[key] = counts.get(key, 0) + 1
        hist = self.hists.get(route)
        if hist is None:
            hist = self.hists[route] = [0] * (_SLOTS + 1)
        hist[bisect.bisect_left(_BOUNDS_NS, elapsed)] += 1
        hist[_SLOTS] += elapsed
        if self.log is not None:
            self.log.write(method, path, route, status, elapsed, locale)

    # --- several workers ----------------------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        counts = dict(self.counts)  # copies are atomic under the GIL
        hists = dict(self.hists)
        return {
            "counts": [[*k, n] for k, n in counts.items()],
            "hists": {route: list(h) for route, h in hists.items()},
        }

    def _share(self) -> None:
        assert self.share is not None
        target = self.share / f"{os.getpid()}.json"
        while not self._stop.wait(SHARE_EVERY):
            try:
                tmp = target.with_suffix(".tmp")
                tmp.write_text(json.dumps(self.snapshot()), encoding="utf-8")
                os.replace(tmp, target)
            except OSError:
                logging.getLogger("lingodocs").warning("cannot write metrics to %s", target)

    def stop(self) -> None:
        self._stop.set()
        if self.log is not None:
            self.log.flush()

    def _flush(self) -> None:
        assert self.log is not None
        while not self._stop.wait(FLUSH_EVERY):
            self.log.flush()

    def merged(self) -> tuple[dict[tuple[str, str, int], int], dict[str, list[int]]]:
        """This worker's live figures plus the other workers' latest snapshots."""
        counts = dict(self.counts)
        hists = {route: list(h) for route, h in dict(self.hists).items()}
        if self.share is None:
            return counts, hists
        mine = f"{os.getpid()}.json"
        for path in sorted(self.share.glob("*.json")):
            if path.name == mine:
                continue
            try:
                other = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            for route, method, status, n in other.get("counts", []):
                key = (str(route), str(method), int(status))
                counts[key] = counts.get(key, 0) + int(n)
            for route, hist in other.get("hists", {}).items():
                if len(hist) != _SLOTS + 1:
                    continue
                mine_h = hists.setdefault(route, [0] * (_SLOTS + 1))
                for i, n in enumerate(hist):
                    mine_h[i] += int(n)
        return counts, hists

    # --- exposition -----------------------------------------------------------------------

    def exposition(self, index: dict[str, Any] | None) -> str:
        counts, hists = self.merged()
        out = [
            "# HELP lingodocs_requests_total Requests answered, by route, method and status.",
            "# TYPE lingodocs_requests_total counter",
        ]
        for (route, method, status), n in sorted(counts.items()):
            out.append(
                f'lingodocs_requests_total{{route="{_label(route)}",method="{method}",'
                f'status="{status}"}} {n}'
            )
        out += [
            "# HELP lingodocs_request_duration_seconds Time from request to the end of "
            "the response, by route.",
            "# TYPE lingodocs_request_duration_seconds histogram",
        ]
        for route, hist in sorted(hists.items()):
            label = _label(route)
            running = 0
            for bound, n in zip((*BOUNDS, "+Inf"), hist[:_SLOTS], strict=True):
                running += n
                out.append(
                    f'lingodocs_request_duration_seconds_bucket{{route="{label}",'
                    f'le="{bound}"}} {running}'
                )
            out.append(
                f'lingodocs_request_duration_seconds_sum{{route="{label}"}} '
                f"{hist[_SLOTS] / 1e9:.6f}"
            )
            out.append(f'lingodocs_request_duration_seconds_count{{route="{label}"}} {running}')
        if index is not None:
            out += [
                "# HELP lingodocs_index_info The index build being served.",
                "# TYPE lingodocs_index_info gauge",
                f'lingodocs_index_info{{build="{_label(index["build"])}"}} 1',
                "# HELP lingodocs_index_build_timestamp_seconds When the served build was made "
                "(Unix time).",
                "# TYPE lingodocs_index_build_timestamp_seconds gauge",
                f"lingodocs_index_build_timestamp_seconds {index['created']:.0f}",
                "# HELP lingodocs_index_size_bytes Bytes on disk of the served build.",
                "# TYPE lingodocs_index_size_bytes gauge",
                f"lingodocs_index_size_bytes {index['size']}",
                "# HELP lingodocs_index_documents Documents in the served build.",
                "# TYPE lingodocs_index_documents gauge",
                f"lingodocs_index_documents {index['documents']}",
                "# HELP lingodocs_index_records Method records in the served build.",
                "# TYPE lingodocs_index_records gauge",
                f"lingodocs_index_records {index['records']}",
            ]
        return "\n".join(out) + "\n"


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


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
        body.encode("utf-8"),
        media_type=TEXT,
        headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"},
    )
