"""Translation quality: placeholder replaced by the quality issue's work."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .history import History
from .join import Joined


@dataclass(slots=True)
class Report:
    findings: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"findings": self.findings}


def assess(joined: Joined, source_locale: str, history: History | None) -> Report:
    return Report()


def apply(joined: Joined, report: Report) -> Joined:
    return joined
