"""``lingodocs check``: the quality report of a content directory, with no index.

Reads and parses the content as the ingest does (``plan``, ``parse``,
``assemble.judge``), without writing anything. Prints the report for people
(text) or for pipelines (JSON); the exit status says whether any finding
reaches the severity given to ``--fail-on``.
"""

from __future__ import annotations

import json
import textwrap
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from service.quality import since
from service.quality.findings import SEVERITIES, Finding, at_least
from service.quality.report import Report
from service.records import Problem
from service.settings import Settings

from .assemble import judge
from .parse import parse_files
from .plan import Progress, default_jobs, read_content

EXIT_CLEAN, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2


@dataclass(slots=True)
class Checked:
    report: Report
    problems: list[Problem] = field(default_factory=list)
    documents: int = 0
    seconds: float = 0.0


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
    parsed = parse_files([*content.files, *then], default_jobs(jobs), progress)
    since.remember(then, parsed[len(content.files) :])
    parsed = parsed[: len(content.files)]
    for one in parsed:
        content.problems.extend(one.problems)
    docs = [p.document for p in parsed if p.document is not None]
    joined, report = judge(docs, content, settings.source_locale)
    content.problems.extend(joined.problems)
    return Checked(report, content.problems, len(docs), time.perf_counter() - started)


def selected(report: Report, locales: Sequence[str] | None, severity: str) -> list[Finding]:
    return [
        f
        for f in report.findings
        if at_least(f.severity, severity) and (not locales or f.locale in locales)
    ]


def as_json(checked: Checked, findings: list[Finding]) -> str:
    data: dict[str, Any] = checked.report.as_dict()
    data["findings"] = [f.as_dict() for f in findings]
    data["documents"] = checked.documents
    data["problems"] = [str(p) for p in checked.problems]
    return json.dumps(data, ensure_ascii=False, indent=2)


def as_text(checked: Checked, findings: list[Finding], content: str) -> str:
    report = checked.report
    history = {
        "git": "history from git (what was translated compared with the source now)",
        "file": "history from a file (dates only: any change of the source counts)",
    }.get(
        report.history_source or "",
        "history read" if report.history else "no history (freshness unknown)",
    )
    lines = [
        f"lingodocs check: {content}: {checked.documents} documents, source "
        f"{report.source_locale}, {history}, {checked.seconds:.1f} s",
        "",
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
    lines += ["", f"{len(findings)} findings: " + ", ".join(f"{total[s]} {s}" for s in SEVERITIES)]
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
