"""``/{locale}/modules/{module_id}``: one module's fields and their help, as a page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from service.index.apps import apps_of

from ..deps import catalog_of
from ..errors import NotFound
from ..relink import relinked
from ..work import offloaded
from .frame import page, page_locale, remembered, versions
from .notices import notices_for

router = APIRouter(include_in_schema=False)


@router.get("/{locale}/modules/{module_id}")
@offloaded
def module_page(request: Request, locale: str, module_id: str) -> Response:
    catalog = catalog_of(request)
    locale = page_locale(catalog, locale)
    key, done = remembered(request, catalog, locale)
    if done is not None:
        return done
    apps = apps_of(catalog)
    app_id = module_id.partition(".")[0]
    app = apps.app(locale, app_id) if app_id in apps.apps.shown else None
    module = app.module(module_id) if app else None
    if app is None or module is None:
        raise NotFound(f"no module '{module_id[:80]}'")
    entry = catalog.by_path.get((app.locale, app.path))
    if entry is None:
        raise NotFound(f"no module '{module_id[:80]}'")

    def url_for(loc: str) -> str:
        return f"/{loc}/modules/{module_id}"

    found = versions(catalog, entry.doc_id, app.locale, url_for)
    notices = notices_for(
        catalog,
        locale,
        app.locale,
        entry.translation,
        found.original,
        "page",
        (entry.doc_id, app.path),
    )
    return page(
        request,
        catalog,
        locale,
        "module.html",
        available=found.available,
        url_for=url_for,
        x_default=found.x_default,
        notices=notices,
        app=app,
        module=module,
        helps=[relinked(f.help_html, app.locale, locale, catalog) for f in module.fields],
        article_url=f"/{locale}/docs/{entry.doc_id}#{module.anchor}",
        content_lang=app.locale,
        memo_key=key,
    )
