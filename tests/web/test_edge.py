"""Hostile requests at the edge: every route, every method, odd URLs and headers, sizes, bodies."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from service.web import edge
from tests.conftest import ROOT
from tests.web.routes import PASSWD, assert_problem

TRAVERSALS = [
    "../../etc/passwd",
    "..%2F..%2Fetc%2Fpasswd",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "..%252F..%252Fetc%252Fpasswd",
    "....//....//etc/passwd",
    "%c0%ae%c0%ae%c0%afetc%c0%afpasswd",
    "..%5c..%5cwindows%5cwin.ini",
    "%2F..%2F..%2F..%2Fetc%2Fpasswd",
    "/etc/passwd",
]


@pytest.fixture(scope="module")
def client(apps_client: TestClient) -> TestClient:
    """content/ and the Acme app fixture: every route has something real to name."""
    return apps_client


def get_routes(app: Any) -> list[str]:
    """Path templates of every GET route (API, pages, health, metrics)."""
    try:  # FastAPI ≥ 0.120 keeps included routers as one route each
        from fastapi.routing import iter_route_contexts

        routes: list[Any] = list(iter_route_contexts(app.routes))
    except ImportError:
        routes = list(app.routes)
    return sorted({str(r.path) for r in routes if "GET" in (getattr(r, "methods", None) or ())})


def samples(app: Any) -> dict[str, str]:
    """A value for each path parameter that names something real."""
    catalog = app.state.live.catalog
    static = ROOT / "service" / "web" / "static"
    names = sorted(p.name for p in static.iterdir()) if static.is_dir() else []
    return {
        "method": "get",
        "doc_id": sorted(catalog.articles)[0],
        "locale": "en",
        "name": names[0] if names else "style.css",
        "path": "help/workfront-fusion/references/modules/http-request-methods.md",
        "app_id": "acme",
        "module_id": "acme.create-a-record",
        "anchor": "workfront-fusion-references-modules",  # content/ has no TOC: its folders
        "asset": "help/workfront-fusion/references/modules/assets/http-methods.svg",
    }


def fill(template: str, values: dict[str, str]) -> str:
    url = re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: values.get(m.group(1), "x"), template)
    if url.endswith("/help"):
        return url + "?app=Acme&module=Create+a+record&field=Method"
    return url + ("?q=get" if url.endswith("/search") else "")


def is_api(url: str) -> bool:
    return url.startswith("/api/") or url.split("?")[0] in ("/healthz", "/readyz")


def urls(client: TestClient) -> list[str]:
    values = samples(client.app)
    return [fill(t, values) for t in get_routes(client.app)]


def test_every_get_route_answers(client: TestClient) -> None:
    found = urls(client)
    assert "/api/v1/methods/get" in found and "/metrics" in found
    for url in found:
        reply = client.get(url, follow_redirects=False)
        assert reply.status_code in (200, 301, 302, 303, 307, 308), (url, reply.status_code)


def test_head_on_every_get_route(client: TestClient) -> None:
    for url in urls(client):
        full = client.get(url, follow_redirects=False)
        head = client.head(url, follow_redirects=False)
        assert head.status_code == full.status_code, url
        assert head.content == b"", url
        for name in (
            "content-type",
            "content-length",
            "etag",
            "content-language",
            "cache-control",
            "vary",
            "location",
        ):
            if url == "/metrics" and name == "content-length":
                continue  # the figures move between the two requests
            assert head.headers.get(name) == full.headers.get(name), (url, name)


def test_options_on_every_route_says_what_is_allowed(client: TestClient) -> None:
    for url in urls(client):
        reply = client.options(url, follow_redirects=False)
        assert reply.status_code == 204, (url, reply.status_code, reply.text[:200])
        assert reply.headers["allow"] == "GET, HEAD, OPTIONS", url
        assert reply.content == b""


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "TRACE", "BREW"])
def test_other_methods_are_405_with_allow(client: TestClient, method: str) -> None:
    for url in urls(client):
        reply = client.request(method, url, follow_redirects=False)
        assert reply.status_code == 405, (method, url, reply.status_code)
        assert reply.headers["allow"] == "GET, HEAD, OPTIONS", url
        if is_api(url):
            body = assert_problem(reply, 405)
            assert "GET" in body["detail"]
        else:  # pages answer errors as pages
            assert reply.headers["content-type"].startswith(("text/html", "application/"))


def test_path_traversal_in_every_path_parameter(client: TestClient) -> None:
    values = samples(client.app)
    templates = [t for t in get_routes(client.app) if "{" in t]
    assert templates
    tried = 0
    for template in templates:
        for name in re.findall(r"\{(\w+)(?::\w+)?\}", template):
            for attack in TRAVERSALS:
                url = fill(template, {**values, name: attack})
                reply = client.get(url, follow_redirects=False)
                tried += 1
                assert reply.status_code in (400, 404, 301, 302, 307, 308), (url, reply.status_code)
                assert not PASSWD.search(reply.content), url
                assert b"[fonts]" not in reply.content and b"[extensions]" not in reply.content
                location = reply.headers.get("location", "/")
                assert location.startswith("/") and not location.startswith("//"), location
    assert tried >= len(TRAVERSALS) * 4


@pytest.mark.parametrize(
    ("size", "status"),
    [
        (4000, 200),
        (10_240, 200),
        (edge.MAX_HEADER, 200),
        (edge.MAX_HEADER + 1, 431),
        (1_048_576, 431),
    ],
)
def test_accept_language_size(client: TestClient, size: int, status: int) -> None:
    header = ("fr-CA,fr;q=0.9," + "x-" * size)[:size]
    reply = client.get("/api/v1/methods/get", headers={"Accept-Language": header})
    if status == 200:
        assert reply.status_code == 200 and reply.json()["locale"] == "fr"
    else:
        body = assert_problem(reply, status)
        assert str(edge.MAX_HEADER) in body["detail"] and "accept-language" in body["detail"]


def test_many_headers_add_up(client: TestClient) -> None:
    headers = {f"x-pad-{n}": "p" * 4000 for n in range(9)}  # each fine, together too many
    body = assert_problem(client.get("/api/v1/methods/get", headers=headers), 431)
    assert str(edge.MAX_HEADERS) in body["detail"]


@pytest.mark.parametrize(
    "url", ["/api/v1/search?q=", "/api/v1/methods?x=", "/en/search?q=", "/api/v1/docs/x?lang="]
)
def test_long_query_string_is_414(client: TestClient, url: str) -> None:
    for size in (10_240, edge.MAX_URL - len(url)):  # under the limit: the route answers
        assert client.get(url + "a" * size).status_code in (200, 400, 404)
    for size in (edge.MAX_URL + 1, 60_000):  # 1 MiB: over a real server, below
        body = assert_problem(client.get(url + "a" * size), 414)
        assert str(edge.MAX_URL) in body["detail"]


ODD_URLS = [
    # invalid percent-encoding
    "/api/v1/search?q=%",
    "/api/v1/search?q=%zz",
    "/api/v1/search?q=%e9t%e9",
    "/api/v1/search?q=%ff%fe%fd",
    "/api/v1/search?q=caf%C3",
    "/api/v1/methods/%ff",
    "/api/v1/docs/%c3%28",
    "/api/v1/docs/%",
    "/api/v1/methods/get?lang=%ff",
    "/en/docs/%ff%fe",
    "/en/methods/%zz",
    "/en/search?q=%ff",
    "/%ff/",
    "/en/path/%ff.md",
    # NUL and control characters
    "/api/v1/search?q=a%00b",
    "/api/v1/search?q=%1b%5b31m%07",
    "/api/v1/methods/get%00",
    "/api/v1/methods/get?lang=fr%00",
    "/api/v1/docs/x%0d%0aSet-Cookie:%20a=b",
    "/en/search?q=%00%01%02",
    "/en%00/",
    "/en/docs/%0a%0d",
    "/api/v1/search?q=%7f%c2%9f",
    # oversized and odd values
    "/api/v1/search?q=" + "%F0%9F%98%80" * 300,
    "/api/v1/search?q=" + "a%20" * 900,
    "/api/v1/search?q=" + quote('"' * 200),
    "/api/v1/search?q=method:" + "x" * 500,
    "/api/v1/methods/" + "G" * 2000,
    "/api/v1/docs/" + "d" * 4000,
    "/api/v1/methods/get?lang=" + "x" * 64,
    "/api/v1/methods/get?lang=" + "x" * 65,
    "/api/v1/methods/get?lang=fr&lang=nl",
    "/api/v1/search?q=get&q=put",
]


@pytest.mark.parametrize("url", ODD_URLS)
def test_odd_urls_get_a_clear_answer(client: TestClient, url: str) -> None:
    reply = client.get(url, follow_redirects=False)
    assert reply.status_code < 500, (url, reply.status_code, reply.text[:300])
    assert "set-cookie" not in reply.headers
    if is_api(url):
        json.loads(reply.content)  # JSON, whatever came in
        if reply.status_code >= 400:
            assert_problem(reply, reply.status_code)


@pytest.mark.parametrize(
    "value",
    [
        b"fr-\xff\xfe",
        b"\xc3\x28",
        b"fr;q=\x80",
        b"\xe9t\xe9",
        b"fr\x01\x1b",
        b"*;q=1e999",
        b"fr;q=nan, nl;q=inf",
        b"," * 2000,
        b"fr-" + b"-" * 5000,
    ],
)
def test_odd_accept_language(client: TestClient, value: bytes) -> None:
    reply = client.get("/api/v1/methods/get", headers=[(b"accept-language", value)])
    assert reply.status_code == 200, reply.text[:300]
    assert reply.json()["locale"] in ("en", "fr")
    assert client.get("/en/methods/get", headers=[(b"accept-language", value)]).status_code == 200


@pytest.mark.parametrize("value", [b"\xff\xfe", b'"abc', b"*" * 5000, b'W/"x", ' * 900])
def test_odd_if_none_match(client: TestClient, value: bytes) -> None:
    reply = client.get("/api/v1/methods/get", headers=[(b"if-none-match", value)])
    assert reply.status_code in (200, 304, 431), reply.text[:300]


def test_bodies_on_get_routes_are_413(client: TestClient) -> None:
    for url in ["/api/v1/methods/get", "/api/v1/search?q=get", "/en/methods/get", "/metrics"]:
        body = assert_problem(client.request("GET", url, content=b"x" * 1_048_576), 413)
        assert "no request body" in body["detail"]

    def chunks() -> Iterator[bytes]:
        yield b"x" * 1000

    assert_problem(client.request("GET", "/api/v1/methods/get", content=chunks()), 413)


def test_metrics_count_what_the_edge_rejected(client: TestClient) -> None:
    client.get("/api/v1/methods/get", headers={"Accept-Language": "x" * (edge.MAX_HEADER + 1)})
    text = client.get("/metrics").text
    refused = [
        s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
        if s.name == "lingodocs_requests_total"
        and s.labels == {"route": "(edge)", "method": "GET", "status": "431"}
    ]
    assert refused and refused[0] >= 1, text[:2000]
