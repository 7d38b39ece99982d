"""``/{locale}/quality``: translation quality as a page, in the reader's language.

Above, a chart (inline SVG, no script) of each translation locale's
freshness (up to date, outdated, unknown, missing, orphans) and findings per
severity, with the same numbers as a table; below, the findings of one
translation locale (``?of=nl``, default: the page's own language when it is
a translation, else the first one), optionally only the worst
(``?severity=missing``: this severe or worse). The findings' messages and
quotes are data, shown in the language they are in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from service.i18n import N_
from service.quality.findings import SEVERITIES, Severity

from ..deps import catalog_of
from ..errors import NotFound
from ..report import grouped
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
KINDS: dict[str, str] = {
    "idempotency": N_("Idempotency"),
    "status": N_("Status codes"),
    "methods": N_("Methods"),
    "numbers": N_("Numbers"),
    "headings": N_("Headings"),
    "labels": N_("UI labels"),
    "links": N_("Links"),
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


@router.get("/{locale}/quality")
@offloaded
def quality_page(
    request: Request,
    locale: str,
    of: Annotated[str | None, Query(max_length=40)] = None,
    severity: Annotated[Severity | None, Query()] = None,
) -> Response:
    catalog = catalog_of(request)
    locale = page_locale(catalog, locale)
    key, done = remembered(request, catalog, locale, of, severity)
    if done is not None:
        return done
    report = grouped(catalog, None, severity)
    translated = [info["locale"] for info in report["locales"]]
    if of is None:
        of = locale if locale in translated else (translated[0] if translated else None)
    elif of not in translated:
        raise NotFound(f"no translations in '{of[:40]}' to report on")
    listed = next((info for info in report["locales"] if info["locale"] == of), None)
    rows, height = chart(report["locales"])

    def url(loc: str, **change: Any) -> str:
        params = {"of": of, "severity": severity, **change}
        query = urlencode({k: v for k, v in params.items() if v})
        return f"/{loc}/quality" + (f"?{query}" if query else "")

    return page(
        request,
        catalog,
        locale,
        "quality.html",
        available=catalog.locales,
        url_for=url,
        x_default=url(catalog.source_locale),
        report=report,
        rows=rows,
        height=height,
        width=WIDTH,
        label_x=LABEL,
        bar_height=BAR,
        listed=listed,
        of=of,
        severity=severity,
        severities=SEVERITIES,
        severity_labels=SEVERITY_LABELS,
        freshness=FRESHNESS,
        kinds=KINDS,
        url=url,
        memo_key=key,
    )
