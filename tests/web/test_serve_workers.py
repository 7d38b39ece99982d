"""``lingodocs serve --workers 2``: real worker processes sharing one read-only index.

Both workers answer (each one's share of the requests shows in the metrics
file prometheus_client keeps for it), ``/metrics`` from either adds up both, every request
leaves one JSON access line, and SIGTERM ends the server gracefully: no 5xx,
no cut-off response, exit code 0, no process left.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.parser import text_string_to_metric_families

from service.settings import Settings
from tests.conftest import CONTENT
from tests.servers import HOST, Server, serve, stop

ROUTE = "/api/v1/methods/{method}"


@pytest.fixture
def two_workers(content_settings: Settings, tmp_path: Path) -> Iterator[tuple[Server, Path]]:
    share = tmp_path / "metrics"
    with serve(
        content_settings.index,
        CONTENT,
        workers=2,
        log=tmp_path / "serve.log",
        env={"LINGODOCS_METRICS_DIR": str(share)},
    ) as server:
        yield server, share


def fresh_get(port: int, path: str) -> tuple[int, bytes]:
    """One request on its own connection (so the kernel may hand it to either worker)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        conn.request("GET", path, headers={"Connection": "close"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def workers_of(pid: int) -> set[int]:
    """The uvicorn worker processes of a server (its spawned children, not helpers)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                command = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if int(fields[1]) == pid and b"spawn_main" in command:
                found.add(int(entry.name))
    return found


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; only its parent's reaping is left


def requests_by_worker(share: Path) -> dict[int, int]:
    """Each worker's count of lookups answered, read from its own prometheus_client file."""
    counts = {}
    for path in share.glob("counter_*.db"):
        pid = int(path.stem.removeprefix("counter_"))
        counts[pid] = int(
            sum(
                sample.value
                for metric in MultiProcessCollector.merge([str(path)])  # type: ignore[no-untyped-call]
                if metric.name == "lingodocs_requests"
                for sample in metric.samples
                if sample.labels.get("route") == ROUTE and sample.labels.get("status") == "200"
            )
        )
    return {pid: n for pid, n in counts.items() if n}


def test_both_workers_answer_and_metrics_add_up(two_workers: tuple[Server, Path]) -> None:
    server, share = two_workers
    # Both workers load the index before they accept: wait until each has answered.
    deadline, warm = time.monotonic() + 30, 0
    while len(requests_by_worker(share)) < 2 and time.monotonic() < deadline:
        assert fresh_get(server.port, "/api/v1/methods/get")[0] == 200
        warm += 1
        time.sleep(0.05)
    assert len(requests_by_worker(share)) == 2, "the second worker never answered"
    while sum(requests_by_worker(share).values()) < warm and time.monotonic() < deadline:
        time.sleep(0.2)
    before = requests_by_worker(share)
    assert sum(before.values()) == warm, before
    results: list[int] = []

    def client(n: int) -> None:
        for i in range(60):
            results.append(
                fresh_get(
                    server.port,
                    f"/api/v1/methods/{['get', 'put'][i % 2]}?lang={['en', 'fr', 'nl', 'sv'][n]}",
                )[0]
            )

    threads = [threading.Thread(target=client, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    sent = len(results)
    assert sent == 240 and set(results) == {200}

    deadline = time.monotonic() + 10
    by_worker: dict[int, int] = {}
    while time.monotonic() < deadline:
        by_worker = requests_by_worker(share)
        if sum(by_worker.values()) == sent + warm:
            break
        time.sleep(0.2)
    assert sum(by_worker.values()) == sent + warm, by_worker
    assert len(by_worker) == 2, f"one worker did all: {by_worker}"
    served = {pid: n - before.get(pid, 0) for pid, n in by_worker.items()}
    assert all(served.values()), f"one worker did all of the load: {served}"
    assert set(by_worker) == workers_of(server.proc.pid), "the files are the workers' own"

    for _ in range(4):  # whichever worker answers, it reports both workers' requests
        status, body = fresh_get(server.port, "/metrics")
        assert status == 200
        family = next(
            f
            for f in text_string_to_metric_families(body.decode())
            if f.name == "lingodocs_requests"
        )
        total = sum(
            s.value
            for s in family.samples
            if s.labels == {"route": ROUTE, "method": "GET", "status": "200"}
        )
        assert total == sent + warm

    def lookups_logged() -> list[dict[str, Any]]:
        lines = [
            json.loads(line) for line in server.output().splitlines() if line.startswith('{"time"')
        ]
        return [x for x in lines if x["route"] == ROUTE]

    deadline = time.monotonic() + 10  # the log is written in batches, 0.2 s apart at most
    while len(lookups_logged()) < sent + warm and time.monotonic() < deadline:
        time.sleep(0.1)
    lookups = lookups_logged()
    assert len(lookups) == sent + warm
    assert {x["locale"] for x in lookups} == {"en", "fr", "nl", "sv"}
    assert "uvicorn.access" not in server.output() and '"GET /api' not in server.output()


@pytest.mark.parametrize("to", ["main", "group"])  # docker signals PID 1; systemd the group
def test_sigterm_drains_and_exits_cleanly(two_workers: tuple[Server, Path], to: str) -> None:
    server, _share = two_workers
    workers = workers_of(server.proc.pid)
    assert len(workers) == 2
    stop_at = threading.Event()
    answered: list[int] = []
    broken: list[str] = []
    refused: list[str] = []

    def client() -> None:
        conn = http.client.HTTPConnection(HOST, server.port, timeout=10)
        for _ in range(5000):
            if stop_at.is_set():
                break
            try:
                conn.request("GET", "/api/v1/search?q=request&limit=20")
                response = conn.getresponse()
                body = response.read()
                length = int(response.getheader("Content-Length") or -1)
                if response.status >= 500 or len(body) != length:
                    broken.append(f"HTTP {response.status}, {len(body)} of {length} bytes")
                else:
                    answered.append(response.status)
            except http.client.IncompleteRead as exc:
                broken.append(f"cut off: {exc!r}")
            except (ConnectionError, http.client.RemoteDisconnected, OSError) as exc:
                refused.append(type(exc).__name__)  # new requests after the socket closed
                conn.close()
                if stop_at.wait(0.05):
                    break
                conn = http.client.HTTPConnection(HOST, server.port, timeout=10)
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(1.0)
    before = len(answered)
    started = time.monotonic()
    if to == "main":
        server.proc.send_signal(signal.SIGTERM)
    else:
        os.killpg(server.proc.pid, signal.SIGTERM)
    code = server.proc.wait(timeout=30)
    took = time.monotonic() - started
    stop_at.set()
    for thread in threads:
        thread.join(timeout=30)
    assert before > 20, "the clients never got going"
    assert not broken, (broken[:5], server.output()[-4000:])
    assert code == 0, server.output()[-3000:]
    assert took < 12, f"shutdown took {took:.1f} s"
    assert not any(running(pid) for pid in workers), "a worker outlived the server"
    log = server.output()
    assert "Traceback" not in log, log[-3000:]
    assert log.count("Finished server process") >= 2, log[-3000:]
    assert stop(server) == 0
