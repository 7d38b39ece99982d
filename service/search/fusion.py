"""Which entries a search shows, in which order: one language's ranking, or two fused.

People type English product terms in a French, Dutch or Swedish UI, and now
and then a French word in an English one. Each of the query's topic words is
looked up in each language's vocabulary: a word much more common in another
language's docs than in the reader's is that language's (``foreign_share``).
Where part of the query is the source language's (or, for a source-language
reader, another's), that language is searched too and its ranking fused with
the reader's: each side's scores weighed by the share of the query that is its
own (the other side's ``foreign_share``, the reader's the rest), so that a query
half in English is not ranked as if its French half were all of it, and divided
by the best score of either side (one scale: the same BM25F, the same
statistics), not each by its own best, so that a side that matches the query
poorly does not count its best entry as much as the side that matches it
well. Otherwise the reader's
hits come first, then untranslated source-language articles.

The result is a list of :class:`Pick`: entries not yet quoted. Only the page
asked for is quoted (``results``): quoting is most of a search's cost.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from service.index.catalog import Catalog, Entry
from service.index.schema import doc_key

from .ranked import NO_DOCS, Ranked
from .searcher import Searcher

DEPTH = 30  # entries each side ranks before fusing (at least the page asked for)
FOREIGN = 0.2  # below this share of the query, another language is not searched


@dataclass(frozen=True, slots=True)
class Pick:
    """A ranked entry not yet quoted: only those of the page asked for get a snippet
    (quoting is most of a search's cost: a deep ``offset`` must not pay for every
    hit above it)."""

    entry: Entry  # the version shown
    score: float
    docnum: int
    ranked: Ranked  # the ranking whose words it is quoted with


@dataclass(slots=True)
class Ranking:
    total: int
    picks: list[Pick]  # best first, as many as were asked for (or fewer)
    suggestion: str | None = None
    also: tuple[str, ...] = ()


def foreign_share(searcher: Searcher, words: tuple[str, ...], locale: str, other: str) -> float:
    """How much of a query's ``words`` is ``other``'s rather than ``locale``'s, from 0 to
    1: the mean over its topic words of how much more common each is in ``other``'s
    docs (``2·p_other / (p_other + p_locale) − 1``, 0 when the reader's is as common).

    The topic words are those of both languages: a function word of either is left
    out, as the French "de" of "the magasin de données" typed in English (a word
    ``other``'s docs never index cannot say the query is theirs, nor the reader's)."""
    mine = searcher.words_known(words, locale)
    theirs = dict(searcher.words_known(words, other))
    shares = []
    for word, p_mine in mine:
        if word not in theirs:  # a function word of ``other``
            continue
        p_theirs = theirs[word]
        shares.append(max(0.0, 2 * p_theirs / (p_theirs + p_mine) - 1) if p_theirs else 0.0)
    return sum(shares) / len(shares) if shares else 0.0


def ranking(
    catalog: Catalog, searcher: Searcher, q: str, words: tuple[str, ...], locale: str, want: int
) -> Ranking:
    others = [loc for loc in catalog.locales if loc != locale and loc in searcher.languages]
    if locale != catalog.source_locale:  # the source language only: translations follow it
        others = [loc for loc in others if loc == catalog.source_locale]
    weights = {loc: foreign_share(searcher, words, locale, loc) for loc in others}
    other, weight = max(weights.items(), key=lambda kv: kv[1], default=(locale, 0.0))
    if weight < FOREIGN:
        return _monolingual(catalog, searcher, q, locale, want)
    return _fused(catalog, searcher, q, locale, (other, weight), want)


def _monolingual(catalog: Catalog, searcher: Searcher, q: str, locale: str, want: int) -> Ranking:
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
        Pick(entry, score, docnum, ranked)
        for ranked, best in sides
        for score, docnum in best
        if (entry := _entry(catalog, searcher, docnum)) is not None
    ]
    return Ranking(total, picks, local.suggestion)


def _fused(
    catalog: Catalog,
    searcher: Searcher,
    q: str,
    locale: str,
    other: tuple[str, float],
    want: int,
) -> Ranking:
    """The reader's ranking and ``other``'s fused by article (each side's scores weighed
    by its share of the query, on the scale of the best of either), shown in the
    reader's language where the article has a version in it."""
    other_locale, weight = other
    depth = max(DEPTH, want)
    sides = [(searcher.ranked(q, locale, depth), 1.0 - weight)]
    sides.append((searcher.ranked(q, other_locale, depth), weight))
    scores: dict[str, float] = {}
    shown: dict[str, Entry] = {}
    matched = NO_DOCS
    # One scale for both sides: the best score of either. Both are BM25F under the same
    # statistics; a side whose best entry has only a common word of the query (the
    # reader's side of "hur fungerar commit och rollback", where the Swedish docs
    # have only "scenario") must not count its best as much as the other's, which has
    # every word.
    top = max((ranked.best[0][0] for ranked, _w in sides if ranked.best), default=1.0)
    for ranked, w in sides:
        for score, docnum in ranked.best:
            entry = _entry(catalog, searcher, docnum)
            if entry is None:
                continue
            reader = catalog.doc_entry(entry.doc_id, locale) or entry
            shown[entry.doc_id] = reader
            scores[entry.doc_id] = scores.get(entry.doc_id, 0.0) + w * score / top
        matched = np.union1d(matched, _articles(catalog, searcher, ranked))
    order = sorted(scores, key=lambda d: (-scores[d], d))[:want]
    first = sides[0][0]
    found = Ranking(len(matched), [], first.suggestion, (other_locale,))
    for doc_id in order:
        entry = shown[doc_id]
        number = searcher.docnum_of(f"{entry.locale}|{entry.path}")
        if number is not None:
            # quoted from the version shown, with the query's words in its language
            ranked = first if entry.locale == locale else sides[1][0]
            found.picks.append(Pick(entry, scores[doc_id], number, ranked))
    return found


def prepare(catalog: Catalog, searcher: Searcher) -> None:
    """The tables by docnum, made before the build serves (at 20× the corpus, the first
    search made them: 30 ms of its time)."""
    _entries(catalog, searcher)
    _article_numbers(catalog, searcher)


def _entries(catalog: Catalog, searcher: Searcher) -> list[Entry | None]:
    """Each index entry's catalog entry, by docnum (made once per build)."""

    def make(c: Catalog) -> list[Entry | None]:
        by_key = {doc_key(locale, path): e for (locale, path), e in c.by_path.items()}
        return [by_key.get(key) if key is not None else None for key in searcher.keys]

    return catalog.part("entries by docnum", make)


def _entry(catalog: Catalog, searcher: Searcher, docnum: int) -> Entry | None:
    entries = _entries(catalog, searcher)
    return entries[docnum] if 0 <= docnum < len(entries) else None


def _article_numbers(catalog: Catalog, searcher: Searcher) -> npt.NDArray[np.int32]:
    """Each docnum's article, numbered (-1: none), made once per build."""

    def make(_catalog: Catalog) -> npt.NDArray[np.int32]:
        numbers: dict[str, int] = {}
        return np.array(
            [-1 if e is None else numbers.setdefault(e.doc_id, len(numbers)) for e in entries],
            dtype=np.int32,
        )

    entries = _entries(catalog, searcher)
    return catalog.part("article by docnum", make)


def _articles(catalog: Catalog, searcher: Searcher, ranked: Ranked) -> npt.NDArray[np.int32]:
    """The articles (numbered) of every entry ``ranked`` matches, ascending: the honest
    total, the versions of one article counted once."""

    found = np.unique(_article_numbers(catalog, searcher)[ranked.matched])
    kept: npt.NDArray[np.int32] = found[found >= 0]
    return kept
