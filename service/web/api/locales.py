"""``GET /api/v1/locales``: the languages the content is in, with their names."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from service.i18n.locales import display_name, english_name

from .. import schemas
from ..deps import API, cacheable, catalog_of, default_locale, dumps, settings_of

router = APIRouter(prefix=API)


@router.get(
    "/locales",
    operation_id="listLocales",
    response_model=list[schemas.LocaleOut],
    responses=schemas.answers(304, 503),
    summary="The languages the content is in",
)
async def list_locales(request: Request) -> Response:
    catalog = catalog_of(request)
    settings = settings_of(request)
    body = dumps(
        [
            {"code": c, "name": display_name(c), "english_name": english_name(c)}
            for c in catalog.locales
        ]
    )
    return cacheable(request, body, default_locale(catalog, settings))
