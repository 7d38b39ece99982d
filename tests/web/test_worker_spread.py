"""``serve --workers 2`` spreads keep-alive clients over both workers, and outlives a worker.

Issue 16: on one shared listening socket, all 16 keep-alive clients of a soak
landed on one worker (1,773 CPU-seconds against 4). Each worker now listens on
a ``SO_REUSEPORT`` socket of its own and the kernel spreads new connections
over them: ``/metrics`` shows each worker's open connections (the
``lingodocs_connections`` gauge, labelled by pid with several workers).
With 32 clients, the kernel's hash puts them all on one worker with a
chance of 2 in 2^32.
"""

from __future__ import annotations

import http.client
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from service.settings import Settings
from tests.conftest import CONTENT
from tests.servers import HOST, Server, serve
from tests.web.test_serve_workers import requests_by_worker, running, workers_of

CLIENTS = 32


@pytest.fixture
def two_workers(content_settings: Settings, tmp_path: Path) -> Iterator[tuple[Server, Path]]:
    share = tmp_path / "metrics"
    env = {"LINGODOCS_METRICS_DIR": str(share)}
    with serve(
        content_settings.index, CONTENT, workers=2, log=tmp_path / "serve.log", env=env
    ) as server:
        yield server, share


def connections_by_worker(server: Server) -> dict[int, float]:
    body = server.get("/metrics").body.decode()
    family = next(
        f for f in text_string_to_metric_families(body) if f.name == "lingodocs_connections"
    )
    return {int(s.labels["pid"]): s.value for s in family.samples}


def wait_for_both(server: Server, timeout: float = 30) -> set[int]:
    """Both workers started (each loads the index before it listens)."""
    deadline = time.monotonic() + timeout
    while len(workers := workers_of(server.proc.pid)) < 2 or not all(
        pid in connections_by_worker(server) for pid in workers
    ):
        assert time.monotonic() < deadline, "the workers never both started"
        time.sleep(0.1)
    return workers


def test_keep_alive_clients_are_spread_over_the_workers(two_workers: tuple[Server, Path]) -> None:
    server, share = two_workers
    workers = wait_for_both(server)
    before = requests_by_worker(share)
    clients = [http.client.HTTPConnection(HOST, server.port, timeout=10) for _ in range(CLIENTS)]
    try:
        for _ in range(5):  # keep-alive: each client's requests go over its one connection
            for client in clients:
                client.request("GET", "/api/v1/methods/get")
                response = client.getresponse()
                assert response.status == 200 and response.read()
        held = connections_by_worker(server)  # the 32 still open, and the scrape's own
        assert set(held) == workers
        assert all(held[pid] >= 1 for pid in workers), f"one worker holds every client: {held}"
        assert sum(held.values()) >= CLIENTS + 1
    finally:
        for client in clients:
            client.close()
    deadline = time.monotonic() + 10
    while sum(requests_by_worker(share).values()) - sum(before.values()) < 5 * CLIENTS:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    served = requests_by_worker(share)
    assert all(served.get(pid, 0) > before.get(pid, 0) for pid in workers), served


def test_a_killed_worker_is_replaced_and_the_service_keeps_answering(
    two_workers: tuple[Server, Path],
) -> None:
    server, _share = two_workers
    first, second = sorted(wait_for_both(server))
    os.kill(first, signal.SIGKILL)
    for _ in range(40):  # new connections: whichever socket the kernel picks answers
        assert server.get("/api/v1/methods/get", timeout=30).status == 200
    deadline = time.monotonic() + 30
    while len(workers := workers_of(server.proc.pid)) < 2:
        assert time.monotonic() < deadline, "no worker replaced the killed one"
        time.sleep(0.1)
    assert second in workers and first not in workers and not running(first)
    assert set(connections_by_worker(server)) <= workers  # the dead one left /metrics
    assert "died" in server.output()
