"""Hostile requests and hostile content, against the real app and a real server.

Three parts: requests no client should send (in-process, over every route the
app has), the same over a real ``lingodocs serve`` for what only a real server
sees (megabyte heads, raw bytes, ``..`` in the request line), and a content
fixture of XSS payloads in every construct of the dialect, read back through
the JSON API and the HTML pages with a strict markup scan.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.pipeline.run import run as ingest
from service.search.query import MAX_LIMIT, MAX_OFFSET
from service.settings import Settings
from service.web import edge

from .conftest import CONTENT, DATA
from .servers import Server, serve

HOSTILE = DATA / "hostile"
PASSWD = re.compile(rb"root:.*:0:0:")
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


# --- the routes the app has ---------------------------------------------------------------


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
    static = Path(__file__).resolve().parent.parent / "service" / "web" / "static"
    names = sorted(p.name for p in static.iterdir()) if static.is_dir() else []
    return {
        "method": "get",
        "doc_id": sorted(catalog.articles)[0],
        "locale": "en",
        "name": names[0] if names else "style.css",
        "path": "help/workfront-fusion/references/modules/http-request-methods.md",
    }


def fill(template: str, values: dict[str, str]) -> str:
    url = re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: values.get(m.group(1), "x"), template)
    return url + ("?q=get" if url.endswith("/search") else "")


def is_api(url: str) -> bool:
    return url.startswith("/api/") or url.split("?")[0] in ("/healthz", "/readyz")


def urls(client: TestClient) -> list[str]:
    values = samples(client.app)
    return [fill(t, values) for t in get_routes(client.app)]


def assert_problem(reply: Any, status: int) -> dict[str, Any]:
    assert reply.status_code == status, (reply.status_code, reply.text[:300])
    assert reply.headers["content-type"].split(";")[0] == "application/problem+json"
    assert reply.headers["cache-control"] == "no-store"  # an error is never cached
    body: dict[str, Any] = reply.json()
    assert body["status"] == status and body["detail"], body
    return body


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


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("limit=0", 400),
        ("limit=-1", 400),
        (f"limit={MAX_LIMIT}", 200),
        (f"limit={MAX_LIMIT + 1}", 400),
        ("limit=" + "9" * 40, 400),
        ("limit=1e3", 400),
        ("limit=abc", 400),
        ("offset=-1", 400),
        (f"offset={MAX_OFFSET}", 200),
        (f"offset={MAX_OFFSET + 1}", 400),
        ("offset=" + "9" * 400, 400),
        ("offset=1.5", 400),
        (f"limit={MAX_LIMIT}&offset={MAX_OFFSET}", 200),
    ],
)
def test_limit_and_offset_bounds(client: TestClient, query: str, status: int) -> None:
    reply = client.get(f"/api/v1/search?q=method&{query}")
    if status == 200:
        assert reply.status_code == 200
        assert reply.json()["hits"] == [] or "offset" not in query
    else:
        assert_problem(reply, status)


@pytest.mark.parametrize(("q", "lang"), [("method", "en"), ("méthode", "fr"), ("data", "en")])
def test_deep_pagination_walks_every_hit_once(client: TestClient, q: str, lang: str) -> None:
    everything = client.get(
        "/api/v1/search", params={"q": q, "lang": lang, "limit": MAX_LIMIT}
    ).json()
    assert everything["hits"], everything
    walked: list[tuple[str, str, str | None]] = []
    for offset in range(len(everything["hits"]) + 3):
        page = client.get(
            "/api/v1/search", params={"q": q, "lang": lang, "limit": 1, "offset": offset}
        ).json()
        assert page["offset"] == offset and len(page["hits"]) <= 1
        walked += [(h["locale"], h["path"], h["anchor"]) for h in page["hits"]]
    assert walked == [(h["locale"], h["path"], h["anchor"]) for h in everything["hits"]]


@pytest.mark.parametrize("page", ["0", "-1", "99999", "9" * 40, "x"])
def test_page_numbers_on_the_search_page(client: TestClient, page: str) -> None:
    reply = client.get(f"/en/search?q=method&page={page}", follow_redirects=False)
    assert reply.status_code in (200, 400, 404), reply.status_code


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
    assert re.search(
        r'lingodocs_requests_total\{route="\(edge\)",method="GET",status="431"\} '
        r"[1-9]",
        text,
    ), text[:2000]


# --- a real server: what only a real server sees ---------------------------------------------


@pytest.fixture(scope="module")
def server(
    content_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    log = tmp_path_factory.mktemp("hostile-server") / "serve.log"
    with serve(content_settings.index, CONTENT, log=log) as running:
        yield running


def request(path: str, *headers: bytes, method: bytes = b"GET", body: bytes = b"") -> bytes:
    lines = [
        method + b" " + path.encode("latin-1") + b" HTTP/1.1",
        b"Host: 127.0.0.1",
        b"Connection: close",
        *headers,
    ]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def test_server_reads_a_10k_accept_language(server: Server) -> None:
    reply = server.raw(
        request("/api/v1/methods/get", b"Accept-Language: nl-BE,nl;q=0.9," + b"x-" * 5000)
    )
    assert reply is not None and reply.status == 200, reply
    assert reply.headers["content-language"] == "nl"


@pytest.mark.parametrize("size", [edge.MAX_HEADER + 1, 1_048_576])
def test_server_caps_header_size_with_431(server: Server, size: int) -> None:
    reply = server.raw(
        request("/api/v1/methods/get", b"Accept-Language: " + b"a" * size), timeout=30
    )
    assert reply is not None and reply.status == 431, reply
    assert reply.headers["content-type"] == "application/problem+json"
    assert json.loads(reply.body)["status"] == 431


@pytest.mark.parametrize("size", [edge.MAX_URL + 1, 1_048_576])
def test_server_caps_url_size_with_414(server: Server, size: int) -> None:
    reply = server.raw(request("/api/v1/search?q=" + "a" * size), timeout=30)
    assert reply is not None and reply.status == 414, reply
    assert json.loads(reply.body)["title"] == "URI too long"


def test_server_cuts_off_heads_over_its_read_limit(server: Server) -> None:
    """Past MAX_HEAD_READ the server stops reading: a plain 400, or the connection closed."""
    endless = request("/api/v1/methods/get", b"Accept-Language: " + b"a" * 2 * edge.MAX_HEAD_READ)
    reply = server.raw(endless[:-4], timeout=30)  # the head never ends
    assert reply is None or reply.status == 400, reply
    assert server.get("/healthz").status == 200 and server.alive()


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/docs/../../../../etc/passwd",
        "/static/../../../../../etc/passwd",
        "/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/en/path/../../../../../etc/passwd",
        "/en/path/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/../../../../etc/passwd",
        "/en/docs/..\\..\\..\\etc\\passwd",
        "//etc/passwd",
        "/./././etc/passwd",
    ],
)
def test_server_never_serves_files_by_traversal(server: Server, path: str) -> None:
    reply = server.raw(request(path))
    assert reply is not None and reply.status in (400, 404, 307, 308), (path, reply)
    assert not PASSWD.search(reply.body)


@pytest.mark.parametrize(
    "raw",
    [
        request("/api/v1/methods/\xff\xfe"),
        request("/api/v1/search?q=caf\xe9"),
        request("/api/v1/methods/get", b"Accept-Language: fr-\xff\xfe\x80"),
        request("/api/v1/methods/get", b"Accept-Language: fr\x00"),
        request("/api/v1/methods/get\x00"),
        request("/api/v1/methods/get", b"X-\x01: y"),
        request("/api/v1/search?q=a\x1bb"),
        b"GET /api/v1/methods/get\r\n\r\n",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64,
        b"GARBAGE\r\n\r\n",
        request("/api/v1/methods/get", method=b"G\xffT"),
        request("*", method=b"OPTIONS"),
    ],
)
def test_server_answers_raw_bytes_with_4xx(server: Server, raw: bytes) -> None:
    reply = server.raw(raw)
    assert reply is None or 200 <= reply.status < 500, reply
    if (
        reply is not None
        and reply.status >= 400
        and reply.headers.get("content-type", "").startswith("application/")
    ):
        assert json.loads(reply.body)["status"] == reply.status
    assert server.get("/healthz").status == 200


def test_server_rejects_a_body_on_get_without_reading_it(server: Server) -> None:
    reply = server.raw(
        request("/api/v1/methods/get", b"Content-Length: 1000000000", body=b"x" * 1000), timeout=10
    )
    assert reply is not None and reply.status == 413, reply
    reply = server.raw(
        request(
            "/api/v1/methods/get",
            b"Transfer-Encoding: chunked",
            body=b"3e8\r\n" + b"x" * 1000 + b"\r\n",
        ),
        timeout=10,
    )
    assert reply is not None and reply.status == 413, reply


def test_server_refuses_a_post_without_reading_its_body(server: Server) -> None:
    reply = server.raw(
        request(
            "/api/v1/methods/get", b"Content-Length: 1000000000", method=b"POST", body=b"x" * 1000
        ),
        timeout=10,
    )
    assert reply is not None and reply.status == 405, reply
    assert reply.headers["allow"] == "GET, HEAD, OPTIONS"


def test_server_head_and_options(server: Server) -> None:
    head = server.get("/api/v1/methods/get", method="HEAD")
    full = server.get("/api/v1/methods/get")
    assert head.status == 200 and head.body == b""
    assert head.headers["content-length"] == full.headers["content-length"] == str(len(full.body))
    assert head.headers["etag"] == full.headers["etag"]
    options = server.get("/api/v1/methods/get", method="OPTIONS")
    assert options.status == 204 and options.headers["allow"] == "GET, HEAD, OPTIONS"


# --- hostile content: nothing in the docs runs in a reader's browser ------------------------

URL_ATTRS = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "background",
    "poster",
    "data",
    "cite",
    "srcset",
    "ping",
    "longdesc",
    "manifest",
    "codebase",
    "icon",
    "lowsrc",
    "dynsrc",
    "archive",
    "classid",
    "profile",
    "usemap",
    "srcdoc",
}
NEVER = {
    "script",
    "iframe",
    "object",
    "embed",
    "frame",
    "frameset",
    "applet",
    "base",
    "portal",
    "noscript",
    "template",
    "svg",
    "math",
}
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f]+")


class Scan(HTMLParser):
    """Every tag and attribute of a page or fragment; what could run is listed."""

    def __init__(self, fragment: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.fragment = fragment
        self.problems: list[str] = []
        self.tags = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags += 1
        if tag in NEVER or (self.fragment and tag in ("style", "link", "meta", "form")):
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if self.fragment and name == "style":
                self.problems.append(f"<{tag} style=…>")
            if tag == "meta" and name == "http-equiv" and value.lower() == "refresh":
                self.problems.append("<meta http-equiv=refresh>")
            if name in URL_ATTRS or "url(" in value.lower():
                self._url(tag, name, value)

    handle_startendtag = handle_starttag

    def _url(self, tag: str, name: str, value: str) -> None:
        plain = _INVISIBLE.sub("", value).lower()
        if plain == "data:," and tag == "link":  # an empty icon: no favicon request
            return
        for bad in ("javascript:", "vbscript:", "data:", "livescript:"):
            if bad in plain and not (
                tag == "img"
                and name == "src"
                and plain.startswith(
                    ("data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp")
                )
            ):
                self.problems.append(f"<{tag} {name}={value[:60]!r}>")


def scan(html: str, fragment: bool) -> Scan:
    parser = Scan(fragment)
    parser.feed(html)
    parser.close()
    return parser


@pytest.mark.parametrize(
    ("html", "bad"),
    [
        ("<p>fine <a href='https://x.example/'>x</a> <img src='data:image/png;base64,AA'></p>", 0),
        ("<script>alert(1)</script>", 1),
        ("<img src=x onerror=alert(1)>", 1),
        ("<a href='jav&#x09;ascript:alert(1)'>x</a>", 1),
        ("<a href=' JAVASCRIPT:x'>x</a>", 1),
        ("<a href='data:text/html,x'>x</a>", 1),
        ("<iframe src='https://x'></iframe>", 1),
        ("<div style='background:url(javascript:x)'>", 2),
        ("<svg onload=x>", 2),
    ],
)
def test_the_scan_finds_what_runs(html: str, bad: int) -> None:
    assert len(scan(html, fragment=True).problems) == bad


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(
        content=HOSTILE, index=tmp_path_factory.mktemp("hostile-index"), reload_interval=0
    )
    summary = ingest(settings, jobs=1)
    assert summary.docs == 2 and summary.locales == ("en", "fr"), summary.line()
    with TestClient(create_app(settings)) as client:
        yield client


def assert_clean(html: str, where: str, fragment: bool = True) -> None:
    found = scan(html, fragment)
    assert not found.problems, f"{where}: {found.problems}"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_method_records_are_clean(hostile: TestClient, lang: str) -> None:
    methods = hostile.get("/api/v1/methods", params={"lang": lang}).json()["methods"]
    assert {m["method"] for m in methods if m["locale"] == lang} >= {"GET", "POST"}
    for record in methods:
        html = record["description_html"]
        assert "xsspayload" in html  # the payloads' own entry, sanitized, not dropped
        assert_clean(html, f"{lang} {record['method']} description_html")
        one = hostile.get(f"/api/v1/methods/{record['method']}", params={"lang": lang}).json()
        assert one["description_html"] == html


def test_documents_are_clean(hostile: TestClient) -> None:
    catalog = hostile.app.state.live.catalog
    checked = 0
    for doc_id, versions in catalog.articles.items():
        for lang in versions:
            reply = hostile.get(f"/api/v1/docs/{quote(doc_id, safe='')}", params={"lang": lang})
            assert reply.status_code == 200, (doc_id, reply.text[:200])
            doc = reply.json()
            assert any("xsspayload" in s["html"] for s in doc["sections"])
            for section in doc["sections"]:
                assert_clean(section["html"], f"{doc_id} {lang} {section['anchor']}")
                checked += 1
    assert checked >= 4


@pytest.mark.parametrize(
    "q",
    [
        "xsspayload",
        "alert",
        "script",
        "onerror",
        "javascript",
        "iframe",
        "img src",
        "<script>alert(1)</script>",
    ],
)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_search_snippets_are_clean(hostile: TestClient, q: str, lang: str) -> None:
    result = hostile.get("/api/v1/search", params={"q": q, "lang": lang, "limit": 50}).json()
    if q == "xsspayload":
        assert result["hits"], result
    for hit in result["hits"]:
        assert_clean(hit["snippet"], f"snippet for {q!r}")


def hostile_pages(client: TestClient) -> list[str]:
    catalog = client.app.state.live.catalog
    pages = [
        "/en/",
        "/fr/",
        "/en/path/help/xss/xss-methods.md",
        "/en/search?q=xsspayload",
        "/fr/search?q=xsspayload",
        "/en/search?q=" + quote("<script>alert(1)</script>"),
        "/en/search?q=" + quote('"><img src=x onerror=alert(1)>'),
        "/en/docs/" + quote("<script>alert(1)</script>", safe=""),
        "/en/methods/" + quote("<img src=x onerror=alert(1)>", safe=""),
        "/" + quote("<svg onload=alert(1)>", safe="") + "/",
    ]
    for doc_id, versions in catalog.articles.items():
        pages += [f"/{lang}/docs/{quote(doc_id, safe='')}" for lang in versions]
    pages += [f"/{lang}/methods/{m.lower()}" for lang in ("en", "fr") for m in catalog.methods]
    return pages


def test_pages_are_clean_and_send_security_headers(hostile: TestClient) -> None:
    for url in hostile_pages(hostile):
        reply = hostile.get(url)
        assert reply.status_code < 500, (url, reply.status_code)
        assert reply.headers["content-type"].startswith("text/html"), url
        assert_clean(reply.text, url, fragment=False)
        csp = reply.headers["content-security-policy"]
        policy = dict([*d.strip().split(" ", 1), ""][:2] for d in csp.split(";") if d.strip())
        script = policy.get("script-src", policy.get("default-src", ""))
        assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script, (url, csp)
        assert policy.get("object-src") == "'none'" and "base-uri" in policy, (url, csp)
        assert reply.headers["x-content-type-options"] == "nosniff", url
        assert reply.headers["referrer-policy"], url


def test_pages_show_the_payloads_as_text(hostile: TestClient) -> None:
    page = hostile.get("/en/search?q=" + quote("<script>alert(1)</script>")).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    doc = hostile.get("/en/path/help/xss/xss-methods.md", follow_redirects=True)
    assert doc.status_code == 200 and "xsspayload" in doc.text


def test_api_explorer_page_has_its_script_hashed(client: TestClient) -> None:
    reply = client.get("/api/docs")
    assert reply.status_code == 200
    csp = reply.headers["content-security-policy"]
    assert "'unsafe-inline'" not in csp
    inline = re.findall(r"<script>(.*?)</script>", reply.text, re.DOTALL)
    assert inline
    import base64
    import hashlib

    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert reply.headers["x-content-type-options"] == "nosniff"
    assert reply.headers["referrer-policy"]
