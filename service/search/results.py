"""A search of a build in the reader's language, with other languages where the query
is theirs.

People type English product terms in a French, Dutch or Swedish UI, and now
and then a French word in an English one. Each of the query's topic words is
looked up in each language's vocabulary: a word much more common in another
language's docs than in the reader's is that language's (``foreign``). Where
part of the query is the source language's (or, for a source-language
reader, another's), that language is searched too and its ranking fused with
the reader's: each side's scores divided by its best one, the other side's
weighed by the share of the query that is its own. So a query wholly in the
reader's language ranks as before, and a wholly English one ranks as English
does. Every hit is shown in the reader's language when the article has a
translation there (``locale`` says which version a hit is), quoted from that
version; source-language articles without a translation follow the reader's
own hits otherwise, as before.

Each hit comes with its article's catalog entry (id, title, URL), so every
caller (the API, the pages, the command line) shows the same results.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from cachetools import LRUCache

from service.index.apps import Place, apps_of
from service.index.catalog import Catalog, Entry
from service.records import MethodRecord

from . import concepts
from .function_words import content_words
from .highlight import Matcher, stems_of
from .query import parse_query
from .ranked import Hit, Ranked
from .searcher import Searcher

PAGES = 2048  # result pages kept per build
DEPTH = 30  # entries each side ranks before fusing (at least the page asked for)
FOREIGN = 0.2  # below this share of the query, another language is not searched


@dataclass(frozen=True, slots=True)
class Result:
    entry: Entry  # the article's version the hit is in
    hit: Hit
    module: Place | None = None  # the module whose section the hit is in (app articles)
    field: tuple[str, str] | None = None  # (field_id, label) of its field the query names

    @property
    def url(self) -> str:
        return self.entry.url + (f"#{self.hit.anchor}" if self.hit.anchor else "")


@dataclass(slots=True)
class Results:
    total: int
    results: list[Result] = field(default_factory=list)
    suggestion: str | None = None
    also: tuple[str, ...] = ()  # other languages searched, their rankings fused in
    # what a question about HTTP methods asks: the records that answer, with the facts
    answers: list[tuple[MethodRecord, tuple[str, ...]]] = field(default_factory=list)


def searcher_of(catalog: Catalog) -> Searcher:
    """The build's searcher, made once (``Live`` makes it before the build serves)."""
    return catalog.part("searcher", lambda c: Searcher(c.whoosh, c.vocabulary))


def prepare(catalog: Catalog) -> None:
    """What a search needs of a build, made before the build serves: its searcher, and
    where each language's modules are (a hit in an app article names its module)."""
    searcher_of(catalog)
    apps = apps_of(catalog)
    for locale in catalog.locales:
        apps.places(locale)


def foreign_share(searcher: Searcher, words: tuple[str, ...], locale: str, other: str) -> float:
    """How much of a query's ``words`` is ``other``'s rather than ``locale``'s, from 0 to
    1: the mean over its topic words of how much more common each is in ``other``'s
    docs (``2·p_other / (p_other + p_locale) − 1``, 0 when the reader's is as common)."""
    mine = searcher.words_known(words, locale)
    theirs = dict(searcher.words_known(words, other))
    if not mine:
        return 0.0
    shares = []
    for word, p_mine in mine:
        p_theirs = theirs.get(word, 0.0)
        shares.append(max(0.0, 2 * p_theirs / (p_theirs + p_mine) - 1) if p_theirs else 0.0)
    return sum(shares) / len(shares)


def search(catalog: Catalog, q: str, locale: str, limit: int, offset: int = 0) -> Results:
    """One page of results for ``q`` in ``locale``. Raises ``query.QueryError``.

    A question about what HTTP methods do (``concepts``) also gets the method
    records that answer it, and the articles that document the methods first. A
    hit in a module's section of an app article names the module, and the field
    of it whose label has the query's words."""
    cache = catalog.part("search results", lambda _c: _Cache())
    key = (q, locale, limit, offset)
    with cache.lock:
        done = cache.pages.get(key)
    if done is not None:
        return done
    words = parse_query(q).words  # QueryError here, before any search
    found = _search(catalog, q, words, locale, limit, offset)
    topic = content_words(words, locale)
    places = apps_of(catalog).places
    for n, r in enumerate(found.results):
        place = places(r.entry.locale).get((r.entry.path, r.hit.anchor))
        if place is not None:
            found.results[n] = Result(r.entry, r.hit, place, _field(place, topic, r.hit.locale))
    with cache.lock:
        cache.pages[key] = found
    return found


@dataclass(slots=True)
class _Cache:
    """Pages of results already made for this build (least recently used go first): a
    repeated search costs a dictionary lookup."""

    pages: LRUCache[tuple[str, str, int, int], Results] = field(
        default_factory=lambda: LRUCache(PAGES)
    )
    lock: threading.Lock = field(default_factory=threading.Lock)


def _field(place: Place, words: tuple[str, ...], lang: str) -> tuple[str, str] | None:
    """The module's field whose label has the most of the query's words."""
    matcher = Matcher(lang)
    stems = frozenset(t for w in words for t in stems_of(lang, w))
    best = max(
        ((len(matcher.matches(label, stems)), n) for n, (_i, label) in enumerate(place.fields)),
        default=(0, 0),
    )
    return place.fields[best[1]] if best[0] else None


@dataclass(frozen=True, slots=True)
class _Pick:
    """A ranked entry not yet quoted: only those of the page asked for get a snippet
    (quoting is most of a search's cost: a deep ``offset`` must not pay for every
    hit above it)."""

    entry: Entry  # the version shown
    score: float
    docnum: int
    ranked: Ranked  # the ranking whose words it is quoted with


@dataclass(slots=True)
class _Ranking:
    total: int
    picks: list[_Pick]  # best first, as many as were asked for (or fewer)
    suggestion: str | None = None
    also: tuple[str, ...] = ()


def _search(
    catalog: Catalog, q: str, words: tuple[str, ...], locale: str, limit: int, offset: int
) -> Results:
    searcher = searcher_of(catalog)
    asked = concepts.asked(words, locale, catalog.methods)
    if asked is None:
        ranking = _ranked(catalog, searcher, q, words, locale, offset + limit)
        return _quoted(searcher, ranking, ranking.picks[offset : offset + limit])
    documenting = [
        e for d in catalog.method_articles() if (e := catalog.doc_entry(d, locale)) is not None
    ]
    ranking = _ranked(catalog, searcher, q, words, locale, offset + limit + len(documenting))
    ids = {e.doc_id for e in documenting}
    shown = {p.entry.doc_id for p in ranking.picks}
    first = [p for p in ranking.picks if p.entry.doc_id in ids]
    ranked = searcher.ranked(q, locale, 1)
    for entry in documenting:
        number = searcher.docnum_of(f"{entry.locale}|{entry.path}")
        if entry.doc_id not in shown and number is not None:
            first.append(_Pick(entry, 0.0, number, ranked))
            ranking.total += 1
    rest = [p for p in ranking.picks if p.entry.doc_id not in ids]
    found = _quoted(searcher, ranking, [*first, *rest][offset : offset + limit])
    found.answers = concepts.answers(asked, {m: catalog.pick(m, locale) for m in catalog.methods})
    return found


def _quoted(searcher: Searcher, ranking: _Ranking, page: list[_Pick]) -> Results:
    """The page's picks as results, each quoted from the version shown."""
    found = Results(ranking.total, suggestion=ranking.suggestion, also=ranking.also)
    for p in page:
        hit = searcher.hit((p.score, p.docnum), p.entry.locale, p.ranked)
        found.results.append(Result(p.entry, hit))
    return found


def _ranked(
    catalog: Catalog, searcher: Searcher, q: str, words: tuple[str, ...], locale: str, want: int
) -> _Ranking:
    others = [loc for loc in catalog.locales if loc != locale and loc in searcher.languages]
    if locale != catalog.source_locale:  # the source language only: translations follow it
        others = [loc for loc in others if loc == catalog.source_locale]
    weights = {loc: foreign_share(searcher, words, locale, loc) for loc in others}
    other, weight = max(weights.items(), key=lambda kv: kv[1], default=(locale, 0.0))
    if weight < FOREIGN:
        return _monolingual(catalog, searcher, q, locale, want)
    return _fused(catalog, searcher, q, locale, (other, weight), want)


def _monolingual(catalog: Catalog, searcher: Searcher, q: str, locale: str, want: int) -> _Ranking:
    """Hits of the reader's language, then untranslated source-language articles."""
    local = searcher.ranked(q, locale, want)
    sides = [(local, local.best[:want])]
    total = local.total
    if locale != catalog.source_locale and len(local.best) < want:
        more = searcher.ranked(
            q, catalog.source_locale, want - len(local.best), catalog.untranslated(locale)
        )
        sides.append((more, more.best))
        total += more.total
    picks = [
        _Pick(entry, score, docnum, ranked)
        for ranked, best in sides
        for score, docnum in best
        if (entry := _entry(catalog, searcher, docnum)) is not None
    ]
    return _Ranking(total, picks, local.suggestion)


def _fused(
    catalog: Catalog,
    searcher: Searcher,
    q: str,
    locale: str,
    other: tuple[str, float],
    want: int,
) -> _Ranking:
    """The reader's ranking and ``other``'s fused by article, shown in the reader's
    language where the article has a version in it."""
    other_locale, weight = other
    depth = max(DEPTH, want)
    sides = [(searcher.ranked(q, locale, depth), 1.0)]
    sides.append((searcher.ranked(q, other_locale, depth), weight))
    scores: dict[str, float] = {}
    shown: dict[str, Entry] = {}
    matched: set[str] = set()
    for ranked, w in sides:
        top = ranked.best[0][0] if ranked.best else 1.0
        for score, docnum in ranked.best:
            entry = _entry(catalog, searcher, docnum)
            if entry is None:
                continue
            reader = catalog.doc_entry(entry.doc_id, locale) or entry
            shown[entry.doc_id] = reader
            scores[entry.doc_id] = scores.get(entry.doc_id, 0.0) + w * score / top
        matched |= _articles(catalog, searcher, ranked)
    order = sorted(scores, key=lambda d: (-scores[d], d))[:want]
    first = sides[0][0]
    found = _Ranking(len(matched), [], first.suggestion, (other_locale,))
    for doc_id in order:
        entry = shown[doc_id]
        number = searcher.docnum_of(f"{entry.locale}|{entry.path}")
        if number is not None:
            # quoted from the version shown, with the query's words in its language
            ranked = first if entry.locale == locale else sides[1][0]
            found.picks.append(_Pick(entry, scores[doc_id], number, ranked))
    return found


def _entries(catalog: Catalog, searcher: Searcher) -> list[Entry | None]:
    """Each index entry's catalog entry, by docnum (made once per build)."""

    def make(_catalog: Catalog) -> list[Entry | None]:
        out: list[Entry | None] = []
        for docnum in range(searcher.doc_count):
            key = searcher.key_of(docnum)
            locale, _, path = (key or "").partition("|")
            out.append(catalog.by_path.get((locale, path)))
        return out

    return catalog.part("entries by docnum", make)


def _entry(catalog: Catalog, searcher: Searcher, docnum: int) -> Entry | None:
    entries = _entries(catalog, searcher)
    return entries[docnum] if 0 <= docnum < len(entries) else None


def _articles(catalog: Catalog, searcher: Searcher, ranked: Ranked) -> set[str]:
    """The articles (doc ids) of every entry ``ranked`` matches: the honest total."""
    entries = _entries(catalog, searcher)
    return {e.doc_id for n in ranked.matched if (e := entries[n]) is not None}
