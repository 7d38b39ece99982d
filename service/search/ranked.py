"""What a search of one language gives back: ranked entries, and hits to show."""

from __future__ import annotations

from dataclasses import dataclass, field

from .highlight import snippet_text


@dataclass(frozen=True, slots=True)
class Hit:
    locale: str
    path: str
    anchor: str
    method: str | None
    snippet_html: str  # the window of text, escaped, the query's words in <mark>
    score: float

    @property
    def snippet(self) -> str:
        """The snippet as plain text (the stored text is plain: see ingest.sanitize)."""
        return snippet_text(self.snippet_html)


@dataclass(slots=True)
class Ranked:
    """One language's ranking of a query: the best entries, and every entry it matches."""

    best: list[tuple[float, int]]  # (score, docnum), best first
    matched: frozenset[int]  # docnums
    stems: frozenset[str]  # to highlight
    named: str | None  # the HTTP method the query names
    suggestion: str | None = None

    @property
    def total(self) -> int:
        return len(self.matched)

    @property
    def nbytes(self) -> int:
        """About what it holds in memory: a (score, docnum) pair is a tuple and a float
        (72 bytes, its docnum small or shared), a set slot and its int about 40."""
        return 300 + 72 * len(self.best) + 40 * len(self.matched) + 60 * len(self.stems)


@dataclass(slots=True)
class Found:
    total: int
    hits: list[Hit] = field(default_factory=list)
    suggestion: str | None = None
