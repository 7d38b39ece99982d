"""The quality report of the build served, grouped as the API and the page show it.

The counts are in the catalog's memory; the findings are read from the
build's document store (a large corpus has hundreds of thousands: no server
keeps them all), each with the page it is about.
"""

from __future__ import annotations

from typing import Any

from service.i18n.locales import display_name
from service.index.catalog import Catalog
from service.quality.findings import SEVERITIES
from service.records import doc_url


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
    """Per translation locale: freshness, counts, and the findings passing the filters."""
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
        "history_source": report.get("history_source"),
        "severities": list(SEVERITIES),
        "locales": out,
    }
