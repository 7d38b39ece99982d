"""A search of a build in the reader's language, with other languages where the query
is theirs (``fusion``), one page of it quoted.

Every hit is shown in the reader's language when the article has a
translation there (``locale`` says which version a hit is), quoted from that
version. A question about what HTTP methods do (``concepts``) also gets the
method records that answer it. Pages of results are kept per build, bounded
in bytes, under what the query means rather than how it was typed.

Each hit comes with its article's catalog entry (id, title, URL), so every
caller (the API, the pages, the command line) shows the same results.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import Any

from service.index.analysis import stems_of
from service.index.apps import apps_of
from service.index.catalog import Catalog, Entry
from service.index.memory import Bounded
from service.index.places import Place
from service.index.schema import doc_key
from service.records import MethodRecord

from . import concepts, fusion
from .apps import AppNames, Lift
from .function_words import content_words
from .fusion import Pick, Ranking
from .highlight import Matcher
from .query import ParsedQuery, parse_query
from .ranked import Hit
from .searcher import Searcher

# of a build's cache budget for the searcher (a third each for rankings, entries' quotes and
# terms' postings), and as much for result pages
SEARCH_SHARE = 1 / 6


class OverBudget(TimeoutError):
    """The search passed its deadline; it gave up between two of its steps."""


def _check(deadline: float | None) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise OverBudget("the search took longer than its time budget")


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

    def make(c: Catalog) -> Searcher:
        guide = next((t.title for t in c.navigation.get(c.source_locale, ()) if t.title), "")
        apps = AppNames.of(c.docs.app_articles(c.source_locale), guide)

        def versions(doc_id: str) -> tuple[str, ...]:
            return tuple(doc_key(e.locale, e.path) for e in c.articles.get(doc_id, {}).values())

        lift = Lift(apps, versions)
        budget = int(c.cache_bytes * SEARCH_SHARE)
        return Searcher(c.whoosh, c.vocabulary, budget, lift, c.cited)

    return catalog.part("searcher", make)


def prepare(catalog: Catalog) -> None:
    """What a search needs of a build, made before the build serves: its searcher, its
    tables by docnum, and the apps' names (field-help lookups)."""
    fusion.prepare(catalog, searcher_of(catalog))
    apps_of(catalog)


def search(
    catalog: Catalog,
    q: str,
    locale: str,
    limit: int,
    offset: int = 0,
    deadline: float | None = None,
) -> Results:
    """One page of results for ``q`` in ``locale``. Raises ``query.QueryError``, and
    :class:`OverBudget` once ``time.monotonic()`` passes ``deadline``.

    A question about what HTTP methods do (``concepts``) also gets the method
    records that answer it, and the articles that document the methods first. A
    hit in a module's section of an app article names the module, and the field
    of it whose label has the query's words."""
    parsed = parse_query(q)  # QueryError here, before any search
    cache = _pages(catalog)
    key = (parsed, locale, limit, offset)  # what the query means, not how it was typed
    done: Results | None = cache.get(key)
    if done is not None:
        return done
    _check(deadline)
    words = parsed.words
    found = _search(catalog, q, words, locale, limit, offset, deadline)
    topic = content_words(words, locale)
    for n, r in enumerate(found.results):
        place = catalog.docs.place(r.entry.locale, r.entry.path, r.hit.anchor)
        if place is not None:
            found.results[n] = Result(r.entry, r.hit, place, _field(place, topic, r.hit.locale))
    return cache.put(key, found)


def made(catalog: Catalog, q: str, locale: str, limit: int, offset: int = 0) -> bool:
    """Whether this page of results is made already (then ``search`` is a lookup).
    Raises ``query.QueryError``."""
    return _pages(catalog).get((parse_query(q), locale, limit, offset)) is not None


def _pages(catalog: Catalog) -> Bounded[tuple[ParsedQuery, str, int, int], Results]:
    """The build's pages of results already made (a repeated search is a lookup)."""
    return catalog.part(
        "search results", lambda c: Bounded(int(c.cache_bytes * SEARCH_SHARE), _page_size)
    )


def caches(catalog: Catalog) -> dict[str, Bounded[Any, Any]]:
    """Every cache a build fills as it serves, by name: for the operator, and tests."""
    return {
        "responses": catalog.memo,
        "rankings": searcher_of(catalog).rankings,
        "stored": searcher_of(catalog).stored,
        "postings": searcher_of(catalog).postings.read,
        "results": _pages(catalog),
    }


def _page_size(found: Results) -> int:
    """About what a page of results holds beyond the catalog's own objects (a hit's
    plain snippet is made from its HTML when asked: not held)."""
    return 300 + sum(
        250 + sys.getsizeof(r.hit.snippet_html) + sys.getsizeof(r.hit.path) for r in found.results
    )


def _field(place: Place, words: tuple[str, ...], lang: str) -> tuple[str, str] | None:
    """The module's field whose label has the most of the query's words."""
    matcher = Matcher(lang)
    stems = frozenset(t for w in words for t in stems_of(lang, w))
    best = max(
        ((len(matcher.matches(label, stems)), n) for n, (_i, label) in enumerate(place.fields)),
        default=(0, 0),
    )
    return place.fields[best[1]] if best[0] else None


def _search(
    catalog: Catalog,
    q: str,
    words: tuple[str, ...],
    locale: str,
    limit: int,
    offset: int,
    deadline: float | None,
) -> Results:
    searcher = searcher_of(catalog)
    asked = concepts.asked(words, locale, catalog.methods)
    if asked is None:
        ranking = fusion.ranking(catalog, searcher, q, words, locale, offset + limit)
        return _quoted(searcher, ranking, ranking.picks[offset : offset + limit], deadline)
    documenting = [
        e for d in catalog.method_articles() if (e := catalog.doc_entry(d, locale)) is not None
    ]
    ranking = fusion.ranking(catalog, searcher, q, words, locale, offset + limit + len(documenting))
    ids = {e.doc_id for e in documenting}
    shown = {p.entry.doc_id for p in ranking.picks}
    first = [p for p in ranking.picks if p.entry.doc_id in ids]
    ranked = searcher.ranked(q, locale, 1)
    for entry in documenting:
        number = searcher.docnum_of(f"{entry.locale}|{entry.path}")
        if entry.doc_id not in shown and number is not None:
            first.append(Pick(entry, 0.0, number, ranked))
            ranking.total += 1
    rest = [p for p in ranking.picks if p.entry.doc_id not in ids]
    found = _quoted(searcher, ranking, [*first, *rest][offset : offset + limit], deadline)
    found.answers = concepts.answers(asked, {m: catalog.pick(m, locale) for m in catalog.methods})
    return found


def _quoted(
    searcher: Searcher, ranking: Ranking, page: list[Pick], deadline: float | None
) -> Results:
    """The page's picks as results, each quoted from the version shown."""
    found = Results(ranking.total, suggestion=ranking.suggestion, also=ranking.also)
    for p in page:
        _check(deadline)
        hit = searcher.hit((p.score, p.docnum), p.entry.locale, p.ranked)
        found.results.append(Result(p.entry, hit))
    return found
