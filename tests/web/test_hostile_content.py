"""Hostile content: nothing in the docs runs in a reader's browser (API fragments and pages)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.pipeline.run import run as ingest
from service.settings import Settings
from tests.conftest import DATA

HOSTILE = DATA / "hostile"


URL_ATTRS = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "background",
    "poster",
    "data",
    "cite",
    "srcset",
    "ping",
    "longdesc",
    "manifest",
    "codebase",
    "icon",
    "lowsrc",
    "dynsrc",
    "archive",
    "classid",
    "profile",
    "usemap",
    "srcdoc",
}


NEVER = {
    "script",
    "iframe",
    "object",
    "embed",
    "frame",
    "frameset",
    "applet",
    "base",
    "portal",
    "noscript",
    "template",
    "svg",
    "math",
}


_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f]+")


class Scan(HTMLParser):
    """Every tag and attribute of a page or fragment; what could run is listed."""

    def __init__(self, fragment: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.fragment = fragment
        self.problems: list[str] = []
        self.tags = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags += 1
        if tag in NEVER or (self.fragment and tag in ("style", "link", "meta", "form")):
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if self.fragment and name == "style":
                self.problems.append(f"<{tag} style=…>")
            if tag == "meta" and name == "http-equiv" and value.lower() == "refresh":
                self.problems.append("<meta http-equiv=refresh>")
            if name in URL_ATTRS or "url(" in value.lower():
                self._url(tag, name, value)

    handle_startendtag = handle_starttag

    def _url(self, tag: str, name: str, value: str) -> None:
        plain = _INVISIBLE.sub("", value).lower()
        if plain == "data:," and tag == "link":  # an empty icon: no favicon request
            return
        for bad in ("javascript:", "vbscript:", "data:", "livescript:"):
            if bad in plain and not (
                tag == "img"
                and name == "src"
                and plain.startswith(
                    ("data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp")
                )
            ):
                self.problems.append(f"<{tag} {name}={value[:60]!r}>")


def scan(html: str, fragment: bool) -> Scan:
    parser = Scan(fragment)
    parser.feed(html)
    parser.close()
    return parser


@pytest.mark.parametrize(
    ("html", "bad"),
    [
        ("<p>fine <a href='https://x.example/'>x</a> <img src='data:image/png;base64,AA'></p>", 0),
        ("<script>alert(1)</script>", 1),
        ("<img src=x onerror=alert(1)>", 1),
        ("<a href='jav&#x09;ascript:alert(1)'>x</a>", 1),
        ("<a href=' JAVASCRIPT:x'>x</a>", 1),
        ("<a href='data:text/html,x'>x</a>", 1),
        ("<iframe src='https://x'></iframe>", 1),
        ("<div style='background:url(javascript:x)'>", 2),
        ("<svg onload=x>", 2),
    ],
)
def test_the_scan_finds_what_runs(html: str, bad: int) -> None:
    assert len(scan(html, fragment=True).problems) == bad


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(
        content=HOSTILE, index=tmp_path_factory.mktemp("hostile-index"), reload_interval=0
    )
    summary = ingest(settings, jobs=1)
    assert summary.docs == 4 and summary.locales == ("en", "fr"), summary.line()
    with TestClient(create_app(settings)) as client:
        yield client


def assert_clean(html: str, where: str, fragment: bool = True) -> None:
    found = scan(html, fragment)
    assert not found.problems, f"{where}: {found.problems}"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_method_records_are_clean(hostile: TestClient, lang: str) -> None:
    methods = hostile.get("/api/v1/methods", params={"lang": lang}).json()["methods"]
    assert {m["method"] for m in methods if m["locale"] == lang} >= {"GET", "POST"}
    for record in methods:
        html = record["description_html"]
        assert "xsspayload" in html  # the payloads' own entry, sanitized, not dropped
        assert_clean(html, f"{lang} {record['method']} description_html")
        one = hostile.get(f"/api/v1/methods/{record['method']}", params={"lang": lang}).json()
        assert one["description_html"] == html


def test_documents_are_clean(hostile: TestClient) -> None:
    catalog = hostile.app.state.live.catalog
    checked = 0
    for doc_id, versions in catalog.articles.items():
        for lang in versions:
            reply = hostile.get(f"/api/v1/docs/{quote(doc_id, safe='')}", params={"lang": lang})
            assert reply.status_code == 200, (doc_id, reply.text[:200])
            doc = reply.json()
            assert any("xsspayload" in s["html"] for s in doc["sections"])
            for section in doc["sections"]:
                assert_clean(section["html"], f"{doc_id} {lang} {section['anchor']}")
                checked += 1
    assert checked >= 4


@pytest.mark.parametrize(
    "q",
    [
        "xsspayload",
        "alert",
        "script",
        "onerror",
        "javascript",
        "iframe",
        "img src",
        "<script>alert(1)</script>",
    ],
)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_search_snippets_are_clean(hostile: TestClient, q: str, lang: str) -> None:
    result = hostile.get("/api/v1/search", params={"q": q, "lang": lang, "limit": 50}).json()
    if q == "xsspayload":
        assert result["hits"], result
    for hit in result["hits"]:
        assert_clean(hit["snippet_html"], f"snippet for {q!r}")


def hostile_pages(client: TestClient) -> list[str]:
    catalog = client.app.state.live.catalog
    pages = [
        "/en/",
        "/fr/",
        "/en/path/help/xss/xss-methods.md",
        "/en/search?q=xsspayload",
        "/fr/search?q=xsspayload",
        "/en/search?q=" + quote("<script>alert(1)</script>"),
        "/en/search?q=" + quote('"><img src=x onerror=alert(1)>'),
        "/en/docs/" + quote("<script>alert(1)</script>", safe=""),
        "/en/methods/" + quote("<img src=x onerror=alert(1)>", safe=""),
        "/" + quote("<svg onload=alert(1)>", safe="") + "/",
    ]
    for doc_id, versions in catalog.articles.items():
        pages += [f"/{lang}/docs/{quote(doc_id, safe='')}" for lang in versions]
    pages += [f"/{lang}/methods/{m.lower()}" for lang in ("en", "fr") for m in catalog.methods]
    return pages


def test_pages_are_clean_and_send_security_headers(hostile: TestClient) -> None:
    for url in hostile_pages(hostile):
        reply = hostile.get(url)
        assert reply.status_code < 500, (url, reply.status_code)
        assert reply.headers["content-type"].startswith("text/html"), url
        assert_clean(reply.text, url, fragment=False)
        csp = reply.headers["content-security-policy"]
        policy = dict([*d.strip().split(" ", 1), ""][:2] for d in csp.split(";") if d.strip())
        script = policy.get("script-src", policy.get("default-src", ""))
        assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script, (url, csp)
        assert policy.get("object-src") == "'none'" and "base-uri" in policy, (url, csp)
        assert reply.headers["x-content-type-options"] == "nosniff", url
        assert reply.headers["referrer-policy"], url


def test_pages_show_the_payloads_as_text(hostile: TestClient) -> None:
    page = hostile.get("/en/search?q=" + quote("<script>alert(1)</script>")).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    doc = hostile.get("/en/path/help/xss/xss-methods.md", follow_redirects=True)
    assert doc.status_code == 200 and "xsspayload" in doc.text
