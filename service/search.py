"""Search: what people type → ranked articles with highlighted snippets.

Query syntax: plain words (all must match; when none match together, any
may), ``"quoted phrases"``, and ``method:PUT`` filters. Each word is analysed
like the indexed text of the language (stemmer, stop words, accents folded).
A word the language's vocabulary does not know is also matched by the known
words one edit away (insert, delete, replace or swap two letters), ranked
below exact matches, and offered as a suggestion when the query finds little.
Costs are capped: query length, term count, corrections per word, ``limit``.
"""

from __future__ import annotations

import re
import string
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from whoosh import highlight
from whoosh.query import And, Or, Phrase, Query, Term

from .analysis import analyzer_for, fold, language_of
from .methods import KNOWN
from .sanitize import clean

MAX_QUERY_CHARS = 1000
MAX_TERMS = 32
MAX_LIMIT = 100
MAX_OFFSET = 10_000
CORRECTIONS_PER_WORD = 4
CORRECTION_BOOST = 0.3
FEW_HITS = 3
CACHE_SIZE = 2048

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_TOKENS = re.compile(r'(?P<field>[A-Za-z]+):(?P<value>"[^"]*"|\S+)|"(?P<phrase>[^"]*)"|(?P<word>\S+)')
_WORD = re.compile(r"\w+")
_FIELDS = ("title", "heading", "body")
_METHODS = {m.lower() for m in KNOWN}


class QueryError(ValueError):
    """The query cannot be answered safely; the message says why."""


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    words: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]
    method: str | None


def parse_query(raw: str) -> ParsedQuery:
    if len(raw) > MAX_QUERY_CHARS:
        raise QueryError(f"query is {len(raw)} characters long; the limit is {MAX_QUERY_CHARS}")
    text = _CONTROL.sub(" ", raw)
    words: list[str] = []
    phrases: list[tuple[str, ...]] = []
    method = None
    for m in _TOKENS.finditer(text):
        if m.group("field"):
            name, value = m.group("field").lower(), m.group("value").strip('"')
            if name == "method" and value.lower() in _METHODS:
                method = value.upper()
                continue
            words.extend(_WORD.findall(f"{name} {value}"))
        elif m.group("phrase") is not None:
            found = tuple(_WORD.findall(m.group("phrase")))
            if len(found) > 1:
                phrases.append(found)
            else:
                words.extend(found)
        else:
            words.extend(_WORD.findall(m.group("word")))
    count = len(words) + sum(len(p) for p in phrases)
    if count > MAX_TERMS:
        raise QueryError(f"query has {count} terms; the limit is {MAX_TERMS}")
    return ParsedQuery(tuple(words), tuple(phrases), method)


_ALPHABET = string.ascii_lowercase + "0123456789"


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

    @classmethod
    def of(cls, counts: dict[str, int]) -> Vocabulary:
        letters = sorted({c for w in counts for c in w} | set(_ALPHABET))
        return cls(counts, "".join(letters))

    def corrections(self, word: str) -> list[str]:
        """Known words one edit from an unknown ``word``, most frequent first."""
        if word in self.counts or len(word) < 4 or word.isdigit():
            return []
        found = [w for w in edits1(word, self.alphabet) if w in self.counts]
        found.sort(key=lambda w: (-self.counts[w], w))
        return found[:CORRECTIONS_PER_WORD]


@dataclass(frozen=True, slots=True)
class Hit:
    doc_key: str
    locale: str
    path: str
    kind: str
    anchor: str
    method: str | None
    snippet: str
    score: float


@dataclass(slots=True)
class Found:
    total: int
    hits: list[Hit] = field(default_factory=list)
    suggestion: str | None = None


class Searcher:
    """Searches one opened Whoosh index (one build). Not shared across threads."""

    def __init__(self, ix: Any, vocabularies: dict[str, dict[str, int]]) -> None:
        self.ix = ix
        self._searcher = ix.searcher()
        self._vocab = {lang: Vocabulary.of(c) for lang, c in vocabularies.items()}
        self._cache: OrderedDict[tuple[Any, ...], Found] = OrderedDict()
        self._lock = threading.Lock()
        self._fields = set(ix.schema.names())

    def close(self) -> None:
        self._searcher.close()

    def search(self, raw: str, locale: str, limit: int, offset: int = 0,
               keep: Callable[[str], bool] | None = None) -> Found:
        """Hits of ``locale`` for ``raw`` (``keep`` filters by doc key, e.g. fallbacks)."""
        key = (raw, locale, limit, offset, keep is None)
        with self._lock:
            if keep is None and key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
            found = self._search(parse_query(raw), locale, limit, offset, keep)
            if keep is None:
                self._cache[key] = found
                if len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
            return found

    def _search(self, parsed: ParsedQuery, locale: str, limit: int, offset: int,
                keep: Callable[[str], bool] | None) -> Found:
        lang = language_of(locale)
        if f"body_{lang}" not in self._fields or not (parsed.words or parsed.phrases
                                                       or parsed.method):
            return Found(0)
        vocab = self._vocab.get(lang, Vocabulary({}))
        corrected: dict[str, list[str]] = {}
        parts: list[Query] = []
        for word in parsed.words:
            folded = fold(word)
            options = vocab.corrections(folded)
            if options:
                corrected[word] = options
            q = self._word_query(word, lang, options)
            if q is not None:
                parts.append(q)
        for phrase in parsed.phrases:
            stems = [t.text for w in phrase for t in analyzer_for(lang)(w)]
            if stems:
                parts.append(Phrase(f"body_{lang}", stems))
        filters = [Term("locale", locale)]
        if parsed.method:
            filters.append(Term("method", parsed.method.lower()))
        if not parts and not parsed.method:
            return Found(0)
        results = self._run(And([*parts, *filters]) if parts else And(filters))
        if len(results) == 0 and len(parts) > 1:
            results = self._run(And([Or(parts), *filters]))
        hits = self._collapse(results, keep)
        found = Found(total=len(hits))
        found.hits = [self._hit(h, results, lang) for h in hits[offset: offset + limit]]
        if corrected and found.total < FEW_HITS:
            suggestion = " ".join(corrected[w][0] if w in corrected else w
                                  for w in parsed.words)
            if suggestion != " ".join(parsed.words):
                found.suggestion = suggestion
        return found

    def _word_query(self, word: str, lang: str, options: list[str]) -> Query | None:
        analyzer = analyzer_for(lang)
        alternatives: list[Query] = []
        for candidate, boost in [(word, 1.0), *((o, CORRECTION_BOOST) for o in options)]:
            stems = [t.text for t in analyzer(candidate)]
            if not stems:
                continue
            for name in _FIELDS:
                terms = [Term(f"{name}_{lang}", s, boost=boost) for s in stems]
                alternatives.append(terms[0] if len(terms) == 1 else And(terms))
            if candidate.lower() in _METHODS:
                alternatives.append(Term("method", candidate.lower(), boost=boost))
        return Or(alternatives) if alternatives else None

    def _run(self, query: Query) -> Any:
        return self._searcher.search(query, limit=None, terms=True)

    @staticmethod
    def _collapse(results: Any, keep: Callable[[str], bool] | None) -> list[Any]:
        """The best entry of each document, best first."""
        seen: set[str] = set()
        best = []
        for hit in results:
            key = hit["doc_key"]
            if key in seen or (keep is not None and not keep(key)):
                continue
            seen.add(key)
            best.append(hit)
        return best

    def _hit(self, hit: Any, results: Any, lang: str) -> Hit:
        locale, _, path = hit["doc_key"].partition("|")
        return Hit(doc_key=hit["doc_key"], locale=locale, path=path, kind=hit["kind"],
                   anchor=hit.get("anchor") or "", method=(hit.get("method") or "").upper()
                   or None, snippet=_snippet(hit, results, lang), score=round(hit.score, 4))


_FORMATTER = highlight.HtmlFormatter(tagname="mark", between=" … ")
_FRAGMENTER = highlight.ContextFragmenter(maxchars=180, surround=50)


def _snippet(hit: Any, results: Any, lang: str) -> str:
    name = f"body_{lang}"
    text = hit.get(name) or ""
    if not text:
        return ""
    results.fragmenter = _FRAGMENTER
    results.formatter = _FORMATTER
    marked = hit.highlights(name, top=2)
    if not marked:
        from html import escape

        marked = escape(text[:200] + ("…" if len(text) > 200 else ""))
    return clean(marked)
