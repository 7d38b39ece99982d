"""Reingest under load: the index is rebuilt and swapped while clients keep asking.

A real ``lingodocs serve`` on 127.0.0.1 (checking for new builds every 0.2 s)
answers client threads doing lookups and searches, while ``lingodocs
ingest`` rebuilds the index from a changing content copy: plain rebuilds,
one ingest killed with SIGKILL half-way, one with broken files. Every
content version puts its own word in the GET summary, so each lookup's body
can be matched to the build its ETag names.

What must hold: not one failed request; every response comes from a
complete build (its ETag's build is one an ingest finished, and its body is
that build's content); the killed ingest changes nothing that is served.
"""

from __future__ import annotations

import http.client
import json
import re
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.index import builds
from tests.conftest import ARTICLE_PATH, CONTENT
from tests.servers import HOST, ROOT, Server, ingest, lingodocs, serve

BULK = 300  # generated articles: enough that re-parsing them all takes a while
CLIENTS = 3
MAX_REQUESTS = 50_000  # per client; the clients stop at the end of the test long before
RELEASE = re.compile(r"release(\d+)")


def write_version(content: Path, n: int, touch_bulk: bool = False) -> None:
    """Content version ``n``: its word in the GET summary (and, if asked, in every article)."""
    source = (CONTENT / "en" / ARTICLE_PATH).read_text(encoding="utf-8")
    (content / "en" / ARTICLE_PATH).write_text(
        source.replace("Retrieves data", f"Retrieves release{n} data", 1), encoding="utf-8"
    )
    if touch_bulk or not (content / "en" / "help" / "bulk").is_dir():
        prose = "\n".join(
            line
            for line in source.splitlines()  # no method entries: the
            if not line.startswith("* **")
        )  # records stay the article's
        for i in range(BULK):
            target = content / "en" / "help" / "bulk" / f"article-{i}.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(
                prose.replace("# HTTP request methods", f"# Bulk article {i}")
                + f"\n\nVersion {n} of bulk article {i}: bulkword{i}.\n",
                encoding="utf-8",
            )


class Client(threading.Thread):
    """Requests in a loop on one keep-alive connection until told to stop (or a cap)."""

    def __init__(self, port: int, stop: threading.Event, n: int) -> None:
        super().__init__(name=f"client-{n}", daemon=True)
        self.port, self.stop, self.n = port, stop, n
        self.seen: set[tuple[str, int]] = set()  # (ETag build prefix, release word)
        self.builds: set[str] = set()  # what /readyz said
        self.failures: list[str] = []
        self.done = 0

    def run(self) -> None:
        conn = http.client.HTTPConnection(HOST, self.port, timeout=10)
        paths = [
            "/api/v1/methods/get?lang=en",
            "/api/v1/search?q=bulkword7&lang=en",
            "/api/v1/methods/put",
            "/api/v1/search?q=requ%C3%AAte&lang=fr",
            "/readyz",
            "/api/v1/docs/481131c9-356a-4c62-a653-d6bba9be5be8?lang=nl",
        ]
        headers = {"Accept-Language": ["en", "fr-CA,fr;q=0.9", "nl-BE"][self.n % 3]}
        while not self.stop.is_set() and self.done < MAX_REQUESTS:
            path = paths[self.done % len(paths)]
            self.done += 1
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                body = response.read()
                self.check(path, response, body)
            except Exception as exc:  # any failure counts; the connection is renewed
                self.failures.append(f"{path}: {type(exc).__name__}: {exc}")
                conn.close()
                conn = http.client.HTTPConnection(HOST, self.port, timeout=10)
        conn.close()

    def check(self, path: str, response: http.client.HTTPResponse, body: bytes) -> None:
        if response.status != 200:
            self.failures.append(f"{path}: HTTP {response.status} {body[:200]!r}")
            return
        data = json.loads(body)
        if path == "/readyz":
            self.builds.add(data["build"])
            return
        etag = response.getheader("ETag") or ""
        prefix = etag.strip('"').split("-")[0]
        if path.startswith("/api/v1/methods/get"):
            found = RELEASE.search(data["summary"])
            if found is None:
                self.failures.append(f"{path}: no release word in {data['summary']!r}")
                return
            self.seen.add((prefix, int(found.group(1))))
        else:
            self.seen.add((prefix, -1))
        if path.startswith("/api/v1/search") and not data["hits"]:
            self.failures.append(f"{path}: no hits (an empty or partial index?)")


@pytest.fixture
def loaded(tmp_path: Path) -> Iterator[tuple[Server, Path, Path]]:
    content = tmp_path / "content"
    subprocess.run(["cp", "-r", str(CONTENT), str(content)], check=True)
    write_version(content, 0)
    root = tmp_path / "index"
    rc, err, _ = ingest(content, root)
    assert rc == 0, err
    with serve(
        root,
        content,
        log=tmp_path / "serve.log",
        env={"LINGODOCS_RELOAD_INTERVAL": "0.2", "LINGODOCS_LOG_LEVEL": "warning"},
    ) as server:
        yield server, content, root


def served_build(server: Server) -> str:
    return str(json.loads(server.get("/readyz").body)["build"])


def wait_served(server: Server, build: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while served_build(server) != build:
        assert time.monotonic() < deadline, f"build {build} not served after {timeout} s"
        time.sleep(0.05)


@pytest.mark.timeout(300)  # four builds and a killed one, under load
def test_reingest_under_load(loaded: tuple[Server, Path, Path]) -> None:
    server, content, root = loaded
    started = time.monotonic()
    release_of = {served_build(server): 0}  # complete build → its content version
    stop = threading.Event()
    clients = [Client(server.port, stop, n) for n in range(CLIENTS)]
    for client in clients:
        client.start()
    try:
        # 1. a plain rebuild, swapped in under load
        write_version(content, 1)
        rc, err, summary = ingest(content, root)
        assert rc == 0, err
        release_of[str(summary["build"])] = 1
        wait_served(server, str(summary["build"]))

        # 2. an ingest killed half-way (every bulk article changed, so it takes a while)
        before = builds.current_build(root)
        write_version(content, 2, touch_bulk=True)
        proc = subprocess.Popen(
            lingodocs("ingest", "--content", str(content), "--index", str(root), "--jobs", "1"),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 60
            while not list((root / "builds").glob(".tmp-*")):
                assert proc.poll() is None, "the ingest ended before it could be killed"
                assert time.monotonic() < deadline
                time.sleep(0.02)
            time.sleep(0.3)
            assert proc.poll() is None, "the ingest ended before it could be killed"
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        assert builds.current_build(root) == before
        time.sleep(1.0)  # five reload intervals: nothing new may be served
        assert before is not None and served_build(server) == before.name

        # 3. broken files: reported with file and line, the rest ingested and served
        write_version(content, 3)
        broken = content / "en" / "help" / "broken"
        broken.mkdir(parents=True)
        (broken / "binary.md").write_bytes(b"# Title\n\nsome\x00binary")
        (broken / "latin1.md").write_bytes(b"# Caf\xe9\n")
        (broken / "yaml.md").write_text(
            "---\ntitle: [unclosed\nexl-id: {x\n---\n# Y\n", encoding="utf-8"
        )
        (broken / "empty.md").write_text("", encoding="utf-8")
        rc, err, summary = ingest(content, root)
        assert rc == 0, err
        for name, line in [("binary.md", 3), ("latin1.md", 1), ("empty.md", 1)]:
            assert f"en/help/broken/{name}:{line}: " in err, err
        assert re.search(r"en/help/broken/yaml\.md:\d+: ", err), err
        release_of[str(summary["build"])] = 3
        wait_served(server, str(summary["build"]))

        # 4. and once more, after the broken one
        write_version(content, 4)
        rc, err, summary = ingest(content, root)
        assert rc == 0, err
        release_of[str(summary["build"])] = 4
        wait_served(server, str(summary["build"]))
        time.sleep(0.5)
    finally:
        stop.set()
        for client in clients:
            client.join(timeout=30)

    failures = [f for c in clients for f in c.failures]
    assert not failures, failures[:10]
    total = sum(c.done for c in clients)
    assert total > 200, f"only {total} requests in {time.monotonic() - started:.1f} s"
    prefixes = {build[:12]: release for build, release in release_of.items()}
    seen = set().union(*(c.seen for c in clients))
    for prefix, release in seen:
        assert prefix in prefixes, f"a response from build {prefix}, which no ingest finished"
        if release >= 0:
            assert release == prefixes[prefix], (prefix, release, prefixes)
    assert {p for p, _ in seen} == set(prefixes), "some complete build was never served"
    assert set().union(*(c.builds for c in clients)) <= set(release_of)
    assert server.alive()
    print(f"{total} requests, builds served: {sorted(prefixes.items(), key=lambda i: i[1])}")
