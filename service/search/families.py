"""Other forms of a word the docs use more often: derived forms and compound parts.

Stemmers remove inflections, not derivations, and Dutch and Swedish write
compounds as one word: a reader who types "schemaläggning" (scheduling)
misses the article titled "Schemalägg ett scenario", and "maandlimiet"
(monthly limit) misses a page that says "limiet" per "maand". When a query
word is rarer in the language's docs than the forms related to it, those
forms match too, below the word itself (as corrections do):

- **relatives**: known words that begin with the word's first
  :data:`STEM_SHARE` (at least :data:`MIN_STEM` letters), more frequent than it;
- **parts**: a word of :data:`MIN_COMPOUND` letters or more that is two known
  words joined (with a linking ``s``, ``e`` or ``en``), split where the parts
  are most frequent (the geometric mean of their counts, as in Koehn and
  Knight's frequency-based splitting), both parts needed.

Both read only the language's vocabulary (its folded words and their counts).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence

MIN_STEM = 6  # letters a relative shares with the word, at least
STEM_SHARE = 0.7  # of the word's letters
MAX_RELATIVES = 4
MIN_COMPOUND = 9  # letters of a word that may be split
MIN_PART = 4  # letters of each part
LINKS = ("", "s", "e", "en")  # what may join two parts (Dutch, Swedish: -s-, -e-, -en-)


class Families:
    """Related forms of words, from one language's vocabulary."""

    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts
        self._sorted: Sequence[str] | None = None

    def _words(self) -> Sequence[str]:
        if self._sorted is None:  # made on first use: a server that never needs it pays nothing
            self._sorted = sorted(self.counts)
        return self._sorted

    def relatives(self, word: str) -> list[str]:
        """Known words sharing the word's stem that the docs use more than it, most
        frequent first."""
        if len(word) < MIN_STEM + 1 or word.isdigit():
            return []
        stem = word[: max(MIN_STEM, math.ceil(len(word) * STEM_SHARE))]
        own = self.counts.get(word, 0)
        words = self._words()
        found = []
        at = bisect.bisect_left(words, stem)
        while at < len(words) and words[at].startswith(stem):
            other = words[at]
            if other != word and self.counts[other] > own:
                found.append(other)
            at += 1
        found.sort(key=lambda w: (-self.counts[w], w))
        return found[:MAX_RELATIVES]

    def parts(self, word: str) -> tuple[str, str] | None:
        """The word as two known words, when they are more common than it; else None."""
        if len(word) < MIN_COMPOUND or not word.isalpha():
            return None
        own = self.counts.get(word, 0)
        best: tuple[float, tuple[str, str]] | None = None
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):
            head, tail = word[:cut], word[cut:]
            if tail not in self.counts:
                continue
            for link in LINKS:
                if link and not head.endswith(link):
                    continue
                first = head[: len(head) - len(link)] if link else head
                if len(first) < MIN_PART or first not in self.counts:
                    continue
                score = math.sqrt(self.counts[first] * self.counts[tail])
                if score > own and (best is None or score > best[0]):
                    best = (score, (first, tail))
        return best[1] if best else None
