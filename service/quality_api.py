"""``GET /api/v1/quality``: the build's translation quality report, per locale.

The report is made at ingest (:mod:`service.quality`) and kept in the build;
this view only groups and filters it. Each translation locale gets its
freshness, its finding counts per severity (all of them) and the findings
that pass the filters (``locale``, ``severity``: at least this severe,
``kind``), worst first.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field
from starlette.responses import Response

from . import schemas
from .api import JSON, catalog_of, dumps, settings_of
from .catalog import Catalog
from .errors import InvalidLocale
from .findings import SEVERITIES
from .httpcache import conditional, etag_for
from .languages import display_name
from .records import doc_url

router = APIRouter(prefix="/api/v1")
MEMO_LIMIT = 10_000
Severity = Literal["fact", "missing", "stale", "cosmetic"]
_PROBLEMS: dict[int | str, dict[str, Any]] = {
    code: {"model": schemas.Problem, "content": {"application/problem+json": {}}}
    for code in (400, 503)
}


class FindingOut(BaseModel):
    id: str = Field(
        description="Stable id: q- and 10 hex digits of (kind, article, locale, method, field)."
    )
    kind: str = Field(
        description="What was compared: idempotency, status, methods, numbers, "
        "headings, labels, links, outdated, wordcount, orphan, "
        "missing-translation."
    )
    severity: Severity = Field(description="fact > missing > stale > cosmetic.")
    locale: str = Field(description="The translation's locale.")
    article: str = Field(description="The article's id.")
    path: str = Field(description="The translation's path (the source's when it is missing).")
    url: str = Field(description="The translation's page (the source's when it is missing).")
    title: str = Field(description="The article's title, in that page's language.")
    method: str | None = Field(description="The HTTP method, for a method entry's fact.")
    field: str = Field(description="What of the article: idempotent, status, numbers:<anchor>…")
    message: str = Field(description="What is wrong, in English.")
    source: str = Field(description="What the source says, quoted ('' where it says nothing).")
    translation: str = Field(description="What the translation says, quoted.")
    source_value: Any = Field(description="The source's compared facts.")
    translation_value: Any = Field(description="The translation's compared facts.")
    outdated: bool | None = Field(description="The translation's freshness (null: unknown).")


class FreshnessOut(BaseModel):
    fresh: int = Field(description="Translations made from the source as it is now.")
    outdated: int = Field(description="Translations whose source changed since.")
    unknown: int = Field(description="Translations whose freshness the history cannot tell.")
    missing: int = Field(description="Source articles with no translation in this locale.")
    orphans: int = Field(description="Translations whose article has no source version.")


class LocaleQualityOut(BaseModel):
    locale: str
    name: str = Field(description="The language's own name.")
    documents: int = Field(description="Translations in this locale.")
    freshness: FreshnessOut
    counts: dict[str, int] = Field(description="All findings per severity (unfiltered).")
    total: int = Field(description="All findings of this locale (unfiltered).")
    findings: list[FindingOut] = Field(description="Findings passing the filters, worst first.")


class QualityOut(BaseModel):
    build: str
    source_locale: str
    history: bool = Field(description="False: no source history, so freshness is unknown.")
    severities: list[str] = Field(description="Severity names, worst first.")
    locales: list[LocaleQualityOut]


def with_page(catalog: Catalog, finding: dict[str, Any]) -> dict[str, Any]:
    """A finding with its page's URL and title (the translation's, else the source's)."""
    versions = catalog.articles.get(finding["article"], {})
    where = finding["locale"] if finding["locale"] in versions else catalog.source_locale
    entry = versions.get(where)
    return {
        **finding,
        "url": doc_url(where, finding["article"]),
        "title": entry.title if entry else finding["path"],
    }


def grouped(
    catalog: Catalog,
    locales: list[str] | None = None,
    severity: str | None = None,
    kind: str | None = None,
) -> dict[str, Any]:
    """The report as the API serves it: per locale, counts and the filtered findings.

    The counts are in memory; the findings are read from the build's document
    store (a large corpus has hundreds of thousands: no server keeps them all)."""
    report = catalog.quality or {}
    per_locale: dict[str, dict[str, Any]] = report.get("locales", {})
    wanted = [loc for loc in sorted(per_locale) if not locales or loc in locales]
    out = []
    for loc in wanted:
        info = per_locale[loc]
        findings = [with_page(catalog, f) for f in catalog.docs.findings(loc, severity, kind)]
        out.append(
            {
                "locale": loc,
                "name": display_name(loc),
                "documents": info["documents"],
                "freshness": info["freshness"],
                "counts": info["findings"],
                "total": info["total"],
                "findings": findings,
            }
        )
    return {
        "build": catalog.build_id,
        "source_locale": report.get("source_locale", catalog.source_locale),
        "history": bool(report.get("history", catalog.has_history)),
        "severities": list(SEVERITIES),
        "locales": out,
    }


@router.get(
    "/quality",
    response_model=QualityOut,
    responses=_PROBLEMS,
    summary="Translation quality: freshness and fact consistency, per locale",
)
async def get_quality(
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
    key = ("quality", tuple(sorted(locale or ())), severity, kind)
    found = catalog.memo.get(key)
    if found is None:
        body = dumps(grouped(catalog, locale, severity, kind))
        found = (body, etag_for(catalog.build_id, body))
        if len(catalog.memo) < MEMO_LIMIT:
            catalog.memo[key] = found
    return conditional(
        request, found[0], JSON, found[1], catalog.source_locale, settings_of(request).cache_max_age
    )
