"""``/{locale}/modules/{module_id}``: one module's fields and their help, as a page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from service.index.apps import apps_of

from ..deps import catalog_of
from ..errors import NotFound
from .frame import notices_for, page, page_locale, remembered

router = APIRouter(include_in_schema=False)


@router.get("/{locale}/modules/{module_id}")
async def module_page(request: Request, locale: str, module_id: str) -> Response:
    catalog = catalog_of(request)
    locale = page_locale(catalog, locale)
    key, done = remembered(request, catalog, locale)
    if done is not None:
        return done
    apps = apps_of(catalog)
    app_id = module_id.partition(".")[0]
    app = apps.app(locale, app_id) if app_id in apps.modules else None
    module = next((m for m in app.modules if m.module_id == module_id), None) if app else None
    if app is None or module is None:
        raise NotFound(f"no module '{module_id[:80]}'")
    entry = catalog.by_path.get((app.locale, app.path))
    if entry is None:
        raise NotFound(f"no module '{module_id[:80]}'")
    available = [e.locale for e in catalog.translations_of(entry.doc_id)]
    source = catalog.source_locale if catalog.source_locale in available else None
    original = (
        (f"/{source}/modules/{module_id}", source) if source and app.locale != source else None
    )
    notices = notices_for(locale, app.locale, entry.translation, original, "page")
    return page(
        request,
        catalog,
        locale,
        "module.html",
        available=available,
        url_for=lambda loc: f"/{loc}/modules/{module_id}",
        x_default=f"/{source or available[0]}/modules/{module_id}",
        notices=notices,
        app=app,
        module=module,
        article_url=f"/{locale}/docs/{entry.doc_id}#{module.anchor}",
        content_lang=app.locale,
        memo_key=key,
    )
