"""Access log lines and ``/metrics``, from the real app over the real content.

The exposition is read back with the Prometheus reference parser; counts and
histograms are checked against the requests the test itself sent.
"""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from service.app import create_app
from service.settings import Settings
from service.web import edge, observe

ROUTE = "/api/v1/methods/{method}"


def access_lines(capsys: pytest.CaptureFixture[str], client: TestClient) -> list[str]:
    """The lines logged so far (the log is written in batches: flush it first)."""
    log = client.app.state.observer.log  # type: ignore[attr-defined]
    if log is not None:
        log.flush()
    return [line for line in capsys.readouterr().out.splitlines() if line.startswith("{")]


def families(client: TestClient) -> dict[str, list[tuple[str, dict[str, str], float]]]:
    reply = client.get("/metrics")
    assert reply.status_code == 200
    assert reply.headers["content-type"] == observe.TEXT
    assert reply.headers["cache-control"] == "no-store"
    found: dict[str, list[tuple[str, dict[str, str], float]]] = {}
    for family in text_string_to_metric_families(reply.text):
        found[family.name] = [(s.name, s.labels, s.value) for s in family.samples]
    return found


def count(
    found: dict[str, list[tuple[str, dict[str, str], float]]],
    route: str,
    method: str = "GET",
    status: str = "200",
) -> float:
    return sum(
        v
        for _n, labels, v in found.get("lingodocs_requests", [])
        if labels == {"route": route, "method": method, "status": status}
    )


def test_requests_are_counted_by_route_method_and_status(client: TestClient) -> None:
    before = families(client)
    for name in ("get", "put", "delete", "nope"):
        client.get(f"/api/v1/methods/{name}")
    client.head("/api/v1/methods/get")
    client.request("BREW", "/api/v1/methods/get")
    client.get("/no/such/page/at/all")
    after = families(client)
    assert count(after, ROUTE) - count(before, ROUTE) == 3
    assert count(after, ROUTE, status="404") - count(before, ROUTE, status="404") == 1
    assert count(after, ROUTE, "HEAD") - count(before, ROUTE, "HEAD") == 1
    assert count(after, ROUTE, "OTHER", "405") - count(before, ROUTE, "OTHER", "405") == 1
    assert (
        count(after, observe.UNMATCHED, status="404")
        - count(before, observe.UNMATCHED, status="404")
        == 1
    )
    assert count(after, "/metrics") - count(before, "/metrics") == 1  # plain routes too


def test_latency_histogram_per_route(client: TestClient) -> None:
    for _ in range(5):
        client.get("/api/v1/search", params={"q": "request"})
    samples = families(client)["lingodocs_request_duration_seconds"]
    route = [(n, labels, v) for n, labels, v in samples if labels.get("route") == "/api/v1/search"]
    buckets = [(float(labels["le"]), v) for n, labels, v in route if n.endswith("_bucket")]
    assert [le for le, _ in buckets] == [*observe.BOUNDS, float("inf")]
    values = [v for _, v in buckets]
    assert values == sorted(values) and values[-1] >= 5  # cumulative
    total = next(v for n, _l, v in route if n.endswith("_count"))
    assert total == values[-1]
    assert next(v for n, _l, v in route if n.endswith("_sum")) > 0


def test_index_figures(client: TestClient, content_settings: Settings) -> None:
    ready = client.get("/readyz").json()
    found = families(client)
    assert found["lingodocs_index_info"] == [
        ("lingodocs_index_info", {"build": ready["build"]}, 1.0)
    ]
    assert found["lingodocs_index_documents"][0][2] == ready["documents"]
    assert found["lingodocs_index_records"][0][2] == ready["records"]
    build = content_settings.index / "builds" / ready["build"]
    size = sum(p.stat().st_size for p in build.rglob("*") if p.is_file())
    assert found["lingodocs_index_size_bytes"][0][2] == size
    created = found["lingodocs_index_build_timestamp_seconds"][0][2]
    assert (
        abs(created - __import__("datetime").datetime.fromisoformat(ready["created"]).timestamp())
        < 1
    )


def test_one_json_access_line_per_request(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    access_lines(capsys, client)  # what earlier tests logged
    client.get("/api/v1/methods/put", headers={"Accept-Language": "nl-BE"})
    client.get("/api/v1/search?q=a%22b%5C%0a", headers={"Accept-Language": "fr"})
    client.head("/en/methods/GET")
    client.get("/api/v1/methods/get", headers={"Accept-Language": "x" * (edge.MAX_HEADER + 1)})
    client.get('/api/v1/docs/"quoted"\\path/\u00e9t\u00e9')
    raw = access_lines(capsys, client)
    lines = [json.loads(line) for line in raw]
    assert [(x["method"], x["path"], x["status"], x["locale"]) for x in lines] == [
        ("GET", "/api/v1/methods/put", 200, "nl"),
        ("GET", "/api/v1/search", 200, "fr"),
        ("HEAD", "/en/methods/GET", 200, "en"),
        ("GET", "/api/v1/methods/get", 431, None),
        ("GET", '/api/v1/docs/"quoted"\\path/\u00e9t\u00e9', 404, None),
    ]
    assert [x["route"] for x in lines] == [
        ROUTE,
        "/api/v1/search",
        "/{locale}/methods/{method}",
        observe.REJECTED,
        observe.UNMATCHED,
    ]
    for line in lines:
        assert isinstance(line["duration_ms"], float) and 0 <= line["duration_ms"] < 10_000
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", line["time"])
    assert all(line.isascii() for line in raw)


@pytest.mark.parametrize(("level", "lines"), [("warning", 0), ("info", 1), ("debug", 1)])
def test_the_access_log_follows_the_log_level(
    content_settings: Settings, level: str, lines: int, capsys: pytest.CaptureFixture[str]
) -> None:
    with TestClient(create_app(content_settings.with_(log_level=level))) as app:
        capsys.readouterr()
        app.get("/api/v1/methods/get")
        assert len(access_lines(capsys, app)) == lines


WORKER = """
import sys
from pathlib import Path
from service.web import observe
observer = observe.Observer(None, Path(sys.argv[1]))
for _ in range(int(sys.argv[2])):
    observer.record("GET", "/x", sys.argv[3], 200, 0, "en")
if sys.argv[4] == "show":
    sys.stdout.write(observer.exposition(None).decode())
"""


def test_workers_add_up_their_figures(tmp_path: Path) -> None:
    """Two worker processes sharing a directory: one's /metrics shows both one's requests."""
    share = tmp_path / "metrics"
    observe.clear_shared(share)

    def worker(requests: int, show: str) -> str:
        return subprocess.run(
            [sys.executable, "-c", WORKER, str(share), str(requests), ROUTE, show],
            env={**os.environ, observe.MULTIPROCESS: str(share)},
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout

    worker(3, "")
    text = worker(1, "show")
    parsed = {f.name: f for f in text_string_to_metric_families(text)}
    counted = [s.value for s in parsed["lingodocs_requests"].samples]
    assert counted == [4.0]
    buckets = [
        s for s in parsed["lingodocs_request_duration_seconds"].samples if s.name.endswith("_count")
    ]
    assert [s.value for s in buckets] == [4.0]


def test_metrics_without_the_shared_directory_are_one_process_and_say_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="lingodocs"):
        observer = observe.Observer(None, tmp_path / "metrics")
    assert observer.share is None
    assert any(observe.MULTIPROCESS in r.getMessage() for r in caplog.records)
