"""/api/docs: Swagger UI from the service's own files, under a CSP that allows nothing else.

The browser test (``test_browser.test_api_docs_work_offline``) opens it with
every request off the host refused; these check what it is made of.
"""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.pages.dom import dom


def test_the_page_loads_only_its_own_files(client: TestClient) -> None:
    reply = client.get("/api/docs")
    assert reply.status_code == 200 and reply.headers["content-type"].startswith("text/html")
    csp = reply.headers["content-security-policy"]
    assert (
        "default-src 'none';" in csp
        and "script-src 'self';" in csp
        and "'unsafe-" not in csp
        and "http" not in csp
    )
    assert reply.headers["x-content-type-options"] == "nosniff"
    root = dom(reply)
    scripts = root.find_all("script")
    assert [s.attrs.get("src", "") != "" for s in scripts] == [True, True]  # none inline
    assert all(s.text() == "" for s in scripts)
    urls = [s.attrs["src"] for s in scripts] + [
        link.attrs["href"] for link in root.find_all("link")
    ]
    assert all(u.startswith("/static/") and "?v=" in u for u in urls), urls
    assert root.find("div", id="swagger-ui").attrs["data-openapi-url"] == "/api/v1/openapi.json"
    bodies = {}
    for url in urls:
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert "immutable" in asset.headers["cache-control"], url
        assert client.get(url, headers={"If-None-Match": asset.headers["etag"]}).status_code == 304
        bodies[url.split("?")[0].rsplit("/", 1)[-1]] = asset.content
    assert b"SwaggerUIBundle" in bodies["swagger-ui-bundle.js"]
    assert b"data-openapi-url" in bodies["explorer.js"]
    assert b"https://" not in bodies["explorer.js"]
