"""What every page shares.

The fallback notice, ETags per language and reader, nothing from elsewhere.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from service.i18n.catalogs import gettext_for
from service.i18n.locales import display_name
from tests.conftest import ARTICLE
from tests.web.pages.dom import LOCALES, get


@pytest.mark.parametrize(
    ("path", "accept", "notice_lang", "what"),
    [
        ("/en/", "de", "en", "page"),
        (f"/en/docs/{ARTICLE}", "de-AT, de;q=0.9", "en", "article"),
        ("/fr/", "de, fr;q=0.5", "fr", "page"),
        ("/en/search?q=idempotent", "ja", "en", "page"),
        ("/en/methods/PUT", "de", "en", "page"),
    ],
)
def test_fallback_notice_for_a_language_we_do_not_have(
    client: TestClient, path: str, accept: str, notice_lang: str, what: str
) -> None:
    page = get(client, path, **{"Accept-Language": accept})
    _ = gettext_for(notice_lang)
    requested = accept.split(",")[0].split(";")[0].split("-")[0]
    served = path.split("/")[1]
    message = (
        _("This article is not available in %(requested)s; showing %(shown)s.")
        if what == "article"
        else _("This page is not available in %(requested)s; showing %(shown)s.")
    )
    assert page.notices["notice-fallback"].text() == message % {
        "requested": display_name(requested),
        "shown": display_name(served, notice_lang),
    }


@pytest.mark.parametrize(
    ("path", "accept"),
    [
        ("/fr/", "de"),  # the reader chose French: no notice
        ("/en/", "en-US"),
        ("/nl/", "nl, de;q=0.5"),
        ("/sv/", ""),
    ],
)
def test_no_fallback_notice_when_the_page_is_in_a_language_asked_for(
    client: TestClient, path: str, accept: str
) -> None:
    assert "notice-fallback" not in get(client, path, **{"Accept-Language": accept}).notices


@pytest.mark.parametrize(
    "path", ["/fr/", f"/nl/docs/{ARTICLE}", "/sv/methods/GET", "/en/search?q=put"]
)
def test_pages_revalidate_with_their_etag(client: TestClient, path: str) -> None:
    first = client.get(path)
    etag = first.headers["etag"]
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag and "Accept-Language" in again.headers["vary"]
    assert client.get(path, headers={"If-None-Match": '"other"'}).status_code == 200


def test_a_fallback_notice_changes_the_etag(client: TestClient) -> None:
    plain = client.get("/en/methods/PUT").headers["etag"]
    assert (
        client.get("/en/methods/PUT", headers={"Accept-Language": "en-GB"}).headers["etag"] == plain
    )
    assert client.get("/en/methods/PUT", headers={"Accept-Language": "de"}).headers["etag"] != plain


def test_etags_differ_between_languages(client: TestClient) -> None:
    tags = {client.get(f"/{loc}/docs/{ARTICLE}").headers["etag"] for loc in LOCALES}
    assert len(tags) == len(LOCALES)


def test_pages_load_nothing_from_elsewhere(client: TestClient) -> None:
    for path in ("/en/", f"/fr/docs/{ARTICLE}", "/nl/methods/PUT", "/sv/search?q=put"):
        root = get(client, path).root
        for node in root.iter():
            for name in ("src", "href"):
                value = node.attrs.get(name, "")
                if node.tag in ("link", "script", "img") and value:
                    assert value.startswith(("/", "data:,", "/")), value
        assert not root.find_all("script") and not root.find_all("style")
