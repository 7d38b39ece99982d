"""Replicas behind the shipped nginx: one killed, a build swapped on the other, under load.

Debian's nginx runs ``deploy/nginx.conf`` as shipped (``bench.nginx.render_deploy``
changes only addresses, ports and paths) in front of two ``lingodocs serve`` replicas
on loopback over ONE index directory. Client threads (httpx) send a mix of
``Accept-Language`` headers to the API and the pages while the test

1. lets both replicas answer,
2. kills one replica with SIGKILL (its whole process group, as a host dies),
3. runs ``lingodocs ingest`` of changed content into the shared index, so that the
   surviving replica swaps builds,

and then requires: not one failed request, every answer in the language its
``Accept-Language`` asks for (``Content-Language``, the body's ``locale``, the page's
``lang``, the redirect's target), ``ETag`` and ``Vary`` on every cacheable answer, and
each English lookup's body the content of the build its ETag names.

The cache: every other request carries a query parameter the service ignores
(``?nocache=<client>.<n>``), distinct each time, so it misses nginx's cache (its key
has ``$request_uri``) and reaches a replica; the other half repeat plain URLs and are
served from the cache, one entry per distinct header string. nginx's access log
(``$upstream_addr``) shows which replica answered each miss, and that requests sent to
the killed one were retried on the other.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import ARTICLE, ARTICLE_PATH, CONTENT
from tests.deploy.proxy import Proxy, needs_nginx, nginx_in_front
from tests.servers import HOST, Server, built, serve

pytestmark = [pytest.mark.slow, needs_nginx]

CLIENTS = 4
# (Accept-Language, the language it must get): Babel's negotiation, q-values included
MIX = [
    ("en", "en"),
    ("fr-CA,fr;q=0.9", "fr"),
    ("nl-BE", "nl"),
    ("sv-FI", "sv"),
    ("de-DE,de;q=0.9,fr;q=0.8", "fr"),
    ("sv", "sv"),
    ("nl", "nl"),
    ("de-DE", "en"),
]
KINDS = ("method", "doc", "root", "page")
RELEASE = re.compile(r"release(\d+)")
MAX_REQUESTS = 20_000  # per client; the test stops them long before


def write_version(content: Path, n: int) -> None:
    """Content version ``n``: its word in the English GET summary."""
    source = (CONTENT / "en" / ARTICLE_PATH).read_text(encoding="utf-8")
    (content / "en" / ARTICLE_PATH).write_text(
        source.replace("Retrieves data", f"Retrieves release{n} data", 1), encoding="utf-8"
    )


def served_build(server: Server) -> str:
    return str(json.loads(server.get("/readyz").body)["build"])


class Client(threading.Thread):
    """Requests in a loop through nginx, on keep-alive connections, until told to stop."""

    def __init__(self, url: str, n: int, stop: threading.Event) -> None:
        super().__init__(name=f"client-{n}", daemon=True)
        self.url, self.n, self.stop = url, n, stop
        self.failures: list[str] = []
        self.seen: set[tuple[str, int]] = set()  # (the ETag's build, the release word)
        self.cache: Counter[str] = Counter()  # X-Cache-Status
        self.done = 0
        # half the clients take gzip (httpx's default), half not: two cache keys
        self.encoding = {} if n % 2 == 0 else {"Accept-Encoding": "identity"}

    def run(self) -> None:
        with httpx.Client(base_url=self.url, timeout=10.0, follow_redirects=False) as http:
            while not self.stop.is_set() and self.done < MAX_REQUESTS:
                i = self.done
                self.done += 1
                accept, want = MIX[(i + self.n) % len(MIX)]
                kind = KINDS[(i // 2) % len(KINDS)]
                path = {
                    "method": "/api/v1/methods/GET",
                    "doc": f"/api/v1/docs/{ARTICLE}",
                    "root": "/",
                    "page": f"/{want}/methods/GET",
                }[kind]
                if i % 2 == 0:  # a miss: reaches a replica
                    path += f"?nocache={self.n}.{i}"
                headers = {"Accept-Language": accept, **self.encoding}
                try:
                    reply = http.get(path, headers=headers)
                    self.check(kind, path, accept, want, reply)
                except httpx.HTTPError as exc:  # any failure counts
                    self.failures.append(f"{path} [{accept}]: {type(exc).__name__}: {exc}")

    def fail(self, path: str, accept: str, what: str) -> None:
        self.failures.append(f"{path} [{accept}]: {what}")

    def check(self, kind: str, path: str, accept: str, want: str, reply: httpx.Response) -> None:
        self.cache[reply.headers.get("x-cache-status", "-")] += 1
        expected = 302 if kind == "root" else 200
        if reply.status_code != expected:
            self.fail(path, accept, f"HTTP {reply.status_code} {reply.content[:200]!r}")
            return
        if "Accept-Language" not in reply.headers.get("vary", ""):
            self.fail(path, accept, f"Vary {reply.headers.get('vary')!r}")
        if self.encoding and "content-encoding" in reply.headers:
            self.fail(path, accept, "gzip sent to a client that takes identity only")
        if kind == "root":
            if reply.headers.get("location") != f"/{want}/":
                self.fail(path, accept, f"redirected to {reply.headers.get('location')!r}")
            return
        etag = reply.headers.get("etag", "")
        if not etag.startswith('"'):
            self.fail(path, accept, f"no strong ETag ({etag!r})")
        if reply.headers.get("content-language") != want:
            self.fail(path, accept, f"Content-Language {reply.headers.get('content-language')}")
        if kind == "page":
            if f'<html lang="{want}"' not in reply.text:
                self.fail(path, accept, "the page is not in its language")
            return
        data = reply.json()
        if data["locale"] != want:
            self.fail(path, accept, f"locale {data['locale']!r}")
        if kind == "method" and want == "en":
            found = RELEASE.search(data["summary"])
            if found is None:
                self.fail(path, accept, f"no release word in {data['summary']!r}")
            else:
                self.seen.add((etag.strip('"').split("-")[0], int(found.group(1))))


@pytest.fixture
def deployment(tmp_path: Path) -> Iterator[tuple[Proxy, Server, Server, Path, Path]]:
    """Two replicas over one index directory, nginx in front of both."""
    content = tmp_path / "content"
    subprocess.run(["cp", "-r", str(CONTENT), str(content)], check=True, timeout=30)
    write_version(content, 0)
    index = tmp_path / "index"
    built(content, index)
    env = {"LINGODOCS_RELOAD_INTERVAL": "0.2", "LINGODOCS_LOG_LEVEL": "warning"}
    with (
        serve(index, content, log=tmp_path / "a.log", env=env) as a,
        serve(index, content, log=tmp_path / "b.log", env=env) as b,
        nginx_in_front(tmp_path / "nginx", [a.port, b.port]) as proxy,
    ):
        yield proxy, a, b, content, index


def wait_until(what: str, ok: object, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not ok():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"{what}: not after {timeout} s"
        time.sleep(0.05)


@pytest.mark.timeout(120)
def test_a_replica_killed_and_a_build_swapped_under_load_fail_no_request(
    deployment: tuple[Proxy, Server, Server, Path, Path],
) -> None:
    proxy, a, b, content, index = deployment
    first = served_build(b)
    release_of = {first[:12]: 0}
    stop = threading.Event()
    clients = [Client(proxy.url, n, stop) for n in range(CLIENTS)]
    for client in clients:
        client.start()
    try:
        answered = lambda: sum(c.done for c in clients)  # noqa: E731
        wait_until("load through nginx", lambda: answered() > 200)

        # 2. one replica dies: SIGKILL to its process group, nothing drained
        os.killpg(a.proc.pid, signal.SIGKILL)
        a.proc.wait(timeout=10)
        killed_at = time.time()
        mark = answered()
        wait_until("load after the kill", lambda: answered() > mark + 200)

        # 3. a new build into the shared index: the survivor swaps to it under load
        write_version(content, 1)
        second = built(content, index)
        release_of[second[:12]] = 1
        wait_until("the survivor serving the new build", lambda: served_build(b) == second)
        new_seen = lambda: any(p == second[:12] for c in clients for p, _ in c.seen)  # noqa: E731
        wait_until("the new build through nginx", new_seen)
        mark = answered()
        wait_until("load after the swap", lambda: answered() > mark + 100)
    finally:
        stop.set()
        for client in clients:
            client.join(timeout=30)
    assert not any(c.is_alive() for c in clients), "a client did not stop"

    failures = [f for c in clients for f in c.failures]
    total = sum(c.done for c in clients)
    assert failures == [], f"{len(failures)} of {total} failed: {failures[:10]}"
    seen = set().union(*(c.seen for c in clients))
    for prefix, release in seen:
        assert release_of.get(prefix) == release, (prefix, release, release_of)
    assert {p for p, _ in seen} == set(release_of), "a build was never served"

    cache = sum((c.cache for c in clients), Counter[str]())
    assert cache["HIT"] > 0 and cache["MISS"] > 0, cache

    # nginx's own account: both replicas answered before the kill; requests sent to the
    # killed one afterwards were retried on the survivor and answered
    log = [e for e in proxy.access_log() if e["upstream"]]
    replicas = {f"{HOST}:{a.port}", f"{HOST}:{b.port}"}
    answered_by = Counter(str(e["upstream"]).split(", ")[-1] for e in log)
    assert set(answered_by) >= replicas, answered_by
    retried = [
        e
        for e in log
        if float(str(e["msec"])) >= killed_at - 1
        and f"{HOST}:{a.port}" in str(e["upstream"]).split(", ")[:-1]
        and str(e["upstream"]).endswith(f"{HOST}:{b.port}")
    ]
    assert retried and all(e["status"] in (200, 302) for e in retried), retried[:5]
    print(
        f"{total} requests, 0 failed; cache {dict(cache)}; answered by {dict(answered_by)};"
        f" {len(retried)} retried on the survivor; builds {release_of}"
    )
