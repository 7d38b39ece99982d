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
from dataclasses import dataclass, field
from typing import Any

from service.ingest.history import History
from service.ingest.join import Joined
from service.records import MethodRecord, TranslationStatus

from . import (
    alignment,
    facts,
    fields,
    figures,
    freshness,
    labels,
    pairing,
    passages,
    since,
    structure,
    terms,
)
from .blocks import blocks
from .findings import RANK, SEVERITIES, Finding, at_least


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

    def as_dict(self) -> dict[str, Any]:
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
            "findings": [f.as_dict() for f in self.findings],
        }


def assess(joined: Joined, source_locale: str, history: History | None) -> Report:
    fresh = freshness.assess(joined, source_locale, history)
    since.forget()
    found = fresh.findings + compare(joined, source_locale, _changed(fresh.findings))
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


def compare(
    joined: Joined, source_locale: str, changed: dict[tuple[str, str], set[str]] | None = None
) -> list[Finding]:
    """The fact and structure findings of every translation against its source.

    ``changed``: per translation (locale, path), the anchors of the source's sections
    that changed since it was made (from git); their passages are not compared (the
    ``outdated`` finding shows what changed in them)."""
    findings: list[Finding] = []
    glossary = labels.Glossary()
    compared = []
    for article, by_locale in joined.articles.items():
        source = by_locale.get(source_locale)
        if source is None:
            continue
        for locale, doc in sorted(by_locale.items()):
            if locale != source_locale:
                pairs, lacking, extra = alignment.pair_sections(source, doc)
                stale = (changed or {}).get((doc.locale, doc.path), set())
                sections = pairing.paired([p for p in pairs if p[0].anchor not in stale])
                glossary.learn(locale, sections)
                compared.append((article, source, doc, sections, not (lacking or extra)))
                findings.extend(facts.compare(article, source, doc, pairs))
                findings.extend(structure.compare(article, source, doc, lacking, extra))
                findings.extend(fields.compare(article, source, doc))
    for article, source, doc, sections, whole in compared:
        findings.extend(passages.compare(article, source, doc, sections, whole))
        findings.extend(labels.compare(article, doc, glossary, sections))
        findings.extend(terms.compare(article, source, doc, sections))
    figures.numbers.cache_clear()  # the caches serve one report (a source, many translations)
    blocks.cache_clear()
    alignment.clear()
    return findings


def _changed(found: list[Finding]) -> dict[tuple[str, str], set[str]]:
    """Per translation, the anchors of its source's sections changed since (from git)."""
    out: dict[tuple[str, str], set[str]] = {}
    for f in found:
        if f.diff is not None:
            out.setdefault((f.locale, f.path), set()).update(s.anchor for s in f.diff.sections)
    return out


def apply(joined: Joined, report: Report) -> Joined:
    """``joined`` with each finding's id on the translation it is about: the document's
    ``translation.findings``; for its method records, the findings on the whole
    document and on that method; for its app's modules, those on each module. Beside
    the ids, ``translation.finding_summaries``: the same findings in short (made here,
    once per build, so that a page or a method lookup reads them off the record)."""
    about: dict[tuple[str, str, str], list[Finding]] = defaultdict(list)  # locale, article, path
    for f in report.findings:
        about[f.locale, f.article, f.path].append(f)
    if not about:
        return joined
    documents = []
    for doc in joined.documents:
        found = about.get((doc.locale, doc.doc_id, doc.path))
        if found:
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
