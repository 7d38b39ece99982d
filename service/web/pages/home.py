"""``/`` (to the reader's language) and ``/{locale}/``: search box, methods, the guide's
top sections (``navigation``), and the articles its tree does not reach."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from service.index.catalog import Catalog
from service.records import doc_url

from ..deps import catalog_of, choose, settings_of
from ..httpcache import VARY, etag_for, held
from ..work import offloaded
from .frame import page, page_locale, remembered
from .navigation import Navigation, Place, navigation

router = APIRouter(include_in_schema=False)


@router.get("/")
async def root(request: Request) -> Response:
    """302 to the reader's language's home page: cacheable as every answer, so with an
    ETag (the target's, under the build) and a 304 for a client that holds it."""
    catalog = catalog_of(request)
    choice = choose(request, catalog)
    target = f"/{choice.locale}/"
    etag = etag_for(catalog.build_id, target.encode())
    headers = {
        "Cache-Control": f"public, max-age={settings_of(request).cache_max_age}",
        "Vary": VARY,
        "ETag": etag,
    }
    if held(request, etag):
        return Response(status_code=304, headers=headers)
    return RedirectResponse(target, status_code=302, headers=headers)


@router.get("/docs")
@router.get("/docs/")
async def docs_without_language() -> Response:
    """``/docs`` (where FastAPI apps keep theirs): 308 to the API docs."""
    return RedirectResponse("/api/docs", status_code=308)


@router.get("/{locale}/")
@offloaded
def home(request: Request, locale: str) -> Response:
    catalog = catalog_of(request)
    locale = page_locale(catalog, locale)
    key, done = remembered(request, catalog, locale)
    if done is not None:
        return done
    methods = [catalog.pick(m, locale) for m in catalog.methods]
    nav = navigation(catalog, locale)
    shown = [p for p in nav.roots if not p.hidden]
    return page(
        request,
        catalog,
        locale,
        "home.html",
        available=catalog.locales,
        url_for=lambda loc: f"/{loc}/",
        x_default="/",
        methods=methods,
        articles=[p for p in shown if p.doc_id is not None and not p.children],
        sections=[p for p in shown if p.doc_id is None or p.children],
        others=outside(catalog, locale, nav),
        memo_key=key,
    )


def outside(catalog: Catalog, locale: str, nav: Navigation) -> list[Place]:
    """The articles the tree does not list (a TOC need not name every one), by title."""
    found = []
    for doc_id in catalog.articles:
        entry = catalog.doc_entry(doc_id, locale)
        if entry is None or doc_id in nav.by_doc:
            continue
        shown = entry.locale if entry.locale != locale else None
        found.append(Place(entry.title, shown, doc_url(locale, doc_id), doc_id=doc_id, shown=shown))
    return sorted(found, key=lambda p: (p.shown is not None, p.title.casefold()))
