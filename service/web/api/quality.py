"""``GET /api/v1/quality``: the build's translation quality report, per locale.

The report is made at ingest (:mod:`service.quality`) and kept in the build;
this view only groups and filters it (``web.report``, as the page does).
Each translation locale gets its freshness, its finding counts per severity
(all of them) and the findings that pass the filters (``locale``,
``severity``: at least this severe, ``kind``), worst first.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from service.quality.findings import Severity

from .. import quality_schemas, schemas
from ..deps import API, catalog_of, prepared
from ..errors import InvalidLocale
from ..report import grouped
from ..work import offloaded

router = APIRouter(prefix=API)


@router.get(
    "/quality",
    response_model=quality_schemas.QualityOut,
    responses=schemas.problems(400, 503),
    summary="Translation quality: freshness and fact consistency, per locale",
)
@offloaded
def get_quality(
    request: Request,
    locale: Annotated[
        list[str] | None,
        Query(description="Only these translation locales (repeatable).", max_length=16),
    ] = None,
    severity: Annotated[
        Severity | None, Query(description="Only findings this severe or worse.")
    ] = None,
    kind: Annotated[
        str | None, Query(description="Only findings of this kind.", max_length=40)
    ] = None,
) -> Response:
    catalog = catalog_of(request)
    known = sorted((catalog.quality or {}).get("locales", {}))
    for code in locale or ():
        if code not in known:
            raise InvalidLocale(
                f"'{code[:64]}' is not a translation locale of this build; "
                f"translation locales: {', '.join(known) or 'none'}",
                available=known,
            )
    return prepared(
        request,
        catalog,
        ("quality", tuple(sorted(locale or ())), severity, kind),
        lambda: grouped(catalog, locale, severity, kind),
        locale=catalog.source_locale,
    )
