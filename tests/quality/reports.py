"""The quality report of a content directory, and the findings of one kind.

The quality tests' helpers.
"""

from __future__ import annotations

from pathlib import Path

from service.pipeline import check
from service.quality import report as quality
from service.quality.findings import Finding
from service.settings import Settings

ARTICLE = "481131c9-356a-4c62-a653-d6bba9be5be8"  # the HTTP methods article in every locale


LEGACY = "20b3c0f4-4a4c-4ba0-8570-ac39573ef1c0"  # the French-only legacy article


METHODS = "help/workfront-fusion/references/modules/http-request-methods.md"


def assess(content: Path, history_file: Path | None = None) -> quality.Report:
    return check.collect(Settings(content=content, history=history_file), jobs=1).report


def of(report: quality.Report, **fields: object) -> list[Finding]:
    return [
        f
        for f in report.findings
        if all(getattr(f, name) == value for name, value in fields.items())
    ]
