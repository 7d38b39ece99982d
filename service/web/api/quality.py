"""``GET /api/v1/quality``: the build's translation quality report, per locale, paged.

The report is made at ingest (:mod:`service.quality`) and kept in the build;
this view only groups, filters and pages it (``web.report``, as the page does).
Each translation locale gets its freshness and its finding counts per severity
(always of the whole report), how many findings pass the filters (``matched``)
and those of them on this page, worst first. Filters: ``locale``, ``severity``
(at least this severe), ``kind`` (one the report has, else a 400 listing them),
``path`` (a prefix of the translation's path).

Paging is ``limit`` and ``offset`` over the findings of the locales asked, in
order (the first locale's, then the next's), with the total that match
(``matched``) and ``next`` / ``prev`` links: the shape ``/api/v1/search`` has
(``limit``, ``offset``), with the ``rel="next"`` / ``rel="prev"`` links of RFC
8288 that GitHub's and most paged APIs give, put in the body (a cached body
carries them; generated clients see them in the schema). Offsets, not
cursors: a report never changes within a build (the ETag names the build), so
no page can shift under a reader, and an offset lets a client go straight to a
page, as the quality page's numbered pages do. The links are root-relative
and canonical (the parameters this view reads, in one order), like the body.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from service.quality.findings import Severity

from .. import quality_schemas, schemas
from ..deps import API, catalog_of, prepared
from ..errors import InvalidLocale
from ..report import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    MAX_OFFSET,
    MAX_PATH,
    Filters,
    checked_kind,
    grouped,
    path_prefix,
)
from ..work import offloaded

router = APIRouter(prefix=API)


@router.get(
    "/quality",
    operation_id="getQuality",
    response_model=quality_schemas.QualityOut,
    responses=schemas.answers(304, 400, 503),
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
        str | None,
        Query(
            description="Only findings of this kind (one of the report's `kinds`).", max_length=40
        ),
    ] = None,
    path: Annotated[
        str | None,
        Query(
            description="Only findings on translations whose path starts with this (a relative "
            "path: letters, digits, '_', '.', '-', '/').",
            max_length=MAX_PATH,
        ),
    ] = None,
    limit: Annotated[
        int, Query(description="Findings in this answer, at most.", ge=1, le=MAX_LIMIT)
    ] = DEFAULT_LIMIT,
    offset: Annotated[
        int, Query(description="Findings to skip (of those that match).", ge=0, le=MAX_OFFSET)
    ] = 0,
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
    locales = sorted(set(locale or ()))
    filters = Filters(severity, kind or None, path_prefix(path))

    def make() -> dict[str, Any]:
        checked_kind(catalog, filters.kind)  # here: a page kept is answered without a query
        found = grouped(catalog, locales, filters, offset, limit)
        found["next"] = _link(locales, filters, offset + limit, limit, found["matched"])
        found["prev"] = _link(locales, filters, max(offset - limit, 0), limit, found["matched"])
        if offset == 0:
            found["prev"] = None
        return found

    return prepared(
        request,
        catalog,
        ("quality", tuple(locales), filters.key(), offset, limit),
        make,
        locale=catalog.source_locale,
    )


def _link(
    locales: list[str], filters: Filters, offset: int, limit: int, matched: int
) -> str | None:
    """The root-relative URL of the page at ``offset``, or None past the last one."""
    if offset >= matched or offset > MAX_OFFSET:
        return None
    params: list[tuple[str, Any]] = [("locale", loc) for loc in locales]
    params += list(filters.params().items())
    params += [("limit", limit), ("offset", offset)]
    return f"{API}/quality?{urlencode(params)}"
