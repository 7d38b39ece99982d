"""Translation quality: the report on freshness and fact consistency.

``assess`` reads the joined articles (and the source history, when there is
one) and returns a :class:`Report`: every finding (``freshness``, ``facts``,
``structure``), worst first, and per translation locale its freshness and
its findings per severity. ``apply`` puts each finding's id on the
translation it is about. The ingest stores ``Report.as_dict()`` in the
build; ``lingodocs check`` prints it; ``/api/v1/quality`` serves it.

Severities, worst first: ``fact`` (the translation says something else),
``missing`` (it lacks what the source has), ``stale`` (it is behind its
source), ``cosmetic`` (its form differs). See ``docs/quality.md``.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from service.ingest.history import History
from service.ingest.join import Joined
from service.records import Document, MethodRecord, TranslationStatus

from . import (
    alignment,
    facts,
    fields,
    figures,
    freshness,
    headings,
    labels,
    negation,
    pairing,
    passages,
    since,
    structure,
    terms,
)
from .blocks import blocks
from .findings import RANK, SEVERITIES, Finding, at_least
from .glossary import Counts, Glossary


@dataclass(slots=True)
class Report:
    source_locale: str = "en"
    history: bool = False  # was there a source history to tell freshness from
    history_source: str | None = None  # "git" (texts) or "file" (dates only)
    findings: list[Finding] = field(default_factory=list)
    freshness: dict[str, freshness.Freshness] = field(default_factory=dict)
    documents: dict[str, int] = field(default_factory=dict)  # per locale

    def counts(self, locale: str) -> dict[str, int]:
        found = Counter(f.severity for f in self.findings if f.locale == locale)
        return {s: found[s] for s in SEVERITIES}

    def worst(self) -> str | None:
        return min((f.severity for f in self.findings), key=RANK.__getitem__, default=None)

    def at_least(self, severity: str) -> list[Finding]:
        return [f for f in self.findings if at_least(f.severity, severity)]

    def as_dict(self, findings: bool = True) -> dict[str, Any]:
        """The report as JSON values; ``findings``: with every finding's (the ingest
        stores the findings themselves: :func:`service.index.store.write`)."""
        return {
            "source_locale": self.source_locale,
            "history": self.history,
            "history_source": self.history_source,
            "severities": list(SEVERITIES),
            "locales": {
                loc: {
                    "documents": self.documents.get(loc, 0),
                    "freshness": fresh.as_dict(),
                    "findings": self.counts(loc),
                    "total": sum(self.counts(loc).values()),
                }
                for loc, fresh in sorted(self.freshness.items())
            },
        } | ({"findings": [f.as_dict() for f in self.findings]} if findings else {})


# Per translation (locale, path), its source's sections changed since it was made (from
# git): each one's anchor, and how ("changed", "added": the translator never saw it,
# "reworded": changed in its words only, its facts the same).
Changed = dict[tuple[str, str], dict[str, str]]
REWORDED = "reworded"
Comparing = Callable[[Joined, str, Changed], list[Finding]]


def assess(
    joined: Joined, source_locale: str, history: History | None, comparing: Comparing | None = None
) -> Report:
    """The report. ``comparing``: how the fact and structure findings are found
    (:func:`compare` unless given; the ingest gives one that shares the articles
    among worker processes, each running the same two passes)."""
    fresh = freshness.assess(joined, source_locale, history)
    since.forget()
    found = fresh.findings + (comparing or compare)(joined, source_locale, _changed(fresh.findings))
    found.sort(key=Finding.sort_key)
    documents = Counter(d.locale for d in joined.documents)
    return Report(
        source_locale=source_locale,
        history=history is not None,
        history_source=history.kind if history is not None else None,
        findings=found,
        freshness=fresh.locales,
        documents={loc: documents[loc] for loc in fresh.locales},
    )


def compare(joined: Joined, source_locale: str, changed: Changed | None = None) -> list[Finding]:
    """The fact and structure findings of every translation against its source.

    ``changed``: per translation (locale, path), the anchors of the source's sections
    that changed since it was made (from git); their passages are not compared (the
    ``outdated`` finding shows what changed in them), but for those only reworded: their
    facts are compared, not their wording (negation, terms)."""
    learnt = first_pass(joined, source_locale, changed or {}, joined.articles)
    try:
        return learnt.findings + second_pass(learnt, learnt.glossary)
    finally:
        clear()


@dataclass(frozen=True, slots=True)
class Awaiting:
    """One translation's findings of the second pass, but the glossary's: its passages'
    and terms' (found in the first pass, while its sections are paired) and what its
    label finding reads (:func:`labels.pending`). A first pass keeps only this of a
    translation: keeping every paired section for the second held a worker's share of
    the corpus's blocks (1 GB a process at 20×)."""

    passages: tuple[Finding, ...]
    labels: labels.Pending
    terms: tuple[Finding, ...]


@dataclass(slots=True)
class Learnt:
    """What the first pass over some articles found, and what the second needs: each
    translation's :class:`Awaiting`, and the labels' glossary learnt from them (the
    second pass reads the glossary of *every* article, so in worker processes each gets
    the merged one)."""

    findings: list[Finding]
    glossary: Glossary
    compared: list[Awaiting]
    # per article: what it taught the glossary, and the (language, label) its label
    # finding looks up there (a one-file ingest compares again only what changed:
    # ``pipeline.reuse``)
    taught: dict[str, tuple[Counts, frozenset[tuple[str, str]]]] = field(default_factory=dict)


def first_pass(
    joined: Joined,
    source_locale: str,
    changed: Changed,
    articles: Iterable[str],
) -> Learnt:
    """Pair the sections and blocks of each translation of ``articles`` with its source's;
    learn the labels; find what needs no glossary (numbers, methods, structure, fields)."""
    by_article = joined.articles
    return first_pass_over(((a, by_article[a]) for a in articles), source_locale, changed)


def first_pass_over(
    articles: Iterable[tuple[str, Mapping[str, Document]]], source_locale: str, changed: Changed
) -> Learnt:
    """:func:`first_pass` over each (article, its documents by locale) as they come: what
    it keeps of one (:class:`Awaiting`) holds none of its documents."""
    learnt = Learnt([], Glossary(), [])
    for article, by_locale in articles:
        source = by_locale.get(source_locale)
        if source is None:
            continue
        mine, uses = Glossary(), set[tuple[str, str]]()
        for locale, doc in sorted(by_locale.items()):
            if locale != source_locale:
                stale = changed.get((doc.locale, doc.path), {})
                pairs, lacking, extra = headings.sections(source, doc, _added(stale))
                reworded = frozenset(a for a, how in stale.items() if how == REWORDED)
                sections = pairing.paired(
                    [p for p in pairs if p[0].anchor in reworded or p[0].anchor not in stale],
                    reworded,
                )
                mine.learn(locale, sections)
                uses.update((locale, x) for x in labels.used(sections))
                whole = not (lacking or extra)
                learnt.compared.append(
                    Awaiting(
                        tuple(passages.compare(article, source, doc, sections, whole)),
                        labels.pending(article, doc, sections),
                        tuple(terms.compare(article, source, doc, sections)),
                    )
                )
                learnt.findings.extend(facts.compare(article, source, doc, pairs))
                learnt.findings.extend(
                    structure.compare(article, source, doc, _added(stale), (lacking, extra))
                )
                learnt.findings.extend(fields.compare(article, source, doc))
        taught = mine.counts()
        learnt.glossary.merge(taught)
        learnt.taught[article] = (taught, frozenset(uses))
    return learnt


def second_pass(learnt: Learnt, glossary: Glossary) -> list[Finding]:
    """The passages, labels and terms of what :func:`first_pass` paired, by ``glossary``."""
    findings: list[Finding] = []
    for one in learnt.compared:
        findings.extend(one.passages)
        findings.extend(labels.judged(one.labels, glossary))
        findings.extend(one.terms)
    return findings


def clear() -> None:
    """Empty the caches that serve one report (a source, many translations): what each
    text, block or link was found to hold (a comparing process empties them after each
    article: kept, they grew to their bounds with its share, up to 65,536 blocks or
    sentences each)."""
    figures.numbers.cache_clear()
    blocks.cache_clear()
    alignment.clear()
    for each in (negation.negates, negation.hedges, negation.alike_hedges):
        each.cache_clear()
    pairing.forget()
    terms.forget()


def _changed(found: list[Finding]) -> Changed:
    """Per translation, its source's sections changed since (from git), and how: "added"
    only when every change of that anchor is an addition, :data:`REWORDED` when every one
    changed words only (no number, code, label, link, note, item or block came or went)."""
    out: Changed = {}
    for f in found:
        if f.diff is not None:
            mine = out.setdefault((f.locale, f.path), {})
            for s in f.diff.sections:
                how = REWORDED if s.status == "changed" and s.change == "wording" else s.status
                mine[s.anchor] = how if mine.get(s.anchor, how) == how else "changed"
    return out


def _added(stale: dict[str, str]) -> frozenset[str]:
    return frozenset(anchor for anchor, how in stale.items() if how == "added")


def apply(
    joined: Joined, report: Report, done: Mapping[tuple[str, str], Document] | None = None
) -> Joined:
    """``joined`` with each finding's id on the translation it is about: the document's
    ``translation.findings``; for its method records, the findings on the whole
    document and on that method; for its app's modules, those on each module. Beside
    the ids, ``translation.finding_summaries``: the same findings in short (made here,
    once per build, so that a page or a method lookup reads them off the record).
    ``done``: by (locale, path), documents as this gives them already (the live build's
    of an article joined and compared as it was: the same findings; at 20x, the
    summaries made again for every finding were a ninth of a one-file ingest)."""
    done = done or {}
    about: dict[tuple[str, str, str], list[Finding]] = defaultdict(list)  # locale, article, path
    for f in report.findings:
        about[f.locale, f.article, f.path].append(f)
    if not about:
        return joined
    documents = []
    for doc in joined.documents:
        found = about.get((doc.locale, doc.doc_id, doc.path))
        if (doc.locale, doc.path) in done:
            doc = done[doc.locale, doc.path]
        elif found:
            doc = dataclasses.replace(
                doc,
                translation=_with(doc.translation, found),
                app=fields.with_findings(doc.app, found) if doc.app else None,
            )
        documents.append(doc)
    records: list[MethodRecord] = []
    for record in joined.records:
        found = about.get((record.locale, record.source.doc_id, record.source.path))
        if found:
            on = [f for f in found if f.method in (None, record.method)]
            record = dataclasses.replace(record, translation=_with(record.translation, on))
        records.append(record)
    return joined.replace(documents, records)


def _with(status: TranslationStatus, found: list[Finding]) -> TranslationStatus:
    """``status`` with the ids of ``found`` and their summaries."""
    return dataclasses.replace(
        status,
        findings=tuple(f.id for f in found),
        finding_summaries=tuple(f.summary() for f in found),
    )
