"""The quality report of a content directory, and the findings of one kind.

The quality tests' helpers.
"""

from __future__ import annotations

from pathlib import Path

from service.pipeline import check
from service.quality import report as quality
from service.quality.findings import Finding
from service.settings import Settings


def assess(content: Path, history_file: Path | None = None) -> quality.Report:
    return check.collect(Settings(content=content, history=history_file), jobs=1).report


def of(report: quality.Report, **fields: object) -> list[Finding]:
    return [
        f
        for f in report.findings
        if all(getattr(f, name) == value for name, value in fields.items())
    ]
