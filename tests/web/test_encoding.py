"""gzip over the real app: the same bytes, their own ETag, 304 by either, Vary always."""

from __future__ import annotations

import gzip
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.settings import Settings
from service.web.encoding import accepts_gzip
from service.web.pages.static import swagger_ui_url
from tests.conftest import ARTICLE

GZ = {"Accept-Encoding": "gzip"}
PLAIN = {"Accept-Encoding": "identity"}
# each over the default 1,400 bytes as it is
LARGE = [
    "/api/v1/methods",
    f"/api/v1/docs/{ARTICLE}",
    "/en/",
    "/fr/methods/PUT",
    "/static/style.css",
    swagger_ui_url("swagger-ui-bundle.js"),
    "/api/v1/openapi.json",  # no ETag: encoded all the same
]


def _raw(
    client: TestClient, url: str, headers: dict[str, str]
) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and the body as sent (the client would decode it)."""
    with client.stream("GET", url, headers=headers) as reply:
        return reply.status_code, dict(reply.headers), b"".join(reply.iter_raw())


@pytest.mark.parametrize("url", LARGE)
def test_gzip_is_the_same_bytes_under_its_own_etag(client: TestClient, url: str) -> None:
    plain = client.get(url, headers=PLAIN)
    assert plain.status_code == 200 and "content-encoding" not in plain.headers
    assert len(plain.content) >= Settings().compress_min_bytes
    status, headers, body = _raw(client, url, GZ)
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert int(headers["content-length"]) == len(body) < len(plain.content)
    assert gzip.decompress(body) == plain.content
    for reply in (plain.headers, headers):
        assert "Accept-Encoding" in reply["vary"]
    if "etag" not in plain.headers:
        return
    identity, encoded = plain.headers["etag"], headers["etag"]
    assert encoded == identity[:-1] + '-gzip"' != identity
    for tag in (identity, encoded, f'"old", W/{encoded}'):
        for asked, named in ((GZ, encoded), (PLAIN, identity)):
            status, again, body = _raw(client, url, {**asked, "If-None-Match": tag})
            assert (status, body) == (304, b""), (tag, asked)
            assert "content-encoding" not in again and again["etag"] == named, (tag, asked)
            assert "Accept-Encoding" in again["vary"]


@pytest.mark.parametrize(
    ("accept", "gzipped"),
    [
        ("gzip", True),
        ("gzip, deflate, br, zstd", True),
        ("GZIP;q=0.5", True),
        ("x-gzip", True),
        ("*", True),
        ("br;q=1.0, gzip;q=0", False),
        ("*, gzip;q=0", False),
        ("identity", False),
        ("deflate, br", False),
        ("", False),
    ],
)
def test_gzip_only_when_asked(client: TestClient, accept: str, gzipped: bool) -> None:
    assert accepts_gzip(accept) is gzipped
    status, headers, _body = _raw(client, "/api/v1/methods", {"Accept-Encoding": accept})
    assert status == 200 and headers.get("content-encoding") == ("gzip" if gzipped else None)
    assert headers["vary"] == "Accept-Language, Accept-Encoding"
    assert headers["etag"].endswith('-gzip"') is gzipped


@pytest.mark.parametrize("url", ["/api/v1/methods/GET", "/api/v1/methods/FOO", "/healthz"])
def test_small_bodies_are_sent_as_they_are(client: TestClient, url: str) -> None:
    """Under the threshold (a small lookup, a problem, a health check): identity, with Vary
    all the same; the ETag is the identity one, and so is the 304's."""
    _status, headers, body = _raw(client, url, GZ)
    assert len(body) < Settings().compress_min_bytes
    assert "content-encoding" not in headers and "Accept-Encoding" in headers["vary"]
    if "etag" in headers:
        assert not headers["etag"].endswith('-gzip"')
        again = client.get(url, headers={**GZ, "If-None-Match": headers["etag"]})
        assert again.status_code == 304 and again.headers["etag"] == headers["etag"]


def test_head_says_what_get_would(client: TestClient) -> None:
    _status, full, _body = _raw(client, "/en/", GZ)
    with client.stream("HEAD", "/en/", headers=GZ) as head:
        assert head.status_code == 200 and b"".join(head.iter_raw()) == b""
        for name in ("content-encoding", "content-length", "etag", "vary"):
            assert head.headers[name] == full[name], name


@pytest.fixture(scope="module")
def uncompressed(content_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(content_settings.with_(compress_min_bytes=0))) as c:
        yield c


@pytest.mark.parametrize("url", ["/api/v1/methods", "/en/", "/static/style.css"])
def test_compression_can_be_turned_off(uncompressed: TestClient, url: str) -> None:
    status, headers, _body = _raw(uncompressed, url, GZ)
    assert status == 200 and "content-encoding" not in headers
    assert "Accept-Encoding" not in headers.get("vary", "")
    again = uncompressed.get(url, headers={**GZ, "If-None-Match": headers["etag"]})
    assert again.status_code == 304 and again.headers["etag"] == headers["etag"]
