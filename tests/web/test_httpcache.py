"""Caching over the real app: byte-identical bodies, ETag, 304, Vary on every cacheable GET."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import ARTICLE


def test_responses_are_byte_identical_and_revalidate(client: TestClient) -> None:
    headers = {"Accept-Language": "nl-BE"}
    first = client.get("/api/v1/methods/PUT", headers=headers)
    second = client.get("/api/v1/methods/PUT", headers=headers)
    assert first.content == second.content and first.headers["etag"] == second.headers["etag"]
    other = client.get("/api/v1/methods/PUT", headers={"Accept-Language": "sv"})
    assert other.headers["etag"] != first.headers["etag"]
    etag = first.headers["etag"]
    for inm in (etag, f"W/{etag}", f'"nope", {etag}', "*"):
        cached = client.get("/api/v1/methods/PUT", headers={**headers, "If-None-Match": inm})
        assert cached.status_code == 304 and cached.content == b""
        assert cached.headers["etag"] == etag and "Accept-Language" in cached.headers["vary"]
    stale = client.get("/api/v1/methods/PUT", headers={**headers, "If-None-Match": '"old"'})
    assert stale.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/methods",
        "/api/v1/methods/get",
        f"/api/v1/docs/{ARTICLE}",
        "/api/v1/locales",
        "/api/v1/search?q=put",
    ],
)
def test_every_cacheable_get_has_etag_and_vary(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200
    assert r.headers["etag"] and r.headers["vary"] == "Accept-Language, Accept-Encoding"
    again = client.get(path, headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304


@pytest.mark.parametrize(
    "path", ["/api/v1/methods/put", "/api/v1/methods", f"/api/v1/docs/{ARTICLE}"]
)
def test_a_prepared_head_is_the_one_a_revalidated_200_gets(client: TestClient, path: str) -> None:
    """A prepared answer's head is encoded once (httpcache.Ready); the same head as the
    200 made afresh where If-None-Match names another tag, on its first and later asks."""
    plain = {"Accept-Language": "fr", "Accept-Encoding": "identity"}
    first, again = client.get(path, headers=plain), client.get(path, headers=plain)
    fresh = client.get(path, headers={**plain, "If-None-Match": '"old"'})
    assert first.status_code == again.status_code == fresh.status_code == 200
    assert list(first.headers.items()) == list(again.headers.items())
    assert list(first.headers.items()) == list(fresh.headers.items())
    assert first.content == fresh.content
    assert first.headers["content-length"] == str(len(first.content))
