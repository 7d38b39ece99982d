"""Which part of a translation says what a part of its source says.

Translations reword everything but what does not depend on language: the
numbers, ids and acronyms, the links and images, the heading levels. Those
find the translated sentence to quote beside a source sentence (:func:`align`)
and, with :func:`in_order` (a sequence alignment that keeps order), pair a
source's sections with a translation's (``headings.sections``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TypeVar

from service.ingest.sentences import spans
from service.records import Section

from . import figures

T = TypeVar("T")

_ANCHOR = re.compile(r"\b(?:[A-Z][A-Z0-9_-]+\b|\w*\d[\w.,]*|(?<=\w )[A-Z]\w+)")


def sentence_at(text: str, pos: int) -> tuple[int, str, int]:
    """(index, sentence, where ``pos`` is in it) of the sentence of ``text`` at ``pos``."""
    found = spans(text)
    for n, (start, end) in enumerate(found):
        if start <= pos <= end:
            return n, text[start:end], pos - start
    start = found[-1][0]
    return len(found) - 1, text[start:], pos - start


def _anchors(sentence: str) -> set[str]:
    return {a.rstrip(".,") for a in _ANCHOR.findall(sentence)}


def align(sentence: str, at: int, total: int, candidates: Sequence[str]) -> str:
    """The sentence of ``candidates`` that says what ``sentence`` (the ``at``-th of
    ``total``) says: the same place when the counts agree, else the best match of
    names and numbers, ties to the nearest place."""
    if not candidates:
        return ""
    if total == len(candidates):
        return candidates[at]
    mine = _anchors(sentence)
    where = at / max(total - 1, 1)

    def score(n: int) -> tuple[float, float]:
        theirs = _anchors(candidates[n])
        overlap = len(mine & theirs) / len(mine | theirs) if mine | theirs else 0.0
        return overlap, -abs(n / max(len(candidates) - 1, 1) - where)

    return candidates[max(range(len(candidates)), key=score)]


_CODE_LIKE = re.compile(r"\w*\d\w*|\w+\(|\b[A-Z]{2,}\w*|\b[a-z]+[A-Z]\w*")


def heading_key(section: Section) -> tuple[int, frozenset[str]]:
    """What a heading says in any language: its level and its names, numbers, calls."""
    return section.level, frozenset(_CODE_LIKE.findall(section.heading))


_CAPS = re.compile(r"\b[A-Z][A-Z0-9]+\b")
_TARGET = re.compile(r'(?:href|src)="/[A-Za-z-]+/([^"#?]+)')  # our links and images


@lru_cache(maxsize=16384)
def signals(text: str, html: str) -> frozenset[str]:
    """What a section says in any language: its numbers, ids, acronyms, links, images."""
    return frozenset(
        {n.value for n in figures.worth(figures.numbers(text))}
        | set(_CAPS.findall(text))
        | set(_TARGET.findall(html))
    )


def in_order(
    mine: Sequence[T], theirs: Sequence[T], gain: Callable[[int, int], float]
) -> tuple[list[tuple[T, T]], list[T], list[T]]:
    """(pairs, mine unpaired, theirs unpaired): the pairing that keeps both orders and has
    the best total ``gain(i, j)`` of pairing ``mine[i]`` with ``theirs[j]`` (``-inf``:
    they cannot pair); ties go to pairs, then to leaving ``mine``'s item out.

    Needleman-Wunsch with no gap cost, by hand: difflib pairs equal items only, and
    sections or blocks of two languages are never equal.
    """
    n, m = len(mine), len(theirs)
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        row, above = score[i], score[i - 1]
        for j in range(1, m + 1):
            row[j] = max(above[j], row[j - 1], above[j - 1] + gain(i - 1, j - 1))
    pairs: list[tuple[T, T]] = []
    lacking: list[T] = []
    extra: list[T] = []
    i, j = n, m
    while i > 0 and j > 0:
        if score[i][j] == score[i - 1][j - 1] + gain(i - 1, j - 1):
            i, j = i - 1, j - 1
            pairs.append((mine[i], theirs[j]))
        elif score[i][j] == score[i - 1][j]:
            i -= 1
            lacking.append(mine[i])
        else:
            j -= 1
            extra.append(theirs[j])
    lacking.extend(reversed(mine[:i]))
    extra.extend(reversed(theirs[:j]))
    return pairs[::-1], lacking[::-1], extra[::-1]


def clear() -> None:
    """Forget the sections read: the cache serves one report."""
    signals.cache_clear()
