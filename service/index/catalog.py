"""One complete build, opened for serving, with the lookups every request makes.

Everything a lookup needs is prepared when a build is opened: method records
per (locale, method), the document list, the article map. Requests only read
a :class:`Catalog`; per-build objects that other stages make from it (the
search stage's searcher) are kept with it by :meth:`Catalog.part` and closed
with it; responses prepared from it are kept in its bounded ``memo``.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import msgspec

from service.ingest.methods import sort_key
from service.records import Document, MethodRecord, Record, Toc, TranslationStatus, doc_url

from . import builds, mapped
from .memory import MB, Bounded, body_size
from .schema import doc_key
from .store import DOCS, DocStore

T = TypeVar("T")
CACHE_BYTES = 64 * MB  # what a build's caches may hold, all told (the settings' cache_mb)
MEMO_SHARE = 2 / 3  # of it for prepared responses and pages; the search stage has the rest


@dataclass(frozen=True, slots=True)
class Entry(Record):
    """What is kept in memory of every document."""

    doc_id: str
    locale: str
    path: str
    title: str
    status: TranslationStatus  # its translation's status without its findings' ids
    methods: tuple[str, ...]
    # The ids of those findings, in one string, space-separated: a tuple of strings
    # was 12 MB of a 20x build's server (180,000 ids), a string each; one per entry is
    # a fifth of that. :attr:`translation` gives them back as the status holds them.
    findings: str = ""

    @classmethod
    def of(cls, doc: Document) -> Entry:
        """``doc``'s entry. Its findings' summaries and its description stay in the
        document's row (a page reads them there): every entry is in memory and in each
        article's list of translations."""
        return cls(
            doc.doc_id,
            doc.locale,
            doc.path,
            doc.title,
            dataclasses.replace(doc.translation, findings=(), finding_summaries=()),
            tuple(e.method for e in doc.methods),
            " ".join(doc.translation.findings),
        )

    @property
    def translation(self) -> TranslationStatus:
        """The translation's status, with its findings' ids (not their summaries)."""
        if not self.findings:
            return self.status
        return dataclasses.replace(self.status, findings=tuple(self.findings.split(" ")))

    @property
    def url(self) -> str:
        return doc_url(self.locale, self.doc_id)


class Records(msgspec.Struct):
    """``records.json``: what a server keeps in memory of a build (``pipeline.assemble``
    makes it). msgspec encodes it, and decodes it straight into the records: a quarter
    of the time of ``json`` and ``from_dict`` (1.2 s at 20× the corpus, most of opening
    a build)."""

    format: int
    build_id: str
    created: str
    source_locale: str
    locales: list[str]
    records: list[MethodRecord]
    entries: list[Entry]
    lookup: dict[str, dict[str, int]]
    quality: dict[str, Any] = msgspec.field(default_factory=dict)
    history: bool = False
    vocabulary: dict[str, dict[str, int]] = msgspec.field(default_factory=dict)
    navigation: dict[str, list[Toc]] = msgspec.field(default_factory=dict)
    # article path → the source-language articles that link to it (``priors.cited``)
    cited: dict[str, int] = msgspec.field(default_factory=dict)


_DECODER = msgspec.json.Decoder(Records)


class _Vocabulary(msgspec.Struct):
    vocabulary: dict[str, dict[str, int]] = msgspec.field(default_factory=dict)


_VOCABULARY = msgspec.json.Decoder(_Vocabulary)


def read_vocabulary(build: Path) -> dict[str, dict[str, int]] | None:
    """The vocabulary of a build's ``records.json`` (the next ingest revises it), decoded
    alone; None when it cannot be read."""
    try:
        with open(build / builds.RECORDS, "rb") as fh:
            return _VOCABULARY.decode(fh.read()).vocabulary
    except (OSError, msgspec.DecodeError):
        return None


def _share(entries: list[Entry], cited: dict[str, int]) -> dict[str, int]:
    """One string object for each locale, path and doc id, however many entries have
    it, and one status for every entry with the default one (the source language's).

    msgspec decodes every occurrence into an object of its own: an article's path
    and id four times over (and once more in ``cited``), a locale 8,000 times, 8
    MB of a 20x build's server, for 50 ms at its start. The entries are frozen, and
    made here, just decoded: their attributes are set in place rather than each
    entry made twice. Returns ``cited`` with the entries' strings."""
    seen: dict[str, str] = {}
    put = object.__setattr__
    plain = TranslationStatus()
    for entry in entries:
        for name in ("locale", "path", "doc_id"):
            value = getattr(entry, name)
            shared = seen.setdefault(value, value)
            if shared is not value:
                put(entry, name, shared)
        if entry.status == plain:
            put(entry, "status", plain)
    return {seen.get(path, path): count for path, count in cited.items()}  # ``cited``'s


@dataclass(slots=True)
class Catalog:
    build: Path
    build_id: str
    created: str
    source_locale: str
    locales: tuple[str, ...]
    records: list[MethodRecord]
    lookup: dict[str, dict[str, MethodRecord]]  # locale → method → record
    entries: list[Entry]  # every document's, in build order (by id: ``articles``)
    by_path: dict[tuple[str, str], Entry]  # (locale, path)
    articles: dict[str, dict[str, Entry]]  # doc_id → locale → entry
    quality: dict[str, Any]  # the report's counts (its findings are in ``docs``)
    has_history: bool
    docs: DocStore
    whoosh: Any  # the build's Whoosh index, opened for reading
    vocabulary: dict[str, dict[str, int]]  # language → folded word → count
    methods: tuple[str, ...] = ()  # documented methods, in picker order
    navigation: dict[str, tuple[Toc, ...]] = field(default_factory=dict)  # locale → its TOCs
    cited: dict[str, int] = field(default_factory=dict)  # path → articles linking to it
    cache_bytes: int = CACHE_BYTES  # the budget of every cache of this build
    memo: Bounded[Any, Any] = field(init=False, repr=False)  # responses prepared from it
    _parts: dict[Any, Any] = field(init=False, repr=False)
    _lock: threading.RLock = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.memo = Bounded(int(self.cache_bytes * MEMO_SHARE), body_size)
        self._parts = {}
        self._lock = threading.RLock()  # a part may be made of other parts

    @classmethod
    def open(cls, build: Path) -> Catalog:
        """Open a build for serving; a damaged one raises ``builds.BuildError``.

        Its files' sizes are checked against its manifest before any is mapped:
        a file shorter than it should be kills a process that reads it (SIGBUS)."""
        manifest = builds.read_manifest(build)
        damage = builds.verify(build, checksums=False, manifest=manifest)
        if damage is not None or manifest is None:
            raise builds.BuildError(f"the index build {build} is damaged: {damage}")
        prefix = f"{builds.WHOOSH}/"
        sizes = {
            name.removeprefix(prefix): int(want["size"])
            for name, want in manifest["files"].items()
            if name.startswith(prefix)
        }
        with open(build / builds.RECORDS, "rb") as fh:
            data = _DECODER.decode(fh.read())
        records = data.records
        entries = data.entries
        cited = _share(entries, data.cited)
        articles: dict[str, dict[str, Entry]] = {}
        for entry in entries:
            articles.setdefault(entry.doc_id, {})[entry.locale] = entry
        lookup = {
            loc: {m: records[i] for m, i in by_m.items()} for loc, by_m in data.lookup.items()
        }
        return cls(
            build=build,
            build_id=data.build_id,
            created=data.created,
            source_locale=data.source_locale,
            locales=tuple(data.locales),
            records=records,
            lookup=lookup,
            entries=entries,
            by_path={(e.locale, e.path): e for e in entries},
            articles=articles,
            quality=data.quality,
            has_history=data.history,
            docs=DocStore(build / DOCS),
            whoosh=mapped.open_mapped(str(build / builds.WHOOSH), sizes),
            vocabulary=data.vocabulary,
            methods=tuple(sorted({m for by_m in lookup.values() for m in by_m}, key=sort_key)),
            navigation={loc: tuple(each) for loc, each in data.navigation.items()},
            cited=cited,
        )

    def budget(self, nbytes: int) -> None:
        """Bound this build's caches to ``nbytes`` all told (before it serves: the
        memo is made anew, empty)."""
        self.cache_bytes = nbytes
        self.memo = Bounded(int(nbytes * MEMO_SHARE), body_size)

    def pick(self, method: str, locale: str) -> MethodRecord:
        """The record of a documented ``method`` in ``locale``, else in the source
        language, else in any language."""
        record = self.lookup.get(locale, {}).get(method) or self.lookup.get(
            self.source_locale, {}
        ).get(method)
        if record is None:
            record = next(
                r for by_m in self.lookup.values() for m, r in by_m.items() if m == method
            )
        return record

    def doc_entry(self, doc_id: str, locale: str) -> Entry | None:
        """The article in ``locale``, else in the source language, else in any language;
        None when there is no such article."""
        versions = self.articles.get(doc_id)
        if not versions:
            return None
        return versions.get(locale) or versions.get(self.source_locale) or versions[min(versions)]

    def translations_of(self, doc_id: str) -> list[Entry]:
        return sorted(self.articles.get(doc_id, {}).values(), key=lambda e: e.locale)

    def method_articles(self) -> tuple[str, ...]:
        """Doc ids of the articles that document HTTP methods (the picker's help)."""
        return self.part(
            "method articles",
            lambda c: tuple(dict.fromkeys(e.doc_id for e in c.entries if e.methods)),
        )

    def untranslated(self, locale: str) -> frozenset[str]:
        """Index keys of the source-language documents that have no ``locale``
        translation: what a search in ``locale`` may fall back to."""

        def make(_catalog: Catalog) -> frozenset[str]:
            return frozenset(
                doc_key(entry.locale, entry.path)
                for entry in self.entries
                if entry.locale == self.source_locale
                and locale not in self.articles.get(entry.doc_id, {})
            )

        return self.part(("untranslated", locale), make)

    def part(self, key: Any, make: Callable[[Catalog], T]) -> T:
        """The per-build object ``make(self)`` made once for ``key`` (the searcher); it
        is closed with the catalog when it has a ``close``."""
        found = self._parts.get(key)
        if found is None:
            with self._lock:
                found = self._parts.get(key)
                if found is None:
                    found = self._parts[key] = make(self)
        made: T = found
        return made

    def close(self) -> None:
        for part in list(self._parts.values()):
            closer = getattr(part, "close", None)
            if callable(closer):
                closer()
