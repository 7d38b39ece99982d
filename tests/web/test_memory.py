"""A worker's memory is bounded by the server, not by what clients send.

Pages are kept under the parameters their route reads, never the raw query
string; long ``Accept-Language`` headers are not remembered; every cache is
bounded in bytes (``LINGODOCS_CACHE_MB``). A real server driven with 10,000
distinct keys of each kind grows while its caches fill, then stays level.
"""

from __future__ import annotations

import http.client
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.index.catalog import Catalog
from service.settings import Settings
from tests.conftest import CONTENT
from tests.servers import HOST, Server, serve


def _catalog(client: TestClient) -> Catalog:
    catalog = client.app.state.live.catalog  # type: ignore[attr-defined]
    assert catalog is not None
    return catalog


def test_a_page_is_kept_once_whatever_its_query_string(client: TestClient) -> None:
    memo = _catalog(client).memo
    first = client.get("/fr/?utm_source=0")
    assert first.status_code == 200
    before = len(memo)
    for n in range(1, 2000):
        reply = client.get(f"/fr/?utm_source={n}&ref=x{n}")
        assert reply.status_code == 200
        assert reply.headers["etag"] == first.headers["etag"]
    assert len(memo) == before


def test_pages_differ_by_what_their_route_reads(client: TestClient) -> None:
    by_severity = client.get("/en/quality?severity=fact")
    every = client.get("/en/quality")
    assert by_severity.status_code == every.status_code == 200
    assert by_severity.text != every.text


def _rss(pid: int) -> int:
    """Resident memory of a process, in bytes (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


@pytest.fixture
def small_server(content_settings: Settings, tmp_path: Path) -> Iterator[Server]:
    env = {"LINGODOCS_CACHE_MB": "4"}
    with serve(content_settings.index, CONTENT, log=tmp_path / "serve.log", env=env) as s:
        yield s


def _drive(server: Server, start: int, end: int, words: list[str]) -> None:
    """Requests ``start``… ``end`` of each kind: a page with its own query string, a
    long Accept-Language of its own, a search of its own."""
    conn = http.client.HTTPConnection(HOST, server.port, timeout=30)
    rng = random.Random(start)
    try:
        for n in range(start, end):
            language = f"nl-BE,nl;q=0.9,{'x-' * 1500}{n}"
            for path, headers in (
                (f"/fr/?utm_source={n}", {}),
                ("/api/v1/methods/get", {"Accept-Language": language}),
                (f"/api/v1/search?q={'+'.join(rng.sample(words, 2))}+{n}&offset={n % 50}", {}),
            ):
                conn.request("GET", path, headers=headers)
                reply = conn.getresponse()
                reply.read()
                assert reply.status == 200, (path, reply.status)
    finally:
        conn.close()


@pytest.mark.slow
@pytest.mark.timeout(400)
def test_memory_levels_off_under_ten_thousand_distinct_keys(
    small_server: Server, client: TestClient
) -> None:
    words = sorted(_catalog(client).vocabulary["en"])
    _drive(small_server, 0, 2000, words)
    filled = _rss(small_server.proc.pid)
    _drive(small_server, 2000, 10_000, words)
    after = _rss(small_server.proc.pid)
    # Before: each distinct page was kept (10 KB and more), each long header twice.
    assert after - filled < 12 * 1024 * 1024, (filled, after)
