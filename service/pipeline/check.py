"""``lingodocs check``: the quality report of a content directory, with no index.

Reads and parses the content as the ingest does (``plan``, ``parse``,
``assemble.judge``), without writing anything. Prints the report for people
(text) or for pipelines (JSON; SARIF and GitHub annotations in
:mod:`.ci`); the exit status says whether any finding reaches the
severity given to ``--fail-on`` (with a baseline, :mod:`.baseline`: any new one).
"""

from __future__ import annotations

import gc
import json
import textwrap
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from service.ingest.join import Joined
from service.quality import headings, since
from service.quality.findings import SEVERITIES, Finding, at_least
from service.quality.report import Report
from service.records import Document, Problem
from service.settings import Settings

from .assemble import judge
from .baseline import Baseline
from .parse import parse_files
from .parsecache import ParseCache
from .plan import Progress, default_jobs, read_content

EXIT_CLEAN, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2


@dataclass(slots=True)
class Checked:
    report: Report
    problems: list[Problem] = field(default_factory=list)
    documents: int = 0
    seconds: float = 0.0
    wheres: dict[tuple[str, str], str] = field(default_factory=dict)  # (locale, path) → file
    lines: dict[str, int] = field(default_factory=dict)  # finding id → its file line, if known
    cached: int = 0  # files whose parse came from the check cache
    notices: list[str] = field(default_factory=list)  # what the cache could not do


def collect(
    settings: Settings, jobs: int | None = None, progress: Progress | None = None
) -> Checked:
    """Read, parse, join and assess ``settings.content``. Raises ContentError if unusable,
    ``WorkerError`` if a parsing process dies."""
    started = time.perf_counter()
    content = read_content(settings)
    # the source's older versions that outdated translations were made from, parsed by the
    # same workers as the content (from git: what changed since is part of the report)
    then = since.ahead(content.files, settings.source_locale, content.history)
    jobs = default_jobs(jobs)
    items = [*content.files, *then]
    cache = ParseCache.at(settings.check_cache)
    known = cache.get(items) if cache is not None else {}
    todo = [item for n, item in enumerate(items) if n not in known]
    fresh = parse_files(todo, jobs, progress)
    if cache is not None:
        cache.keep(items, list(zip(todo, fresh, strict=True)))
    new = iter(fresh)
    parsed = [known[n] if n in known else next(new) for n in range(len(items))]
    since.remember(then, parsed[len(content.files) :])
    parsed = parsed[: len(content.files)]
    for one in parsed:
        content.problems.extend(one.problems)
    docs = [p.document for p in parsed if p.document is not None]
    # the parsed documents live through the comparison: kept out of the cyclic collector's
    # walks while it runs (and in the processes it forks), a twentieth of a check's CPU
    gc.freeze()
    try:
        joined, report = judge(docs, content, settings.source_locale, jobs)
    finally:
        gc.unfreeze()
    content.problems.extend(joined.problems)
    return Checked(
        report,
        content.problems,
        len(docs),
        time.perf_counter() - started,
        content.wheres,
        lines_of(joined, settings.source_locale, report.findings),
        cached=len(known),
        notices=cache.warnings if cache is not None else [],
    )


def lines_of(joined: Joined, source_locale: str, findings: Sequence[Finding]) -> dict[str, int]:
    """The file line of each finding the records place: a method entry's (its method's),
    a module's heading (``field`` ``…:<module id or its section's anchor>``), a section's
    heading (``numbers:<anchor>``, ``negation:<anchor>``…: the source's anchor, or the
    translation's; the translation's section paired with the source's where they differ);
    an outdated one's first changed section. A finding on a whole document has none."""
    docs = {(d.locale, d.path): d for d in joined.documents}
    paired: dict[tuple[str, str], dict[str, int]] = {}  # per translation, its sections' pairs
    lines = {}
    for f in findings:
        doc = docs.get((f.locale, f.path))
        if doc is None:
            continue
        entry = next((m for m in doc.methods if f.method and m.method == f.method), None)
        where = f.field.rpartition(":")[2] if ":" in f.field else ""
        modules = doc.app.modules if doc.app and where else ()
        module = next((m for m in modules if where in (m.module_id, m.anchor)), None)
        anchors = [c.anchor for c in f.diff.sections] if f.diff is not None else [where]
        line = (
            entry.line
            if entry
            else module.line
            if module
            else next(
                (
                    n
                    for a in anchors
                    if a and (n := _section_line(joined, source_locale, doc, a, paired))
                ),
                0,
            )
        )
        if line > 0:
            lines[f.id] = line
    return lines


def _section_line(
    joined: Joined,
    source_locale: str,
    doc: Document,
    anchor: str,
    paired: dict[tuple[str, str], dict[str, int]],
) -> int:
    """The line of ``doc``'s section with ``anchor``, or paired with the source's (the
    pairs of each translation kept in ``paired``: an outdated one asks for many anchors)."""
    mine = next((s for s in doc.sections if s.anchor == anchor and s.level), None)
    if mine is not None:
        return mine.line
    key = (doc.locale, doc.path)
    if key not in paired:
        source = joined.articles.get(doc.doc_id, {}).get(source_locale)
        pairs = headings.sections(source, doc)[0] if source is not None else []
        paired[key] = {}
        for a, b in reversed(pairs):  # the first pair of an anchor wins
            if a.level:
                paired[key][a.anchor] = b.line
    return paired[key].get(anchor, 0)


def selected(
    report: Report,
    locales: Sequence[str] | None,
    severity: str,
    known: Collection[str] | None = None,
) -> list[Finding]:
    """The findings of ``locales`` (all: None) this severe or worse, and not ``known`` (the
    ids of a baseline's)."""
    return [
        f
        for f in report.findings
        if at_least(f.severity, severity)
        and (not locales or f.locale in locales)
        and (known is None or f.id not in known)
    ]


def as_json(checked: Checked, findings: list[Finding], baseline: Baseline | None = None) -> str:
    data: dict[str, Any] = checked.report.as_dict()
    data["findings"] = [f.as_dict() for f in findings]
    data["documents"] = checked.documents
    data["problems"] = [str(p) for p in checked.problems]
    if baseline is not None:  # the findings listed are those not in it
        data["baseline"] = baseline.as_dict()
    return json.dumps(data, ensure_ascii=False, indent=2)


def as_text(
    checked: Checked, findings: list[Finding], content: str, baseline: Baseline | None = None
) -> str:
    report = checked.report
    history = {
        "git": "history from git (what was translated compared with the source now)",
        "file": "history from a file (dates only: any change of the source counts)",
    }.get(
        report.history_source or "",
        "history read" if report.history else "no history (freshness unknown)",
    )
    lines = [
        f"lingodocs check: {content}: {checked.documents} documents"
        f"{f' ({checked.cached} parses from the cache)' if checked.cached else ''}, source "
        f"{report.source_locale}, {history}, {checked.seconds:.1f} s",
        "",
    ]
    if baseline is not None:
        lines[1:1] = [
            f"baseline {baseline.path}: {len(baseline.ids)} findings known, not listed and "
            "not failing the check"
        ]
    for locale, fresh in sorted(report.freshness.items()):
        counts = report.counts(locale)
        lines.append(
            f"{locale:<5} {report.documents.get(locale, 0):>5} translations: "
            + " · ".join(
                f"{k.replace('missing', 'not translated').replace('_', '-')} {v}"
                for k, v in fresh.as_dict().items()
            )
            + " | findings: "
            + " · ".join(f"{s} {counts[s]}" for s in SEVERITIES)
        )
    for f in findings:
        lines.append("")
        what = " ".join(x for x in (f.method, f.kind, f.field) if x)
        lines.append(f"{f.severity.upper():<8} {f.locale}  {f.path}  {what}  [{f.id}]")
        lines.extend(
            textwrap.wrap(f.message, 96, initial_indent=" " * 9, subsequent_indent=" " * 9)
        )
        if f.source:
            lines.append(f"{'':9}{report.source_locale}: “{f.source}”")
        if f.translation:
            lines.append(f"{'':9}{f.locale}: “{f.translation}”")
        if f.diff is not None:
            lines.extend(_changes(f))
    total = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
    new = "new findings (not in the baseline)" if baseline is not None else "findings"
    lines += ["", f"{len(findings)} {new}: " + ", ".join(f"{total[s]} {s}" for s in SEVERITIES)]
    return "\n".join(lines)


def _changes(f: Finding) -> list[str]:
    """An outdated finding's source changes: per section, how and the words that changed."""
    assert f.diff is not None
    lines = []
    for s in f.diff.sections:
        where = s.heading or "(before the first heading)"
        lines.append(f"{'':9}§ {where} [{s.status}; {s.change}: {', '.join(s.what)}]")
        for diff in s.diff.splitlines():
            lines.extend(
                textwrap.wrap(diff, 96, initial_indent=" " * 11, subsequent_indent=" " * 11)
            )
    if f.diff.metadata:
        lines.append(f"{'':9}also changed, not translated: {', '.join(f.diff.metadata)}")
    return lines


def exit_status(findings: list[Finding], fail_on: str | None) -> int:
    if fail_on is None:
        return EXIT_CLEAN
    return EXIT_FINDINGS if any(at_least(f.severity, fail_on) for f in findings) else EXIT_CLEAN
