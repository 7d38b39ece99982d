"""Searching one build: a parsed query → ranked hits of one language.

Each word is analysed like the indexed text of its language (stemmer, stop
words, accents folded); question and function words are dropped first
(``function_words``). A word-only query matches every entry that has enough of
its words: all of one or two, a third of a longer one (``need``), each
entry's score scaled by the share it has, so that entries with more of the
query rank first; when none has enough, any word will do. A word the
vocabulary does not know is also matched by its corrections (``spelling``),
ranked below exact matches. Word queries are scored from whole posting lists
(``scoring``); a query with a phrase runs on Whoosh's matchers, which know
positions, and needs every word and phrase (any, when none has them all).
Each hit is quoted from its best section, or from its own entry of the method
the query names (``highlight``).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from cachetools import LRUCache
from whoosh.query import And, AndMaybe, Or, Phrase, Query
from whoosh.query.compound import DefaultOr

from service.index.analysis import analyzer_for, fold
from service.index.schema import BOOSTS, method_token, text_field

from .function_words import content_words
from .highlight import Matcher, snippet
from .query import METHODS, ParsedQuery, parse_query
from .ranked import Found, Hit, Ranked
from .scoring import Expr, Node, Postings, Word, as_whoosh
from .spelling import Vocabulary

CORRECTION_BOOST = 0.3
FIELD_WEIGHTS = {"desc": 0.5}  # a boost field's weight at query time (1 when absent)
FEW_HITS = 3  # fewer hits than this, and a corrected query is suggested
CACHE_SIZE = 2048  # results kept per build (least recently used go first)


@dataclass(slots=True)
class _Compiled:
    """A parsed query in one language: what must match, what boosts, what to mark."""

    words: list[Expr] = field(default_factory=list)  # in the one text field
    boosts: list[Word] = field(default_factory=list)  # add to the score where they match
    phrases: list[Query] = field(default_factory=list)
    stems: set[str] = field(default_factory=set)  # to highlight
    corrected: dict[str, list[str]] = field(default_factory=dict)  # word → corrections


class Searcher:
    """Searches one opened Whoosh index (one build); safe to share between threads."""

    def __init__(self, ix: Any, vocabularies: dict[str, dict[str, int]]) -> None:
        self.ix = ix
        self._searcher = ix.searcher()
        self._vocab = {lang: Vocabulary.of(c) for lang, c in vocabularies.items()}
        self._cache: LRUCache[tuple[Any, ...], Ranked] = LRUCache(CACHE_SIZE)
        self._within: LRUCache[frozenset[str], set[int]] = LRUCache(64)
        self._lock = threading.Lock()
        self._fields = set(ix.schema.names())
        self._totals = {lang: sum(c.values()) for lang, c in vocabularies.items()}
        # the languages the index has text of
        self.languages = frozenset(n[5:] for n in self._fields if n.startswith("text_"))
        self._docnums_by_key: dict[str, int] | None = None
        self._postings = Postings(self._searcher)
        self._postings.prepare(
            name for name in self._fields if name.startswith(("text_", *(f"{b}_" for b in BOOSTS)))
        )
        # Each entry's document key by global docnum (segments in order), from the column.
        self._keys: list[str | None] = []
        for leaf, offset in self._searcher.reader().leaf_readers():
            count = leaf.doc_count_all()
            self._keys += [None] * (offset - len(self._keys))
            if count == 0:
                continue
            column = leaf.column_reader("key") if leaf.has_column("key") else None
            self._keys += [
                column[n] if column is not None else leaf.stored_fields(n)["key"]
                for n in range(count)
            ]

    def close(self) -> None:
        self._searcher.close()

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
        """The ``want`` best entries of ``lang`` for ``raw`` (remembered per build)."""
        key = (raw, lang, want, within)
        with self._lock:
            found = self._cache.get(key)
            if found is None:
                found = self._cache[key] = self._rank(parse_query(raw), lang, want, within)
            return found

    @property
    def doc_count(self) -> int:
        return len(self._keys)

    def key_of(self, docnum: int) -> str | None:
        """The ``locale|path`` key of an entry."""
        return self._keys[docnum] if 0 <= docnum < len(self._keys) else None

    def docnum_of(self, key: str) -> int | None:
        if self._docnums_by_key is None:
            self._docnums_by_key = {k: n for n, k in enumerate(self._keys) if k is not None}
        return self._docnums_by_key.get(key)

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
        none = Ranked([], frozenset(), frozenset(), named)
        if text_field(lang) not in self._fields:
            return none
        query = self._compile(parsed, lang)
        # Every text field is the language's own, so words alone select the language.
        filters: list[Expr] = [] if query.words or query.phrases else [Word("locale", lang)]
        if parsed.method:
            filters.append(Word("method", method_token(lang, parsed.method)))
        if not query.words and not query.phrases and not parsed.method:
            return none
        allow = self._docnums(within)
        if allow is not None and not allow:  # Whoosh reads an empty filter as no filter
            return none
        need = _need(len(query.words)) if not query.phrases else len(query.words)
        best, matched = self._run(query, filters, want, allow, need)
        if not matched and (len(query.words) + len(query.phrases) > 1):  # none has enough
            best, matched = self._run(query, filters, want, allow, 1)
        found = Ranked(best[:want], matched, frozenset(query.stems), named)
        if query.corrected and found.total < FEW_HITS:
            fixed = [query.corrected[w][0] if w in query.corrected else w for w in parsed.words]
            if fixed != list(parsed.words):
                found.suggestion = " ".join(fixed)
        return found

    def _compile(self, parsed: ParsedQuery, lang: str) -> _Compiled:
        vocab = self._vocab.get(lang, Vocabulary({}))
        query = _Compiled()
        for word in content_words(parsed.words, lang):
            options = vocab.corrections(fold(word))
            if options:
                query.corrected[word] = options
            found = self._word_node(word, lang, options)
            if found is not None:
                query.words.append(found[0])
                query.boosts += found[1]
        query.stems = {word.text for node in query.words for word in _words_of(node)}
        for phrase in parsed.phrases:
            stems = [t.text for w in phrase for t in analyzer_for(lang)(w)]
            query.stems.update(stems)
            if stems:
                query.phrases.append(Phrase(text_field(lang), stems))
        return query

    def _word_node(
        self, word: str, lang: str, options: list[str]
    ) -> tuple[Expr, list[Word]] | None:
        """What one word must match (it, or a correction), and what boosts its entries."""
        analyzer = analyzer_for(lang)
        alternatives: list[Expr] = []
        boosts: list[Word] = []
        for candidate, boost in [(word, 1.0), *((o, CORRECTION_BOOST) for o in options)]:
            stems = [t.text for t in analyzer(candidate)]
            if not stems:
                continue
            terms = tuple(Word(text_field(lang), s, boost) for s in stems)
            alternatives.append(terms[0] if len(terms) == 1 else Node("all", terms))
            boosts += [
                Word(f"{name}_{lang}", s, boost * FIELD_WEIGHTS.get(name, 1.0))
                for name in BOOSTS
                for s in stems
            ]
            if candidate.lower() in METHODS:
                boosts.append(Word("method", method_token(lang, candidate), boost))
        if not alternatives:
            return None
        return (
            alternatives[0] if len(alternatives) == 1 else Node("any", tuple(alternatives))
        ), boosts

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
        query: _Compiled,
        filters: list[Expr],
        want: int,
        allow: set[int] | None,
        need: int,
    ) -> tuple[list[tuple[float, int]], frozenset[int]]:
        """The ``want`` best documents (best first), and every one that matches: those
        with ``need`` of the words (all the phrases), and every filter.

        Words are matched and scored from whole posting lists (scoring.py);
        phrases need positions, so a query with one runs on Whoosh's matchers."""
        words, boosts = query.words, query.boosts
        if not query.phrases:
            core: tuple[Expr, ...] = (Node("some", tuple(words), need),) if words else ()
            return self._postings.search(Node("all", (*core, *filters)), boosts, want, allow)
        parts = [*map(as_whoosh, words), *query.phrases]
        every = need >= len(words)
        found: Query = And([And(parts) if every else Or(parts), *map(as_whoosh, filters)])
        if boosts:  # a lazy union: only the entries that match are looked up in it
            found = AndMaybe(found, DefaultOr([as_whoosh(b) for b in boosts]))
        results = self._searcher.search(found, limit=max(want, 1), filter=allow)
        best = [(float(score), docnum) for docnum, score in results.items()][:want]
        return best, frozenset(results.docs())

    def hit(self, hit: tuple[float, int], lang: str, ranked: Ranked) -> Hit:
        """One ranked entry as a hit, quoted where ``ranked``'s words are."""
        return self._hit(hit, lang, ranked.stems, ranked.named)

    def _hit(
        self, hit: tuple[float, int], lang: str, stems: frozenset[str], named: str | None
    ) -> Hit:
        score, docnum = hit
        fields = self._searcher.stored_fields(docnum)
        locale, _, path = fields["key"].partition("|")
        matcher = Matcher(lang)
        methods = dict(fields.get("methods") or ())
        if named is not None and named in methods:  # the article's own words for it
            anchor, text, method = "", methods[named], named
            spans = matcher.spans(text, stems)
        else:
            anchor, text, found = matcher.best_section(fields["sections"], stems)
            method, spans = None, [(start, end) for start, end, _stem in found]
        return Hit(
            locale=locale,
            path=path,
            anchor=anchor,
            method=method,
            snippet_html=snippet(text, spans),
            score=round(score, 4),
        )


def _need(words: int) -> int:
    """How many of a word query's words an entry must have: all of one or two, then
    two, and one more for every three words past six (a long question's every word
    is rarely in one article: the best answer often has a third of them)."""
    return words if words <= 2 else max(2, (words + 2) // 3)


def _words_of(node: Expr) -> list[Word]:
    return [node] if isinstance(node, Word) else [w for c in node.children for w in _words_of(c)]
