"""What a page says of the content it shows, as one notice.

A page's content may be in another language than the page's (a fallback),
translated by machine, behind its original ("N changes behind"), or differ
from it in facts (:mod:`.findings`); the reader may also have asked for a
language the page is not in. Each of these is a :class:`Notice` (a part);
:func:`combined` makes of them the one box the page shows: its sentences, the
findings' quotes, and each link once ("read the original" is the same link
whichever part gave it).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from starlette.requests import Request

from service.i18n.catalogs import gettext_for, ngettext_for, ui_locales
from service.i18n.locales import display_name
from service.index.catalog import Catalog
from service.quality.findings import finding_id
from service.records import TranslationStatus

from ..deps import choose
from .templates import environment


@dataclass(frozen=True, slots=True)
class Quoted:
    """One quality finding as a page's notice shows it: what each text says, in short."""

    translation: str  # plain text, "" where it says nothing
    source: str
    translation_lang: str
    source_lang: str
    source_language: str  # the source's language, named in the page's
    url: str  # the finding in the quality report
    method: str | None = None
    message: str = ""  # in English: shown only when neither text is quoted


@dataclass(frozen=True, slots=True)
class Notice:
    """One thing the page's notice says."""

    kind: str  # "fallback", "machine", "outdated", "findings"
    text: str
    lang: str | None = None  # set when the notice is not in the page's language
    link: tuple[str, str] | None = None  # (url, label)
    more: tuple[str, str] | None = None  # a second link: what changed; the other findings
    quoted: tuple[Quoted, ...] = ()  # for "findings": the worst few


@dataclass(frozen=True, slots=True)
class Box:
    """Every notice of a page, as the one box it shows."""

    kinds: tuple[str, ...]  # what applies, in the order said
    said: tuple[Notice, ...]  # the sentences
    findings: Notice | None  # the findings' intro, quotes and "N more"
    links: tuple[tuple[str, str], ...]  # each once: the original, what changed


def combined(notices: Sequence[Notice]) -> Box | None:
    """The one box of ``notices`` (None when there are none)."""
    if not notices:
        return None
    findings = next((n for n in notices if n.kind == "findings"), None)
    said = tuple(n for n in notices if n is not findings)
    links: dict[str, tuple[str, str]] = {}
    for n in said:
        for link in (n.link, n.more):
            if link is not None:
                links.setdefault(link[0], link)
    if findings is not None and findings.link is not None:
        links.setdefault(findings.link[0], findings.link)
    kinds = tuple(dict.fromkeys(n.kind for n in notices))
    return Box(kinds, said, findings, tuple(links.values()))


def reader_notice(
    request: Request, catalog: Catalog, locale: str, available: Sequence[str], what: str = "page"
) -> Notice | None:
    """The reader asked for a language this page is not in and was sent here instead."""
    choice = choose(request, catalog)
    requested = choice.requested
    if (
        not choice.fallback
        or requested is None
        or choice.locale != locale
        or requested in available
    ):
        return None
    ui = requested if requested in ui_locales() else locale
    return Notice(
        "fallback", _fallback_text(ui, requested, locale, what), lang=ui if ui != locale else None
    )


def _fallback_text(ui: str, requested: str, shown: str, what: str) -> str:
    """Not available in Deutsch (the language's own name); showing English (named in ``ui``)."""
    _ = gettext_for(ui)
    text = (
        _("This article is not available in %(requested)s; showing %(shown)s.")
        if what == "article"
        else _("This page is not available in %(requested)s; showing %(shown)s.")
    )
    return text % {"requested": display_name(requested), "shown": display_name(shown, ui)}


def notices_for(
    catalog: Catalog,
    locale: str,
    shown: str,
    status: TranslationStatus,
    original: tuple[str, str] | None,
    what: str,
    where: tuple[str, str],
) -> list[Notice]:
    """Every notice of content shown on a page in ``locale``: that it is in another
    language (``shown``), machine-translated, outdated (by how many changes of the
    original, and linked to them, when the report has its outdated finding);
    ``original`` is (url, language) of the source-language version, if any, and
    ``where`` the (article id, path) of the ``shown`` translation."""
    found = []
    if shown != locale:
        found.append(Notice("fallback", _fallback_text(locale, locale, shown, what)))
    behind, changes = _changes(catalog, locale, shown, status, *where)
    notes = _translation_notices(locale, status, original, behind)
    if changes is not None:
        notes = [dataclasses.replace(n, more=changes) if n.kind == "outdated" else n for n in notes]
    return [*found, *notes]


def _changes(
    catalog: Catalog, locale: str, shown: str, status: TranslationStatus, article: str, path: str
) -> tuple[int | None, tuple[str, str] | None]:
    """How many changes the ``shown`` translation is behind its original (None where its
    history does not say), and the link to what changed (its finding on the quality page),
    when the report has that finding."""
    outdated = finding_id("outdated", article, shown, None, "source-commit")
    if not status.outdated or outdated not in status.findings:
        return None, None
    behind = next(
        (
            f["diff"]["behind"]
            for f in catalog.docs.findings(shown, None, "outdated", path)
            if f["id"] == outdated and f.get("diff")
        ),
        None,
    )
    # the article's path keeps its finding on the first page of the (paged) report
    query = urlencode({"of": shown, "kind": "outdated", "path": path})
    _ = gettext_for(locale)
    return behind, (f"/{locale}/quality?{query}#{outdated}", _("See what changed in the original"))


def _translation_notices(
    locale: str, status: TranslationStatus, original: tuple[str, str] | None, behind: int | None
) -> list[Notice]:
    """Machine-translated and outdated notices, in the page's language."""
    _, ngettext = gettext_for(locale), ngettext_for(locale)
    out: list[Notice] = []
    link = None
    if original is not None:
        link = (
            original[0],
            _("Read the original in %(language)s")
            % {"language": display_name(original[1], locale)},
        )
    if status.machine_translated:
        pct = status.human_translated_percent
        if pct:
            text = _(
                "This article was translated by machine; %(percent)s of it was "
                "translated by people."
            ) % {"percent": environment(locale).filters["percent"](pct)}
        else:
            text = _("This article was translated by machine and may contain errors.")
        out.append(Notice("machine", text, link=link))
    if status.outdated:
        if behind:
            text = ngettext(
                "The original has changed since this translation was made: it is %(num)s "
                "change behind, and may be out of date.",
                "The original has changed since this translation was made: it is %(num)s "
                "changes behind, and may be out of date.",
                behind,
            ) % {"num": environment(locale).filters["number"](behind)}
        else:
            text = _(
                "The original has changed since this translation was "
                "made; this translation may be out of date."
            )
        out.append(Notice("outdated", text, link=link))
    return out
