"""``/{locale}/quality``: translation quality as a page, in the reader's language.

Above, a chart (inline SVG, no script) of each translation locale's
freshness (up to date, outdated, unknown, missing, orphans) and findings per
severity, with the same numbers as a table (always the whole report's);
below, the findings of one translation locale (``?of=nl``, default: the
page's own language when it is a translation, else the first one), filtered
as the API filters them (``severity``: this severe or worse, ``kind``,
``path``: a prefix of the translation's path) by a plain GET form, 25 a
page (``?page=2``, linked ``rel=prev`` / ``rel=next``). Only the page's
findings are read and shown, each source diff folded in ``<details>``: the
Dutch page of the corpus was 592 KB with all its findings and their diffs. The
findings' messages and quotes are data, shown in the language they are in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from service.i18n import N_
from service.quality.findings import SEVERITIES, Severity

from ..deps import catalog_of
from ..errors import BadRequest, NotFound
from ..report import (
    MAX_OFFSET,
    MAX_PATH,
    Filters,
    checked_kind,
    grouped,
    kinds,
    path_prefix,
    summary,
)
from ..work import offloaded
from .frame import page, page_locale, remembered

router = APIRouter(include_in_schema=False)

FRESHNESS: tuple[tuple[str, str, str], ...] = (  # key, label, colour (4.5:1 on white text)
    ("fresh", N_("Up to date"), "#1a7f37"),
    ("outdated", N_("Outdated"), "#9a5b00"),
    ("unknown", N_("Unknown"), "#5c6670"),
    ("missing", N_("Not translated"), "#b42318"),
    ("orphans", N_("Orphans"), "#6a2ca3"),
)
SEVERITY_LABELS: dict[Severity, tuple[str, str]] = {
    "fact": (N_("Fact errors"), "#b42318"),
    "missing": (N_("Missing content"), "#9a5b00"),
    "stale": (N_("Stale"), "#0b57b7"),
    "cosmetic": (N_("Cosmetic"), "#5c6670"),
}
KINDS: dict[str, str] = {  # labels of the kinds known now; another shows as its name
    "idempotency": N_("Idempotency"),
    "status": N_("Status codes"),
    "methods": N_("Methods"),
    "numbers": N_("Numbers"),
    "headings": N_("Headings"),
    "labels": N_("UI labels"),
    "links": N_("Links"),
    "fields": N_("Field tables"),
    "outdated": N_("Outdated"),
    "wordcount": N_("Word count"),
    "orphan": N_("No original"),
    "missing-translation": N_("Not translated"),
}

# The chart's geometry, in SVG user units: per language a name line, then two bars.
WIDTH, LABEL, BAR, ROW, NAME, GAP = 720, 110, 20, 26, 22, 18


@dataclass(frozen=True, slots=True)
class Segment:
    x: float
    width: float
    colour: str
    label: str  # msgid
    count: int


@dataclass(frozen=True, slots=True)
class Bar:
    y: int
    label: str  # msgid: "Freshness" or "Findings"
    total: int
    segments: tuple[Segment, ...]


@dataclass(frozen=True, slots=True)
class Row:
    locale: str
    y: int
    bars: tuple[Bar, Bar]


def _bar(y: int, label: str, parts: list[tuple[str, str, int]]) -> Bar:
    total = sum(n for _, _, n in parts)
    span = WIDTH - LABEL - 60
    x, segments = float(LABEL), []
    for name, colour, n in parts:
        if n:
            width = span * n / total
            segments.append(Segment(round(x, 2), round(width, 2), colour, name, n))
            x += width
    return Bar(y, label, total, tuple(segments))


def chart(locales: list[dict[str, Any]]) -> tuple[list[Row], int]:
    """Rows of two stacked bars per locale (freshness, findings), and the chart's height."""
    rows, y = [], 0
    for info in locales:
        fresh = info["freshness"]
        first = _bar(
            y + NAME,
            N_("Freshness"),
            [(label, colour, fresh[key]) for key, label, colour in FRESHNESS],
        )
        second = _bar(
            y + NAME + ROW,
            N_("Findings"),
            [
                (SEVERITY_LABELS[s][0], SEVERITY_LABELS[s][1], info["counts"].get(s, 0))
                for s in SEVERITIES
            ],
        )
        rows.append(Row(info["locale"], y, (first, second)))
        y += NAME + 2 * ROW + GAP
    return rows, max(y - GAP, 1)


PER_PAGE = 25  # findings a page: the first Dutch page of the corpus (with git) is 31 KB


@router.get("/{locale}/quality")
@offloaded
def quality_page(
    request: Request,
    locale: str,
    of: Annotated[str | None, Query(max_length=40)] = None,
    severity: Annotated[str | None, Query(max_length=40)] = None,
    kind: Annotated[str | None, Query(max_length=40)] = None,
    path: Annotated[str | None, Query(max_length=MAX_PATH)] = None,
    number: Annotated[int, Query(alias="page", ge=1, le=MAX_OFFSET // PER_PAGE)] = 1,
) -> Response:
    catalog = catalog_of(request)
    locale = page_locale(catalog, locale)
    # the form sends every field, empty ones as '': the same as leaving them out
    filters = Filters(_severity(severity), kind or None, path_prefix(path))
    key, done = remembered(request, catalog, locale, of or None, filters.key(), number)
    if done is not None:
        return done
    checked_kind(catalog, filters.kind)
    report = summary(catalog)
    translated = [info["locale"] for info in report["locales"]]
    if not of:
        of = locale if locale in translated else (translated[0] if translated else None)
    elif of not in translated:
        raise NotFound(f"no translations in '{of[:40]}' to report on")
    listed = None
    if of is not None:
        offset = (number - 1) * PER_PAGE
        [listed] = grouped(catalog, [of], filters, offset, PER_PAGE)["locales"]
    rows, height = chart(report["locales"])

    def url(loc: str, **change: Any) -> str:
        params: dict[str, Any] = {"of": of, **filters.params(), **change}
        if params.get("page") == 1:
            del params["page"]
        query = urlencode({k: v for k, v in params.items() if v})
        return f"/{loc}/quality" + (f"?{query}" if query else "")

    return page(
        request,
        catalog,
        locale,
        "quality.html",
        available=catalog.locales,
        url_for=lambda loc: url(loc, page=number),
        x_default=url(catalog.source_locale, page=number),
        report=report,
        rows=rows,
        height=height,
        width=WIDTH,
        label_x=LABEL,
        bar_height=BAR,
        listed=listed,
        of=of,
        filters=filters,
        pages=_pages(listed, number, url, locale),
        kind_names=kinds(catalog),
        severities=SEVERITIES,
        severity_labels=SEVERITY_LABELS,
        freshness=FRESHNESS,
        kinds=KINDS,
        max_path=MAX_PATH,
        url=url,
        memo_key=key,
    )


def _severity(value: str | None) -> Severity | None:
    """``?severity=`` read here, not as a Severity query: the form sends '' for "All"."""
    if not value:
        return None
    for name in SEVERITIES:
        if value == name:
            return name
    raise BadRequest(f"severity: '{value[:40]}' is none of {', '.join(SEVERITIES)}")


def _pages(
    listed: dict[str, Any] | None, number: int, url: Callable[..., str], locale: str
) -> dict[str, Any] | None:
    """Which findings this page shows, and the links to the pages before and after it."""
    if listed is None:
        return None
    matched = listed["matched"]
    last = max(1, min((matched + PER_PAGE - 1) // PER_PAGE, MAX_OFFSET // PER_PAGE))
    first = (number - 1) * PER_PAGE
    return {
        "number": number,
        "last": last,
        "start": first + 1,
        "end": first + len(listed["findings"]),
        "matched": matched,
        "prev": url(locale, page=min(number - 1, last)) if number > 1 else None,
        "next": url(locale, page=number + 1) if number < last else None,
    }
