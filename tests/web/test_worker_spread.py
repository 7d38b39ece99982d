"""``serve --workers 2`` spreads keep-alive clients over both workers, and outlives a worker.

Issue 16: on one shared listening socket, all 16 keep-alive clients of a soak
landed on one worker (1,773 CPU-seconds against 4). Each worker now listens on
a ``SO_REUSEPORT`` socket of its own and the kernel spreads new connections
over them: ``/metrics`` shows each worker's open connections (the
``lingodocs_connections`` gauge, labelled by pid with several workers).
The kernel hashes each connection to a socket (a flow hash, uniform): with
64 clients, the chance that a worker gets fewer than 10 of them is about 2 in
10^9. (On one shared socket, idle workers took about 30 % and 70 % of such a
burst here; a soak's clients, under load, all went to one.)
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

CLIENTS = 64
AT_LEAST = 10  # clients each worker holds
ROUNDS = 3


@pytest.fixture(scope="module")
def two_workers(
    content_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Server, Path]]:
    """One server for both tests (the second kills a worker, the first needs both)."""
    tmp_path = tmp_path_factory.mktemp("spread")
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


def wait_for_both(server: Server, share: Path, timeout: float = 30) -> set[int]:
    """Both workers started and answering (each loads the index before it listens)."""
    deadline = time.monotonic() + timeout
    while len(workers := workers_of(server.proc.pid)) < 2 or set(requests_by_worker(share)) < (
        workers
    ):
        assert time.monotonic() < deadline, "the workers never both answered"
        assert server.get("/api/v1/methods/get", headers={"Connection": "close"}).status == 200
    return workers


def served_since(share: Path, before: dict[int, int], total: int) -> dict[int, int]:
    """Each worker's lookups since ``before``, once all ``total`` are counted."""
    deadline = time.monotonic() + 10
    while sum(requests_by_worker(share).values()) - sum(before.values()) < total:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    return {pid: n - before.get(pid, 0) for pid, n in requests_by_worker(share).items()}


def test_keep_alive_clients_are_spread_over_the_workers(two_workers: tuple[Server, Path]) -> None:
    server, share = two_workers
    workers = wait_for_both(server, share)
    before = requests_by_worker(share)
    clients = [http.client.HTTPConnection(HOST, server.port, timeout=10) for _ in range(CLIENTS)]
    try:
        for client in clients:  # all connect at once, as a soak's clients do
            client.connect()
        for _ in range(ROUNDS):  # keep-alive: each client's requests go over its one connection
            for client in clients:
                client.request("GET", "/api/v1/methods/get")
                response = client.getresponse()
                assert response.status == 200 and response.read()
        served = served_since(share, before, ROUNDS * CLIENTS)
        assert set(served) == workers
        assert all(served[pid] >= ROUNDS * AT_LEAST for pid in workers), (
            f"unevenly served: {served}"
        )
        held = connections_by_worker(server)  # the clients still open, and the scrape's own
        assert set(held) == workers
        assert all(held[pid] >= AT_LEAST for pid in workers), f"unevenly held: {held}"
        assert sum(held.values()) >= CLIENTS + 1
    finally:
        for client in clients:
            client.close()


def test_a_killed_worker_is_replaced_and_the_service_keeps_answering(
    two_workers: tuple[Server, Path],
) -> None:
    server, share = two_workers
    first, second = sorted(wait_for_both(server, share))
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
