"""Headings: which of a translation's headed sections stands for which of its source's.

The ``headings`` finding names the sections a translation lacks, so they must be
the ones it really lacks. Two things shift a pairing that looks at levels and
places alone: a section lacking in the middle (the next one takes its place),
and a source that has since put sections one level deeper under a new grouping
heading (the translation's ``###`` are the source's ``####``, and the source's
new ``###`` take them). :func:`pair` aligns the headed sections in order
(``alignment.in_order``) by what a section says in any language, read from its
blocks (:mod:`.blocks`): the numbers, ids, code, link targets and images it
has, the kinds of blocks in it (a note, two list items, a paragraph) and its
length. Sections of one level always may pair; sections one level apart only
when their contents agree (:data:`_ACROSS`).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from service.records import Document, Section

from . import alignment
from .blocks import blocks
from .pairing import target

_MARKS = ("code:", "label:", "link:", "image:")  # labels: kept in Dutch and Swedish
_PLACE = 0.05  # what being as far from the start is worth when nothing else agrees
_SAME_HEADING = 0.5  # a heading kept in the source's words (a function's name)
_FACTS = 2.0  # what sharing all their facts is worth, against 1 for their kinds, 1 for lengths
_ACROSS = 2.8  # of 4: how alike sections one level apart must be to pair
_LEVEL_COST = 1.0  # taken off the worth of such a pair: a level kept is worth more
_ADDED = 0.5  # taken off pairing a section added since the translation (a rename may be one)


@dataclass(frozen=True, slots=True)
class _Shape:
    """What a section says in any language."""

    facts: frozenset[str]
    kinds: Counter[str]
    length: int


def _shape(section: Section) -> _Shape:
    found = blocks(section.html)
    marks = {_neutral(m) for b in found for m in b.marked if m.startswith(_MARKS)}
    return _Shape(
        alignment.signals(section.text, section.html) | marks,
        Counter(b.kind for b in found if b.kind != "heading"),  # its own heading: every one has
        len(section.text),
    )


def _neutral(mark: str) -> str:
    """A code or label mark as it is, and a link within the page (its anchors are the
    source's); a link or image elsewhere without what a translation changes in it."""
    kind, _, value = mark.partition(":")
    if kind in ("code", "label") or value.startswith("#"):
        return mark
    return f"{kind}:{target(value)}"


def _alike(a: _Shape, b: _Shape) -> float:
    """0 to 4: the facts both have (of all either has; worth twice the rest: they are
    what a translation keeps), the kinds of blocks both have (as
    ``difflib.SequenceMatcher.quick_ratio`` counts them) and how near their lengths are."""
    union = len(a.facts | b.facts)
    facts = len(a.facts & b.facts) / union if union else 0.0
    total = sum(a.kinds.values()) + sum(b.kinds.values())
    kinds = 2 * sum((a.kinds & b.kinds).values()) / total if total else 1.0
    length = (min(a.length, b.length) + 1) / (max(a.length, b.length) + 1)
    return _FACTS * facts + kinds + length


def pair(
    mine: Sequence[Section], theirs: Sequence[Section], added: frozenset[str] = frozenset()
) -> tuple[list[tuple[Section, Section]], list[Section], list[Section]]:
    """(paired sections, the source's ``mine`` the translation lacks, the translation's
    ``theirs`` the source does not have), headed sections only.

    Of the pairings that keep both orders, the one whose pairs are most alike
    (:func:`_alike`; a heading written alike in both counts too); ties go to pairs
    at the same place from the start. A source section ``added`` (its anchor) since the
    translation was made is worth less: its translator most likely never saw it (but a
    section renamed or moved to another level reads as added too).
    """
    mine = [s for s in mine if s.level > 0]
    theirs = [s for s in theirs if s.level > 0]
    a_shape = [_shape(s) for s in mine]
    b_shape = [_shape(s) for s in theirs]
    gains = [
        [_gain(a, b, i, j, a_shape[i], b_shape[j]) - _ADDED * (a.anchor in added)
         for j, b in enumerate(theirs)]
        for i, a in enumerate(mine)
    ]  # fmt: skip
    return alignment.in_order(mine, theirs, lambda i, j: gains[i][j])


def sections(
    source: Document, doc: Document, added: frozenset[str] = frozenset()
) -> tuple[list[tuple[Section, Section]], list[Section], list[Section]]:
    """(paired sections, the source's sections the translation lacks, the translation's
    the source does not have), every section: what each fact check compares, paired as
    the ``headings`` finding pairs them. The same levels and headings' names, numbers and
    calls (:func:`alignment.heading_key`): in order; else the introductions (level 0) in
    order and the headed sections by :func:`pair`."""
    mine, theirs = list(source.sections), list(doc.sections)
    if len(mine) == len(theirs) and all(
        alignment.heading_key(a) == alignment.heading_key(b)
        for a, b in zip(mine, theirs, strict=True)
    ):
        return list(zip(mine, theirs, strict=True)), [], []
    a_intro = [s for s in mine if s.level == 0]
    b_intro = [s for s in theirs if s.level == 0]
    n = min(len(a_intro), len(b_intro))
    pairs, lacking, extra = pair(mine, theirs, added)
    return (
        list(zip(a_intro[:n], b_intro[:n], strict=True)) + pairs,
        a_intro[n:] + lacking,
        b_intro[n:] + extra,
    )


def _gain(a: Section, b: Section, i: int, j: int, sa: _Shape, sb: _Shape) -> float:
    apart = abs(a.level - b.level)
    if apart > 1:
        return -math.inf
    alike = _alike(sa, sb) + _SAME_HEADING * (
        bool(a.heading) and a.heading.casefold() == b.heading.casefold()
    )
    if apart:
        return alike - _LEVEL_COST if alike >= _ACROSS else -math.inf
    return _PLACE / (1 + abs(i - j)) + alike
