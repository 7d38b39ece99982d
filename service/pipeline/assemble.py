"""From parsed documents to what a build holds: joined articles, quality, payloads.

:func:`judge` joins the documents across languages and assesses every
translation (``lingodocs check`` stops there); :func:`assemble` puts the
findings on the records and lays out what the build keeps: ``records.json``
for the server's memory, the document store's rows (the apps' among them:
records.json keeps only their counts), the manifest's summary.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from service.index.builds.version import FORMAT
from service.index.catalog import Entry, Records
from service.index.priors import cited
from service.ingest.apps import counts as app_counts
from service.ingest.join import Joined, Last, join
from service.ingest.navigation import Parses, parses, trees
from service.ingest.parse import Parsed
from service.ingest.rejoin import Before
from service.quality.findings import Finding
from service.quality.report import Comparing, Report, apply, assess
from service.records import Document, Problem
from service.search.spelling import revised, vocabulary

from .comparing import Comparers, comparer
from .plan import Content
from .reuse import Comparisons, Reusing


def judge(
    docs: Sequence[Document],
    content: Content,
    source_locale: str,
    jobs: int = 1,
    comparing: Comparing | None = None,
    last: Last | None = None,
    before: Before | None = None,
) -> tuple[Joined, Report]:
    """The documents joined into articles, and the quality report on their translations
    (compared in ``jobs`` processes: :mod:`.comparing`, unless ``comparing`` is given;
    ``last``: what the previous join of this process made; ``before``: what the live
    build's join left, ``ingest.rejoin``)."""
    joined = join(docs, source_locale, content.history, content.wheres, last, before)
    return joined, assess(joined, source_locale, content.history, comparing or comparer(jobs))


@dataclass(frozen=True, slots=True)
class Since:
    """What changed since the live build, for what is counted by delta: its vocabulary,
    its documents of the files changed or deleted (as they were), and the documents
    parsed this time (as they are)."""

    vocabulary: dict[str, dict[str, int]]
    gone: list[Document]
    came: list[Document]


@dataclass(slots=True)
class Assembled:
    joined: Joined  # with each finding's id on its records
    records: Records  # records.json
    findings: list[Finding]  # for the document store
    summary: dict[str, Any]  # for the manifest: what an unchanged ingest reports
    compared: Comparisons  # each article's comparison, for the next ingest (the store)
    tocs: Parses  # the TOCs as read, for the next ingest (the store)
    again: int = 0  # articles compared this time (the others' comparisons were kept)

    @property
    def locales(self) -> tuple[str, ...]:
        return tuple(self.records.locales)


def assemble(
    parsed: Sequence[Parsed],
    content: Content,
    source_locale: str,
    build_id: str,
    jobs: int = 1,
    kept: Comparisons | None = None,
    since: Since | None = None,
    tocs: Parses | None = None,
    last: Last | None = None,
    pool: Comparers | None = None,
    before: Before | None = None,
) -> Assembled:
    """Everything the build keeps but the index entries (the problems go to ``content``).
    ``kept``: the previous build's comparisons, of which those still true are kept;
    ``since``: what changed since the live build (else its vocabulary is counted anew);
    ``tocs``: its TOC parses, kept for the TOC files of the same content; ``pool``: the
    processes to compare every translation in, made beforehand (``comparing.Comparers``);
    ``before``: what the live build's join left (``ingest.rejoin``)."""
    docs = [p.document for p in parsed if p.document is not None]
    reusing = Reusing(kept, jobs, pool)
    joined, report = judge(docs, content, source_locale, jobs, reusing, last, before)
    content.problems.extend(joined.problems)
    done = {  # as the live build stores them: joined and compared as they were
        key: doc
        for key, doc in joined.stored.items()
        if doc.doc_id in joined.unchanged and doc.doc_id not in reusing.fresh
    }
    joined = apply(joined, report, done)
    position = {id(r): i for i, r in enumerate(joined.records)}
    counts = report.as_dict(findings=False)
    findings = report.findings
    locales = sorted({d.locale for d in joined.documents})
    read = parses(content.tocs, tocs)  # only the changed TOCs read again
    navigation = trees(content.tocs, joined.documents, source_locale, content.problems, read)
    records = Records(
        format=FORMAT,
        build_id=build_id,
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        source_locale=source_locale,
        locales=locales,
        entries=[Entry.of(d) for d in joined.documents],
        records=list(joined.records),
        lookup={
            loc: {m: position[id(r)] for m, r in by_m.items()}
            for loc, by_m in joined.lookup.items()
        },
        # the findings are in the document store: a server keeps only the counts
        quality=counts,
        vocabulary=(
            revised(since.vocabulary, since.gone, since.came, locales)
            if since is not None
            else vocabulary(joined.documents)
        ),
        history=content.history is not None,
        navigation={loc: list(each) for loc, each in navigation.items() if loc in locales},
        cited=cited(joined.documents, source_locale),
    )
    summary = {
        "docs": len(joined.documents),
        "locales": locales,
        "methods": len(joined.records),
        "apps": app_counts(joined.documents),  # the apps themselves are in the store
        "build": build_id,
    }
    return Assembled(joined, records, findings, summary, reusing.made, read, reusing.again)


def manifest(build_id: str, summary: dict[str, Any], problems: list[Problem]) -> dict[str, Any]:
    """The manifest's own fields (the build writer adds every file's size and checksum)."""
    return {
        "format": FORMAT,
        "build_id": build_id,
        "summary": summary,
        "problems": [p.as_dict() for p in problems],
    }
