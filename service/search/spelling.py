"""Typos: the known words one edit away from a word the language does not know.

A build keeps each language's vocabulary (folded words and their counts,
made at ingest by :func:`vocabulary`). A word of four letters or more that
is not in it is also matched by the known words one insert, delete, replace
or transposition away, most frequent first, and offered as a suggestion
when the query finds little.
"""

from __future__ import annotations

import functools
import string
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from service.index.analysis import words
from service.records import Document

from .families import Families

CORRECTIONS_PER_WORD = 4
_ALPHABET = string.ascii_lowercase + "0123456789"


@functools.lru_cache(maxsize=8192)
def _counted(text: str) -> Counter[str]:
    """A text's folded words, counted once per text in a process (``serve --watch``
    ingests again and again, and all but the edited documents are as they were)."""
    return Counter(words(text))


def vocabulary(docs: Iterable[Document]) -> dict[str, dict[str, int]]:
    """Folded words per language with their counts: what typo matching corrects to.
    Each text is counted once here, so not through :func:`_counted`'s cache, which
    would keep the last 8192 documents' texts and counts to the end of the ingest
    (41 MB on the real corpus); :func:`revised` counts the few changed ones through it."""
    counts: dict[str, Counter[str]] = {}
    for doc in docs:
        bag = counts.setdefault(doc.locale, Counter())
        bag.update(words(f"{doc.title} {doc.text}"))
    return {lang: {w: n for w, n in bag.items() if _kept(w)} for lang, bag in counts.items()}


def revised(
    before: dict[str, dict[str, int]],
    gone: Iterable[Document],
    came: Iterable[Document],
    locales: Iterable[str],
) -> dict[str, dict[str, int]]:
    """:func:`vocabulary` of a build from the previous build's (``before``): the words of
    the documents ``gone`` (of the files changed or deleted, as they were) taken off,
    those of the documents that ``came`` (as they are now) added; ``locales``: the
    languages the build has documents in. Only the changed documents' words are counted
    (counting them all was a quarter of a one-file ingest)."""
    delta: dict[str, Counter[str]] = {}
    for doc in gone:
        delta.setdefault(doc.locale, Counter()).subtract(_counted(f"{doc.title} {doc.text}"))
    for doc in came:
        delta.setdefault(doc.locale, Counter()).update(_counted(f"{doc.title} {doc.text}"))
    found: dict[str, dict[str, int]] = {}
    for lang in locales:
        bag = dict(before.get(lang, {}))
        for w, n in delta.get(lang, Counter()).items():
            if n and _kept(w):
                left = bag.get(w, 0) + n
                if left > 0:
                    bag[w] = left
                else:
                    bag.pop(w, None)
        found[lang] = bag
    return found


def _kept(word: str) -> bool:
    """A word the vocabulary keeps: two letters or more, not a number."""
    return len(word) > 1 and not word.isdigit()


def edits1(word: str, alphabet: str) -> set[str]:
    """Every string one insert, delete, replace or transposition away."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in alphabet}
    out |= {a + c + b for a, b in splits for c in alphabet}
    out.discard(word)
    return out


@dataclass(slots=True)
class Vocabulary:
    counts: dict[str, int]
    alphabet: str = _ALPHABET
    families: Families = field(init=False)

    def __post_init__(self) -> None:
        self.families = Families(self.counts)

    @classmethod
    def of(cls, counts: dict[str, int]) -> Vocabulary:
        letters = sorted(set("".join(counts)) | set(_ALPHABET))  # one pass in C
        return cls(counts, "".join(letters))

    def corrections(self, word: str) -> list[str]:
        """Known words one edit from an unknown ``word``, most frequent first."""
        if word in self.counts or len(word) < 4 or word.isdigit():
            return []
        found = [w for w in edits1(word, self.alphabet) if w in self.counts]
        found.sort(key=lambda w: (-self.counts[w], w))
        return found[:CORRECTIONS_PER_WORD]
