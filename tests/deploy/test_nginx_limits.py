"""The limits deploy/nginx.conf holds for the service, tried as a client meets them: a
request rate per client address (local health checks not counted), no request body,
the service's 16 KiB header limit; each refusal problem+json, never nginx's HTML page.

nginx listens on 127.0.0.1; a client bound to 127.0.0.2 (the loopback network is
127.0.0.0/8) is a remote client to it, so the per-address limits apply."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from tests.deploy.proxy import needs_nginx, nginx_in_front
from tests.servers import free_port

pytestmark = needs_nginx

RATE, BURST = 50, 100  # deploy/nginx.conf: limit_req_zone rate=50r/s, limit_req burst=100
SENT = 400  # refused unless they take over (SENT - BURST) / RATE = 6 s


def replies(proxy_url: str, local_address: str) -> list[httpx.Response]:
    transport = httpx.HTTPTransport(local_address=local_address)
    with httpx.Client(transport=transport, timeout=10) as client:
        return [client.get(f"{proxy_url}/api/v1/methods/GET") for _ in range(SENT)]


def is_problem(reply: httpx.Response, status: int) -> dict[str, object]:
    assert reply.status_code == status, reply.text[:300]
    assert reply.headers["content-type"] == "application/problem+json", reply.text[:300]
    assert reply.headers["cache-control"] == "no-store"
    found: dict[str, object] = json.loads(reply.content)
    assert found["status"] == status
    return found


def test_a_client_over_the_rate_is_told_to_retry_and_local_checks_are_not(
    tmp_path: Path,
) -> None:
    with nginx_in_front(tmp_path / "nginx", [free_port()]) as proxy:
        remote = replies(proxy.url, "127.0.0.2")
        local = [r.status_code for r in replies(proxy.url, "127.0.0.1")]
    statuses = [r.status_code for r in remote]
    assert statuses.count(429) >= SENT - BURST - 6 * RATE, statuses
    assert set(statuses) == {503, 429}  # no replica up: the rest are nginx's 503
    assert 429 not in local
    refused = next(r for r in remote if r.status_code == 429)
    is_problem(refused, 429)
    assert refused.headers["retry-after"] == "1"


def test_a_request_body_is_refused(tmp_path: Path) -> None:
    with nginx_in_front(tmp_path / "nginx", [free_port()]) as proxy:
        reply = httpx.post(f"{proxy.url}/api/v1/search", content=b"x" * 4096, timeout=10)
    is_problem(reply, 413)


def test_a_header_over_the_services_limit_is_refused(tmp_path: Path) -> None:
    with nginx_in_front(tmp_path / "nginx", [free_port()]) as proxy:
        reply = httpx.get(
            f"{proxy.url}/api/v1/methods/GET", headers={"X-Big": "a" * 20_000}, timeout=10
        )
    is_problem(reply, 400)
