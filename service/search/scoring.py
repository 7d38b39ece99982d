"""Word queries scored from whole posting lists, as Whoosh would score them.

Whoosh matches a query by walking a tree of matcher objects one document at a
time, in Python: on a large index, a few common words cost tens of
milliseconds before any scoring. Here each term's postings are read block by
block into a dict (docnum → weight, built in C), the query's AND and OR are
set operations on those dicts, and only the documents that match are scored,
with Whoosh's own BM25F formula and statistics. The query shapes are the ones
:class:`~service.search.searcher.Searcher` builds for words (see ``Node``);
phrases keep using Whoosh, through :func:`as_whoosh`.

``tests/search/test_scoring.py`` holds the two to the same hits and scores.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from whoosh.query import And, Or, Query, Term
from whoosh.scoring import BM25F

from service.index.internals import field_lengths, posting_blocks
from service.index.memory import Bounded

K1, B = 1.2, 0.75  # Whoosh's BM25F defaults, which the service uses
COORDINATION = 1.0  # "some": a document's sum × (share of the children it matches) ** this


@dataclass(frozen=True, slots=True)
class Word:
    """One term of one field (a word's stem, a method token), with its boost."""

    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True, slots=True)
class Node:
    """``all`` of the children must match (AND), ``any`` (OR), or ``some``: at least
    ``need`` of them, each document's sum scaled by the share of children it matches
    (a coordination factor, so that matching more of a long query ranks higher)."""

    op: str  # "all" | "any" | "some"
    children: tuple[Word | Node, ...] = field(default=())
    need: int = 1  # for "some"


Expr = Word | Node


class Postings:
    """One opened index's postings, read whole, with BM25F as Whoosh computes it."""

    def __init__(self, searcher: Any, cache_bytes: int = 0) -> None:
        self.searcher = searcher
        # Each term's postings as read lately: distinct queries share their words (a
        # rare word's few postings cost as much to look up as to score). Never mutated.
        self.read: Bounded[tuple[str, str], tuple[dict[int, float], int]] = Bounded(
            cache_bytes, _read_size
        )
        self._count = searcher.get_parent().doc_count_all()  # what Whoosh's idf divides
        self.leaves = [(leaf.reader(), offset) for leaf, offset in searcher.leaf_searchers()]
        self._lengths: dict[str, list[int]] = {}
        self._avg: dict[str, float] = {}
        self._scorable = {name: searcher.schema[name].scorable for name in searcher.schema.names()}

    def prepare(self, fields: Iterable[str]) -> None:
        """Read the per-document lengths of ``fields`` now (a server's start-up)."""
        for name in fields:
            self._length_of(name)

    def _length_of(self, name: str) -> list[int]:
        found = self._lengths.get(name)
        if found is None:
            found = []
            for reader, offset in self.leaves:
                found += [0] * (offset - len(found))
                found += field_lengths(reader, name)
            self._lengths[name] = found
            self._avg[name] = self.searcher.avg_field_length(name) or 1
        return found

    def weights(self, term: Word) -> dict[int, float]:
        """Global docnum → posting weight (term frequency × field boost); the dict is
        shared (kept for the next query with the word): never change it."""
        return self._read(term)[0]

    def _read(self, term: Word) -> tuple[dict[int, float], int]:
        """The term's weights and its document frequency, read lately or now."""
        key = (term.field, term.text)
        found = self.read.get(key)
        if found is None:
            found = self.read.put(key, self._postings_of(term))
        return found

    def _postings_of(self, term: Word) -> tuple[dict[int, float], int]:
        """(weights, document frequency): the frequency counted off the postings read,
        deleted documents included, as Whoosh's term statistics count it (asking
        ``searcher.idf`` for it looks the term up in every segment again)."""
        out: dict[int, float] = {}
        frequency = 0
        for reader, offset in self.leaves:
            for ids, weights, deleted in posting_blocks(reader, term.field, term.text):
                frequency += len(ids)
                if deleted:
                    out.update(
                        (n + offset, w)
                        for n, w in zip(ids, weights, strict=True)
                        if n not in deleted
                    )
                elif offset:
                    out.update(zip([n + offset for n in ids], weights, strict=True))
                else:
                    out.update(zip(ids, weights, strict=True))
        return out, frequency

    def scores(self, term: Word, docs: Collection[int] | None = None) -> dict[int, float]:
        """Docnum → the term's score, for ``docs`` (or every document it is in)."""
        weights, frequency = self._read(term)
        return self._scored(term, weights, frequency, docs)

    def _scored(
        self,
        term: Word,
        weights: dict[int, float],
        frequency: int,
        docs: Collection[int] | None,
    ) -> dict[int, float]:
        if docs is not None:  # walk the smaller of the two
            if len(weights) <= len(docs):
                weights = {d: w for d, w in weights.items() if d in docs}
            else:
                weights = {d: weights[d] for d in docs if d in weights}
        if not self._scorable.get(term.field, False):  # Whoosh: the weight itself
            return {d: w * term.boost for d, w in weights.items()}
        lengths = self._length_of(term.field)
        avg = self._avg[term.field]
        # Whoosh's idf (WeightingModel.idf, which BM25F keeps), of the frequency read
        idf = (math.log(self._count / (frequency + 1)) + 1) * term.boost
        k, b1, b = K1, 1 - B, B / avg
        return {
            d: idf * (w * (k + 1)) / (w + k * (b1 + b * lengths[d])) for d, w in weights.items()
        }

    def match(self, node: Expr) -> dict[int, float]:
        """Every document ``node`` matches, with its score."""
        if isinstance(node, Word):
            return self.scores(node)
        if node.op == "all":
            # Intersect first (C set operations), then score only what is left.
            terms = [c for c in node.children if isinstance(c, Word)]
            read = [self._read(t) for t in terms]
            weights = [w for w, _f in read]
            nested = [self.match(c) for c in node.children if not isinstance(c, Word)]
            sets = sorted([*weights, *nested], key=len)
            if not sets:
                return {}
            keys = set(sets[0]).intersection(*sets[1:])
            out = dict.fromkeys(keys, 0.0)
            for part in [
                *(self._scored(t, w, f, keys) for t, (w, f) in zip(terms, read, strict=True)),
                *nested,
            ]:
                for d in keys:
                    out[d] += part[d]
            return out
        summed: dict[int, float] = {}
        count: dict[int, int] = {}
        for part in (self.match(child) for child in node.children):
            for d, s in part.items():
                summed[d] = summed.get(d, 0.0) + s
                count[d] = count.get(d, 0) + 1
        if node.op == "some":
            n, need = len(node.children), node.need
            power = COORDINATION
            return {d: s * (count[d] / n) ** power for d, s in summed.items() if count[d] >= need}
        return summed

    def search(
        self,
        core: Node,
        boosts: Sequence[Word],
        want: int,
        allow: set[int] | None = None,
        priors: Sequence[float] | None = None,
        favour: Mapping[int, float] | None = None,
    ) -> tuple[list[tuple[float, int]], frozenset[int]]:
        """The ``want`` best (score, docnum) for ``core``, boosted where ``boosts``
        match too (Whoosh's AndMaybe), and every document that matches; each score
        multiplied by its document's ``priors`` entry when given (Whoosh's ``final``),
        and by its ``favour`` factor (the query's own: an app it names)."""
        found = self.match(core)
        if allow is not None:
            found = {d: s for d, s in found.items() if d in allow}
        for term in boosts:
            for d, s in self.scores(term, found).items():
                found[d] += s
        if priors is not None:
            found = {d: s * priors[d] if d < len(priors) else s for d, s in found.items()}
        for d, factor in (favour or {}).items():
            if d in found:
                found[d] *= factor
        best = heapq.nsmallest(want, found.items(), key=lambda item: (-item[1], item[0]))
        return [(s, d) for d, s in best], frozenset(found)


class Prioritised(BM25F):  # type: ignore[misc]  # whoosh is untyped
    """Whoosh's BM25F (the defaults, as ``scoring`` computes it), each document's score
    multiplied by its entry's prior (``index.priors``)."""

    use_final = True

    def __init__(self, priors: Sequence[float]) -> None:
        super().__init__()
        self._priors = priors

    def final(self, searcher: Any, docnum: int, score: float) -> float:
        return score * self._priors[docnum] if docnum < len(self._priors) else score


def _read_size(read: tuple[dict[int, float], int]) -> int:
    """About the bytes a term's postings dict holds (a slot, an int, a float each)."""
    return 96 + 100 * len(read[0])


def as_whoosh(node: Expr) -> Query:
    """The Whoosh query that matches and scores as :meth:`Postings.match` does (for
    queries with phrases, which need Whoosh's positions). Whoosh has no
    minimum-should-match: ``some`` is never given here."""
    if isinstance(node, Word):
        return Term(node.field, node.text, boost=node.boost)
    if len(node.children) == 1:
        return as_whoosh(node.children[0])
    kids = [as_whoosh(c) for c in node.children]
    if node.op == "some":
        raise ValueError("Whoosh cannot match 'at least n of' (use Postings.match)")
    return And(kids) if node.op == "all" else Or(kids)
