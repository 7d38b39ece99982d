"""Whether an article holds a query's words together, in one section, or scattered.

A long question's words are often all in a long article that is about
something else: *scenario* in its title, *start* in one section, *stop* in
another. The article that answers it has them in one place (a setting's
section says "force-stop", "scheduled", "restart" together). BM25F scores the
article as one bag of words and cannot tell the two apart; each entry's word
map (``index.wordmap``, written at ingest for the snippets) says which
sections hold which stems, so the first hits of a query of
:data:`MIN_WORDS` words or more are ranked again with it: each score is
multiplied by ``1 + LIFT * held``, where ``held`` is the share of the query
words the article has that its best section has (1 when one section holds all
of them). Only the order of the first :data:`DEPTH` hits changes (the page a
search shows, whose entries are read to be quoted anyway); what matches and
``total`` do not.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from service.index.wordmap import sections_with

from .compiled import words_of
from .scoring import Expr

LIFT = 1.0  # a score's factor: 1 + LIFT × the share its best section holds
DEPTH = 10  # hits ranked again: the first page
MIN_WORDS = 3  # a query of fewer words needs all of them (``compiled.needed``)

Hit = tuple[float, int]  # (score, docnum)


def held(where: str, words: Sequence[Collection[str]]) -> float:
    """Of the query ``words`` (each a word's stems: it, its relatives, corrections)
    that the entry whose word map is ``where`` has, the share its best section has
    (0 when it has none)."""
    sections: dict[int, int] = {}  # section → query words it holds
    had = 0
    for stems in words:
        holding = {n for stem in stems for n in sections_with(where, stem)}
        had += bool(holding)
        for n in holding:
            sections[n] = sections.get(n, 0) + 1
    return max(sections.values(), default=0) / had if had else 0.0


def reranked(best: list[Hit], query: Sequence[Expr], where_of: Callable[[int], str]) -> list[Hit]:
    """``best`` (best first) with its first :data:`DEPTH` hits' scores lifted by how
    much of the ``query`` (its compiled words) one section holds, and those hits
    sorted again; ``where_of`` gives a docnum's word map."""
    if len(query) < MIN_WORDS or len(best) < 2:
        return best
    words = [frozenset(w.text for w in words_of(node)) for node in query]
    head = [(score * (1 + LIFT * held(where_of(n), words)), n) for score, n in best[:DEPTH]]
    head.sort(key=lambda hit: (-hit[0], hit[1]))
    return head + best[DEPTH:]
