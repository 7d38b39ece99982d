"""``lingodocs check``: the quality report of a content directory, with no index.

Scans and parses the content in this process (as the ingest does, without
writing anything), joins the articles, and assesses them. Prints the report
for people (text) or for pipelines (JSON); the exit status says whether any
finding reaches the severity given to ``--fail-on``.
"""

from __future__ import annotations

import json
import textwrap
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from . import ingest, quality
from .findings import SEVERITIES, Finding, at_least
from .join import join
from .records import Problem
from .settings import Settings
from .sources import scan

EXIT_CLEAN, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2


@dataclass(slots=True)
class Checked:
    report: quality.Report
    problems: list[Problem] = field(default_factory=list)
    documents: int = 0
    seconds: float = 0.0


def collect(
    settings: Settings, jobs: int | None = None, progress: ingest.Progress | None = None
) -> Checked:
    """Scan, parse, join and assess ``settings.content``. Raises ContentError if unusable."""
    started = time.perf_counter()
    files, problems = scan(settings.content)
    history = ingest.load_history(settings, problems)
    parsed = ingest.parse_files(files, jobs, progress)
    docs = [doc for doc, _ in parsed if doc is not None]
    for _, more in parsed:
        problems.extend(more)
    joined = join(
        docs, settings.source_locale, history, {(f.locale, f.path): f.where for f in files}
    )
    problems.extend(joined.problems)
    report = quality.assess(joined, settings.source_locale, history)
    return Checked(report, problems, len(docs), time.perf_counter() - started)


def selected(report: quality.Report, locales: Sequence[str] | None, severity: str) -> list[Finding]:
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
    history = "history read" if report.history else "no history (freshness unknown)"
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
                f"{k.replace('missing', 'not translated')} {v}" for k, v in fresh.as_dict().items()
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
    total = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
    lines += ["", f"{len(findings)} findings: " + ", ".join(f"{total[s]} {s}" for s in SEVERITIES)]
    return "\n".join(lines)


def exit_status(findings: list[Finding], fail_on: str | None) -> int:
    if fail_on is None:
        return EXIT_CLEAN
    return EXIT_FINDINGS if any(at_least(f.severity, fail_on) for f in findings) else EXIT_CLEAN
