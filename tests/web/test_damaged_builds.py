"""Damaged builds under the service: never a 500, answers from a good build or a truthful 503.

The live build of two (``tests/damage.py``) has one file truncated, written
into (64 KB of garbage, its size kept) or deleted, with an older good build
beside it or without one: under the app (TestClient), and under real
``lingodocs serve`` processes with 1 and 2 workers, before they start or
while they serve. Every answer is then the older build's (its ETag names
it; the word only the live build has is not found) or a 503 problem+json with
``Retry-After`` that names the damaged build and says there is no good build
to fall back to; ``/readyz`` says which build serves and which was refused.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.settings import Settings
from tests.conftest import ARTICLE
from tests.damage import DAMAGES, WORD, Builds, copy_of, garbage, truncate, two_builds
from tests.servers import Reply, Server, serve

PATHS = [
    f"/api/v1/search?q={WORD}",
    "/api/v1/search?q=requ%C3%AAte&lang=fr",
    f"/api/v1/docs/{ARTICLE}",
    "/api/v1/methods/get?lang=nl",
    f"/en/docs/{ARTICLE}",
]
SAID_WITHIN = 60.0  # seconds for every worker to say what it serves (it takes ~0.2)


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    return two_builds(tmp_path_factory.mktemp("pair"), fallback=True)


def is_problem(status: int, headers: Any, body: bytes) -> dict[str, Any]:
    """A 503 problem+json with Retry-After: its body."""
    assert status == 503, (status, body[:300])
    assert headers["content-type"] == "application/problem+json", headers
    assert int(headers["retry-after"]) >= 1
    found: dict[str, Any] = json.loads(body)
    return found


def assert_old_build_answers(status: int, headers: Any, body: bytes, b: Builds) -> None:
    assert b.old is not None
    assert status == 200, (status, body[:300])
    assert headers["etag"].startswith(f'"{b.old.name[:12]}-'), headers["etag"]


def no_good_build(b: Builds) -> str:
    return rf"the index build {b.live.name} is damaged: .+; no good build to fall back to"


# --- under the app ------------------------------------------------------------------


@pytest.fixture
def app_over(tmp_path: Path, pair: Builds, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A TestClient over a copy of the pair (the watcher off: checks run when asked)."""

    def make(fallback: bool) -> tuple[TestClient, Builds]:
        b = copy_of(pair, tmp_path, fallback)
        client = TestClient(
            create_app(Settings(content=b.content, index=b.root, reload_interval=0))
        )
        client.__enter__()
        request.addfinalizer(lambda: client.__exit__(None, None, None))
        return client, b

    yield make


def test_a_store_read_error_answers_503_then_the_good_build_serves(app_over: Any) -> None:
    client, b = app_over(True)
    assert client.get("/api/v1/methods/get").headers["etag"].startswith(f'"{b.live.name[:12]}')
    truncate(b.file("docs.sqlite"))
    r = client.get(f"/api/v1/docs/{ARTICLE}")  # its row is in the lost half
    problem = is_problem(r.status_code, r.headers, r.content)
    assert re.fullmatch(
        rf"the index build {b.live.name} could not be read \(DatabaseError: .+\); "
        "it is being checked",
        problem["detail"],
    ), problem
    for path in PATHS:  # the check ran at once: the older build serves
        r = client.get(path)
        assert_old_build_answers(r.status_code, r.headers, r.content, b)
    assert client.get(f"/api/v1/search?q={WORD}").json()["total"] == 0
    ready = client.get("/readyz").json()
    assert ready["build"] == b.old.name  # type: ignore[union-attr]
    assert ready["refused"]["build"] == b.live.name
    assert re.fullmatch(
        r"docs\.sqlite is \d+ bytes; its manifest says \d+", ready["refused"]["reason"]
    )


def test_garbage_in_a_segment_answers_503_never_500(app_over: Any) -> None:
    """64 KB of garbage in the only build's segment: a search that reads it fails in
    Whoosh ('Block tag error', zlib errors…: which searches do depends on where the
    garbage lands, and Whoosh lays a segment's parts out in no fixed order) and is a
    503; /readyz finds the change at once."""
    client, b = app_over(False)
    vocabulary = client.app.state.live.catalog.vocabulary
    garbage(b.file("segment"))
    statuses = set()
    for lang in ("en", "fr"):
        for word in list(vocabulary[lang])[:40]:
            r = client.get(f"/api/v1/search?q={word}&lang={lang}")
            statuses.add(r.status_code)
            if r.status_code != 200:
                is_problem(r.status_code, r.headers, r.content)
    assert statuses <= {200, 503}, statuses
    r = client.get("/readyz")
    problem = is_problem(r.status_code, r.headers, r.content)
    assert re.fullmatch(no_good_build(b), problem["detail"]), problem
    assert "checksum" in problem["detail"] and problem["refused"]["build"] == b.live.name
    for path in PATHS:
        r = client.get(path)
        if path.startswith("/api/"):
            assert is_problem(r.status_code, r.headers, r.content)["detail"] == problem["detail"]
        else:  # a page: the error page, in the reader's language
            assert r.status_code == 503 and r.headers["content-type"].startswith("text/html")


# --- under real servers -------------------------------------------------------------


def said(server: Server, text: str, count: int) -> None:
    """Wait until the server's output has said ``text`` ``count`` times (each worker says
    what it serves once); fail after SAID_WITHIN seconds."""
    deadline = time.monotonic() + SAID_WITHIN
    while server.output().count(text) < count:
        assert server.alive(), server.output()[-3000:]
        assert time.monotonic() < deadline, (text, server.output()[-3000:])
        time.sleep(0.05)


def statuses_logged(server: Server) -> list[int]:
    """The status of every request the server answered (its JSON access log)."""
    found = []
    for line in server.output().splitlines():
        if line.startswith("{"):
            found.append(json.loads(line)["status"])
    return found


def check_answers(server: Server, b: Builds, fallback: bool) -> None:
    """What every path answers now: the older build, or the truthful 503."""
    ready = server.get("/readyz", {"Connection": "close"})
    for path in PATHS:
        r = server.get(path, {"Connection": "close"})
        if fallback:
            assert_old_build_answers(r.status, r.headers, r.body, b)
        elif path.startswith("/api/"):
            assert re.fullmatch(no_good_build(b), is_problem(r.status, r.headers, r.body)["detail"])
        else:
            assert r.status == 503
    if fallback:
        assert json.loads(server.get(f"/api/v1/search?q={WORD}").body)["total"] == 0
        body = json.loads(ready.body)
        assert ready.status == 200 and body["build"] == b.old.name  # type: ignore[union-attr]
        assert body["refused"]["build"] == b.live.name
    else:
        problem = is_problem(ready.status, ready.headers, ready.body)
        assert re.fullmatch(no_good_build(b), problem["detail"]), problem
    assert 500 not in statuses_logged(server)


def outcome(b: Builds, fallback: bool) -> str:
    """The one line each worker says."""
    if fallback:
        assert b.old is not None
        return f"; serving {b.old.name} instead, the newest good build"
    return "; no good build to fall back to"


def under(workers: int, damage: str, name: str, fallback: bool, slow: bool = True) -> Any:
    plural = "s" if workers > 1 else ""
    case = f"{workers} worker{plural}-{damage}-{name}-{'older good build' if fallback else 'none'}"
    return pytest.param(
        workers, damage, name, fallback, id=case, marks=[pytest.mark.slow] if slow else []
    )


UNDER = [  # every damage of every file, under 1 and 2 workers, with a good build or none
    under(1, "truncated", "segment", True, slow=False),
    under(2, "truncated", "segment", False),
    under(1, "truncated", "docs.sqlite", True),
    under(1, "truncated", "records.json", False),
    under(2, "garbage", "docs.sqlite", False),
    under(1, "garbage", "segment", True),
    under(1, "garbage", "records.json", True),
    under(1, "deleted", "docs.sqlite", False),
    under(2, "deleted", "segment", True),
    under(1, "deleted", "records.json", True),
]


@pytest.mark.parametrize(("workers", "damage", "name", "fallback"), UNDER)
def test_damaged_under_a_running_server(
    pair: Builds, tmp_path: Path, workers: int, damage: str, name: str, fallback: bool
) -> None:
    """The watcher notices within its interval (a stat a file), before any request reads
    the damage; every worker says so once and serves the older build, or a 503."""
    b = copy_of(pair, tmp_path, fallback)
    env = {"LINGODOCS_RELOAD_INTERVAL": "0.1"}
    with serve(b.root, b.content, workers=workers, log=tmp_path / "serve.log", env=env) as server:
        said(server, "Application startup complete", workers)  # every worker serves
        DAMAGES[damage](b.file(name))
        said(server, outcome(b, fallback), workers)
        check_answers(server, b, fallback)


@pytest.mark.parametrize("workers", [1, pytest.param(2, marks=pytest.mark.slow)])
def test_start_on_a_damaged_current(pair: Builds, tmp_path: Path, workers: int) -> None:
    """``current`` damaged before the server starts (garbage: only its checksum tells):
    every worker starts on the older build, saying so once; nothing is rebuilt."""
    b = copy_of(pair, tmp_path)
    garbage(b.file("records.json"))
    with serve(b.root, b.content, workers=workers, log=tmp_path / "serve.log") as server:
        said(server, outcome(b, True), workers)
        assert "building it from" not in server.output()
        check_answers(server, b, True)
        reason = json.loads(server.get("/readyz").body)["refused"]["reason"]
        assert reason == "records.json does not have the checksum its manifest gives"


def test_a_worker_killed_by_a_cut_segment_restarts_on_the_good_build(
    pair: Builds, tmp_path: Path
) -> None:
    """A segment cut short while a worker maps it: the next search that reads the lost
    pages kills that worker (SIGBUS) before its watcher (every 60 s here) sees it.
    uvicorn starts another, which starts on the older build; ``/readyz`` has the
    surviving worker check its build at once. Never a 500."""
    b = copy_of(pair, tmp_path)
    env = {"LINGODOCS_RELOAD_INTERVAL": "60"}
    with serve(b.root, b.content, workers=2, log=tmp_path / "serve.log", env=env) as server:
        said(server, "Application startup complete", 2)
        words = list(json.loads((b.live / "records.json").read_text())["vocabulary"]["fr"])
        truncate(b.file("segment"))
        replies: list[Reply | None] = []
        deadline = time.monotonic() + SAID_WITHIN
        for word in words:  # each its own search: none is answered from a memo
            if "died" in server.output() or time.monotonic() > deadline:
                break
            try:
                replies.append(server.get(f"/api/v1/search?q={quote(word)}&lang=fr"))
            except OSError:  # the connection of the worker that died
                replies.append(None)
        assert "died" in server.output(), "no search read the lost pages"
        said(server, outcome(b, True), 1)  # the new worker, at its start
        deadline = time.monotonic() + SAID_WITHIN
        while server.output().count(outcome(b, True)) < 2:  # the other one, on a probe
            assert time.monotonic() < deadline, server.output()[-3000:]
            assert server.get("/readyz", {"Connection": "close"}).status in (200, 503)
        check_answers(server, b, True)
        assert all(r is None or r.status in (200, 503) for r in replies)
