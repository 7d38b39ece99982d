"""/ and /{locale}/: the negotiated home, its methods and articles, in every locale."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.i18n.catalogs import gettext_for
from service.i18n.locales import display_name
from tests.web.pages.dom import (
    LOCALES,
    api,
    assert_accessible,
    assert_page_headers,
    assert_switcher,
    get,
    norm,
)


@pytest.mark.parametrize(
    ("accept", "locale"),
    [
        ("fr-CA,fr;q=0.9,en;q=0.5", "fr"),
        ("nl", "nl"),
        ("sv-SE", "sv"),
        ("en-GB", "en"),
        ("de", "en"),
        ("", "en"),
        ("de;q=0.9, sv;q=0.8", "sv"),
    ],
)
def test_root_redirects_to_the_negotiated_home(
    client: TestClient, accept: str, locale: str
) -> None:
    response = client.get("/", headers={"Accept-Language": accept}, follow_redirects=False)
    assert response.status_code == 302
    assert response.headers["location"] == f"/{locale}/"
    assert "Accept-Language" in response.headers["vary"]
    assert response.headers["cache-control"].startswith("public, max-age=")
    etag = response.headers["etag"]
    again = client.get(
        "/", headers={"Accept-Language": accept, "If-None-Match": etag}, follow_redirects=False
    )
    assert again.status_code == 304 and again.headers["etag"] == etag
    assert "Accept-Language" in again.headers["vary"]


@pytest.mark.parametrize("locale", LOCALES)
def test_home(client: TestClient, catalog: Any, locale: str) -> None:
    page = get(client, f"/{locale}/")
    _ = gettext_for(locale)
    assert page.lang == locale
    assert set(page.hreflang) == {*LOCALES, "x-default"}
    assert page.hreflang["x-default"] == "/"
    assert page.hreflang[locale] == f"/{locale}/"
    assert_switcher(page, list(LOCALES), locale)
    assert_page_headers(page, locale)
    assert_accessible(page)
    assert page.notices == {}
    # the site's name (the content's guide title, else "Lingodocs"), as in the header
    assert page.root.find("h1").text() == page.root.find("a", class_="brand").text()
    lead = "Browse the guide by topic, search its articles, or read what each HTTP method does."
    assert page.root.find("p", class_="lead").text() == _(lead)
    assert (_(lead) == lead) == (locale == "en")
    # one search form: the header's
    [form] = page.root.find_all("form", role="search")
    assert form.parent is not None and form.parent.parent is page.root.find("header")
    assert form.attrs["action"] == f"/{locale}/search"
    assert form.find("label").text() == _("Search the help")
    # methods in picker order, each with its one-line summary in this language
    listed = page.main.find("ul", class_="methods").find_all("li")
    records = api(client, f"/api/v1/methods?lang={locale}")["methods"]
    assert [li.find("a").text() for li in listed] == [r["method"] for r in records]
    for li, record in zip(listed, records, strict=True):
        assert li.find("a").attrs["href"] == f"/{locale}/methods/{record['method']}"
        assert li.find("span", class_="summary").text() == norm(record["summary"])
    # every article, in this language when it has one, else marked with its language:
    # content/ has no TOC, so its folders are the sections
    links = [a for a in page.main.find("section", class_="contents").find_all("a")]
    articles = [a for a in links if "/docs/" in a.attrs["href"]]
    assert len(articles) == len(catalog.articles)
    for link in articles:
        doc_id = link.attrs["href"].removeprefix(f"/{locale}/docs/")
        versions = catalog.articles[doc_id]
        if locale in versions:
            assert link.text() == versions[locale].title and "lang" not in link.attrs
        else:
            shown = link.attrs["lang"]
            assert link.text() == versions[shown].title and link.attrs["hreflang"] == shown
            assert link.parent.find("span", class_="badge").text() == _("in %(language)s") % {
                "language": display_name(shown, locale)
            }


def test_unknown_locale_is_a_404_page(client: TestClient) -> None:
    page = get(client, "/de/", status=404, **{"Accept-Language": "nl"})
    assert page.lang == "nl"
    assert page.root.find("h1").text() == gettext_for("nl")("Page not found")


@pytest.mark.parametrize(
    ("asked", "moved"),
    [
        ("/FR/", "/fr/"),
        ("/fr-CA/", "/fr/"),
        ("/nl_BE/methods/put", "/nl/methods/put"),
        ("/SV/search?q=put&lang=sv", "/sv/search?q=put&lang=sv"),
        ("/Fr-fr/quality?of=nl", "/fr/quality?of=nl"),
    ],
)
def test_another_spelling_of_a_language_moves_to_its_pages(
    client: TestClient, asked: str, moved: str
) -> None:
    response = client.get(asked, follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (308, moved)
    assert client.get(moved).status_code == 200


@pytest.mark.parametrize("asked", ["/de-DE/", "/xx/", "/fr-/"])
def test_a_language_the_content_lacks_stays_a_404(client: TestClient, asked: str) -> None:
    assert client.get(asked, follow_redirects=False).status_code == 404


@pytest.mark.parametrize("asked", ["/docs", "/docs/"])
def test_docs_without_a_language_is_the_api_docs(client: TestClient, asked: str) -> None:
    response = client.get(asked, follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (308, "/api/docs")
