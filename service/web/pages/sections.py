"""``/{locale}/sections/{anchor}``: one section of the guide's tree, all of it.

The breadcrumb and the home page link here; its entries are the tree's
(``navigation``), in the reader's language where translated, marked where not.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from ..deps import catalog_of
from ..errors import NotFound
from ..work import offloaded
from .frame import page, page_locale, remembered
from .navigation import navigation, section_url

router = APIRouter(include_in_schema=False)


@router.get("/{locale}/sections/{anchor}")
@offloaded
def section_page(request: Request, locale: str, anchor: str) -> Response:
    catalog = catalog_of(request)
    locale = page_locale(catalog, locale)
    key, done = remembered(request, catalog, locale)
    if done is not None:
        return done
    nav = navigation(catalog, locale)
    section = nav.by_anchor.get(anchor)
    if section is None:
        raise NotFound(f"no section '{anchor[:80]}' in the {locale} guide")
    available = [loc for loc in catalog.locales if anchor in navigation(catalog, loc).by_anchor]
    return page(
        request,
        catalog,
        locale,
        "section.html",
        available=available,
        url_for=lambda loc: section_url(loc, anchor),
        x_default=section_url(
            catalog.source_locale if catalog.source_locale in available else available[0], anchor
        ),
        section=section,
        trail=nav.trail(section),
        memo_key=key,
    )
