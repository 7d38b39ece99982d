"""deploy/nginx.conf as shipped: nginx accepts it, and its own refusals are problem+json.

The replicas' failover under load is ``test_failover`` (slow suite); these are quick.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import httpx
import pytest

from bench import nginx
from bench.procs import BenchError
from tests.conftest import ARTICLE_PATH, CONTENT
from tests.deploy.proxy import needs_nginx, nginx_in_front
from tests.servers import built, free_port, serve

pytestmark = needs_nginx


def test_the_shipped_config_passes_nginx_t(tmp_path: Path) -> None:
    text = nginx.render_deploy(tmp_path, free_port(), [free_port(), free_port()])
    assert len(re.findall(r"server 127\.0\.0\.1:\d+ max_fails=1 fail_timeout=5s;", text)) == 2
    directives = [line.split("#", 1)[0] for line in text.splitlines()]
    assert not [d for d in directives if "lingodocs:8000" in d or "/var/" in d or "/run/" in d]
    nginx.write_config(tmp_path, text)  # raises with nginx's own words when -t fails


def test_a_moved_line_fails_the_render_instead_of_testing_something_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = nginx.DEPLOY_CONF.read_text(encoding="utf-8")
    edited = tmp_path / "nginx.conf"
    edited.write_text(shipped.replace("listen 80;", "listen 8080;"), encoding="utf-8")
    monkeypatch.setattr(nginx, "DEPLOY_CONF", edited)
    with pytest.raises(BenchError, match="listen 80;"):
        nginx.render_deploy(tmp_path, free_port(), [free_port()])


def test_with_no_replica_up_the_answer_is_a_problem(tmp_path: Path) -> None:
    """Nothing listens on the upstream ports: every try fails, nginx answers 503
    problem+json with Retry-After, never its HTML page, and never caches it."""
    with nginx_in_front(tmp_path / "nginx", [free_port(), free_port()]) as proxy:
        for _ in range(2):
            reply = httpx.get(f"{proxy.url}/api/v1/methods/GET", timeout=10)
            assert reply.status_code == 503
            assert reply.headers["content-type"] == "application/problem+json"
            assert reply.headers["retry-after"] == "2"
            assert reply.headers["cache-control"] == "no-store"
            assert json.loads(reply.content)["status"] == 503
        metrics = httpx.get(f"{proxy.url}/metrics", timeout=10)
        assert metrics.status_code == 404
        assert metrics.headers["content-type"] == "application/problem+json"
        log = proxy.access_log()
    tried = [e for e in log if e["uri"] == "/api/v1/methods/GET"]
    assert len(tried) == 2 and all(e["status"] == 503 for e in tried)
    # the first tried both replicas; then both are out for fail_timeout ("no live
    # upstreams": the upstream's name is logged); the refusal is never a cache hit
    assert str(tried[0]["upstream"]).count(",") == 1, tried
    assert all(e["cache"] != "HIT" for e in tried), tried


def test_a_cache_entry_replaced_is_never_served_from_its_old_open_file(tmp_path: Path) -> None:
    """The shipped config keeps the cache's files open between hits (``open_file_cache``).
    An answer the cache replaces (its entry expired, the replica has a new build) is a
    new file: the hits after it serve the new body, not the old file still open."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    index = tmp_path / "index"
    built(content, index)
    env = {"LINGODOCS_CACHE_MAX_AGE": "1", "LINGODOCS_RELOAD_INTERVAL": "0.2"}
    with (
        serve(index, content, log=tmp_path / "serve.log", env=env) as replica,
        nginx_in_front(tmp_path / "nginx", [replica.port]) as proxy,
    ):
        url = f"{proxy.url}/api/v1/methods/GET"
        english = {"Accept-Language": "en"}
        first = [httpx.get(url, headers=english, timeout=10) for _ in range(3)]
        stored = time.monotonic()  # at most this late: the MISS stored the entry before it
        assert [r.headers["x-cache-status"] for r in first] == ["MISS", "HIT", "HIT"]
        assert "release2" not in first[-1].text
        source = (content / "en" / ARTICLE_PATH).read_text(encoding="utf-8")
        (content / "en" / ARTICLE_PATH).write_text(
            source.replace("Retrieves data", "Retrieves release2 data", 1), encoding="utf-8"
        )
        new_build = built(content, index)
        deadline = time.monotonic() + 20
        while json.loads(replica.get("/readyz").body)["build"] != new_build:
            assert time.monotonic() < deadline, "the replica never served the new build"
            time.sleep(0.1)
        # nginx keeps an entry's expiry in whole seconds (stored at T.x with max-age 1, it
        # is valid through second T+1), so 1 s of max-age is over 2 s after the store at
        # the latest; then the next request refreshes it (the config answers that one
        # from the expired entry while it is updated)
        time.sleep(max(0.0, stored + 2.2 - time.monotonic()))
        after: list[httpx.Response] = []
        while [r.headers["x-cache-status"] for r in after[-3:]] != ["HIT"] * 3:
            assert time.monotonic() < deadline + 10, [r.headers for r in after]
            after.append(httpx.get(url, headers=english, timeout=10))
            time.sleep(0.05)
    assert after[0].headers["x-cache-status"] in ("STALE", "UPDATING", "EXPIRED", "REVALIDATED")
    hits = [r for r in after if r.headers["x-cache-status"] == "HIT"]
    assert hits and all("release2" in r.text for r in hits), [r.headers for r in after]
    assert hits[0].headers["etag"] != first[0].headers["etag"]
