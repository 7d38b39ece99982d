"""Searching one build: a parsed query → ranked hits of one language.

Each word is analysed like the indexed text of its language (stemmer, stop
words, accents folded); question and function words are dropped first
(``function_words``). A word-only query matches every entry that has enough of
its words: all of one or two, a third of a longer one (``compiled.needed``), each
entry's score scaled by the share it has, so that entries with more of the
query rank first; when none has enough, any word will do. A word the
vocabulary does not know is also matched by its corrections (``spelling``),
ranked below exact matches. Each score is multiplied by its entry's prior (its
kind of page, the articles that link to it: ``index.priors``); the first page
of a longer word query is ranked again by how much of it one section of each
hit holds (``concentration``). Word queries are
scored from whole posting lists (``scoring``); a query with a phrase runs on
Whoosh's matchers, which know positions, and needs every word and phrase (any,
when none has them all). Each hit is quoted from its best section, or from its
own entry of the method the query names (``highlight``). The articles of an app
the query names have their scores lifted (``apps``).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt
from cachetools import LRUCache
from whoosh.query import And, AndMaybe, Or, Query
from whoosh.query.compound import DefaultOr

from service.index.analysis import fold
from service.index.internals import ColumnBytes, column_values
from service.index.memory import MB, Bounded
from service.index.priors import authority
from service.index.quotes import Kept, decode, kept_size, sized
from service.index.schema import BOOSTS, method_token, text_field

from .apps import Lift
from .compiled import Compiled, compile_query, needed
from .concentration import reranked
from .function_words import content_words
from .highlight import Matcher, snippet
from .query import ParsedQuery, parse_query
from .ranked import NO_DOCS, Found, Hit, Ranked
from .scoring import Expr, Node, Postings, Prioritised, Word, as_whoosh
from .spelling import Vocabulary

FEW_HITS = 3  # fewer hits than this, and a corrected query is suggested
CACHE_BYTES = 16 * MB  # rankings, entries and postings kept per build (least recent go first)


class Searcher:
    """Searches one opened Whoosh index (one build); safe to share between threads."""

    def __init__(
        self,
        ix: Any,
        vocabularies: dict[str, dict[str, int]],
        cache_bytes: int = CACHE_BYTES,
        lift: Lift | None = None,  # the apps' articles a query names
        cited: Mapping[str, int] | None = None,  # path → articles linking to it
    ) -> None:
        self.ix = ix
        self._lift = lift or Lift()
        self._searcher = ix.searcher()
        self._vocab = {lang: Vocabulary.of(c) for lang, c in vocabularies.items()}
        self.rankings: Bounded[tuple[Any, ...], Ranked] = Bounded(cache_bytes // 3, _ranked_size)
        # the quotes of entries quoted lately: the articles most searches show
        self.stored: Bounded[int, Kept] = Bounded(cache_bytes // 3, kept_size)
        self._within: LRUCache[frozenset[str], set[int]] = LRUCache(64)
        self._lock = threading.Lock()
        self._fields = set(ix.schema.names())
        self._totals = {lang: sum(c.values()) for lang, c in vocabularies.items()}
        # the languages the index has text of
        self.languages = frozenset(n[5:] for n in self._fields if n.startswith("text_"))
        self._postings = Postings(self._searcher, cache_bytes // 3)  # terms read lately
        self._postings.prepare(
            name for name in self._fields if name.startswith(("text_", *(f"{b}_" for b in BOOSTS)))
        )
        # Each entry's document key and prior by global docnum (segments in order), from
        # their columns.
        self._keys: list[str | None] = []
        factors: list[float] = []
        for leaf, offset in self._searcher.reader().leaf_readers():
            count = leaf.doc_count_all()
            self._keys += [None] * (offset - len(self._keys))
            factors += [1.0] * (offset - len(factors))
            if count == 0:
                continue
            self._keys += (
                column_values(leaf, "key")
                if leaf.has_column("key")
                else [leaf.stored_fields(n)["key"] for n in range(count)]
            )
            priors = column_values(leaf, "prior") if leaf.has_column("prior") else [100] * count
            factors += [p / 100 for p in priors]  # percent
        self._by_key = {k: n for n, k in enumerate(self._keys) if k is not None}
        self._quotes = ColumnBytes(self._searcher.reader(), "quote")
        cited = cited or {}
        for n, key in enumerate(self._keys):  # every version of an article others link to
            if key is not None and (count := cited.get(key.partition("|")[2])):
                factors[n] *= authority(count)
        self._priors = np.asarray(factors, dtype=np.float64)
        # Phrase queries run on Whoosh's matchers: the same factor, as its final step.
        self._searcher.weighting = Prioritised(self._priors)

    def close(self) -> None:
        self._searcher.close()

    @property
    def postings(self) -> Postings:
        """The word queries' scorer, with its cache of terms read lately."""
        return self._postings

    def search(
        self,
        raw: str,
        locale: str,
        limit: int,
        offset: int = 0,
        within: frozenset[str] | None = None,
    ) -> Found:
        """Hits of ``locale`` for ``raw``; only among the ``within`` keys when given.
        Raises ``query.QueryError`` for a query over the limits."""
        ranked = self.ranked(raw, locale, offset + limit, within)
        return Found(
            ranked.total,
            [self.hit(h, locale, ranked) for h in ranked.best[offset : offset + limit]],
            ranked.suggestion,
        )

    def ranked(
        self, raw: str, lang: str, want: int, within: frozenset[str] | None = None
    ) -> Ranked:
        """The ``want`` best entries of ``lang`` for ``raw`` (remembered per build).

        Kept under what the query means (its parsed words, phrases and filter, not
        its raw text) and a depth rounded up to a power of two: the next page of a
        search reads the ranking its first page made."""
        parsed = parse_query(raw)
        depth = _depth(want)
        key = (parsed, lang, depth, within)
        found = self.rankings.get(key)
        if found is None:
            # One thread at a time reads the index (Whoosh's files are read by seek, then
            # read, on one shared position), and a query is ranked once.
            with self._lock:
                found = self.rankings.get(key)
                if found is None:
                    found = self.rankings.put(key, self._rank(parsed, lang, depth, within))
        if len(found.best) <= want:
            return found
        return Ranked(found.best[:want], found.matched, found.stems, found.named, found.suggestion)

    @property
    def keys(self) -> list[str | None]:
        """Each entry's ``locale|path`` key by docnum (None: a deleted one); not to change."""
        return self._keys

    def docnum_of(self, key: str) -> int | None:
        return self._by_key.get(key)

    def words_known(self, words: tuple[str, ...], lang: str) -> list[tuple[str, float]]:
        """A query's topic words (folded), each with how common it is in ``lang``'s docs
        (its share of the language's words): what tells one language from another."""
        vocab = self._vocab.get(lang)
        total = self._totals.get(lang, 0)
        return [
            (fold(w), (vocab.counts.get(fold(w), 0) / total) if vocab and total else 0.0)
            for w in content_words(words, lang)
        ]

    def _rank(
        self,
        parsed: ParsedQuery,
        lang: str,
        want: int,
        within: frozenset[str] | None,
    ) -> Ranked:
        named = parsed.named_method()
        none = Ranked([], NO_DOCS, frozenset(), named)
        if text_field(lang) not in self._fields:
            return none
        query = compile_query(parsed, lang, self._vocab.get(lang, Vocabulary({})))
        # Every text field is the language's own, so words alone select the language.
        filters: list[Expr] = [] if query.words or query.phrases else [Word("locale", lang)]
        if parsed.method:
            filters.append(Word("method", method_token(lang, parsed.method)))
        if not query.words and not query.phrases and not parsed.method:
            return none
        allow = self._docnums(within)
        if allow is not None and not allow:  # Whoosh reads an empty filter as no filter
            return none
        need = needed(len(query.words)) if not query.phrases else len(query.words)
        lifted = self._lift.factors(parsed.words).items()
        favour = {n: f for key, f in lifted if (n := self.docnum_of(key)) is not None}
        best, matched = self._run(query, filters, want, allow, need, favour)
        if not len(matched) and (len(query.words) + len(query.phrases) > 1):  # none has enough
            best, matched = self._run(query, filters, want, allow, 1, favour)
        if not query.phrases:  # the first hits: the query's words together, or scattered
            best = reranked(best, query.words, lambda n: self._kept(n)[0].where)
        found = Ranked(best[:want], matched, frozenset(query.stems), named)
        if query.corrected and found.total < FEW_HITS:
            fixed = [query.corrected[w][0] if w in query.corrected else w for w in parsed.words]
            if fixed != list(parsed.words):
                found.suggestion = " ".join(fixed)
        return found

    def _docnums(self, within: frozenset[str] | None) -> set[int] | None:
        """The docnums of the ``within`` keys (remembered: the sets are the catalog's)."""
        if within is None:
            return None
        found = self._within.get(within)
        if found is None:
            found = self._within[within] = {
                n for n, key in enumerate(self._keys) if key is not None and key in within
            }
        return found

    def _run(
        self,
        query: Compiled,
        filters: list[Expr],
        want: int,
        allow: set[int] | None,
        need: int,
        favour: dict[int, float],
    ) -> tuple[list[tuple[float, int]], npt.NDArray[np.int32]]:
        """The ``want`` best documents (best first), and every one that matches: those
        with ``need`` of the words (all the phrases), and every filter; the ``favour``
        documents' scores multiplied by their factor.

        Words are matched and scored from whole posting lists (scoring.py);
        phrases need positions, so a query with one runs on Whoosh's matchers."""
        words, boosts = query.words, query.boosts
        if not query.phrases:
            core: tuple[Expr, ...] = (Node("some", tuple(words), need),) if words else ()
            return self._postings.search(
                Node("all", (*core, *filters)), boosts, want, allow, self._priors, favour
            )
        parts = [*map(as_whoosh, words), *query.phrases]
        every = need >= len(words)
        found: Query = And([And(parts) if every else Or(parts), *map(as_whoosh, filters)])
        if boosts:  # a lazy union: only the entries that match are looked up in it
            found = AndMaybe(found, DefaultOr([as_whoosh(b) for b in boosts]))
        results = self._searcher.search(found, limit=max(want, 1), filter=allow)
        scored = [(float(score) * favour.get(n, 1.0), n) for n, score in results.items()]
        best = sorted(scored, key=lambda hit: (-hit[0], hit[1]))[:want]
        return best, np.fromiter(sorted(results.docs()), dtype=np.int32)

    def _kept(self, docnum: int) -> Kept:
        """The entry's quote, read lately or now; under the lock (Whoosh's seek-then-read)."""
        kept = self.stored.get(docnum)
        if kept is None:
            raw = self._quotes[docnum]
            kept = self.stored.put(docnum, sized(decode(raw), len(raw)))
        return kept

    def hit(self, hit: tuple[float, int], lang: str, ranked: Ranked) -> Hit:
        """One ranked entry as a hit, quoted where ``ranked``'s words are."""
        return self._hit(hit, lang, ranked.stems, ranked.named)

    def _hit(
        self, hit: tuple[float, int], lang: str, stems: frozenset[str], named: str | None
    ) -> Hit:
        score, docnum = hit
        kept = self.stored.get(docnum)
        if kept is None:
            with self._lock:  # Whoosh reads a shared file by seek-then-read: one at a time
                kept = self._kept(docnum)
        quote = kept[0]
        locale, _, path = (self._keys[docnum] or "").partition("|")
        matcher = Matcher(lang)
        methods = dict(quote.methods)
        if named is not None and named in methods:  # the article's own words for it
            anchor, text, method = "", methods[named], named
            spans = matcher.spans(text, stems)
        else:
            anchor, text, found = matcher.best_section(quote.sections, stems, quote.where)
            method, spans = None, [(start, end) for start, end, _stem in found]
        return Hit(
            locale=locale,
            path=path,
            anchor=anchor,
            method=method,
            snippet_html=snippet(text, spans),
            score=round(score, 4),
        )


def _ranked_size(ranked: Ranked) -> int:
    return ranked.nbytes


def _depth(want: int) -> int:
    """How deep a ranking is made for ``want`` entries: 32, 64, 128…"""
    return max(32, 1 << max(0, want - 1).bit_length())
