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

import bisect
import html
import re
import string
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from whoosh.query import And, AndMaybe, Or, Phrase, Query, Term
from whoosh.query.compound import DefaultOr

from .analysis import analyzer_for, beyond_latin1_variants, fold, language_of, prefix_pattern
from .index import method_token
from .methods import KNOWN
from .scoring import Expr, Node, Postings
from .scoring import Term as Word

MAX_QUERY_CHARS = 1000
MAX_TERMS = 32
MAX_LIMIT = 100
MAX_OFFSET = 10_000
CORRECTIONS_PER_WORD = 4
CORRECTION_BOOST = 0.3
FEW_HITS = 3
CACHE_SIZE = 2048

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_TOKENS = re.compile(
    r'(?P<field>[A-Za-z]+):(?P<value>"[^"]*"|\S+)|"(?P<phrase>[^"]*)"|(?P<word>\S+)'
)
_WORD = re.compile(r"\w+")
BOOSTED = ("head",)  # fields that add to the score (see index.BOOSTS)
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
        self._matcher: dict[str, Matcher] = {}
        self._within: dict[frozenset[str], set[int]] = {}
        self._postings = Postings(self._searcher)
        self._postings.prepare(
            name for name in self._fields if name.startswith(("text_", *(f"{b}_" for b in BOOSTED)))
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
        """Hits of ``locale`` for ``raw``; only among the ``within`` keys when given."""
        key = (raw, locale, limit, offset, within)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
            found = self._search(parse_query(raw), locale, limit, offset, within)
            self._cache[key] = found
            if len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
            return found

    def _search(
        self,
        parsed: ParsedQuery,
        locale: str,
        limit: int,
        offset: int,
        within: frozenset[str] | None,
    ) -> Found:
        lang = language_of(locale)
        if f"text_{lang}" not in self._fields or not (
            parsed.words or parsed.phrases or parsed.method
        ):
            return Found(0)
        vocab = self._vocab.get(lang, Vocabulary({}))
        corrected: dict[str, list[str]] = {}
        words: list[Expr] = []  # what must match, in the one text field
        boosts: list[Word] = []  # what adds to the score where it matches too
        for word in parsed.words:
            options = vocab.corrections(fold(word))
            if options:
                corrected[word] = options
            found_word = self._word_node(word, lang, options)
            if found_word is not None:
                words.append(found_word[0])
                boosts += found_word[1]
        phrases: list[Query] = []
        stems = {word.text for node in words for word in _words_of(node)}  # to highlight
        for phrase in parsed.phrases:
            phrase_stems = [t.text for w in phrase for t in analyzer_for(lang)(w)]
            stems.update(phrase_stems)
            if phrase_stems:
                phrases.append(Phrase(f"text_{lang}", phrase_stems))
        # Every text field is the language's own, so words alone select the language.
        filters: list[Expr] = [] if words or phrases else [Word("locale", locale)]
        if parsed.method:
            filters.append(Word("method", method_token(locale, parsed.method)))
        if not words and not phrases and not parsed.method:
            return Found(0)
        want = offset + limit
        allow = self._docnums(within)
        if allow is not None and not allow:  # Whoosh reads an empty filter as no filter
            return Found(0)
        best, total = self._run(words, phrases, filters, boosts, want, allow)
        if total == 0 and len(words) + len(phrases) > 1:  # no entry has all: any will do
            best, total = self._run(words, phrases, filters, boosts, want, allow, any_of=True)
        named = parsed.method or next(
            (w.upper() for w in parsed.words if w.lower() in _METHODS), None
        )
        found = Found(total=total)
        marked = frozenset(stems)
        found.hits = [self._hit(h, lang, marked, named) for h in best[offset:want]]
        if corrected and found.total < FEW_HITS:
            suggestion = " ".join(corrected[w][0] if w in corrected else w for w in parsed.words)
            if suggestion != " ".join(parsed.words):
                found.suggestion = suggestion
        return found

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
            terms = tuple(Word(f"text_{lang}", s, boost) for s in stems)
            alternatives.append(terms[0] if len(terms) == 1 else Node("all", terms))
            boosts += [Word(f"{name}_{lang}", s, boost) for name in BOOSTED for s in stems]
            if candidate.lower() in _METHODS:
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
            if len(self._within) >= 64:
                self._within.clear()
            found = self._within[within] = {
                n for n, key in enumerate(self._keys) if key is not None and key in within
            }
        return found

    def _run(
        self,
        words: list[Expr],
        phrases: list[Query],
        filters: list[Expr],
        boosts: list[Word],
        want: int,
        allow: set[int] | None,
        any_of: bool = False,
    ) -> tuple[list[tuple[float, int]], int]:
        """The ``want`` best documents (best first), and how many match: those with
        all the ``words`` and ``phrases`` (or any of them), and every filter.

        Words are matched and scored from whole posting lists (scoring.py);
        phrases need positions, so a query with one runs on Whoosh's matchers."""
        if not phrases:
            core: tuple[Expr, ...] = (Node("any", tuple(words)),) if any_of else tuple(words)
            return self._postings.search(Node("all", (*core, *filters)), boosts, want, allow)
        parts = [*map(whoosh_query, words), *phrases]
        query: Query = And([Or(parts) if any_of else And(parts), *map(whoosh_query, filters)])
        if boosts:  # a lazy union: only the entries that match are looked up in it
            query = AndMaybe(query, DefaultOr([whoosh_query(b) for b in boosts]))
        results = self._searcher.search(query, limit=max(want, 1), filter=allow)
        best = [(float(score), docnum) for docnum, score in results.items()][:want]
        return best, len(results)

    def _hit(
        self, hit: tuple[float, int], lang: str, stems: frozenset[str], named: str | None
    ) -> Hit:
        score, docnum = hit
        fields = self._searcher.stored_fields(docnum)
        locale, _, path = fields["key"].partition("|")
        matcher = self._matcher.get(lang) or self._matcher.setdefault(lang, Matcher(lang))
        methods = dict(fields.get("methods") or ())
        if named is not None and named in methods:  # the article's own words for it
            anchor, text, method = "", methods[named], named
            spans = matcher.spans(text, stems)
        else:
            anchor, text, found = matcher.best_section(fields["sections"], stems)
            method, spans = None, [(start, end) for start, end, _stem in found]
        return Hit(
            doc_key=fields["key"],
            locale=locale,
            path=path,
            kind="method" if method else ("section" if anchor else "doc"),
            anchor=anchor,
            method=method,
            snippet=snippet(text, spans),
            score=round(score, 4),
        )


def _words_of(node: Expr) -> list[Word]:
    return [node] if isinstance(node, Word) else [w for c in node.children for w in _words_of(c)]


def whoosh_query(node: Expr) -> Query:
    """The Whoosh query that matches and scores as ``scoring.Postings.match`` does."""
    if isinstance(node, Word):
        return Term(node.field, node.text, boost=node.boost)
    if len(node.children) == 1:
        return whoosh_query(node.children[0])
    kids = [whoosh_query(c) for c in node.children]
    return And(kids) if node.op == "all" else Or(kids)


SNIPPET_CHARS = 200
_SCAN_CHARS = 20_000  # a snippet is looked for in the first part of long sections


class Matcher:
    """Where query stems occur in stored text: words found by prefix, then stemmed.

    Stemming a word costs far more than finding it, so each word's stems are
    remembered (a bounded memo per language, shared by every query).
    """

    MEMO = 200_000

    def __init__(self, lang: str) -> None:
        self.analyzer = analyzer_for(lang)
        self.memo: dict[str, frozenset[str]] = {}
        self.patterns: dict[tuple[frozenset[str], str, int], re.Pattern[str]] = {}

    def stems_of(self, word: str) -> frozenset[str]:
        found = self.memo.get(word)
        if found is None:
            if len(self.memo) >= self.MEMO:
                self.memo.clear()
            found = self.memo[word] = frozenset(t.text for t in self.analyzer(word))
        return found

    def matches(
        self, text: str, stems: frozenset[str], limit: int | None = _SCAN_CHARS
    ) -> list[tuple[int, int, str]]:
        """(start, end, stem) of each word of ``text`` (its first ``limit``
        characters) that a query stem matches."""
        if not stems or not text:
            return []
        text = text[:limit]
        subject = text.lower()
        if len(subject) != len(text):  # rare letters whose lower case is longer
            pattern, subject = self.pattern(stems, "any", re.IGNORECASE), text
        elif _FOLDED_BEYOND_LATIN1.search(subject):
            pattern = self.pattern(stems, "any")
        else:
            pattern = self.pattern(stems, "latin-1")  # a small pattern: quick to compile
        out = []
        for m in pattern.finditer(subject):
            if m.start() and _WORD_CHAR.match(subject, m.start() - 1):
                continue  # inside a word, not at its start
            hit = self.stems_of(text[m.start() : m.end()]) & stems
            if hit:
                out.append((m.start(), m.end(), next(iter(hit))))
        return out

    def pattern(self, stems: frozenset[str], letters: str, flags: int = 0) -> re.Pattern[str]:
        """Words that may match: those starting like a stem, accents or not."""
        key = (stems, letters, flags)
        found = self.patterns.get(key)
        if found is None:
            if len(self.patterns) >= 1024:
                self.patterns.clear()
            # A stemmer changes at most the last two letters of what it keeps, mostly.
            prefixes = {stem[: max(3, len(stem) - 2)] for stem in stems}
            found = self.patterns[key] = re.compile(prefix_pattern(prefixes, letters), flags)
        return found

    def spans(self, text: str, stems: frozenset[str]) -> list[tuple[int, int]]:
        return [(start, end) for start, end, _stem in self.matches(text, stems)]

    def best_section(
        self, sections: Sequence[tuple[str, str, str]], stems: frozenset[str]
    ) -> tuple[str, str, list[tuple[int, int, str]]]:
        """(anchor, text, matches) of the section with the most distinct query words,
        those of its heading counting double; the first section when none has any.

        The sections are searched as one text (one pass, one lower-casing); a
        newline between them keeps every word inside its own section."""
        texts = [text[:_SCAN_CHARS] for _a, _h, text in sections]
        starts, at = [], 0
        for text in texts:
            starts.append(at)
            at += len(text) + 1
        found = self.matches("\n".join(texts), stems, limit=None)
        best: tuple[str, str, list[tuple[int, int, str]]] = (*sections[0][::2], [])
        best_score = 0
        n = 0
        while n < len(found):
            where = bisect.bisect_right(starts, found[n][0]) - 1
            end = starts[where] + len(texts[where])
            mine = []
            while n < len(found) and found[n][0] < end:
                mine.append(found[n])
                n += 1
            anchor, heading, text = sections[where]
            base = starts[where]
            # a section's text starts with its heading
            head = base + (len(heading) if heading and text.startswith(heading) else 0)
            distinct = {stem for _s, _e, stem in mine}
            in_heading = {stem for start, _e, stem in mine if start < head}
            score = len(distinct) * 10 + len(in_heading) * 10 + min(len(mine), 9)
            if score > best_score:
                shifted = [(s - base, e - base, stem) for s, e, stem in mine]
                best, best_score = (anchor, text, shifted), score
        return best


# Lower-case letters beyond Latin-1 that fold to another (œ, for one, does not).
_FOLDED_BEYOND_LATIN1 = re.compile(f"[{re.escape(beyond_latin1_variants())}]")
_WORD_CHAR = re.compile(r"\w")


def snippet(text: str, spans: list[tuple[int, int]]) -> str:
    """A window of ``text`` around the most matched words (``spans``), in ``<mark>``."""
    if not text:
        return ""
    if not spans:
        cut = text[:SNIPPET_CHARS]
        return html.escape(cut + ("…" if len(text) > SNIPPET_CHARS else ""))
    best_start, best_count = spans[0][0], 0
    j = 0
    for i, (start, _end) in enumerate(spans):
        while spans[j][1] < start - SNIPPET_CHARS:
            j += 1
        if i - j + 1 > best_count:
            best_count, best_start = i - j + 1, spans[j][0]
    begin = max(0, best_start - 40)
    while begin > 0 and not text[begin - 1].isspace() and best_start - begin < 60:
        begin -= 1
    end = min(len(text), begin + SNIPPET_CHARS)
    out = ["…" if begin > 0 else ""]
    at = begin
    for start, stop in spans:
        if start < begin or stop > end:
            continue
        out += [html.escape(text[at:start]), "<mark>", html.escape(text[start:stop]), "</mark>"]
        at = stop
    out += [html.escape(text[at:end]), "…" if end < len(text) else ""]
    return "".join(out)
