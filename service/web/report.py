"""The quality report of the build served, grouped, filtered and paged as the API and the
page show it.

The counts are in the catalog's memory; the findings are read from the
build's document store (a large corpus has hundreds of thousands: no server
keeps them all, and no answer carries them all), each with the page it is
about. Findings are filtered (``Filters``: severity at least, kind, a prefix of
the translation's path) and paged by ``offset`` and ``limit`` over one sequence:
the locales in order, each locale's findings in report order (worst first).
The per-locale counts are always those of the whole report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from service.i18n.locales import display_name
from service.index.catalog import Catalog
from service.quality.findings import SEVERITIES, Severity
from service.records import doc_url

from .errors import BadRequest

DEFAULT_LIMIT = 50  # findings in an answer unless ``limit`` says otherwise
MAX_LIMIT = 500
MAX_OFFSET = 1_000_000
MAX_PATH = 200  # characters of a path prefix
# A path prefix as the content's paths are written: word characters, '.', '-', '/'.
_PATH = re.compile(r"[\w.\-/]+")


@dataclass(frozen=True, slots=True)
class Filters:
    """Which findings are listed: this ``severity`` or worse, of ``kind``, on a translation
    whose path starts with ``path`` (each None: any)."""

    severity: Severity | None = None
    kind: str | None = None
    path: str | None = None

    def key(self) -> tuple[str | None, str | None, str | None]:
        return (self.severity, self.kind, self.path)

    def params(self) -> dict[str, str]:
        """The filters given, as query parameters."""
        given = {"severity": self.severity, "kind": self.kind, "path": self.path}
        return {name: value for name, value in given.items() if value}


def path_prefix(value: str | None) -> str | None:
    """``value`` as a path prefix (None for none or ''); a 400 naming what is wrong with it."""
    if not value:
        return None
    shown = value[:64] + ("…" if len(value) > 64 else "")
    if len(value) > MAX_PATH:
        raise BadRequest(f"path: at most {MAX_PATH} characters, got {len(value)}")
    if not _PATH.fullmatch(value):
        raise BadRequest(
            f"path: '{shown}' is not a relative path: only letters, digits, '_', '.', '-' "
            "and '/' (help/workfront-fusion/references/)"
        )
    if value.startswith("/") or ".." in value.split("/"):
        raise BadRequest(f"path: '{shown}' is not a relative path (no leading '/', no '..')")
    return value


def kinds(catalog: Catalog) -> list[str]:
    """The kinds of finding this build's report has (read from it: new kinds appear with
    the checks that make them)."""
    return catalog.docs.finding_kinds()


def checked_kind(catalog: Catalog, kind: str | None) -> str | None:
    """``kind`` (None for none or ''), or a 400 listing the report's kinds."""
    if not kind:
        return None
    known = kinds(catalog)
    if kind not in known:
        raise BadRequest(
            f"kind: '{kind[:40]}' is no kind of finding in this report; kinds: "
            f"{', '.join(known) or 'none'}",
            kinds=known,
        )
    return kind


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


def summary(catalog: Catalog, locales: list[str] | None = None) -> dict[str, Any]:
    """The report's whole counts: per translation locale (all, or ``locales``) its
    freshness and findings per severity, with no findings."""
    report = catalog.quality or {}
    per_locale: dict[str, dict[str, Any]] = report.get("locales", {})
    return {
        "build": catalog.build_id,
        "source_locale": report.get("source_locale", catalog.source_locale),
        "history": bool(report.get("history", catalog.has_history)),
        "history_source": report.get("history_source"),
        "severities": list(SEVERITIES),
        "locales": [
            {
                "locale": loc,
                "name": display_name(loc),
                "documents": info["documents"],
                "freshness": info["freshness"],
                "counts": info["findings"],
                "total": info["total"],
            }
            for loc, info in sorted(per_locale.items())
            if not locales or loc in locales
        ],
    }


def grouped(
    catalog: Catalog,
    locales: list[str] | None = None,
    filters: Filters = Filters(),
    offset: int = 0,
    limit: int | None = None,
) -> dict[str, Any]:
    """:func:`summary`, and per locale how many findings pass ``filters`` (``matched``)
    and those of them that fall in ``[offset, offset + limit)`` of the whole sequence
    (``next`` and ``prev``, the links to the pages around it, are the caller's to fill)."""
    out = summary(catalog, locales)
    listed = out.pop("locales")
    start = 0  # where this locale's findings begin in the sequence
    for info in listed:
        loc = info["locale"]
        matched = catalog.docs.count_findings(loc, *filters.key())
        first = max(offset - start, 0)
        last = matched if limit is None else min(matched, offset + limit - start)
        rows = (
            catalog.docs.findings(loc, *filters.key(), offset=first, limit=last - first)
            if last > first
            else ()
        )
        info["matched"] = matched
        info["findings"] = [with_page(catalog, f) for f in rows]
        start += matched
    paging = {"matched": start, "offset": offset, "limit": limit, "next": None, "prev": None}
    return {**out, "kinds": kinds(catalog), **paging, "locales": listed}
