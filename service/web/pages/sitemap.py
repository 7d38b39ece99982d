"""``/sitemap.xml`` and ``/robots.txt``: every page for search engines, in every language.

One ``<url>`` per page and language version (the home pages, each article,
each documented method, each module of an app article), each listing with
``<xhtml:link rel="alternate" hreflang>`` every version that exists (real
translations only, never a page shown as a fallback) and ``x-default`` (the
source language's), as search engines ask of multilingual sites. URLs are
absolute under ``LINGODOCS_PUBLIC_URL``, else under the request's own base
URL. The records know no date per article, so there is no ``lastmod``. One
file: the protocol's limit is 50,000 URLs (the corpus has 6,078).

Both are cacheable as every page is (strong ETag, ``Vary``, ``Cache-Control``)
and kept for the build's life, per base URL.
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.sax.saxutils import escape, quoteattr

from fastapi import APIRouter, Request
from starlette.responses import Response

from service.index.catalog import Catalog
from service.records import doc_url

from ..deps import cacheable, catalog_of, settings_of
from ..httpcache import etag_for
from ..work import offloaded

router = APIRouter(include_in_schema=False)
XML = "application/xml"
TEXT = "text/plain; charset=utf-8"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
LIMIT = 50_000  # URLs one sitemap file may list (sitemaps.org)

Versions = dict[str, str]  # locale → the page's path in it


def base_url(request: Request) -> str:
    """What the URLs are absolute under: the public URL, else the request's base."""
    return settings_of(request).public_url or str(request.base_url).rstrip("/")


def pages(catalog: Catalog) -> Iterator[tuple[Versions, str]]:
    """Every page as (its versions, the x-default locale)."""
    source = catalog.source_locale

    def default(versions: Versions) -> str:
        return source if source in versions else min(versions)

    homes = {loc: f"/{loc}/" for loc in catalog.locales}
    yield homes, default(homes)
    for doc_id in sorted(catalog.articles):
        versions = {loc: doc_url(loc, doc_id) for loc in sorted(catalog.articles[doc_id])}
        yield versions, default(versions)
    for method in catalog.methods:
        versions = {
            loc: f"/{loc}/methods/{method}"
            for loc in catalog.locales
            if method in catalog.lookup.get(loc, {})
        }
        yield versions, default(versions)
    # a module page serves the modules of the source language's apps (web.pages.modules)
    served = set(catalog.docs.app_ids(source))
    modules: dict[str, Versions] = {}
    for loc, module_id in catalog.docs.module_ids():
        if module_id.partition(".")[0] in served:
            modules.setdefault(module_id, {})[loc] = f"/{loc}/modules/{module_id}"
    for module_id in sorted(modules):
        yield modules[module_id], default(modules[module_id])


def sitemap(catalog: Catalog, base: str) -> bytes:
    # Written as text: a fixed shape of a few thousand entries, every value escaped.
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="{XHTML_NS}">\n',
    ]
    count = 0
    for versions, x_default in pages(catalog):
        if count >= LIMIT:
            break
        links = [
            *((loc, base + path) for loc, path in versions.items()),
            ("x-default", base + versions[x_default]),
        ]
        alternates = "".join(
            f'<xhtml:link rel="alternate" hreflang={quoteattr(lang)} href={quoteattr(url)}/>'
            for lang, url in links
        )
        for path in list(versions.values())[: LIMIT - count]:
            count += 1
            out.append(f"<url><loc>{escape(base + path)}</loc>{alternates}</url>\n")
    out.append("</urlset>\n")
    return "".join(out).encode("utf-8")


@router.get("/sitemap.xml")
@offloaded
def sitemap_xml(request: Request) -> Response:
    catalog = catalog_of(request)
    base = base_url(request)
    key = ("sitemap", base)
    found: tuple[bytes, str] | None = catalog.memo.get(key)
    if found is None:
        body = sitemap(catalog, base)
        found = catalog.memo.put(key, (body, etag_for(catalog.build_id, body)))
    return cacheable(request, found[0], ", ".join(catalog.locales), etag=found[1], media_type=XML)


@router.get("/robots.txt")
async def robots_txt(request: Request) -> Response:
    catalog = catalog_of(request)
    body = f"User-agent: *\nDisallow: /api/\n\nSitemap: {base_url(request)}/sitemap.xml\n"
    return cacheable(request, body.encode("utf-8"), ", ".join(catalog.locales), media_type=TEXT)
