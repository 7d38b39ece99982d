"""``/{locale}/quality``: translation quality as a page, in the reader's language.

Above, a chart (a bar of inline SVG each, no script, its words in HTML) of
each translation locale's freshness (up to date, outdated, unknown, missing,
orphans) and findings per severity, in colours told apart with any colour
vision, each named in a legend, with the same numbers as a table (always the whole report's);
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
from service.i18n.catalogs import gettext_for
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
from .notices import Notice

router = APIRouter(include_in_schema=False)

# Okabe and Ito's palette, which people with each kind of colour blindness tell apart, and
# its grey: each legend entry has a colour of its own (and its label beside it); the bars
# are outlined, so that the light ones stand out from the page (3:1, WCAG's for graphics).
FRESHNESS: tuple[tuple[str, str, str], ...] = (  # key, label, colour
    ("fresh", N_("Up to date"), "#009E73"),  # bluish green
    ("outdated", N_("Outdated"), "#E69F00"),  # orange
    ("unknown", N_("Unknown"), "#999999"),  # grey
    ("missing", N_("Not translated"), "#000000"),  # black
    ("orphans", N_("Orphans"), "#CC79A7"),  # reddish purple
)
SEVERITY_LABELS: dict[Severity, tuple[str, str]] = {
    "fact": (N_("Fact errors"), "#D55E00"),  # vermillion
    "missing": (N_("Missing content"), "#F0E442"),  # yellow
    "stale": (N_("Stale"), "#56B4E9"),  # sky blue
    "cosmetic": (N_("Cosmetic"), "#0072B2"),  # blue
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


@dataclass(frozen=True, slots=True)
class Segment:
    x: float  # where it starts, in hundredths of the bar
    width: float
    colour: str
    label: str  # msgid
    count: int


@dataclass(frozen=True, slots=True)
class Bar:
    label: str  # msgid: "Freshness" or "Findings"
    total: int
    segments: tuple[Segment, ...]


@dataclass(frozen=True, slots=True)
class Row:
    locale: str
    bars: tuple[Bar, Bar]


def _bar(label: str, parts: list[tuple[str, str, int]]) -> Bar:
    total = sum(n for _, _, n in parts)
    x, segments = 0.0, []
    for name, colour, n in parts:
        if n:
            width = 100 * n / total
            segments.append(Segment(round(x, 3), round(width, 3), colour, name, n))
            x += width
    return Bar(label, total, tuple(segments))


def chart(locales: list[dict[str, Any]]) -> list[Row]:
    """Two stacked bars per locale: its freshness, its findings. The page draws each bar
    as an SVG of its segments only; every word and number beside it is HTML, so that no
    text shrinks with the drawing on a phone."""
    return [
        Row(
            info["locale"],
            (
                _bar(
                    N_("Freshness"),
                    [(label, colour, info["freshness"][key]) for key, label, colour in FRESHNESS],
                ),
                _bar(
                    N_("Findings"),
                    [(*SEVERITY_LABELS[s], info["counts"].get(s, 0)) for s in SEVERITIES],
                ),
            ),
        )
        for info in locales
    ]


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
    rows = chart(report["locales"])

    def url(loc: str, **change: Any) -> str:
        params: dict[str, Any] = {"of": of, **filters.params(), **change}
        if params.get("page") == 1:
            del params["page"]
        query = urlencode({k: v for k, v in params.items() if v})
        return f"/{loc}/quality" + (f"?{query}" if query else "")

    notices = []
    if not report["history"]:
        _ = gettext_for(locale)
        text = _(
            "No history of the original articles was given, so whether a translation is "
            "out of date is unknown."
        )
        notices.append(Notice("history", text))
    return page(
        request,
        catalog,
        locale,
        "quality.html",
        notices=notices,
        available=catalog.locales,
        url_for=lambda loc: url(loc, page=number),
        x_default=url(catalog.source_locale, page=number),
        report=report,
        rows=rows,
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
