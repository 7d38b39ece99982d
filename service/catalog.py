"""One complete build, opened for serving, and the live holder that swaps builds.

Everything a lookup needs is prepared here when a build is opened: method
records per (locale, method) as JSON bytes, the document list, the article
map. Requests only read a :class:`Catalog`; :class:`Live` replaces it when
``lingodocs ingest`` swaps in a new build, without failing a request.
"""

from __future__ import annotations

import gc
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import index
from .methods import sort_key
from .records import MethodRecord, TranslationStatus, doc_url
from .search import Searcher
from .store import DOCS, DocStore

log = logging.getLogger("lingodocs")


@dataclass(frozen=True, slots=True)
class Entry:
    """What is kept in memory of every document."""

    doc_id: str
    locale: str
    path: str
    title: str
    description: str
    translation: TranslationStatus
    methods: tuple[str, ...]

    @property
    def url(self) -> str:
        return doc_url(self.locale, self.doc_id)


@dataclass(slots=True)
class Catalog:
    build: Path
    build_id: str
    created: str
    source_locale: str
    locales: tuple[str, ...]
    records: list[MethodRecord]
    lookup: dict[str, dict[str, MethodRecord]]
    entries: dict[tuple[str, str], Entry]  # (locale, doc_id)
    by_path: dict[tuple[str, str], Entry]  # (locale, path)
    articles: dict[str, dict[str, Entry]]  # doc_id → locale → entry
    quality: dict[str, Any]
    problems: list[dict[str, Any]]
    has_history: bool
    docs: DocStore
    searcher: Searcher
    methods: tuple[str, ...] = field(default=())  # documented methods, in picker order
    memo: dict[Any, Any] = field(default_factory=dict)  # views' prepared responses, per build

    @classmethod
    def open(cls, build: Path) -> Catalog:
        """Open a build for serving; a damaged one raises ``index.IndexError_``.

        Its files' sizes are checked against its manifest before any is mapped:
        a file shorter than it should be kills a process that reads it (SIGBUS)."""
        damage = index.verify(build, checksums=False)
        if damage is not None:
            raise index.IndexError_(f"the index build {build} is damaged: {damage}")
        data = index.read_records(build)
        records = [MethodRecord.from_dict(r) for r in data["records"]]
        entries: dict[tuple[str, str], Entry] = {}
        for item in data["catalog"]:
            entry = Entry(
                item["doc_id"],
                item["locale"],
                item["path"],
                item["title"],
                item["description"],
                TranslationStatus.from_dict(item["translation"]),
                tuple(item["methods"]),
            )
            entries[entry.locale, entry.doc_id] = entry
        articles: dict[str, dict[str, Entry]] = {}
        for entry in entries.values():
            articles.setdefault(entry.doc_id, {})[entry.locale] = entry
        lookup = {
            loc: {m: records[i] for m, i in by_m.items()} for loc, by_m in data["lookup"].items()
        }
        documented = sorted({m for by_m in lookup.values() for m in by_m}, key=sort_key)
        return cls(
            build=build,
            build_id=data["build_id"],
            created=data["created"],
            source_locale=data["source_locale"],
            locales=tuple(data["locales"]),
            records=records,
            lookup=lookup,
            entries=entries,
            by_path={(e.locale, e.path): e for e in entries.values()},
            articles=articles,
            quality=data.get("quality", {}),
            problems=data.get("problems", []),
            has_history=bool(data.get("history")),
            docs=DocStore(build / DOCS),
            searcher=Searcher(index.open_whoosh(build), data.get("vocabulary", {})),
            methods=tuple(documented),
        )

    def untranslated(self, locale: str) -> frozenset[str]:
        """Index keys (``locale|path``) of the source-language documents that have no
        ``locale`` translation: what a search in ``locale`` may fall back to."""
        key = ("untranslated", locale)
        found: frozenset[str] | None = self.memo.get(key)
        if found is None:
            found = self.memo[key] = frozenset(
                f"{entry.locale}|{entry.path}"
                for (loc, doc_id), entry in self.entries.items()
                if loc == self.source_locale and locale not in self.articles.get(doc_id, {})
            )
        return found

    def close(self) -> None:
        self.searcher.close()


def settle() -> None:
    """Exempt what is alive now (the app, the catalog) from the cycle collector.

    A catalog is hundreds of thousands of long-lived objects; every full
    collection walked them all, and a search allocates enough to trigger
    collections: a few milliseconds added to some searches. ``gc.freeze``
    moves them out of the collector's generations (Python's advice for
    long-lived servers); ``unfreeze`` first lets a retired catalog go.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


class Live:
    """The catalog being served; a background thread swaps in new builds."""

    def __init__(self, root: Path, interval: float = 2.0) -> None:
        self.root = root
        self.interval = interval
        self.catalog: Catalog | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.refresh()

    def refresh(self) -> bool:
        """Open the current build if it is not the one served. True if swapped."""
        build = index.current_build(self.root)
        if build is None or (self.catalog is not None and self.catalog.build == build):
            return False
        try:
            catalog = Catalog.open(build)
        except Exception:  # a build we cannot open never replaces a working one
            log.exception("cannot open index build %s; still serving the previous one", build)
            return False
        old, self.catalog = self.catalog, catalog
        log.info("serving index build %s", catalog.build_id)
        settle()
        if old is not None:  # in-flight requests holding it finish on their own

            def retire(old: Catalog = old) -> None:
                old.close()
                settle()  # the old build's objects may be collected now

            timer = threading.Timer(30.0, retire)
            timer.daemon = True
            timer.start()
        return True

    def start(self) -> None:
        if self._thread is None and self.interval > 0:
            self._thread = threading.Thread(target=self._watch, name="index-watch", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _watch(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.refresh()
            except Exception:
                log.exception("index watch failed")
