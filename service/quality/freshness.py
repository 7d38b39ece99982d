"""Freshness: is each translation as new as its source, and is anything missing?

From the joined articles and, when there is one, the source history:

* ``outdated``: the source changed since the commit the translation was made
  from (``source-git-commit``). Only the history says so; without it a
  translation's freshness stays unknown, never guessed. From a history file
  (dates only) any change counts and the finding is stale. From git, only a
  change of what is translated counts (``ingest.history``), the finding
  carries the source's changes since, section by section with a word diff
  (:mod:`.changes`), and its severity is stale when facts changed, cosmetic
  when only the wording did. A change of the front matter alone makes no
  finding: the translation is counted fresh, and among ``metadata_only``.
* ``missing-translation`` (missing): a source article with no version in a
  locale the content has.
* ``orphan`` (stale): a translation whose article has no source-language
  version (removed, renamed, or never there).
* ``wordcount`` (stale): the translation's ``source-wordcount`` is far from
  the source's word count now, a sign that the source changed (it works
  without history). Counted as Adobe's tooling counts: title, description
  and text, without code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from service.ingest.sanitize import text_of_clean
from service.records import Document

from .findings import Finding, SourceDiff

if TYPE_CHECKING:  # the API's schemas read Freshness without the ingest's join and history
    from service.ingest.history import History
    from service.ingest.join import Joined

    from .since import Ids

# ``source-wordcount`` vs the source now: far when both differences hold.
# Calibrated on the corpus's French translations, whose source has not changed
# since (by the history): counting title + description + text without code,
# 95% are within 10% of ``source-wordcount`` and the worst is 20% (tables and
# lists Adobe counts a little differently); stale Dutch and Swedish ones reach
# 70% (a source that tripled).
WORDCOUNT_RATIO = 0.25  # of the larger of the two counts
WORDCOUNT_WORDS = 50  # and at least this many words

_CODE = re.compile(r"<(pre|code)\b.*?</\1>", re.DOTALL | re.IGNORECASE)


def words(doc: Document) -> int:
    """Words of the document as ``source-wordcount`` counts them (code left out)."""
    n = len(doc.title.split()) + len(doc.description.split())
    for section in doc.sections:
        html = section.html
        n += (
            # the sections' HTML is the sanitizer's (links made pages since, quoted as it
            # quotes): read without a second sanitizer pass, half of this count's time
            len(text_of_clean(_CODE.sub(" ", html)).split())
            if "<code" in html or "<pre" in html
            else len(section.text.split())
        )
    return n


def far(recorded: int, now: int) -> bool:
    return abs(recorded - now) > max(WORDCOUNT_WORDS, WORDCOUNT_RATIO * max(recorded, now))


@dataclass(slots=True)
class Freshness:
    """Per translation locale: how many translations are fresh, outdated, unknown…"""

    fresh: int = 0
    outdated: int = 0
    unknown: int = 0
    missing: int = 0  # source articles with no translation in this locale
    orphans: int = 0
    metadata_only: int = 0  # fresh, but the source's front matter changed since (git)

    def as_dict(self) -> dict[str, int]:
        return {
            "fresh": self.fresh,
            "outdated": self.outdated,
            "unknown": self.unknown,
            "missing": self.missing,
            "orphans": self.orphans,
            "metadata_only": self.metadata_only,
        }


@dataclass(slots=True)
class Result:
    findings: list[Finding] = field(default_factory=list)
    locales: dict[str, Freshness] = field(default_factory=dict)


def assess(joined: Joined, source_locale: str, history: History | None) -> Result:
    # ``since`` reads the source's history and parses its older versions: imported by
    # what assesses, not by the API's schemas, which read only :class:`Freshness`
    from . import since

    locales = sorted({d.locale for d in joined.documents} - {source_locale})
    result = Result(locales={loc: Freshness() for loc in locales})
    diffs: dict[tuple[str, str], SourceDiff] = {}  # (source path, commit): its translations'
    ids = (
        since.ids_of(joined.documents, source_locale)
        if history is not None and history.git
        else since.Ids((), source_locale)
    )
    for article, by_locale in joined.articles.items():
        source = by_locale.get(source_locale)
        if source is None:
            for locale, doc in sorted(by_locale.items()):
                result.locales[locale].orphans += 1
                result.findings.append(_orphan(article, doc, source_locale))
            continue
        source_words: int | None = None
        for locale in locales:
            found = by_locale.get(locale)
            if found is None:
                result.locales[locale].missing += 1
                result.findings.append(_missing(article, source, locale))
                continue
            doc = found
            counts = result.locales[locale]
            status = doc.translation.outdated
            if status is None:
                counts.unknown += 1
            elif status:
                counts.outdated += 1
                result.findings.append(_outdated(article, doc, source, history, diffs, ids))
            else:
                counts.fresh += 1
                behind = (
                    history.behind(source.path, doc.translation.source_commit) if history else None
                )
                counts.metadata_only += behind is not None and behind.metadata_only
            recorded = doc.translation.source_wordcount
            if recorded is not None:
                if source_words is None:
                    source_words = words(source)
                if far(recorded, source_words):
                    result.findings.append(_wordcount(article, doc, recorded, source_words))
    return result


def _orphan(article: str, doc: Document, source_locale: str) -> Finding:
    return Finding.on(
        doc=doc,
        article=article,
        kind="orphan",
        severity="stale",
        field="source",
        message=f"no {source_locale} version of this article: its source was removed or renamed "
        "(or it never had one), so nothing keeps this translation current",
        source="",
        translation=doc.title,
        source_value=None,
        translation_value=doc.translation.source_commit,
    )


def _missing(article: str, source: Document, locale: str) -> Finding:
    return Finding.make(
        kind="missing-translation",
        severity="missing",
        locale=locale,
        article=article,
        path=source.path,
        field="document",
        message=f"the article has no {locale} translation",
        source=source.title,
        translation="",
        source_value=source.path,
        translation_value=None,
    )


def _outdated(
    article: str,
    doc: Document,
    source: Document,
    history: History | None,
    diffs: dict[tuple[str, str], SourceDiff],
    ids: Ids,
) -> Finding:
    from . import since  # as in :func:`assess`

    commit = doc.translation.source_commit or ""
    behind = history.behind(source.path, commit) if history is not None else None
    if behind is not None:
        key = (source.path, behind.commit)
        if key not in diffs:
            diffs[key] = since.source_diff(behind, source, ids)
        return since.finding(article, doc, source, behind, diffs[key])
    changed: list[tuple[str, str]] = []
    made = history.commit_date(commit) if history is not None and commit else None
    if history is not None and made is not None:
        changed = [
            (d.isoformat(), c) for d, c in sorted(history.changes.get(source.path, ())) if d > made
        ]
    last = f"; last on {changed[-1][0][:10]} ({changed[-1][1][:7]})" if changed else ""
    when = f" of {made.date().isoformat()}" if made is not None else ""
    return Finding.on(  # doc.translation.outdated is True
        doc=doc,
        article=article,
        kind="outdated",
        severity="stale",
        field="source-commit",
        message=f"the source changed {len(changed)} time{'s' * (len(changed) != 1)} since the "
        f"commit this translation was made from ({commit[:7]}{when}){last}",
        source=source.title,
        translation=doc.title,
        source_value=[c for _, c in changed],
        translation_value=commit,
    )


def _wordcount(article: str, doc: Document, recorded: int, now: int) -> Finding:
    return Finding.on(
        doc=doc,
        article=article,
        kind="wordcount",
        severity="stale",
        field="source-wordcount",
        message=f"translated from a source of {recorded} words; the source has {now} now",
        source=f"{now} words",
        translation=f"source-wordcount: '{recorded}'",
        source_value=now,
        translation_value=recorded,
    )
