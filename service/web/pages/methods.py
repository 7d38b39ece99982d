"""``/{locale}/methods/{method}``: one HTTP method's help page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from service.records import MethodRecord

from ..deps import catalog_of
from ..errors import NotFound
from ..relink import relinked
from ..work import offloaded
from .findings import findings_notice
from .frame import page, page_locale, remembered
from .notices import notices_for

router = APIRouter(include_in_schema=False)


@router.get("/{locale}/methods/{method}")
@offloaded
def method_page(request: Request, locale: str, method: str) -> Response:
    catalog = catalog_of(request)
    locale = page_locale(catalog, locale)
    name = method.upper()
    if name not in catalog.methods:
        raise NotFound(f"the docs describe no method '{method[:40]}'")
    if name != method:
        return RedirectResponse(f"/{locale}/methods/{name}", status_code=301)
    key, done = remembered(request, catalog, locale)
    if done is not None:
        return done
    record = catalog.pick(name, locale)
    available = [loc for loc in catalog.locales if name in catalog.lookup.get(loc, {})]
    source = catalog.lookup.get(catalog.source_locale, {}).get(name)
    original = None
    if record.locale != catalog.source_locale and source is not None:
        original = (f"/{catalog.source_locale}/methods/{name}", catalog.source_locale)
    notices = notices_for(
        catalog,
        locale,
        record.locale,
        record.translation,
        original,
        "page",
        (record.source.doc_id, record.source.path),
    )
    facts = findings_notice(
        locale, record.locale, record.translation, catalog.source_locale, record.source.path
    )
    if facts is not None:
        notices.append(facts)
    return page(
        request,
        catalog,
        locale,
        "method.html",
        available=available,
        url_for=lambda loc: f"/{loc}/methods/{name}",
        x_default=f"/{catalog.source_locale if source else record.locale}/methods/{name}",
        notices=notices,
        record=record,
        description_html=relinked(record.description_html, record.locale, locale, catalog),
        content_lang=record.locale,
        methods=catalog.methods,
        agree=agrees(record),
        memo_key=key,
    )


def agrees(record: MethodRecord) -> bool | None:
    """Whether the docs' idempotency matches RFC 9110 (None: the docs do not say)."""
    return None if record.idempotent is None else record.idempotent == record.spec.idempotent
