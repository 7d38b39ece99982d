"""Word queries scored from whole posting lists, as Whoosh would score them.

Whoosh matches a query by walking a tree of matcher objects one document at a
time, in Python: on a large index, a few common words cost tens of
milliseconds before any scoring. Here each term's postings are read block by
block into two arrays (docnums, weights), the query's AND is an intersection
of sorted docnum arrays, its OR a sum into one score per document of the
index, and only the documents that match are scored, with Whoosh's own BM25F
formula and statistics, all as NumPy operations (a Python loop per posting was
most of a search's time at 20× the corpus, whose common words have tens of
thousands). The query shapes are the ones
:class:`~service.search.searcher.Searcher` builds for words (see ``Node``);
phrases keep using Whoosh, through :func:`as_whoosh`.

``tests/search/test_scoring.py`` holds the two to the same hits and scores.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh.query import And, Or, Query, Term
from whoosh.scoring import BM25F

from service.index.internals import field_lengths, posting_blocks
from service.index.memory import Bounded

K1, B = 1.2, 0.75  # Whoosh's BM25F defaults, which the service uses
COORDINATION = 1.0  # "some": a document's sum × (share of the children it matches) ** this

Docnums = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
_NONE = np.zeros(0, dtype=np.int64)
_NO_IDS = np.zeros(0, dtype=np.int32)
_NO_WEIGHTS = np.zeros(0, dtype=np.float32)


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


@dataclass(frozen=True, slots=True)
class Scored:
    """Documents and their scores: ``docnums`` ascending, ``scores`` beside them."""

    docnums: Docnums
    scores: Floats


@dataclass(frozen=True, slots=True)
class Read:
    """A term's postings as read: docnums ascending, their weights (term frequency ×
    field boost, float32 as Whoosh stores them), and its document frequency. Shared
    by the queries that have the word: never changed."""

    docnums: npt.NDArray[np.int32]
    weights: npt.NDArray[np.float32]
    frequency: int


class Postings:
    """One opened index's postings, read whole, with BM25F as Whoosh computes it."""

    def __init__(self, searcher: Any, cache_bytes: int = 0) -> None:
        self.searcher = searcher
        # Each term's postings as read lately: distinct queries share their words (a
        # rare word's few postings cost as much to look up as to score).
        self.read: Bounded[tuple[str, str], Read] = Bounded(cache_bytes, _read_size)
        self._count = searcher.get_parent().doc_count_all()  # what Whoosh's idf divides
        self.leaves = [(leaf.reader(), offset) for leaf, offset in searcher.leaf_searchers()]
        self._lengths: dict[str, Floats] = {}
        self._avg: dict[str, float] = {}
        self._scorable = {name: searcher.schema[name].scorable for name in searcher.schema.names()}

    def prepare(self, fields: Iterable[str]) -> None:
        """Read the per-document lengths of ``fields`` now (a server's start-up)."""
        for name in fields:
            self._length_of(name)

    def _length_of(self, name: str) -> Floats:
        found = self._lengths.get(name)
        if found is None:
            lengths: list[int] = []
            for reader, offset in self.leaves:
                lengths += [0] * (offset - len(lengths))
                lengths += field_lengths(reader, name)
            found = self._lengths[name] = np.asarray(lengths, dtype=np.float64)
            self._avg[name] = self.searcher.avg_field_length(name) or 1
        return found

    def _read(self, term: Word) -> Read:
        """The term's postings, read lately or now."""
        key = (term.field, term.text)
        found = self.read.get(key)
        if found is None:
            found = self.read.put(key, self._postings_of(term))
        return found

    def _postings_of(self, term: Word) -> Read:
        """The term's postings in every segment; the frequency counted off the postings
        read, deleted documents included, as Whoosh's term statistics count it (asking
        ``searcher.idf`` for it looks the term up in every segment again)."""
        docnums: list[Docnums] = []
        weights: list[npt.NDArray[np.float32]] = []
        frequency = 0
        for reader, offset in self.leaves:
            for ids, each, deleted in posting_blocks(reader, term.field, term.text):
                frequency += len(ids)
                if len(deleted):
                    kept = ~np.isin(ids, deleted, assume_unique=True)
                    ids, each = ids[kept], each[kept]
                docnums.append(ids + offset if offset else ids)
                weights.append(each)
        if not docnums:
            return Read(_NO_IDS, _NO_WEIGHTS, frequency)
        return Read(np.concatenate(docnums).astype(np.int32), np.concatenate(weights), frequency)

    def scores(self, term: Word) -> Scored:
        """The term's score in every document it is in."""
        read = self._read(term)
        return Scored(
            read.docnums.astype(np.int64), self._scored(term, read.docnums, read.weights, read)
        )

    def _scored(
        self,
        term: Word,
        docnums: npt.NDArray[np.integer[Any]],
        weights: npt.NDArray[np.float32],
        read: Read,
    ) -> Floats:
        w = weights.astype(np.float64)  # Python's floats, as Whoosh computes with them
        if not self._scorable.get(term.field, False):  # Whoosh: the weight itself
            return w * term.boost
        lengths = self._length_of(term.field)
        avg = self._avg[term.field]
        # Whoosh's idf (WeightingModel.idf, which BM25F keeps), of the frequency read
        idf = (math.log(self._count / (read.frequency + 1)) + 1) * term.boost
        k, b1, b = K1, 1 - B, B / avg
        scored: Floats = idf * (w * (k + 1)) / (w + k * (b1 + b * lengths[docnums]))
        return scored

    def match(self, node: Expr) -> Scored:
        """Every document ``node`` matches, with its score."""
        if isinstance(node, Word):
            return self.scores(node)
        if node.op == "all":
            if len(node.children) == 1 and isinstance(node.children[0], Node):
                return self.match(node.children[0])  # a word query's core alone: itself
            # Intersect first (sorted arrays), then score only what is left.
            terms = [c for c in node.children if isinstance(c, Word)]
            read = [self._read(t) for t in terms]
            nested = [self.match(c) for c in node.children if not isinstance(c, Word)]
            sets: list[npt.NDArray[np.integer[Any]]] = [
                *(r.docnums for r in read),
                *(n.docnums for n in nested),
            ]
            sets.sort(key=len)
            if not sets:
                return Scored(_NONE, np.zeros(0))
            keys: Docnums = sets[0].astype(np.int64)
            for other in sets[1:]:
                keys = np.intersect1d(keys, other, assume_unique=True)
            out = np.zeros(len(keys))
            for t, r in zip(terms, read, strict=True):
                at = np.searchsorted(r.docnums, keys)
                out += self._scored(t, keys, r.weights[at], r)
            for n in nested:
                out += n.scores[np.searchsorted(n.docnums, keys)]
            return Scored(keys, out)
        # OR and "some": each child's scores summed into one slot per document
        summed = np.zeros(self._count)
        count = np.zeros(self._count, dtype=np.int32)
        for part in (self.match(child) for child in node.children):
            summed[part.docnums] += part.scores  # a child's docnums are distinct
            count[part.docnums] += 1
        keys = np.flatnonzero(count >= (node.need if node.op == "some" else 1))
        if node.op == "some":
            share = count[keys] / len(node.children)
            return Scored(keys, summed[keys] * share**COORDINATION)
        return Scored(keys, summed[keys])

    def search(
        self,
        core: Node,
        boosts: Sequence[Word],
        want: int,
        allow: Collection[int] | None = None,
        priors: Floats | None = None,
        favour: Mapping[int, float] | None = None,
    ) -> tuple[list[tuple[float, int]], npt.NDArray[np.int32]]:
        """The ``want`` best (score, docnum) for ``core``, boosted where ``boosts``
        match too (Whoosh's AndMaybe), and every document that matches (ascending); each score
        multiplied by its document's ``priors`` entry when given (Whoosh's ``final``),
        and by its ``favour`` factor (the query's own: an app it names)."""
        found = self.match(core)
        docnums, scores = found.docnums, found.scores
        if allow is not None:
            kept = np.isin(docnums, np.fromiter(allow, dtype=np.int64, count=len(allow)))
            docnums, scores = docnums[kept], scores[kept]
        if boosts and len(docnums):
            total = np.zeros(self._count)
            total[docnums] = scores
            present = np.zeros(self._count, dtype=bool)
            present[docnums] = True
            for term in boosts:
                read = self._read(term)
                at = present[read.docnums]
                ids = read.docnums[at]
                total[ids] += self._scored(term, ids, read.weights[at], read)
            scores = total[docnums]
        if priors is not None:
            scores = scores * priors[docnums]
        for d, factor in (favour or {}).items():
            where = int(np.searchsorted(docnums, d))
            if where < len(docnums) and docnums[where] == d:
                scores[where] *= factor
        return _best(docnums, scores, want), docnums.astype(np.int32)


def _best(docnums: Docnums, scores: Floats, want: int) -> list[tuple[float, int]]:
    """The ``want`` highest scores, best first, ties by docnum (as a sort by (-score,
    docnum) orders them): those at or above the ``want``-th score, sorted."""
    if want <= 0 or not len(docnums):
        return []
    if len(scores) > want:
        cut = np.partition(scores, len(scores) - want)[len(scores) - want]
        pick = np.flatnonzero(scores >= cut)
    else:
        pick = np.arange(len(scores))
    order = pick[np.lexsort((docnums[pick], -scores[pick]))][:want]
    return list(zip(scores[order].tolist(), docnums[order].tolist(), strict=True))


class Prioritised(BM25F):  # type: ignore[misc]  # whoosh is untyped
    """Whoosh's BM25F (the defaults, as ``scoring`` computes it), each document's score
    multiplied by its entry's prior (``index.priors``)."""

    use_final = True

    def __init__(self, priors: Floats) -> None:
        super().__init__()
        self._priors = priors

    def final(self, searcher: Any, docnum: int, score: float) -> float:
        return score * float(self._priors[docnum]) if docnum < len(self._priors) else score


def _read_size(read: Read) -> int:
    """About the bytes a term's postings hold (two arrays: a docnum and a weight each)."""
    return 300 + 8 * len(read.docnums)


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
