"""The in-process baselines' only ties to the service: analyzers and the Whoosh searcher.

Each tie is one small function so it can follow the service when its API moves.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

Hit = dict[str, Any]
SearchFn = Callable[[str, str, int], list[Hit]]


def analyzer_for(lang: str) -> Any:
    """The service's analyzer for a language, else the same chain built here."""
    try:
        from service.index.analysis import analyzer_for as service_analyzer
    except ImportError:
        from whoosh.analysis import (
            CharsetFilter,
            LowercaseFilter,
            RegexTokenizer,
            StemFilter,
            StopFilter,
        )
        from whoosh.lang import has_stemmer, has_stopwords
        from whoosh.support.charset import accent_map

        chain = RegexTokenizer() | LowercaseFilter()
        if has_stopwords(lang):
            chain = chain | StopFilter(lang=lang)
        chain = chain | CharsetFilter(accent_map)
        if has_stemmer(lang):
            chain = chain | StemFilter(lang=lang)
        return chain
    return service_analyzer(lang)


def whoosh_dir(index: Path) -> Path:
    """The Whoosh directory inside a `lingodocs ingest` index (current build), or index."""
    for candidate in (index / "current" / "whoosh", index / "whoosh", index):
        if candidate.is_dir() and any(candidate.glob("_MAIN_*.toc")):
            return candidate
    raise FileNotFoundError(f"no Whoosh index under {index}")


def open_searcher(index: Path) -> tuple[SearchFn, Callable[[], None]]:
    """search(q, lang, limit) -> hits, in-process, as the API computes them; and close().
    (See :func:`open_catalog_searcher`.)"""
    try:
        search, close, _catalog = open_catalog_searcher(index)
    except ImportError:
        return open_whoosh_searcher(index)
    return search, close


def empty_caches(catalog: Any) -> None:
    """Empty every cache a search fills: the build's (responses, rankings, stored
    entries, result pages) and the process's (stems of words, snippet patterns)."""
    from service.search import highlight
    from service.search.results import caches

    for cache in caches(catalog).values():
        cache.clear()
    highlight.forget()


def open_catalog_searcher(index: Path) -> tuple[SearchFn, Callable[[], None], Any]:
    """search(q, lang, limit) -> hits, in-process, as the API computes them; close();
    and the opened catalog.

    The one call into the service's search: `service.web.api.search.search_json`
    on a `Catalog` of the current build (what `GET /api/v1/search` runs, minus
    HTTP, negotiation and serialisation). Raises ImportError on a service without it.
    """
    from service.i18n.locales import Choice, lang_param
    from service.index.builds import current_build
    from service.index.catalog import Catalog
    from service.web.api.search import search_json

    build = current_build(index)
    if build is None:
        raise FileNotFoundError(f"no current build under {index}")
    catalog = Catalog.open(build)
    try:  # what the server makes before a build serves (its searcher, the apps' places)
        from service.search.results import prepare

        prepare(catalog)
    except ImportError:
        pass

    def search(q: str, lang: str, limit: int) -> list[Hit]:
        code = lang_param(lang, catalog.locales) or lang
        result = search_json(catalog, q, Choice(code, code, False), limit, 0)
        return list(result["hits"])

    return search, catalog.close, catalog


def open_whoosh_searcher(index: Path) -> tuple[SearchFn, Callable[[], None]]:
    """The same shape on the bare Whoosh searcher: parse, search, read stored fields."""
    from whoosh import index as whoosh_index
    from whoosh.qparser import MultifieldParser, OrGroup

    ix = whoosh_index.open_dir(str(whoosh_dir(index)))
    searcher = ix.searcher()
    names = set(ix.schema.names())
    parsers: dict[str, Any] = {}

    def parser_for(lang: str) -> Any:
        if lang not in parsers:
            fields = [f"{n}_{lang}" for n in ("head", "text") if f"{n}_{lang}" in names]
            parsers[lang] = MultifieldParser(fields or ["body"], ix.schema, group=OrGroup)
        return parsers[lang]

    def search(q: str, lang: str, limit: int) -> list[Hit]:
        results = searcher.search(parser_for(lang).parse(q), limit=limit)
        return [dict(hit.fields()) for hit in results]

    return search, searcher.close


def vocabulary_of(index: Path) -> dict[str, dict[str, int]]:
    """The current build's vocabulary: language → folded word → count (what ingest
    counted for spelling corrections)."""
    import msgspec

    from service.index.builds import RECORDS, current_build
    from service.index.catalog import Records

    build = current_build(index)
    if build is None:
        raise FileNotFoundError(f"no current build under {index}")
    return msgspec.json.decode((build / RECORDS).read_bytes(), type=Records).vocabulary


def new_segment_keys(index: Path) -> set[str] | None:
    """Stored keys of the documents in segments written by the latest ingest.

    An incremental `lingodocs ingest` hard-links the previous build's segment
    files and adds a segment for what changed, so segments whose file has a
    single link are the new ones. None when the layout does not allow the check.
    """
    from whoosh import index as whoosh_index

    try:
        folder = whoosh_dir(index)
        reader = whoosh_index.open_dir(str(folder)).reader()
    except (FileNotFoundError, OSError):
        return None
    keys: set[str] = set()
    try:
        for leaf, _offset in reader.leaf_readers():
            segment = leaf.segment()
            if segment is None:
                return None
            seg_file = folder / f"{segment.segment_id()}.seg"
            if not seg_file.exists():
                return None
            if seg_file.stat().st_nlink == 1:
                for fields in leaf.all_stored_fields():
                    keys.add(str(fields.get("doc_key") or fields.get("key")))
    finally:
        reader.close()
    return keys
