"""``serve --watch`` on the web side: the reload script, its CSP, the event stream.

Over the real app (TestClient) for what pages carry, and over a real
``lingodocs serve --watch`` for the stream, read with :mod:`http.client`
(the browser's side: ``tests/web/pages/test_watch_browser.py``).
"""

from __future__ import annotations

import asyncio
import http.client
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.cli import main
from service.index import builds
from service.pipeline.run import run as ingest
from service.settings import Settings
from service.web import watch
from tests.conftest import ARTICLE, ARTICLE_PATH, CONTENT
from tests.servers import HOST, serve

SCRIPT = re.compile(r'<script src="(/static/watch\.js\?v=[0-9a-f]+)" data-build="([0-9a-f]*)"')
PAGES = ["/en/", f"/fr/docs/{ARTICLE}", "/en/methods/put", "/sv/search?q=metod", "/en/nowhere"]


@pytest.fixture(scope="module")
def watching(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Settings]]:
    root = tmp_path_factory.mktemp("watching")
    settings = Settings(content=CONTENT, index=root / "index", reload_interval=0, watch=True)
    assert ingest(settings, jobs=1).docs == 5
    with TestClient(create_app(settings)) as client:
        yield client, settings


@pytest.mark.parametrize("path", PAGES)
def test_watched_pages_load_the_reload_script_under_a_strict_csp(
    watching: tuple[TestClient, Settings], path: str
) -> None:
    client, settings = watching
    response = client.get(path)
    found = SCRIPT.search(response.text)
    assert found is not None, response.text[-600:]
    current = builds.current_build(settings.index)
    assert current is not None and found.group(2) == current.name
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert "<script>" not in response.text  # no inline script
    script = client.get(found.group(1))
    assert script.status_code == 200 and "EventSource" in script.text
    assert script.headers["etag"] and "immutable" in script.headers["cache-control"]


@pytest.mark.parametrize("path", PAGES)
def test_without_watch_there_is_no_script_and_no_stream(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert "watch.js" not in response.text and "<script" not in response.text
    assert "script-src 'none'" in response.headers["content-security-policy"]
    assert client.get("/static/watch.js").status_code == 404
    assert client.get("/_watch/events").status_code == 404


def test_watch_with_workers_is_refused_clearly(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--watch", "--workers", "2"]) == 2
    error = capsys.readouterr().err
    assert "--watch serves with one worker, not --workers 2" in error


def _events(response: http.client.HTTPResponse) -> Iterator[tuple[str, str]]:
    """(event, data) of a text/event-stream, as a browser's EventSource reads it."""
    name, data = "message", []
    while True:
        line = response.readline().decode()
        if not line:
            return
        line = line.rstrip("\n")
        if not line:
            if data:
                yield name, "\n".join(data)
            name, data = "message", []
        elif line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data: "):
            data.append(line[6:])


def test_the_stream_names_each_new_build_and_the_edited_files_problems(
    tmp_path: Path, content_copy: Path
) -> None:
    index = tmp_path / "index"
    log = tmp_path / "server.log"
    with serve(index, content_copy, log=log, env={"LINGODOCS_WATCH": "1"}) as server:
        conn = http.client.HTTPConnection(HOST, server.port, timeout=30)  # a bound on each read
        try:
            conn.request("GET", "/_watch/events")
            response = conn.getresponse()
            assert response.status == 200
            assert response.getheader("content-type", "").startswith("text/event-stream")
            assert response.getheader("cache-control") == "no-store"
            events = _events(response)
            first = builds.current_build(index)
            assert first is not None
            assert next(events) == ("build", first.name)
            assert next(events) == ("problems", "[]")

            article = content_copy / "en" / ARTICLE_PATH
            article.write_text(article.read_text() + "\n\nSee [the gone page](gone.md).\n")
            name, built = next(events)
            assert name == "build" and built not in ("", first.name)
            current = builds.current_build(index)
            assert current is not None and built == current.name  # swapped in already
            name, problems = next(events)
            assert name == "problems"
            assert f"en/{ARTICLE_PATH}:" in problems and "link to a missing article" in problems
            page = server.get(f"/en/docs/{ARTICLE}")
            assert f'data-build="{built}"' in page.body.decode()
        finally:
            conn.close()
    assert "still serving" not in log.read_text()


def test_a_stream_tells_each_change_and_ends_when_the_server_stops() -> None:
    async def main() -> list[bytes]:
        build = ["b1"]
        changes = watch.Changes(lambda: build[0])
        got: list[bytes] = []
        chunks: asyncio.Queue[bytes] = asyncio.Queue()

        async def read() -> None:
            async for chunk in changes.stream():
                got.append(chunk)
                chunks.put_nowait(chunk)

        async def next_chunk() -> bytes:
            return await asyncio.wait_for(chunks.get(), 10)

        task = asyncio.create_task(read())
        assert (await next_chunk()).startswith(b"retry: ")
        assert await next_chunk() == b"event: build\ndata: b1\n\nevent: problems\ndata: []\n\n"
        build[0] = "b2"
        changes.publish(["fr/a.md:3: link to a missing article x.md"])
        assert await next_chunk() == (
            b"event: build\ndata: b2\n\nevent: problems\n"
            b'data: ["fr/a.md:3: link to a missing article x.md"]\n\n'
        )
        watch.close_all()  # what the server does first when it shuts down
        await asyncio.wait_for(task, 10)
        return got

    assert len(asyncio.run(main())) == 3
