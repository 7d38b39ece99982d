"""Error pages in the reader's language; the API's errors stay JSON; HEAD and other methods."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from service.app import create_app
from service.i18n.catalogs import gettext_for
from service.settings import Settings
from tests.conftest import CONTENT
from tests.web.pages.dom import Page, dom, get


def test_api_errors_stay_json(client: TestClient) -> None:
    response = client.get("/api/v1/nothing")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_no_index_is_a_503_page_in_the_readers_language(tmp_path: Path) -> None:
    settings = Settings(content=CONTENT, index=tmp_path / "empty", reload_interval=0)
    with TestClient(create_app(settings)) as c:
        page = get(c, "/", status=503, **{"Accept-Language": "sv"})
    assert page.lang == "sv"
    assert page.root.find("h1").text() == gettext_for("sv")("Service unavailable")


def test_head_and_other_methods(client: TestClient) -> None:
    head = client.head("/nl/methods/PUT")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["etag"] == client.get("/nl/methods/PUT").headers["etag"]
    post = client.post("/nl/methods/PUT")
    assert post.status_code == 405
    assert "GET" in post.headers["allow"]
    page = Page(post, dom(post))
    assert page.lang == "nl"
    assert page.root.find("h1").text() == gettext_for("nl")("Method not allowed")
