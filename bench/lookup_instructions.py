"""CPU per method lookup over HTTP, counted in instructions: the service against the bare app.

``python -m bench.lookup_instructions [--index DIR] [--requests N]`` serves, under
``valgrind --tool=callgrind``, ``lingodocs serve`` (its defaults: one worker, the
access log on) and the bare baseline (``bench.baseline_serve``: the framework
alone, returning the service's own records, captured first); each twice, once
answering N lookups of the lookup section's mix (``GET /api/v1/methods/{m}``, the
Accept-Language mix of ``bench.load``, four keep-alive connections, every answer
checked: 200 and the locale that header must get) and once answering only the
readiness probe and the warm-up, and prints the difference per lookup, and the
service's with its access log off. The whole server process is counted (the event
loop, h11, the app, the log's own thread), the client is not.

Seconds on this shared 2-core machine move with the neighbours (the lookup
section's ``other processes used …%`` note); a count of the same binary, inputs and
environment does not, so this is the lookup ratio that repeats. It leaves out what
instructions do not show (system calls, a thread waiting for the GIL): the lookup
section's wrk runs measure those.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench.config import ROOT
from bench.load import ACCEPT_MIX, METHODS
from bench.procs import HOST, BenchError, Procs, end_cleanly_on_signals, free_port, wait_ready
from bench.servers import capture_bodies, write_fixture

WARMUP = 50  # lookups in both runs: imports, the memo filled
CONNECTIONS = 4
_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")
_LOCALE = re.compile(rb'"locale"\s*:\s*"([A-Za-z-]+)"')
CALLGRIND = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]


def lookups(port: int, count: int) -> None:
    """``count`` lookups after the warm-up, over keep-alive connections, each checked."""
    conns = [http.client.HTTPConnection(HOST, port, timeout=60) for _ in range(CONNECTIONS)]
    try:
        for i in range(WARMUP + count):
            method = METHODS[i % len(METHODS)]
            header, locale = ACCEPT_MIX[(i // len(METHODS)) % len(ACCEPT_MIX)]
            conn = conns[i % CONNECTIONS]
            conn.request("GET", f"/api/v1/methods/{method}", headers={"Accept-Language": header})
            answer = conn.getresponse()
            body = answer.read()
            found = _LOCALE.search(body)
            if answer.status != 200 or found is None or found.group(1).decode() != locale:
                raise BenchError(f"{method} with {header!r}: HTTP {answer.status}, not {locale}")
    finally:
        for conn in conns:
            conn.close()


def counted(
    procs: Procs, name: str, cmd: list[str], port: int, env: dict[str, str], count: int
) -> int:
    """Instructions of one server process (``cmd`` on ``port``) that answered ``count``
    lookups after the warm-up."""
    item = procs.spawn(name, [*CALLGRIND, *cmd], env=env, port=port, cwd=ROOT)
    try:
        wait_ready(item, "/readyz", timeout=600)  # a start under valgrind takes a while
        lookups(port, count)
    finally:
        item.stop(grace=300)  # SIGTERM: the server ends, valgrind writes its count
        procs.spawned.remove(item)
    found = _COLLECTED.search(item.log.read_text(encoding="utf-8", errors="replace"))
    if found is None:
        raise BenchError(f"{name}: no callgrind count in {item.log}")
    return int(found.group(1))


def per_lookup(
    procs: Procs, name: str, make: Callable[[int], list[str]], env: dict[str, str], count: int
) -> float:
    """Instructions per lookup: a run of ``count`` lookups less one of none."""
    runs = []
    for n in (0, count):
        port = free_port()
        runs.append(counted(procs, f"{name}-{n}", make(port), port, env, n))
    return (runs[1] - runs[0]) / count


def main(argv: list[str] | None = None) -> int:
    end_cleanly_on_signals()
    parser = argparse.ArgumentParser(
        prog="python -m bench.lookup_instructions", description=__doc__
    )
    parser.add_argument("--index", type=Path, default=ROOT / ".index", help="a build (make ingest)")
    parser.add_argument("--requests", type=int, default=3000, help="lookups counted")
    args = parser.parse_args(argv)
    lingodocs = [sys.executable, "-m", "service.cli"]

    def service(port: int) -> list[str]:
        return [
            *lingodocs,
            "serve",
            "--index",
            str(args.index),
            "--host",
            HOST,
            "--port",
            str(port),
        ]

    def bare(port: int) -> list[str]:
        return [sys.executable, "-m", "bench.baseline_serve", HOST, str(port), "1"]

    with (
        tempfile.TemporaryDirectory(prefix="lookup-instructions-") as tmp,
        Procs(Path(tmp)) as procs,
    ):
        port = free_port()
        plain = procs.spawn("capture", service(port), port=port, cwd=ROOT)
        wait_ready(plain, "/readyz", timeout=120)
        fixture = Path(tmp) / "fixture.json"
        write_fixture(fixture, capture_bodies(port))
        procs.stop(plain)
        env = {"PYTHONHASHSEED": "0"}
        figures = {
            "bare FastAPI": per_lookup(
                procs, "bare", bare, {**env, "BENCH_FIXTURE": str(fixture)}, args.requests
            ),
            "lingodocs serve": per_lookup(procs, "service", service, env, args.requests),
            "lingodocs serve, access log off": per_lookup(
                procs, "quiet", service, {**env, "LINGODOCS_LOG_LEVEL": "warning"}, args.requests
            ),
        }
    base = figures["bare FastAPI"]
    print(json.dumps({"requests": args.requests, "instructions_per_lookup": figures}))
    for name, value in figures.items():
        print(
            f"{name:34} {value / 1e3:8,.1f}k instructions a lookup, "
            f"{base / value:.3f}x the bare app's rate"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
