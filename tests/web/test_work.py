"""CPU-bound requests run off the event loop, a bounded number at a time, within a budget.

The queue and budget are driven with real threads and a function that blocks
until the test lets it go (so every case is decided by the test, not by the
machine's speed); the routes are checked to go through it; and a real server
over the corpus keeps answering ``/healthz`` while clients loop the costliest
searches the limits allow.
"""

from __future__ import annotations

import asyncio
import http.client
import inspect
import json
import random
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import anyio
import pytest
from fastapi.testclient import TestClient

from service.settings import Settings
from service.web.api import health
from service.web.api import methods as api_methods
from service.web.api import quality as api_quality
from service.web.api import search as api_search
from service.web.pages import docs, home, methods, modules, quality, search
from service.web.work import Busy, Work, deadline
from tests.conftest import needs_corpus
from tests.servers import HOST, serve

# Handlers whose work is CPU-bound: a search, a page render, the quality report.
OFFLOADED = [
    (api_quality, "get_quality"),
    (home, "home"),
    (docs, "doc_page"),
    (methods, "method_page"),
    (modules, "module_page"),
    (quality, "quality_page"),
    (search, "search_page"),
]
ON_THE_LOOP = [
    (health, "healthz"),
    (health, "readyz"),
    (api_methods, "get_method"),
    (api_search, "search"),  # a page of results made already; a new one goes to a thread
]


def _held(release: threading.Event, started: threading.Event) -> str:
    started.set()
    assert release.wait(10), "the test never released the work"
    return "done"


async def _two(
    work: Work, second: Callable[[], Any], free_when_waiting: bool = False
) -> tuple[Any, Any]:
    """Start one blocked piece of work, then ``second()`` while it holds the thread; the
    first is let go when ``second`` ends, or (``free_when_waiting``) once it waits."""
    release, started = threading.Event(), threading.Event()
    out: dict[str, Any] = {}

    async def first() -> None:
        out["first"] = await work.run(_held, release, started)

    async def then() -> None:
        try:
            out["second"] = await second()
        except Busy as exc:
            out["second"] = exc
        release.set()

    async with anyio.create_task_group() as tg:
        tg.start_soon(first)
        await anyio.to_thread.run_sync(started.wait, 10)
        tg.start_soon(then)
        if free_when_waiting:
            with anyio.fail_after(10):
                while work.waiting == 0:
                    await anyio.sleep(0.001)
            release.set()
    return out["first"], out["second"]


def test_a_full_queue_is_refused_at_once_with_retry_after() -> None:
    work = Work(threads=1, queue=0, budget=30.0)

    async def main() -> tuple[Any, Any]:
        return await _two(work, lambda: work.run(lambda: "never"))

    first, second = anyio.run(main)
    assert first == "done"
    assert isinstance(second, Busy)
    assert second.status == 503 and second.headers["Retry-After"] == "30"
    assert "waiting" in second.detail


def test_work_waiting_past_its_budget_is_refused() -> None:
    work = Work(threads=1, queue=4, budget=0.2)

    async def main() -> tuple[Any, Any]:
        return await _two(work, lambda: work.run(lambda: "never"))

    first, second = anyio.run(main)
    assert first == "done"
    assert isinstance(second, Busy) and second.headers["Retry-After"] == "1"
    assert "waited 0.2 s" in second.detail
    assert work.waiting == 0


def test_waiting_work_runs_when_a_thread_is_free_and_knows_its_deadline() -> None:
    work = Work(threads=1, queue=4, budget=30.0)

    async def main() -> tuple[Any, Any]:
        return await _two(work, lambda: work.run(deadline), free_when_waiting=True)

    before = time.monotonic()
    first, second = anyio.run(main)
    assert first == "done"
    assert isinstance(second, float) and before + 29 < second < time.monotonic() + 30
    assert deadline() is None  # outside the work, no budget applies


def test_a_cancelled_request_keeps_its_thread_until_the_work_ends() -> None:
    """A client that goes away does not free the thread its search still runs in: the
    next request waits for it, so no more than ``threads`` run at once."""
    work = Work(threads=1, queue=4, budget=30.0)
    release, started = threading.Event(), threading.Event()
    seen: dict[str, Any] = {}

    async def main() -> None:
        async with anyio.create_task_group() as tg:
            first = asyncio.ensure_future(work.run(_held, release, started))
            await anyio.to_thread.run_sync(started.wait, 10)
            first.cancel()
            with pytest.raises(asyncio.CancelledError):
                await first
            seen["running"] = work.running

            async def second() -> None:
                seen["second"] = await work.run(lambda: "second")

            tg.start_soon(second)
            with anyio.fail_after(10):
                while work.waiting == 0:
                    await anyio.sleep(0.001)
            seen["waited"] = "second" not in seen
            release.set()

    anyio.run(main)
    assert seen == {"running": 1, "waited": True, "second": "second"}
    assert work.running == 0 and work.waiting == 0


def test_a_loop_closed_with_work_outstanding_frees_its_place() -> None:
    """The loop that asked for the work is gone before the work ends (a test client's
    portal, a worker shutting down): the thread's place is still freed, so the next loop
    finds every thread, not one fewer."""
    work = Work(threads=1, queue=0, budget=30.0)
    release, started = threading.Event(), threading.Event()

    async def abandon() -> asyncio.Future[str]:
        outstanding = asyncio.ensure_future(work.run(_held, release, started))
        await anyio.to_thread.run_sync(started.wait, 10)
        return outstanding

    outstanding = asyncio.run(abandon())  # closes its loop with the work still running
    assert outstanding.cancelled()
    assert work.running == 1
    release.set()
    deadline_at = time.monotonic() + 10
    while work.running and time.monotonic() < deadline_at:
        time.sleep(0.01)
    assert work.running == 0
    assert anyio.run(work.run, lambda: "next") == "next"


def test_an_exception_in_the_thread_is_raised_in_the_request() -> None:
    work = Work(threads=2, queue=4, budget=30.0)

    def fails() -> None:
        raise LookupError("from the thread")

    async def main() -> None:
        with pytest.raises(LookupError, match="from the thread"):
            await work.run(fails)

    anyio.run(main)
    assert work.running == 0


@pytest.mark.parametrize(("module", "name"), OFFLOADED)
def test_cpu_bound_handlers_run_off_the_event_loop(module: ModuleType, name: str) -> None:
    endpoint = getattr(module, name)  # what the router calls
    assert inspect.iscoroutinefunction(endpoint)
    handler = inspect.unwrap(endpoint)
    assert handler is not endpoint and not inspect.iscoroutinefunction(handler)


@pytest.mark.parametrize(("module", "name"), ON_THE_LOOP)
def test_health_and_lookups_stay_on_the_event_loop(module: ModuleType, name: str) -> None:
    endpoint = getattr(module, name)
    assert inspect.iscoroutinefunction(endpoint) and inspect.unwrap(endpoint) is endpoint


def test_a_new_search_is_made_in_a_thread_and_a_repeated_one_on_the_loop(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs: list[str] = []
    real = Work.run

    async def counted(self: Work, fn: Callable[..., Any], *args: Any, **kw: Any) -> Any:
        runs.append(fn.__name__)
        return await real(self, fn, *args, **kw)

    monkeypatch.setattr(Work, "run", counted)
    url = "/api/v1/search?q=idempotent+request+work&lang=en&limit=3"
    first = client.get(url)
    again = client.get(url)
    assert first.status_code == again.status_code == 200
    assert first.content == again.content
    assert runs == ["_made_now"]
    assert client.get("/api/v1/search?q=" + "a" * 1001).status_code == 400


def test_budget_settings_are_checked() -> None:
    with pytest.raises(ValueError, match="work_threads must be at least 1"):
        Settings(work_threads=0)
    with pytest.raises(ValueError, match="work_budget must be more than 0"):
        Settings(work_budget=0)
    with pytest.raises(ValueError, match="LINGODOCS_WORK_QUEUE"):
        Settings.from_env({"LINGODOCS_WORK_QUEUE": "many"})


def _costly(rng: random.Random, words: list[str]) -> str:
    """32 misspelt frequent words: the most a query may have, each with corrections."""
    return " ".join(w[:2] + w[3:] for w in rng.sample(words, 32))


@needs_corpus()
def test_health_answers_while_clients_loop_the_costliest_searches(
    corpus_settings: Settings, tmp_path: Path
) -> None:
    from service.index import builds
    from service.index.catalog import Catalog

    catalog = Catalog.open(builds.current_build(corpus_settings.index))  # type: ignore[arg-type]
    vocab = catalog.vocabulary["en"]
    catalog.close()
    frequent = sorted((w for w in vocab if len(w) >= 6 and w.isalpha()), key=lambda w: -vocab[w])
    statuses: list[int] = []
    stop = threading.Event()

    def client(seed: int, port: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        while not stop.is_set():
            q = _costly(rng, frequent[:400]).replace(" ", "+")
            conn.request("GET", f"/api/v1/search?q={q}&limit=100&offset={rng.randrange(60)}")
            reply = conn.getresponse()
            body = reply.read()
            statuses.append(reply.status)
            if reply.status == 503:
                assert reply.getheader("Retry-After"), body
                assert json.loads(body)["status"] == 503
        conn.close()

    with serve(corpus_settings.index, corpus_settings.content, log=tmp_path / "serve.log") as s:
        clients = [threading.Thread(target=client, args=(n, s.port)) for n in range(8)]
        for t in clients:
            t.start()
        waits = []
        try:
            deadline_at = time.monotonic() + 60
            while len(statuses) < 40 and time.monotonic() < deadline_at:
                began = time.monotonic()
                reply = s.get("/healthz", timeout=30)
                waits.append(time.monotonic() - began)
                assert reply.status == 200
                time.sleep(0.05)
        finally:
            stop.set()
            for t in clients:
                t.join(60)
    assert len(statuses) >= 40, "the searches did not run"
    assert set(statuses) <= {200, 503}, statuses
    # Before, each of these searches held the event loop for about a second, and
    # /healthz waited behind 8 of them (about 9 s).
    assert max(waits) < 2.0, waits
