"""Pairing: a paired section's blocks with its translation's (pure).

A section's blocks (:mod:`.blocks`: paragraphs, list items, table rows, notes,
code) pair one to one where both have the same kinds in the same order (99 %
of the corpus's sections), else by an order-keeping alignment that pairs
blocks of one kind sharing the most language-neutral facts (numbers, code,
link targets, images) and lengths; a section too long for it pairs by kinds
(difflib). Link targets are compared without what a translation changes in
them (:func:`target`).
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit

from service.records import Section

from .alignment import in_order
from .blocks import Block, blocks

_NEUTRAL = ("number:", "code:", "link:", "image:")
_ALIGN_MAX = 10_000  # blocks × blocks of a section aligned by their facts; beyond, by kinds


@dataclass(frozen=True, slots=True)
class Pairing:
    pairs: list[tuple[Block, Block]]
    lacking: list[Block]  # the source's blocks the translation has no counterpart for
    extra: list[Block]  # the translation's blocks with no counterpart in the source


@lru_cache(maxsize=65536)
def target(url: str) -> str:
    """A link target without what a translation changes in it: a locale or country in its
    path (``/en/``, ``/fr-FR/``, ``/se/``) or query (``lang=``, ``hl=``), its fragment,
    ``.html``, a trailing slash, ``www.``. Applied to both sides alike, so a two-letter
    path part that is no locale only makes the comparison a little less strict."""
    parts = urlsplit(url.strip())
    path = "/".join(p for p in parts.path.split("/") if not _LOCALE_PART.fullmatch(p))
    path = path.rstrip("/").removesuffix(".html")
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if k.rsplit(".", 1)[-1].lower() not in _LOCALE_KEYS
        ]
    )
    host = parts.netloc.lower().removeprefix("www.")
    return f"{host}{path}{'?' + query if query else ''}"


_LOCALE_PART = re.compile(r"[a-z]{2}(?:[-_][a-zA-Z]{2})?")
_LOCALE_KEYS = {"lang", "hl", "locale", "language", "lng"}


@lru_cache(maxsize=65536)
def _neutral(block: Block) -> frozenset[str]:
    out = set()
    for fact in block.facts:
        if fact.startswith(("link:", "image:")):
            kind, _, value = fact.partition(":")
            out.add(f"{kind}:{target(value)}")
        elif fact.startswith(_NEUTRAL):
            out.add(fact)
    return frozenset(out)


def forget() -> None:
    """Forget the blocks and links read (``report.clear``)."""
    _neutral.cache_clear()
    target.cache_clear()


def _similarity(a: Block, b: Block) -> float:
    if a.kind != b.kind:
        return -math.inf
    fa, fb = _neutral(a), _neutral(b)
    shared = len(fa & fb) / len(fa | fb) if fa | fb else 0.5
    la, lb = len(a.text) + 1, len(b.text) + 1
    return 1.0 + shared + min(la, lb) / max(la, lb)


def pair_blocks(mine: Sequence[Block], theirs: Sequence[Block]) -> Pairing:
    """The source's blocks ``mine`` paired with the translation's ``theirs``."""
    if [b.kind for b in mine] == [b.kind for b in theirs]:
        return Pairing(list(zip(mine, theirs, strict=True)), [], [])
    n, m = len(mine), len(theirs)
    if n * m > _ALIGN_MAX:
        return _by_kinds(mine, theirs)
    pairs, lacking, extra = in_order(mine, theirs, lambda i, j: _similarity(mine[i], theirs[j]))
    return Pairing(pairs, lacking, extra)


def _by_kinds(mine: Sequence[Block], theirs: Sequence[Block]) -> Pairing:
    """Blocks paired by their kinds alone (difflib): for sections too long to align."""
    pairs: list[tuple[Block, Block]] = []
    lacking: list[Block] = []
    extra: list[Block] = []
    matcher = difflib.SequenceMatcher(None, [b.kind for b in mine], [b.kind for b in theirs], False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pairs.extend(zip(mine[i1:i2], theirs[j1:j2], strict=True))
        else:
            lacking.extend(mine[i1:i2])
            extra.extend(theirs[j1:j2])
    return Pairing(pairs, lacking, extra)


@dataclass(frozen=True, slots=True)
class Paired:
    """A source section, its translation's, and their blocks paired."""

    section: Section
    other: Section
    blocks: Pairing
    # the source reworded this section since the translation was made (from git), its
    # facts the same: what it says of them is compared, not its wording (negation, terms)
    reworded: bool = False


def paired(
    pairs: list[tuple[Section, Section]], reworded: frozenset[str] = frozenset()
) -> list[Paired]:
    """Each pair of sections (``headings.sections``) with its blocks paired; the
    source's sections whose anchor is in ``reworded`` marked so."""
    return [
        Paired(a, b, pair_blocks(blocks(a.html), blocks(b.html)), a.anchor in reworded)
        for a, b in pairs
    ]
