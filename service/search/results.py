"""A search of a build in the reader's language, with the source language after it.

Hits come from the requested language first; when they run out before the
page is full, source-language articles that have no translation in it
follow, marked with their own locale. Each hit comes with its article's
catalog entry (id, title, URL), so every caller (the API, the pages, the
command line) shows the same results.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from service.index.catalog import Catalog, Entry

from .searcher import Hit, Searcher


@dataclass(frozen=True, slots=True)
class Result:
    entry: Entry  # the article's version the hit is in
    hit: Hit

    @property
    def url(self) -> str:
        return self.entry.url + (f"#{self.hit.anchor}" if self.hit.anchor else "")


@dataclass(slots=True)
class Results:
    total: int
    results: list[Result] = field(default_factory=list)
    suggestion: str | None = None


def searcher_of(catalog: Catalog) -> Searcher:
    """The build's searcher, made once (``Live`` makes it before the build serves)."""
    return catalog.part("searcher", lambda c: Searcher(c.whoosh, c.vocabulary))


def search(catalog: Catalog, q: str, locale: str, limit: int, offset: int = 0) -> Results:
    """One page of results for ``q`` in ``locale``. Raises ``query.QueryError``."""
    searcher = searcher_of(catalog)
    local = searcher.search(q, locale, limit=offset + limit)
    hits, total = list(local.hits), local.total
    if locale != catalog.source_locale and len(hits) < offset + limit:
        more = searcher.search(
            q,
            catalog.source_locale,
            limit=max(0, offset + limit - len(hits)),
            within=catalog.untranslated(locale),
        )
        hits += more.hits
        total += more.total
    found = Results(total, suggestion=local.suggestion)
    for hit in hits[offset : offset + limit]:
        entry = catalog.by_path.get((hit.locale, hit.path))
        if entry is not None:
            found.results.append(Result(entry, hit))
    return found
