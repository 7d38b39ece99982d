"""The notice of a translation's quality findings, where its readers look.

An article or method page in a translation with findings a reader should know
of (``fact``: it says something else than its source; ``missing``: it lacks
what the source has, such as a section, a module's fields, a number) shows one
notice in the page's language: the worst few findings, each quoting in short
what the translation and the source say, linked to the finding in the quality
report, then "N more" linked to the report of that article; the page folds
them under a line that says how many places differ (:mod:`.notices`). ``stale``
findings have the outdated notice; ``cosmetic`` ones do not matter to a
reader. The summaries were made at ingest (``translation.finding_summaries``):
nothing is looked up here. Quotes are data, escaped by the template.
"""

from __future__ import annotations

from urllib.parse import urlencode

from service.i18n.catalogs import ngettext_for
from service.i18n.locales import display_name
from service.quality.findings import at_least
from service.records import FindingSummary, TranslationStatus

from .notices import Notice, Quoted

SHOWN = "missing"  # findings this severe or worse are shown
MOST = 3  # findings quoted in the notice; the others are counted and linked


def report_url(locale: str, of: str, path: str, finding: str | None = None) -> str:
    """The quality report, in the page's language, of the ``of`` translation of the
    article at ``path``, its findings this severe or worse (``#finding``: at that one)."""
    query = urlencode({"of": of, "severity": SHOWN, "path": path})
    return f"/{locale}/quality?{query}" + (f"#{finding}" if finding else "")


def findings_notice(
    locale: str, shown: str, status: TranslationStatus, source_locale: str, path: str
) -> Notice | None:
    """The notice of the findings on the ``shown`` translation of the article at
    ``path`` (``status``: its record's), in the page's ``locale``; None without any."""
    if shown == source_locale:
        return None
    found = [s for s in status.finding_summaries if at_least(s.severity, SHOWN)]
    if not found:
        return None
    ngettext = ngettext_for(locale)
    language = display_name(source_locale, locale)
    quoted = tuple(
        _quoted(s, shown, source_locale, language, report_url(locale, shown, path, s.id))
        for s in found[:MOST]
    )
    more = None
    if len(found) > MOST:
        rest = len(found) - MOST
        text = ngettext(
            "and %(num)s more finding: see the quality report",
            "and %(num)s more findings: see the quality report",
            rest,
        )
        more = (report_url(locale, shown, path), text % {"num": rest})
    intro = ngettext(
        "A check against the original found %(num)s place where this translation differs from it.",
        "A check against the original found %(num)s places where this translation differs from it.",
        len(found),
    )
    return Notice(
        "findings",
        intro % {"num": len(found)},
        more=more,
        quoted=quoted,
    )


def _quoted(
    summary: FindingSummary, shown: str, source_locale: str, language: str, url: str
) -> Quoted:
    return Quoted(  # a sentence's full stop would double the notice's own after the quote
        translation=summary.translation.removesuffix("."),
        source=summary.source.removesuffix("."),
        translation_lang=shown,
        source_lang=source_locale,
        source_language=language,
        url=url,
        method=summary.method,
        message=summary.message,
    )
