"""Word queries scored from whole posting lists, as Whoosh would score them.

Whoosh matches a query by walking a tree of matcher objects one document at a
time, in Python: on a large index, a few common words cost tens of
milliseconds before any scoring. Here each term's postings are read block by
block into a dict (docnum → weight, built in C), the query's AND and OR are
set operations on those dicts, and only the documents that match are scored,
with Whoosh's own BM25F formula and statistics. The query shapes are the ones
``search.Searcher`` builds for words (see ``Node``); phrases keep using Whoosh.

``tests/test_search.py`` holds the two to the same hits and scores.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from whoosh.matching.wrappers import FilterMatcher

K1, B = 1.2, 0.75  # Whoosh's BM25F defaults, which the service uses


@dataclass(frozen=True, slots=True)
class Term:
    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True, slots=True)
class Node:
    """``all`` of the children must match (AND) or ``any`` (OR); scores add up."""

    op: str  # "all" | "any"
    children: tuple[Term | Node, ...] = field(default=())


Expr = Term | Node


class Postings:
    """One opened index's postings, read whole, with BM25F as Whoosh computes it."""

    def __init__(self, searcher: Any) -> None:
        self.searcher = searcher
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
                found += [
                    reader.doc_field_length(n, name, 0) for n in range(reader.doc_count_all())
                ]
            self._lengths[name] = found
            self._avg[name] = self.searcher.avg_field_length(name) or 1
        return found

    def weights(self, term: Term) -> dict[int, float]:
        """Global docnum → posting weight (term frequency × field boost)."""
        out: dict[int, float] = {}
        text = term.text
        for reader, offset in self.leaves:
            if (term.field, text) not in reader:
                continue
            matcher = reader.postings(term.field, text)
            deleted: Any = ()
            if isinstance(matcher, FilterMatcher):
                matcher, deleted = matcher.child, reader.deleted_docs_set
            while matcher.is_active():  # block by block: Whoosh 2.7's W3LeafMatcher
                matcher._read_ids()
                matcher._read_weights()
                ids, weights = matcher._ids, matcher._weights
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
                matcher._next_block()
        return out

    def scores(self, term: Term, docs: Collection[int] | None = None) -> dict[int, float]:
        """Docnum → the term's score, for ``docs`` (or every document it is in)."""
        return self._scored(term, self.weights(term), docs)

    def _scored(
        self, term: Term, weights: dict[int, float], docs: Collection[int] | None
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
        idf = self.searcher.idf(term.field, term.text) * term.boost
        k, b1, b = K1, 1 - B, B / avg
        return {
            d: idf * (w * (k + 1)) / (w + k * (b1 + b * lengths[d])) for d, w in weights.items()
        }

    def match(self, node: Expr) -> dict[int, float]:
        """Every document ``node`` matches, with its score."""
        if isinstance(node, Term):
            return self.scores(node)
        if node.op == "all":
            # Intersect first (C set operations), then score only what is left.
            terms = [c for c in node.children if isinstance(c, Term)]
            weights = [self.weights(t) for t in terms]
            nested = [self.match(c) for c in node.children if not isinstance(c, Term)]
            sets = sorted([*weights, *nested], key=len)
            if not sets:
                return {}
            keys = set(sets[0]).intersection(*sets[1:])
            out = dict.fromkeys(keys, 0.0)
            for part in [
                *(self._scored(t, w, keys) for t, w in zip(terms, weights, strict=True)),
                *nested,
            ]:
                for d in keys:
                    out[d] += part[d]
            return out
        out = {}
        for part in (self.match(child) for child in node.children):
            for d, s in part.items():
                out[d] = out.get(d, 0.0) + s
        return out

    def search(
        self,
        core: Node,
        boosts: Sequence[Term],
        want: int,
        allow: set[int] | None = None,
    ) -> tuple[list[tuple[float, int]], int]:
        """The ``want`` best (score, docnum) for ``core``, boosted where ``boosts``
        match too (Whoosh's AndMaybe), and how many documents match."""
        found = self.match(core)
        if allow is not None:
            found = {d: s for d, s in found.items() if d in allow}
        for term in boosts:
            for d, s in self.scores(term, found).items():
                found[d] += s
        best = heapq.nsmallest(want, found.items(), key=lambda item: (-item[1], item[0]))
        return [(s, d) for d, s in best], len(found)
