"""``/`` (to the reader's language) and ``/{locale}/``: search box, methods, articles."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from ..deps import catalog_of, choose, settings_of
from ..httpcache import VARY
from ..work import offloaded
from .frame import page, page_locale, remembered

router = APIRouter(include_in_schema=False)


@router.get("/")
async def root(request: Request) -> Response:
    """302 to the reader's language's home page."""
    catalog = catalog_of(request)
    choice = choose(request, catalog)
    headers = {
        "Cache-Control": f"public, max-age={settings_of(request).cache_max_age}",
        "Vary": VARY,
    }
    return RedirectResponse(f"/{choice.locale}/", status_code=302, headers=headers)


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
    articles = sorted(
        (e for doc_id in catalog.articles if (e := catalog.doc_entry(doc_id, locale))),
        key=lambda e: (e.locale != locale, e.title.casefold()),
    )
    return page(
        request,
        catalog,
        locale,
        "home.html",
        available=catalog.locales,
        url_for=lambda loc: f"/{loc}/",
        x_default="/",
        methods=methods,
        articles=articles,
        memo_key=key,
    )
