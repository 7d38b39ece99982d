"""A build's caches are bounded in bytes, and keyed on what changes the answer.

Ten thousand distinct searches (distinct words, limits, offsets) go through a
build whose caches have a small budget: the bytes held never pass it, and
after it is reached they stay level. Searches typed differently but meaning
the same share one entry; the pages of one search share one ranking.
"""

from __future__ import annotations

import itertools
import random
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from service.index import builds
from service.index.catalog import Catalog
from service.index.memory import Bounded
from service.search import results
from service.settings import Settings

BUDGET = 600_000  # bytes, all caches told: a fifth of it for each search cache


@pytest.fixture
def catalog(content_settings: Settings) -> Iterator[Catalog]:
    build = builds.current_build(content_settings.index)
    assert build is not None
    opened = Catalog.open(build)
    opened.budget(BUDGET)
    results.prepare(opened)
    yield opened
    opened.close()


def _queries(catalog: Catalog, n: int) -> Iterator[tuple[str, str, int, int]]:
    rng = random.Random(16)
    words = {lang: sorted(v) for lang, v in catalog.vocabulary.items()}
    for _ in range(n):
        lang = rng.choice(sorted(words))
        q = " ".join(rng.sample(words[lang], rng.randint(1, 3)))
        yield q, lang, rng.randint(1, 20), rng.randrange(0, 40)


def test_ten_thousand_distinct_searches_stay_within_the_budget(catalog: Catalog) -> None:
    caches = results.caches(catalog)
    seen: dict[str, list[int]] = {name: [] for name in caches}
    for n, (q, lang, limit, offset) in enumerate(_queries(catalog, 10_000), 1):
        results.search(catalog, q, lang, limit, offset)
        if n % 1000 == 0:
            for name, cache in caches.items():
                assert cache.used <= cache.budget, (name, n)
                seen[name].append(cache.used)
    for name in ("rankings", "results", "postings"):
        used = seen[name]
        assert used[-1] > caches[name].budget * 0.8, (name, used)  # it did fill up
        assert max(used[4:]) <= caches[name].budget, (name, used)  # and stays level
        assert len(caches[name]) < 10_000  # the least recently used went
    assert caches["rankings"].budget == caches["stored"].budget == BUDGET // 18
    assert caches["postings"].budget == BUDGET // 18
    assert caches["results"].budget == BUDGET // 6


def test_a_search_typed_differently_is_one_entry(catalog: Catalog) -> None:
    caches = results.caches(catalog)
    first = results.search(catalog, "PUT idempotent", "en", 10)
    before = {name: len(c) for name, c in caches.items()}
    for typed in ("PUT   idempotent", "PUT, idempotent!", "  PUT idempotent  "):
        assert results.search(catalog, typed, "en", 10) is first
    assert {name: len(c) for name, c in caches.items()} == before


def test_the_pages_of_a_search_share_one_ranking(catalog: Catalog) -> None:
    rankings = results.caches(catalog)["rankings"]
    results.search(catalog, "request method", "en", 10, 0)
    before = len(rankings)
    for offset in (10, 20):
        results.search(catalog, "request method", "en", 10, offset)
    assert len(rankings) == before


def test_a_value_over_the_whole_budget_is_not_kept() -> None:
    cache: Bounded[int, bytes] = Bounded(1000, len)
    assert cache.put(1, b"x" * 5000) == b"x" * 5000
    assert cache.get(1) is None and cache.used == 0
    for n in itertools.islice(itertools.count(), 100):
        cache.put(n, b"y" * 100)
    assert cache.used <= 1000 and len(cache) == 1000 // 300


def test_searches_from_many_threads_give_what_one_thread_gives(
    content_settings: Settings,
) -> None:
    """Searches run in the worker threads at once: the shared caches and index reads
    (Whoosh reads its files by seek-then-read) must not mix them up."""
    build = builds.current_build(content_settings.index)
    assert build is not None
    queries = list(_queries_for(build, 400))

    def shown(catalog: Catalog, query: tuple[str, str, int, int]) -> list[tuple[str, str]]:
        found = results.search(catalog, *query)
        return [(r.hit.path, r.hit.snippet) for r in found.results]

    alone = Catalog.open(build)
    expected = [shown(alone, q) for q in queries]
    alone.close()
    shared = Catalog.open(build)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads take turns often: what can interleave, does
    try:
        with ThreadPoolExecutor(8) as pool:
            got = list(pool.map(lambda q: shown(shared, q), queries))
    finally:
        sys.setswitchinterval(interval)
        shared.close()
    assert got == expected


def _queries_for(build: Path, n: int) -> Iterator[tuple[str, str, int, int]]:
    catalog = Catalog.open(build)
    try:
        yield from list(_queries(catalog, n))
    finally:
        catalog.close()
