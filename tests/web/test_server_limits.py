"""What only a real server sees: heads, URLs and bodies over the limits, raw bytes, traversal."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from service.settings import Settings
from service.web import edge
from tests.conftest import CONTENT
from tests.servers import Server, serve
from tests.web.routes import PASSWD


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
    """Past MAX_HEAD_READ the server buffers no more: a problem+json 431, and it closes."""
    endless = request("/api/v1/methods/get", b"Accept-Language: " + b"a" * 2 * edge.MAX_HEAD_READ)
    reply = server.raw(endless[:-4], timeout=30)  # the head never ends
    assert reply is not None and reply.status == 431, reply
    assert reply.headers["connection"] == "close"
    assert json.loads(reply.body)["status"] == 431
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
