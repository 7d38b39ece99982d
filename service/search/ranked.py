"""What a search of one language gives back: ranked entries, and hits to show."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from .highlight import snippet_text

NO_DOCS: npt.NDArray[np.int32] = np.zeros(0, dtype=np.int32)  # shared: read-only
NO_DOCS.setflags(write=False)


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
    # every docnum it matches, ascending (an array: at 20× the corpus a common word's
    # set of tens of thousands of ints cost more to make and keep than its scoring)
    matched: npt.NDArray[np.int32]
    stems: frozenset[str]  # to highlight
    named: str | None  # the HTTP method the query names
    suggestion: str | None = None

    @property
    def total(self) -> int:
        return len(self.matched)

    @property
    def nbytes(self) -> int:
        """About what it holds in memory: a (score, docnum) pair is a tuple and a float
        (72 bytes, its docnum small or shared), a matched docnum 4."""
        return 300 + 72 * len(self.best) + 4 * len(self.matched) + 60 * len(self.stems)


@dataclass(slots=True)
class Found:
    total: int
    hits: list[Hit] = field(default_factory=list)
    suggestion: str | None = None
