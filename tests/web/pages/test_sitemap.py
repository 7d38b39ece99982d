"""``/sitemap.xml``, ``/robots.txt``, and the head's canonical and ``hreflang`` links,
relative or absolute under ``LINGODOCS_PUBLIC_URL``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import lxml.html
import pytest
from fastapi.testclient import TestClient
from lxml import etree

from service.app import create_app
from service.i18n.catalogs import gettext_for
from service.settings import Settings
from tests.conftest import ARTICLE, LEGACY, needs_corpus

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
PUBLIC = "https://docs.example.com/help"


@pytest.fixture(scope="module")
def public(content_settings: Settings) -> Iterator[TestClient]:
    """The same build served under a public URL (given with a trailing slash)."""
    with TestClient(create_app(content_settings.with_(public_url=PUBLIC + "/"))) as c:
        yield c


def entries(body: bytes) -> dict[str, dict[str, str]]:
    """loc → hreflang → href, of a sitemap that parses and has the protocol's namespaces."""
    root = etree.fromstring(body)
    assert root.tag == f"{SITEMAP}urlset"
    assert root.nsmap == {None: SITEMAP[1:-1], "xhtml": XHTML[1:-1]}
    found: dict[str, dict[str, str]] = {}
    for url in root:
        assert url.tag == f"{SITEMAP}url"
        (loc,) = url.findall(f"{SITEMAP}loc")
        links = url.findall(f"{XHTML}link")
        assert all(link.get("rel") == "alternate" for link in links)
        assert loc.text not in found
        found[str(loc.text)] = {str(link.get("hreflang")): str(link.get("href")) for link in links}
    return found


def test_the_sitemap_lists_every_page_with_its_real_versions(
    client: TestClient, catalog: Any
) -> None:
    reply = client.get("/sitemap.xml")
    assert reply.status_code == 200 and reply.headers["content-type"].startswith("application/xml")
    found = entries(reply.content)
    base = "http://testserver"  # no public URL: the request's own
    article = {loc: f"{base}/{loc}/docs/{ARTICLE}" for loc in ("en", "fr", "nl", "sv")}
    for url in article.values():
        assert found[url] == {**article, "x-default": article["en"]}
    # the legacy article is only French: no English, Dutch or Swedish version listed
    legacy = f"{base}/fr/docs/{LEGACY}"
    assert found[legacy] == {"fr": legacy, "x-default": legacy}
    assert f"{base}/en/docs/{LEGACY}" not in found
    homes = {loc: f"{base}/{loc}/" for loc in catalog.locales}
    assert found[homes["sv"]] == {**homes, "x-default": homes["en"]}
    methods = {f"{base}/{loc}/methods/{m}" for loc, by_m in catalog.lookup.items() for m in by_m}
    assert found[f"{base}/nl/methods/PATCH"]["x-default"] == f"{base}/en/methods/PATCH"
    assert set(found) == {*article.values(), legacy, *homes.values(), *methods}


def test_the_sitemap_caches_as_pages_do(client: TestClient) -> None:
    first = client.get("/sitemap.xml", headers={"Accept-Encoding": "identity"})
    assert first.headers["vary"] == "Accept-Language, Accept-Encoding"
    zipped = client.get("/sitemap.xml", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip" and zipped.content == first.content
    assert first.headers["cache-control"].startswith("public, max-age=")
    again = client.get("/sitemap.xml", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


def test_robots_txt_points_at_the_sitemap(client: TestClient, public: TestClient) -> None:
    reply = client.get("/robots.txt")
    assert reply.status_code == 200 and reply.headers["content-type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in reply.text.splitlines()
    assert f"Sitemap: {PUBLIC}/sitemap.xml" in public.get("/robots.txt").text.splitlines()


def test_under_a_public_url_every_sitemap_url_is_absolute_under_it(public: TestClient) -> None:
    found = entries(public.get("/sitemap.xml", headers={"Host": "evil.example"}).content)
    urls = {*found, *(href for links in found.values() for href in links.values())}
    assert all(url.startswith(PUBLIC + "/") for url in urls), sorted(urls)[:3]
    assert f"{PUBLIC}/fr/docs/{ARTICLE}" in found


def head_links(body: bytes) -> tuple[str | None, dict[str, str]]:
    """The page's canonical URL and its hreflang → href alternates."""
    head = lxml.html.fromstring(body).find("head")
    canonical = [link.get("href") for link in head.findall("link[@rel='canonical']")]
    assert len(canonical) == 1
    alternates = {
        str(link.get("hreflang")): str(link.get("href"))
        for link in head.findall("link[@rel='alternate']")
    }
    return canonical[0], alternates


@pytest.mark.parametrize(
    ("path", "canonical", "x_default"),
    [
        (f"/nl/docs/{ARTICLE}", f"/nl/docs/{ARTICLE}", f"/en/docs/{ARTICLE}"),
        # a French-only article on an English page: the French one is the original
        (f"/en/docs/{LEGACY}", f"/fr/docs/{LEGACY}", f"/fr/docs/{LEGACY}"),
        ("/sv/methods/PUT", "/sv/methods/PUT", "/en/methods/PUT"),
        ("/fr/", "/fr/", "/"),
    ],
)
def test_pages_have_a_canonical_link_relative_or_under_the_public_url(
    client: TestClient, public: TestClient, path: str, canonical: str, x_default: str
) -> None:
    relative = head_links(client.get(path).content)
    assert relative[0] == canonical and relative[1]["x-default"] == x_default
    absolute = head_links(public.get(path).content)
    assert absolute[0] == PUBLIC + canonical
    assert absolute[1] == {lang: PUBLIC + href for lang, href in relative[1].items()}
    # the body's links stay root-relative (the language switcher)
    switcher = lxml.html.fromstring(public.get(path).content).xpath("//nav//a[@hreflang]/@href")
    assert switcher and all(href.startswith("/") for href in switcher)


def test_a_link_to_an_article_not_in_the_docs_is_marked_on_the_page(client: TestClient) -> None:
    page = lxml.html.fromstring(client.get(f"/fr/docs/{LEGACY}").content)
    (link,) = page.xpath("//article//a[contains(@class, 'missing-article')]")
    assert link.get("title") == gettext_for("fr")("This article is not in these docs")
    assert link.get("href").startswith("/fr/path/help/")


@needs_corpus()
def test_the_corpus_sitemap_lists_every_version_of_every_page(corpus_client: TestClient) -> None:
    catalog = corpus_client.app.state.live.catalog  # type: ignore[attr-defined]
    found = entries(corpus_client.get("/sitemap.xml").content)
    docs = [u for u in found if "/docs/" in u]
    modules = [u for u in found if "/modules/" in u]
    assert len(docs) == len(catalog.entries)  # every article version, once
    assert len(modules) > 4000 and len(found) < 50_000
    assert all(links["x-default"] in found for links in found.values())
