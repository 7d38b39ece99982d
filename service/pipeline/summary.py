"""What an ingest did, as ``lingodocs ingest`` prints it (a line, or ``--json``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from service.records import Problem


@dataclass(slots=True)
class Summary:
    docs: int = 0
    locales: tuple[str, ...] = ()
    methods: int = 0
    apps: dict[str, dict[str, int]] = field(default_factory=dict)  # locale → apps, modules, fields
    problems: list[Problem] = field(default_factory=list)
    parsed: int = 0  # files parsed this time (the rest came from the previous build)
    read: int = 0  # files read this time (the others' stat was as the last ingest recorded)
    reindexed: int = 0
    compared: int = 0  # articles whose translations were compared this time (pipeline.reuse)
    joined: int = 0  # articles joined this time (the others as the live build joined them)
    hashed: int = 0  # the build's files hashed (the others' checksums were recorded)
    seconds: float = 0.0
    build: str = ""
    unchanged: bool = False
    previous: str = ""  # how a failure would end: what serves now (builds.Previous)
    notices: list[str] = field(default_factory=list)  # what the operator should know

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.level == "error")

    def line(self) -> str:
        state = "unchanged" if self.unchanged else f"{self.reindexed} re-indexed"
        return (
            f"ingested {self.docs} docs in {len(self.locales)} locales "
            f"({', '.join(self.locales)}): {self.methods} method records, "
            f"{self.apps_line()}"
            f"{len(self.problems)} problems ({self.errors} errors), {state}, "
            f"in {self.seconds:.1f} s → {self.build}"
        )

    def apps_line(self) -> str:
        """``apps/modules/fields en 92/1131/5427, fr …, `` (nothing when no app)."""
        if not self.apps:
            return ""
        each = ", ".join(
            f"{loc} {c['apps']}/{c['modules']}/{c['fields']}" for loc, c in self.apps.items()
        )
        return f"apps/modules/fields {each}, "

    def as_dict(self) -> dict[str, Any]:
        return {
            "docs": self.docs,
            "locales": list(self.locales),
            "methods": self.methods,
            "apps": self.apps,
            "errors": self.errors,
            "parsed": self.parsed,
            "read": self.read,
            "reindexed": self.reindexed,
            "compared": self.compared,
            "joined": self.joined,
            "hashed": self.hashed,
            "seconds": round(self.seconds, 3),
            "build": self.build,
            "unchanged": self.unchanged,
            "notices": list(self.notices),
            "problems": [p.as_dict() | {"where": str(p)} for p in self.problems],
        }
