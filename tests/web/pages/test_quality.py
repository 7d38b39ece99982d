"""``/{locale}/quality``: the chart and the findings, in every UI language.

UI words are expected from the gettext catalogs, findings from the JSON API:
a page in the wrong language, with the wrong findings or a script, fails.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from service.i18n.catalogs import gettext_for
from service.web.edge import SECURITY
from service.web.pages.quality import FRESHNESS, PER_PAGE, SEVERITY_LABELS
from tests.conftest import needs_corpus

LOCALES = ("en", "fr", "nl", "sv")


class Page(HTMLParser):
    """The parts of a quality page the tests ask about."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.title = ""
        self._in_title = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_title = tag == "title" and self.title == ""

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data

    def all(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.tags if name == tag]


def get(client: TestClient, url: str) -> tuple[str, Page]:
    response = client.get(url)
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].startswith("text/html")
    return response.text, Page(response.text)


def finding_ids(client: TestClient, locale: str, **query: str) -> list[str]:
    body = client.get("/api/v1/quality", params={"locale": locale, **query}).json()
    return [f["id"] for f in body["locales"][0]["findings"]]


@pytest.mark.parametrize("locale", LOCALES)
def test_page_in_each_language(client: TestClient, locale: str) -> None:
    text, page = get(client, f"/{locale}/quality")
    _ = gettext_for(locale)
    assert page.all("html")[0]["lang"] == locale
    assert page.title.startswith(_("Translation quality"))
    for _key, label, _colour in FRESHNESS:
        assert html.escape(_(label), quote=False) in text
    for label, _colour in SEVERITY_LABELS.values():
        assert html.escape(_(label), quote=False) in text
    assert _(
        "No history of the original articles was given, so whether a translation is "
        "out of date is unknown."
    ) in html.unescape(text)
    if locale != "en":
        assert _("Translation quality") != "Translation quality"  # a real translation


def test_chart_is_inline_svg_without_script(client: TestClient) -> None:
    text, page = get(client, "/en/quality")
    # two bars a translation (fr, nl, sv), each its own drawing, named by what it shows
    bars = [a for a in page.all("svg") if a.get("role") == "img"]
    assert len(bars) == 6 and all(b["viewbox"] == "0 0 100 10" for b in bars)
    assert "Findings: Fact errors: 2" in [b["aria-label"] for b in bars]
    assert [r for r in page.all("rect") if r.get("y")], "the chart draws bars"
    assert "<text" not in text  # the words beside the bars are HTML: no SVG text shrinks
    # each bar segment says what it counts: one unknown translation in each of fr, nl and
    # sv, the French orphan, the two Dutch fact errors
    assert text.count("<title>Unknown: 1</title>") == 3
    assert text.count("<title>Orphans: 1</title>") == 1
    assert text.count("<title>Fact errors: 2</title>") == 1
    assert "<script" not in text and "style=" not in text
    assert page.all("link")[-1]["href"].startswith("/static/quality.css?v=")


@pytest.mark.parametrize(
    ("locale", "listed"), [("nl", "nl"), ("fr", "fr"), ("sv", "sv"), ("en", "fr")]
)
def test_list_defaults_to_the_page_language(client: TestClient, locale: str, listed: str) -> None:
    _text, page = get(client, f"/{locale}/quality")
    shown = [a["id"] for a in page.all("li") if a.get("id", "").startswith("q-")]
    assert shown == finding_ids(client, listed)


def test_dutch_findings_quote_both_languages(client: TestClient) -> None:
    text, page = get(client, "/en/quality?of=nl")
    shown = [a["id"] for a in page.all("li") if a.get("id", "").startswith("q-")]
    assert shown == finding_ids(client, "nl") and len(shown) == 2
    assert "epidemisch" in text and "niet dekkend" in text
    assert {"lang": "nl"} in [{"lang": q["lang"]} for q in page.all("q")]
    assert {"lang": "en"} in [{"lang": q["lang"]} for q in page.all("q")]
    assert re.search(r'href="/nl/docs/481131c9-356a-4c62-a653-d6bba9be5be8"', text)


def test_severity_filter(client: TestClient) -> None:
    _text, page = get(client, "/fr/quality?of=fr&severity=fact")
    assert [a for a in page.all("li") if a.get("id", "").startswith("q-")] == []
    text, _page = get(client, "/fr/quality?of=fr&severity=stale")
    assert finding_ids(client, "fr", severity="stale")[0] in text
    assert (
        html.escape(gettext_for("fr")("No findings."), quote=False)
        in get(client, "/fr/quality?of=fr&severity=fact")[0]
    )


@pytest.mark.parametrize(
    "url",
    [
        "/de/quality",
        "/en/quality?of=de",
        "/en/quality?of=en",
        "/en/quality?severity=worst",
        "/en/quality?kind=spelling",
        "/en/quality?path=/etc/passwd",
        "/en/quality?path=help/../x",
        "/en/quality?page=0",
        "/en/quality?page=x",
    ],
)
def test_bad_addresses(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code in (400, 404)
    assert response.headers["content-type"].startswith("text/html")


def test_caching_and_security_headers(client: TestClient) -> None:
    first = client.get("/sv/quality")
    for name, value in SECURITY.items():
        assert first.headers[name] == value
    assert first.headers["vary"] == "Accept-Language, Accept-Encoding"
    again = client.get("/sv/quality", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304


def listed_ids(page: Page) -> list[str]:
    return [a["id"] for a in page.all("li") if a.get("id", "").startswith("q-")]


def test_the_filters_are_a_plain_get_form(client: TestClient) -> None:
    text, page = get(client, "/nl/quality")
    [form] = [f for f in page.all("form") if f.get("action") == "/nl/quality"]
    assert form["method"] == "get"
    selects = {s["name"] for s in page.all("select")}
    assert selects == {"of", "severity", "kind"}
    assert next(i for i in page.all("input") if i.get("name") == "path")["maxlength"] == "200"
    kinds = client.get("/api/v1/quality").json()["kinds"]
    options = [o["value"] for o in page.all("option")]
    assert options == ["fr", "nl", "sv", "", *SEVERITY_LABELS, "", *kinds]
    assert {"value": "nl", "lang": "nl", "selected": ""} in page.all("option")
    assert "<script" not in text
    # what the form sends with nothing chosen (every field, empty) is the default list
    _text, sent = get(client, "/nl/quality?of=nl&severity=&kind=&path=")
    assert listed_ids(sent) == listed_ids(page) == finding_ids(client, "nl")
    _ = gettext_for("nl")
    for label in ("Kind:", "Path starts with:", "Show findings"):
        assert html.escape(_(label), quote=False) in text and _(label) != label


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("/en/quality?of=fr&kind=orphan", {"kind": "orphan"}),
        ("/en/quality?of=nl&kind=orphan", {"kind": "orphan"}),
        ("/en/quality?of=nl&path=help/quicksilver", {"path": "help/quicksilver"}),
        ("/en/quality?of=fr&path=help/quicksilver/", {"path": "help/quicksilver/"}),
        (
            "/en/quality?of=nl&path=help/workfront-fusion&kind=idempotency",
            {"path": "help/workfront-fusion", "kind": "idempotency"},
        ),
    ],
)
def test_kind_and_path_filters(client: TestClient, url: str, query: dict[str, str]) -> None:
    text, page = get(client, url)
    of = url.split("of=")[1].split("&")[0]
    assert listed_ids(page) == finding_ids(client, of, **query)
    if not listed_ids(page):
        assert html.escape(gettext_for("en")("No findings."), quote=False) in text
    [path] = [i for i in page.all("input") if i.get("name") == "path"]
    assert path["value"] == query.get("path", "")


def test_a_page_past_the_last_links_back(client: TestClient) -> None:
    _text, page = get(client, "/en/quality?of=nl&page=3")
    assert listed_ids(page) == []
    assert [a["href"] for a in page.all("a") if a.get("rel") == "prev"] == ["/en/quality?of=nl"]
    assert [a for a in page.all("link") if a.get("rel") == "prev"] == [
        {"rel": "prev", "href": "/en/quality?of=nl"}
    ]
    assert not [a for a in page.all("a") if a.get("rel") == "next"]


@needs_corpus()
def test_corpus_dutch_pages_are_small_and_walk_every_finding(corpus_client: TestClient) -> None:
    first = corpus_client.get("/nl/quality")
    assert first.status_code == 200
    assert len(first.content) <= 50_000, len(first.content)
    every: list[str] = []
    for offset in (0, 500, 1000):
        body = corpus_client.get(
            "/api/v1/quality", params={"locale": "nl", "limit": 500, "offset": offset}
        ).json()
        every += [f["id"] for f in body["locales"][0]["findings"]]
    assert len(every) == body["matched"] < 1500
    assert len(every) > 3 * PER_PAGE
    shown, url, pages = [], "/nl/quality", 0
    while url:
        reply = corpus_client.get(url)
        assert reply.status_code == 200 and len(reply.content) <= 200_000, url
        page = Page(reply.text)
        ids = listed_ids(page)
        assert 0 < len(ids) <= PER_PAGE
        shown += ids
        nexts = [a["href"] for a in page.all("a") if a.get("rel") == "next"]
        assert nexts == [a["href"] for a in page.all("link") if a.get("rel") == "next"]
        url = nexts[0] if nexts else ""
        pages += 1
        assert pages <= len(every), "the next links go round"
    assert shown == every
    assert pages == -(-len(every) // PER_PAGE)
