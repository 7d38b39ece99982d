"""/{locale}/search: results in the page's language, suggestions, empty states, pages of results."""

from __future__ import annotations

from urllib.parse import quote, quote_plus

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from service.i18n.catalogs import gettext_for, ngettext_for
from tests.web.pages.dom import (
    LOCALES,
    api,
    assert_accessible,
    assert_page_headers,
    assert_switcher,
    get,
)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("query", ["http", "200", "method:DELETE"])
def test_search_page(client: TestClient, locale: str, query: str) -> None:
    page = get(client, f"/{locale}/search?q={quote(query)}")
    found = api(client, f"/api/v1/search?q={quote(query)}&lang={locale}&limit=10")
    assert found["hits"], f"{query!r} finds something in {locale}"
    assert page.lang == locale
    assert set(page.hreflang) == {*LOCALES, "x-default"}
    assert page.hreflang[locale].endswith(f"/{locale}/search?q={quote(query, safe='')}")
    assert_switcher(page, list(LOCALES), locale)
    assert_page_headers(page, locale)
    assert_accessible(page)
    heading = page.main.find("h2", id="results-heading").text()
    expected = ngettext_for(locale)(
        "%(n)s result for “%(query)s”", "%(n)s results for “%(query)s”", found["total"]
    )
    assert heading == expected % {"n": found["total"], "query": query}
    results = page.main.find("ol", class_="results").find_all("li")
    assert [li.find("h3").text() for li in results] == [h["title"] for h in found["hits"]]
    for li, hit in zip(results, found["hits"], strict=True):
        anchor = f"#{hit['anchor']}" if hit["anchor"] else ""
        assert li.find("h3").find("a").attrs["href"] == f"/{locale}/docs/{hit['doc_id']}{anchor}"
        if hit["locale"] != locale:
            assert li.attrs["lang"] == hit["locale"]
    if not query.startswith("method:"):
        assert page.main.find_all("mark"), "snippets highlight the words"
    field_ = page.main.find("input", id="page-q")
    assert field_.attrs["value"] == query


TYPOS = {"en": "idempotnt", "fr": "idempotnt", "nl": "epidemsch", "sv": "idempotnt"}


@pytest.mark.parametrize("locale", LOCALES)
def test_search_suggestion_empty_state_and_no_results(client: TestClient, locale: str) -> None:
    _ = gettext_for(locale)
    empty = get(client, f"/{locale}/search")
    assert empty.main.find("p", class_="empty").text() == _(
        "Type one or more words to search the articles."
    )
    assert not empty.main.find_all("ol")
    typo = TYPOS[locale]
    wanted = api(client, f"/api/v1/search?q={typo}&lang={locale}")["suggestion"]
    assert wanted, f"the API corrects {typo!r}"
    suggestion = (
        get(client, f"/{locale}/search?q={typo}").main.find("p", class_="suggestion").find("a")
    )
    assert suggestion.text() == wanted
    assert suggestion.attrs["href"] == f"/{locale}/search?q={quote_plus(wanted)}"
    nothing = get(client, f"/{locale}/search?q=zqxjkvw")
    box = nothing.main.find("div", class_="empty")
    assert box.find("p").text() == _("Nothing matches “%(query)s”.") % {"query": "zqxjkvw"}


def test_search_that_cannot_run_is_a_400_page_in_the_locale(client: TestClient) -> None:
    words = "+".join(f"w{n}" for n in range(40))
    page = get(client, f"/sv/search?q={words}", status=400)
    assert page.lang == "sv"
    assert page.root.find("h1").text() == gettext_for("sv")("This search cannot be run")


def test_search_pages_through_results(client: TestClient) -> None:
    page = get(client, "/en/search?q=http&page=1")
    assert page.root.find("h2", id="results-heading")
    assert get(client, "/en/search?q=http&page=0", status=400).lang == "en"


@pytest.mark.parametrize(
    ("locale", "words"),
    [("en", "a method that does not exist"), ("fr", "une méthode qui n’existe pas")],
)
def test_a_method_filter_naming_no_method_is_said_on_the_page(
    client: TestClient, locale: str, words: str
) -> None:
    r = client.get(f"/{locale}/search", params={"q": "method:FOO"})
    assert r.status_code == 400
    text = " ".join(BeautifulSoup(r.text, "html.parser").get_text().split())
    assert words in text and "GET, POST, PUT, PATCH, DELETE" in text
