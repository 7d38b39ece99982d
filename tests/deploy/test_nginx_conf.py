"""deploy/nginx.conf as shipped: nginx accepts it, and its own refusals are problem+json.

The replicas' failover under load is ``test_failover`` (slow suite); these are quick.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pytest

from bench import nginx
from bench.procs import BenchError
from tests.deploy.proxy import needs_nginx, nginx_in_front
from tests.servers import free_port

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
