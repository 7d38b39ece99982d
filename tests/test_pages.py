"""The HTML pages, over the real app and the real content, in every locale.

Expected words come from the same sources a reader's page is built from: the
JSON API (content), the gettext catalogs (UI strings) and Babel (language
names): a page that shows the wrong language, the wrong record or an
untranslated label fails here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response

from service.app import create_app
from service.i18n.catalogs import gettext_for, ngettext_for
from service.i18n.formats import formatters
from service.i18n.locales import display_name
from service.pipeline.run import run as ingest
from service.settings import Settings
from service.web.edge import SECURITY
from service.web.pages.static import static_url

from .conftest import CONTENT, DATA

LOCALES = ("en", "fr", "nl", "sv")
ARTICLE = "481131c9-356a-4c62-a653-d6bba9be5be8"  # in all four locales
LEGACY = "20b3c0f4-4a4c-4ba0-8570-ac39573ef1c0"  # French only
ARTICLE_PATH = "help/workfront-fusion/references/modules/http-request-methods.md"
_SPACE = re.compile(r"[ \t\n\r\f]+")
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


# --- a small DOM, enough to ask pages questions ---------------------------------------------


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)
    parent: Node | None = None

    def text(self) -> str:
        parts = [c if isinstance(c, str) else c.text() for c in self.children]
        return norm("".join(parts))

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str, **attrs: str) -> list[Node]:
        return [
            n
            for n in self.iter()
            if n.tag == tag and all(n.attrs.get(k.rstrip("_")) == v for k, v in attrs.items())
        ]

    def find(self, tag: str, **attrs: str) -> Node:
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag} {attrs}>"
        return found[0]

    def has_class(self, name: str) -> bool:
        return name in self.attrs.get("class", "").split()

    def by_class(self, name: str) -> list[Node]:
        return [n for n in self.iter() if n.has_class(name)]


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.at = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, parent=self.at)
        self.at.children.append(node)
        if tag not in VOID:
            self.at = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.at.children.append(Node(tag, {k: v or "" for k, v in attrs}, parent=self.at))

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.at
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.at = node.parent

    def handle_data(self, data: str) -> None:
        self.at.children.append(data)


def norm(text: str) -> str:
    """ASCII whitespace collapsed, as a browser shows it (no-break spaces stay)."""
    return _SPACE.sub(" ", text).strip()


def dom(response: Response) -> Node:
    builder = _Builder()
    builder.feed(response.text)
    return builder.root


@dataclass
class Page:
    response: Response
    root: Node

    @property
    def lang(self) -> str:
        return self.root.find("html").attrs["lang"]

    @property
    def hreflang(self) -> dict[str, str]:
        return {
            n.attrs["hreflang"]: n.attrs["href"]
            for n in self.root.find_all("link", rel="alternate")
        }

    @property
    def switcher(self) -> list[Node]:
        nav = next(n for n in self.root.find_all("nav") if n.has_class("languages"))
        return nav.find_all("a")

    @property
    def notices(self) -> dict[str, Node]:
        return {
            kind: n
            for n in self.root.by_class("notice")
            for kind in n.attrs["class"].split()
            if kind.startswith("notice-")
        }

    @property
    def main(self) -> Node:
        return self.root.find("main")


def get(client: TestClient, path: str, status: int = 200, **headers: str) -> Page:
    response = client.get(path, headers=headers, follow_redirects=False)
    assert response.status_code == status, (path, response.status_code, response.text[:500])
    if status == 200:
        assert response.headers["content-type"] == "text/html; charset=utf-8"
    return Page(response, dom(response))


def api(client: TestClient, path: str) -> Any:
    response = client.get(path)
    assert response.status_code == 200, response.text
    return response.json()


def assert_page_headers(page: Page, locale: str) -> None:
    headers = page.response.headers
    assert headers["etag"].startswith('"')
    assert headers["cache-control"].startswith("public, max-age=")
    assert "Accept-Language" in headers["vary"]
    assert headers["content-language"] == locale
    for name, value in SECURITY.items():
        assert headers[name] == value


def assert_switcher(page: Page, locales: list[str], current: str | None) -> None:
    links = page.switcher
    assert [a.attrs["hreflang"] for a in links] == sorted(locales)
    assert [a.text() for a in links] == [display_name(loc) for loc in sorted(locales)]
    for a in links:
        assert a.attrs["lang"] == a.attrs["hreflang"]
        assert a.attrs["href"].startswith(f"/{a.attrs['hreflang']}/")
    marked = [a.attrs["hreflang"] for a in links if a.attrs.get("aria-current") == "page"]
    assert marked == ([current] if current else [])


def assert_accessible(page: Page) -> None:
    """One h1, labelled fields, named navigation, a skip link to main."""
    assert len(page.root.find_all("h1")) == 1
    labels = {n.attrs.get("for") for n in page.root.find_all("label")}
    for field_ in page.root.find_all("input"):
        assert field_.attrs["id"] in labels, field_.attrs
    for nav in page.root.find_all("nav"):
        assert nav.attrs.get("aria-label") or nav.attrs.get("aria-labelledby")
    assert page.root.find("a", class_="skip").attrs["href"] == "#main"
    assert page.main.attrs["id"] == "main"


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def catalog(client: TestClient) -> Any:
    return client.app.state.live.catalog  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def outdated_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """``content/`` with a history in which the English article changed after translation."""
    root = tmp_path_factory.mktemp("outdated")
    history = root / "history.tsv"
    history.write_text(
        f"{ARTICLE_PATH}\t77ec3c007ce7c49ff760145fafcd7f62b273a18f\t2024-05-01T10:00:00+00:00\n"
        f"{ARTICLE_PATH}\t{'ab' * 20}\t2025-02-01T10:00:00+00:00\n",
        encoding="utf-8",
    )
    settings = Settings(content=CONTENT, index=root / "index", history=history, reload_interval=0)
    ingest(settings, jobs=1)
    with TestClient(create_app(settings)) as c:
        yield c


@pytest.fixture(scope="module")
def xss_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(
        content=DATA / "xss", index=tmp_path_factory.mktemp("xss-index"), reload_interval=0
    )
    summary = ingest(settings, jobs=1)
    assert summary.docs == 2, summary.line()
    with TestClient(create_app(settings)) as c:
        yield c


# --- / and home ------------------------------------------------------------------------------


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
    assert page.root.find("h1").text() == _("Help on HTTP request methods")
    assert (page.root.find("h1").text() == "Help on HTTP request methods") == (locale == "en")
    form = page.main.find("form", role="search")
    assert form.attrs["action"] == f"/{locale}/search"
    assert form.find("label").text() == _("Search the help")
    # methods in picker order, each with its one-line summary in this language
    listed = page.main.find("ul", class_="methods").find_all("li")
    records = api(client, f"/api/v1/methods?lang={locale}")["methods"]
    assert [li.find("a").text() for li in listed] == [r["method"] for r in records]
    for li, record in zip(listed, records, strict=True):
        assert li.find("a").attrs["href"] == f"/{locale}/methods/{record['method']}"
        assert li.find("span", class_="summary").text() == norm(record["summary"])
    # every article, in this language when it has one, else marked with its language
    articles = page.main.find("ul", class_="articles").find_all("li")
    assert len(articles) == len(catalog.articles)
    for li in articles:
        link = li.find("a")
        doc_id = link.attrs["href"].removeprefix(f"/{locale}/docs/")
        versions = catalog.articles[doc_id]
        if locale in versions:
            assert link.text() == versions[locale].title and "lang" not in link.attrs
        else:
            shown = link.attrs["lang"]
            assert link.text() == versions[shown].title
            assert li.find("span", class_="badge").text() == _("in %(language)s") % {
                "language": display_name(shown, locale)
            }


def test_unknown_locale_is_a_404_page(client: TestClient) -> None:
    page = get(client, "/de/", status=404, **{"Accept-Language": "nl"})
    assert page.lang == "nl"
    assert page.root.find("h1").text() == gettext_for("nl")("Page not found")


# --- method pages ----------------------------------------------------------------------------


def _yes_no(locale: str, value: bool | None) -> str:
    _ = gettext_for(locale)
    return _("not stated") if value is None else _("yes") if value else _("no")


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "DELETE"])
def test_method_page(client: TestClient, catalog: Any, locale: str, method: str) -> None:
    page = get(client, f"/{locale}/methods/{method}")
    record = api(client, f"/api/v1/methods/{method}?lang={locale}")
    _ = gettext_for(locale)
    assert page.lang == locale and record["locale"] == locale
    documented = [loc for loc in LOCALES if method in catalog.lookup.get(loc, {})]
    assert set(page.hreflang) == {*documented, "x-default"}
    assert page.hreflang["x-default"] == f"/en/methods/{method}"
    assert_switcher(page, documented, locale)
    assert_page_headers(page, locale)
    assert_accessible(page)
    main = page.main
    assert main.find("h1").text() == method
    assert main.find("p", class_="lead").text() == norm(record["summary"])
    assert norm(record["description"]) in main.find("article").text()
    codes = [int(c.text()) for c in main.find("ul", class_="codes").find_all("code")]
    assert codes == record["success_status"] and codes
    rows = {
        tr.find("th").text(): [td.text() for td in tr.find_all("td")]
        for tr in main.find("table", class_="compare").find("tbody").find_all("tr")
    }
    assert rows[_("Idempotent")] == [
        _yes_no(locale, record["idempotent"]),
        _yes_no(locale, record["spec"]["idempotent"]),
    ]
    assert rows[_("Safe")][1] == _yes_no(locale, record["spec"]["safe"])
    assert rows[_("Cacheable")][1] == _yes_no(locale, record["spec"]["cacheable"])
    mismatch = main.by_class("mismatch")
    assert bool(mismatch) == (
        record["idempotent"] is not None and record["idempotent"] != record["spec"]["idempotent"]
    )
    for kind, title in (("availability", _("Availability")), ("caution", _("Caution"))):
        boxes = main.by_class(f"admonition-{kind}")
        assert bool(boxes) == bool(record[kind])
        if record[kind]:
            assert boxes[0].text() == f"{title} {record[kind]}"
    more = main.find("p", class_="more").find("a")
    assert more.attrs["href"] == f"/{locale}/docs/{record['source']['doc_id']}"
    assert more.text() == record["source"]["title"]
    machine = record["translation"]["machine_translated"]
    assert ("notice-machine" in page.notices) == machine
    if machine:
        link = page.notices["notice-machine"].find("a")
        assert link.attrs["href"] == f"/en/methods/{method}"
        assert link.text() == _("Read the original in %(language)s") % {
            "language": display_name("en", locale)
        }


def test_method_with_availability_and_caution_shows_both(client: TestClient) -> None:
    """PATCH carries an availability note in the content; POST a cautionary sentence."""
    patch = get(client, "/en/methods/PATCH").main
    assert patch.by_class("admonition-availability")
    post = api(client, "/api/v1/methods/POST?lang=en")
    assert post["caution"], "the content's POST entry has a caution"
    assert get(client, "/en/methods/POST").main.by_class("admonition-caution")


def test_method_name_is_case_insensitive_and_unknown_is_a_localized_404(client: TestClient) -> None:
    response = client.get("/fr/methods/put", follow_redirects=False)
    assert response.status_code == 301 and response.headers["location"] == "/fr/methods/PUT"
    page = get(client, "/fr/methods/BREW", status=404)
    _ = gettext_for("fr")
    assert page.lang == "fr"
    assert page.root.find("h1").text() == _("Page not found")
    assert page.main.find("p", class_="error-status").text() == _("Error %(code)s") % {"code": 404}
    assert page.response.headers["cache-control"] == "no-store"
    assert page.response.headers["content-security-policy"] == SECURITY["Content-Security-Policy"]


# --- documents -------------------------------------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_doc_page(client: TestClient, locale: str) -> None:
    page = get(client, f"/{locale}/docs/{ARTICLE}")
    doc = api(client, f"/api/v1/docs/{ARTICLE}?lang={locale}")
    _ = gettext_for(locale)
    assert page.lang == locale and doc["locale"] == locale
    assert set(page.hreflang) == {*LOCALES, "x-default"}
    assert page.hreflang["x-default"] == f"/en/docs/{ARTICLE}"
    assert_switcher(page, list(LOCALES), locale)
    assert_page_headers(page, locale)
    assert_accessible(page)
    article = page.main.find("article")
    assert "lang" not in article.attrs
    assert article.find("h1").text().removesuffix(" #") == doc["title"]
    # every heading has an anchor link to itself; the TOC points at the sections
    for section in doc["sections"]:
        if section["anchor"]:
            heading = article.find(f"h{section['level']}", id=section["anchor"])
            link = heading.find("a", class_="anchor")
            assert link.attrs["href"] == f"#{section['anchor']}"
            assert link.attrs["aria-label"] == _("Link to this section")
    toc = page.main.find("nav", class_="toc")
    assert toc.find("h2").text() == _("On this page")
    assert [(a.attrs["href"], a.text()) for a in toc.find_all("a")] == [
        (f"#{s['anchor']}", norm(s["heading"])) for s in doc["sections"] if 2 <= s["level"] <= 3
    ]
    # UI labels marked, method entries rendered
    assert article.by_class("uicontrol")
    assert {"GET", "POST", "PUT", "PATCH", "DELETE"} <= {
        n.text() for n in article.by_class("uicontrol")
    }
    machine = doc["translation"]["machine_translated"]
    assert ("notice-machine" in page.notices) == machine
    assert "notice-fallback" not in page.notices and "notice-outdated" not in page.notices
    if machine:
        pct = doc["translation"]["human_translated_percent"]
        text = page.notices["notice-machine"].find("p").text()
        if pct:
            assert formatters(locale)["percent"](pct) in text
        meta = page.main.find("p", class_="doc-meta").text()
        words = doc["translation"]["source_wordcount"]
        expected = ngettext_for(locale)(
            "The original article has %(words)s word.",
            "The original article has %(words)s words.",
            words,
        )
        assert meta == expected % {"words": formatters(locale)["number"](words)}


@pytest.mark.parametrize("locale", ["en", "nl", "sv"])
def test_doc_missing_in_the_locale_shows_another_with_a_notice(
    client: TestClient, locale: str
) -> None:
    page = get(client, f"/{locale}/docs/{LEGACY}")
    _ = gettext_for(locale)
    assert page.lang == locale  # the UI is the reader's…
    article = page.main.find("article")
    assert article.attrs["lang"] == "fr"  # …the article says it is French
    assert page.main.find("nav", class_="toc").find("ol").attrs["lang"] == "fr"
    notice = page.notices["notice-fallback"]
    assert notice.text() == _(
        "This article is not available in %(requested)s; showing %(shown)s."
    ) % {"requested": display_name(locale), "shown": display_name("fr", locale)}
    assert "lang" not in notice.attrs
    assert set(page.hreflang) == {"fr", "x-default"}
    assert page.hreflang["x-default"].endswith(f"/fr/docs/{LEGACY}")
    assert_switcher(page, ["fr"], None)
    # the legacy article is 0% human translated: a machine translation notice too
    assert "notice-machine" in page.notices


def test_unknown_doc_is_a_404_page(client: TestClient) -> None:
    page = get(client, "/sv/docs/no-such-article", status=404)
    assert page.lang == "sv"
    assert page.root.find("h1").text() == gettext_for("sv")("Page not found")


def test_repo_links_redirect_to_the_article(client: TestClient) -> None:
    response = client.get(f"/nl/path/{ARTICLE_PATH}", follow_redirects=False)
    assert response.status_code == 302
    assert response.headers["location"] == f"/nl/docs/{ARTICLE}"
    assert client.get("/nl/path/help/nowhere.md").status_code == 404


@pytest.mark.parametrize(("locale", "shown"), [("fr", "fr"), ("nl", "nl"), ("sv", "sv")])
def test_outdated_translation_notice(outdated_client: TestClient, locale: str, shown: str) -> None:
    doc = api(outdated_client, f"/api/v1/docs/{ARTICLE}?lang={locale}")
    assert doc["translation"]["outdated"] is True
    page = get(outdated_client, f"/{locale}/docs/{ARTICLE}")
    _ = gettext_for(locale)
    notice = page.notices["notice-outdated"]
    assert (
        notice.find("p")
        .text()
        .startswith(
            _(
                "The original has changed since this translation was made; this translation may be "
                "out of date."
            )
        )
    )
    assert notice.find("a").attrs["href"] == f"/en/docs/{ARTICLE}"
    method = get(outdated_client, f"/{locale}/methods/PUT")
    assert "notice-outdated" in method.notices
    assert "notice-outdated" not in get(outdated_client, f"/en/docs/{ARTICLE}").notices


# --- the reader's language is not there -------------------------------------------------------


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


# --- search ------------------------------------------------------------------------------------


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


# --- headers and caching -----------------------------------------------------------------------


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


def test_pages_load_nothing_from_elsewhere(client: TestClient) -> None:
    for path in ("/en/", f"/fr/docs/{ARTICLE}", "/nl/methods/PUT", "/sv/search?q=put"):
        root = get(client, path).root
        for node in root.iter():
            for name in ("src", "href"):
                value = node.attrs.get(name, "")
                if node.tag in ("link", "script", "img") and value:
                    assert value.startswith(("/", "data:,", "/")), value
        assert not root.find_all("script") and not root.find_all("style")


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


# --- hostile content ---------------------------------------------------------------------------

DANGEROUS_TAGS = {
    "script",
    "iframe",
    "object",
    "embed",
    "style",
    "svg",
    "math",
    "form",
    "base",
    "meta",
    "noscript",
    "frame",
    "frameset",
    "applet",
}


def assert_inert(root: Node) -> None:
    body = root.find("body")
    for node in body.iter():
        if node.tag == "form" and node.attrs.get("role") == "search":
            assert re.fullmatch(r"/[a-z]{2}/search", node.attrs["action"])  # our own
            continue
        assert node.tag not in DANGEROUS_TAGS, node.tag
        for name, value in node.attrs.items():
            assert not name.startswith("on"), (node.tag, name)
            assert name != "style", node.tag
            if name in ("href", "src", "action", "formaction", "data"):
                scheme = value.strip().lower()
                assert not scheme.startswith(("javascript:", "data:", "vbscript:")), (
                    node.tag,
                    name,
                    value,
                )


@pytest.mark.parametrize(
    "path",
    [
        "/en/",
        "/en/docs/9f0c0de0-0000-4000-8000-00000000a11c",
        "/en/docs/9f0c0de0-0000-4000-8000-00000000b22c",
        "/en/methods/OPTIONS",
        "/en/search?q=payloads",
        "/en/search?q=window",
        "/en/search?q=<script>alert(1)</script>",
    ],
)
def test_hostile_content_renders_inert(xss_client: TestClient, path: str) -> None:
    page = get(xss_client, path)
    assert_inert(page.root)
    assert "<script" not in page.response.text.lower()


def test_hostile_content_keeps_its_words_and_links(xss_client: TestClient) -> None:
    doc = get(xss_client, "/en/docs/9f0c0de0-0000-4000-8000-00000000a11c")
    text = doc.main.text()
    assert "nothing on it may run" in text
    assert doc.main.find("details")  # the collapsible section survives, without its handler
    notes = doc.main.by_class("admonition-note")
    assert notes and notes[0].find("p", class_="admonition-title")
    links = get(xss_client, "/en/docs/9f0c0de0-0000-4000-8000-00000000b22c").main
    hrefs = [
        a.attrs["href"] for a in links.find("article").find_all("a") if not a.has_class("anchor")
    ]
    assert "/en/docs/9f0c0de0-0000-4000-8000-00000000a11c#links" in hrefs
    missing = next(h for h in hrefs if "missing" in h)
    assert missing.startswith("/en/path/")
    assert xss_client.get(missing).status_code == 404
    title = get(xss_client, "/en/").main.find("ul", class_="articles").text()
    assert 'Hostile payloads <script>window.__xss = "title"</script>' in title  # as text


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


def test_admonition_titles_are_in_the_articles_language(content_copy: Path, tmp_path: Path) -> None:
    notes = ">[!NOTE]\n>\n>{0}\n\n>[!CAUTION]\n>\n>{0}\n\n>[!VIDEO](https://video.example/v/1)\n"
    for locale, words in (("fr", "Des mots."), ("en", "Some words.")):
        (content_copy / locale / "notes.md").write_text(
            f"---\ntitle: Notes {locale}\nexl-id: 0000notes-{locale}\n---\n# Notes\n\n"
            + notes.format(words),
            encoding="utf-8",
        )
    settings = Settings(content=content_copy, index=tmp_path / "index", reload_interval=0)
    ingest(settings, jobs=1)
    with TestClient(create_app(settings)) as c:
        for locale, ui in (("fr", "fr"), ("fr", "en"), ("en", "sv")):
            article = get(c, f"/{ui}/docs/0000notes-{locale}").main.find("article")
            _ = gettext_for(locale)
            titles = [n.text() for n in article.by_class("admonition-title")]
            assert titles == [_("Note"), _("Caution"), _("Video")]
            assert article.find("a", class_="video-link").text() == _("Video")
            assert (titles[0] == "Note") == (locale == "en")
