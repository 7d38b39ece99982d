"""/static/*: versioned URLs, kept a year, revalidated, nothing loaded from elsewhere."""

from __future__ import annotations

from fastapi.testclient import TestClient

from service.web.pages.static import static_url
from tests.web.pages.dom import get


def test_static_files(client: TestClient) -> None:
    page = get(client, "/en/")
    href = page.root.find("link", rel="stylesheet").attrs["href"]
    assert href == static_url("style.css") and "?v=" in href
    css = client.get(href)
    assert css.status_code == 200
    assert css.headers["content-type"].startswith("text/css")
    assert "immutable" in css.headers["cache-control"]
    assert client.get(href, headers={"If-None-Match": css.headers["etag"]}).status_code == 304
    assert client.get("/static/missing.css").status_code == 404
    assert b"@import" not in css.content and b"url(http" not in css.content
