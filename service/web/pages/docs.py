"""``/{locale}/docs/{doc_id}``: an article; ``/{locale}/path/{path}``: to it by its path.

The article's HTML was sanitized at ingest; here its admonition titles are
put in its language, each heading with an id gets a link to itself, and each
link to an article the docs do not have a title that says so. Where the guide's
tree has it (``navigation``), the page shows its breadcrumb, its section's list
and the articles before and after it there.
"""

from __future__ import annotations

import re
from html import escape

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from service.dialect.titles import retitle
from service.i18n.catalogs import gettext_for
from service.index.catalog import Catalog
from service.ingest.crosslinks import MISSING
from service.records import Document, doc_url

from ..deps import catalog_of
from ..errors import NotFound
from ..relink import relinked
from ..work import offloaded
from .findings import findings_notice
from .frame import page, page_locale, remembered, versions
from .navigation import navigation
from .notices import notices_for

router = APIRouter(include_in_schema=False)
_HEADING = re.compile(r'(<h([1-6]) id="([^"]+)"[^>]*>)(.*?)(</h\2>)', re.DOTALL)


@router.get("/{locale}/docs/{doc_id}")
@offloaded
def doc_page(request: Request, locale: str, doc_id: str) -> Response:
    catalog = catalog_of(request)
    locale = page_locale(catalog, locale)
    key, done = remembered(request, catalog, locale)
    if done is not None:
        return done
    entry = catalog.doc_entry(doc_id, locale)
    doc = catalog.docs.get(entry.locale, entry.doc_id) if entry is not None else None
    if entry is None or doc is None:
        raise NotFound(f"no document with id '{doc_id[:80]}'")

    def url_for(loc: str) -> str:
        return doc_url(loc, entry.doc_id)

    found = versions(catalog, entry.doc_id, doc.locale, url_for)
    notices = notices_for(
        catalog,
        locale,
        doc.locale,
        doc.translation,
        found.original,
        "article",
        (doc.doc_id, doc.path),
    )
    facts = findings_notice(locale, doc.locale, doc.translation, catalog.source_locale, doc.path)
    if facts is not None:
        notices.append(facts)
    nav = navigation(catalog, locale)
    place = nav.by_doc.get(entry.doc_id)
    return page(
        request,
        catalog,
        locale,
        "doc.html",
        available=found.available,
        url_for=url_for,
        x_default=found.x_default,
        what="article",
        notices=notices,
        doc=doc,
        content_lang=doc.locale,
        sections=sections_html(doc, locale, catalog),
        place=place,
        trail=nav.trail(place) if place is not None else [],
        neighbours=nav.neighbours(place) if place is not None else (None, None),
        toc=[
            (s.heading, s.anchor, s.level)
            for s in doc.sections
            if s.anchor and s.heading and 2 <= s.level <= 3
        ],
        memo_key=key,
    )


def anchored(html: str, label: str) -> str:
    """Each heading with an id gets a link to itself (html is already sanitized)."""
    label = escape(label, quote=True)

    def link(m: re.Match[str]) -> str:
        return (
            f'{m.group(1)}{m.group(4)} <a class="anchor" href="#{m.group(3)}" '
            f'aria-label="{label}">#</a>{m.group(5)}'
        )

    return _HEADING.sub(link, html)


def sections_html(doc: Document, locale: str, catalog: Catalog) -> list[str]:
    """The article's sections: titles in its language, headings linked, links to articles
    not in the docs titled so (labels in the page's), links to other articles leading to
    the page's language where they have it (``relink``: a fallback page)."""
    _ = gettext_for(locale)
    label = _("Link to this section")
    missing = _("This article is not in these docs")
    return [
        titled(
            anchored(
                retitle(relinked(s.html, doc.locale, locale, catalog), gettext_for(doc.locale)),
                label,
            ),
            missing,
        )
        for s in doc.sections
    ]


def titled(html: str, title: str) -> str:
    """Each link the ingest marked as leading to no article gets ``title`` (the build holds
    no UI string: the page's language gives it)."""
    if MISSING not in html:
        return html
    return html.replace(f'class="{MISSING}', f'title="{escape(title)}" class="{MISSING}')


@router.get("/{locale}/path/{path:path}")
async def doc_by_path(request: Request, locale: str, path: str) -> Response:
    """Links between docs that ingest could not resolve: find the article by its path."""
    catalog = catalog_of(request)
    locale = page_locale(catalog, locale)
    entry = catalog.by_path.get((locale, path)) or next(
        (catalog.by_path[loc, path] for loc in catalog.locales if (loc, path) in catalog.by_path),
        None,
    )
    if entry is None:
        raise NotFound(f"no document at '{path[:200]}'")
    return RedirectResponse(doc_url(locale, entry.doc_id), status_code=302)
