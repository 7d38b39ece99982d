"""The ingest stage: content directory → a new index build, swapped in when complete.

scan (sources) → parse each changed file (parse) → join articles and build
method records (join) → quality report (quality) → write the build (index).
Unchanged files are not parsed again: their parsed documents come from the
previous build. One bad file is a reported problem, never a stop.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import history as history_mod
from . import index, quality, store
from .analysis import language_of, words
from .build_pool import BuildPool, Parsed, parse_one
from .i18n import catalog_digest
from .join import join
from .records import Document, Problem
from .settings import Settings
from .sources import SourceFile, scan

FORMAT = 14  # bump when parsing or the build layout changes: forces a full rebuild
MANIFEST = index.MANIFEST
PARALLEL_FROM = 64  # files: below this, worker processes cost more than they save

Progress = Callable[[int, int], None]


@dataclass(slots=True)
class Summary:
    docs: int = 0
    locales: tuple[str, ...] = ()
    methods: int = 0
    problems: list[Problem] = field(default_factory=list)
    parsed: int = 0  # files parsed this time (the rest came from the previous build)
    reindexed: int = 0
    seconds: float = 0.0
    build: str = ""
    unchanged: bool = False
    previous: str = ""  # how a failure would end: what serves now (index.Previous)
    notices: list[str] = field(default_factory=list)  # what the operator should know

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.level == "error")

    def line(self) -> str:
        state = "unchanged" if self.unchanged else f"{self.reindexed} re-indexed"
        return (
            f"ingested {self.docs} docs in {len(self.locales)} locales "
            f"({', '.join(self.locales)}): {self.methods} method records, "
            f"{len(self.problems)} problems ({self.errors} errors), {state}, "
            f"in {self.seconds:.1f} s → {self.build}"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "docs": self.docs,
            "locales": list(self.locales),
            "methods": self.methods,
            "errors": self.errors,
            "parsed": self.parsed,
            "reindexed": self.reindexed,
            "seconds": round(self.seconds, 3),
            "build": self.build,
            "unchanged": self.unchanged,
            "notices": list(self.notices),
            "problems": [p.as_dict() | {"where": str(p)} for p in self.problems],
        }


def _parse_stream(
    items: Sequence[SourceFile], jobs: int, progress: Progress | None
) -> Iterator[tuple[SourceFile, tuple[Document | None, list[Problem]]]]:
    """Parsed files in order, from ``jobs`` processes while the caller indexes.

    Raises ``build_pool.PoolError`` when a worker dies."""
    if jobs > 1 and len(items) >= PARALLEL_FROM:
        pool = BuildPool(None, jobs)
        done: dict[tuple[str, str], Parsed] = {}
        try:
            for n, (item, result) in enumerate(pool.run(items), 1):  # as they come
                done[item.locale, item.path] = result
                if progress:
                    progress(n, len(items))
        finally:
            pool.close()
        for item in items:
            yield item, done[item.locale, item.path]
        return
    for n, item in enumerate(items, 1):
        if progress:
            progress(n, len(items))
        yield item, parse_one(item)


def parse_files(
    items: Sequence[SourceFile], jobs: int | None = None, progress: Progress | None = None
) -> list[tuple[Document | None, list[Problem]]]:
    """Parse every file (in ``jobs`` processes), in order: for reports that build no index."""
    jobs = jobs or min(os.cpu_count() or 1, 4)
    return [result for _item, result in _parse_stream(items, jobs, progress)]


def _build_id(files: Iterable[SourceFile], settings: Settings, history_digest: str) -> str:
    # Admonition titles are translated at ingest: the UI catalogs are part of a build.
    h = hashlib.sha256(
        f"{FORMAT}|{settings.source_locale}|{history_digest}|{catalog_digest()}".encode()
    )
    for f in sorted(files, key=lambda f: (f.locale, f.path)):
        h.update(f"{f.locale}|{f.path}|{f.digest}\n".encode())
    return h.hexdigest()[:16]


def load_history(settings: Settings, problems: list[Problem]) -> history_mod.History | None:
    if settings.history is not None:
        try:
            found, more = history_mod.from_file(settings.history)
        except OSError as exc:
            problems.append(
                Problem(str(settings.history), 0, f"cannot read history file: {exc.strerror}")
            )
            return None
        problems.extend(more)
        return found
    for folder in sorted(settings.content.iterdir()) if settings.content.is_dir() else []:
        if (
            folder.is_dir()
            and language_of(folder.name) == settings.source_locale
            and (folder / ".git").exists()
        ):
            return history_mod.from_git(folder)
    return None


def _manifest(build: Path | None) -> dict[str, Any]:
    """The manifest of a whole build of this format, else ``{}`` (nothing reusable)."""
    found = index.read_manifest(build) if build is not None else None
    return found if found is not None and found.get("format") == FORMAT else {}


def is_current(root: Path) -> bool:
    """True when ``root`` serves a whole build this version of the code can read."""
    previous = index.Previous(root)
    return bool(_manifest(previous.serving))


def vocabulary(docs: Iterable[Document]) -> dict[str, dict[str, int]]:
    """Folded words per language with their counts: what typo matching corrects to."""
    counts: dict[str, Counter[str]] = {}
    for doc in docs:
        bag = counts.setdefault(language_of(doc.locale), Counter())
        bag.update(words(f"{doc.title} {doc.text}"))
    return {
        lang: {w: n for w, n in bag.items() if len(w) > 1 and not w.isdigit()}
        for lang, bag in counts.items()
    }


def run(
    settings: Settings,
    *,
    jobs: int | None = None,
    progress: Progress | None = None,
    notice: Callable[[str], None] | None = None,
) -> Summary:
    """Ingest ``settings.content`` into ``settings.index``. Raises only when unusable.

    ``notice`` hears, when it happens, what an operator should know (a damaged
    live build being rebuilt); the summary lists it too."""
    started = time.perf_counter()
    files, problems = scan(settings.content)
    history = load_history(settings, problems)
    build_id = _build_id(files, settings, history.digest if history else "")
    with index.ingest_lock(settings.index):
        previous = index.Previous(settings.index)
        notices = []
        older = (previous.manifest or {}).get("format", FORMAT) != FORMAT  # rebuilt anyway
        if previous.damage is not None and previous.build is not None and not older:
            notices.append(
                f"the live build {previous.build.name} is damaged ({previous.damage}); "
                "rebuilding from content"
            )
            if notice is not None:
                notice(notices[-1])
        base = previous.serving
        manifest = _manifest(base)
        if manifest and base is not None and base.name == build_id:
            # same content, same history, same code, and whole: nothing to do
            known = manifest["summary"]
            summary = Summary(
                docs=known["docs"],
                locales=tuple(known["locales"]),
                methods=known["methods"],
                build=known["build"],
                unchanged=True,
                problems=[Problem.from_dict(p) for p in manifest["problems"]],
            )
        else:
            reusable = base if manifest.get("catalogs") == catalog_digest() else None
            summary = _build(
                settings, files, problems, history, build_id, reusable, previous, jobs, progress
            )
        summary.previous, summary.notices = previous.after_failure(), notices
    summary.seconds = time.perf_counter() - started
    return summary


def _build(
    settings: Settings,
    files: list[SourceFile],
    problems: list[Problem],
    history: history_mod.History | None,
    build_id: str,
    base: Path | None,
    previous: index.Previous,
    jobs: int | None,
    progress: Progress | None,
) -> Summary:
    """A new build from ``files``; what ``base`` (a whole previous build) has parsed
    already is reused."""
    cached = store.read_parsed(base / store.DOCS) if base is not None else {}
    todo = [f for f in files if cached.get((f.locale, f.path), ("",))[0] != f.digest]
    languages = {language_of(f.locale) for f in files}
    summary = Summary(problems=problems, parsed=len(todo), build=build_id)
    with index.BuildWriter(
        settings.index, build_id, languages, base if cached else None, previous.after_failure()
    ) as writer:
        present = {(f.locale, f.path) for f in files}
        for key in cached:
            if key not in present:  # deleted files
                writer.remove(index.doc_key(*key))
        parsed: dict[tuple[str, str], Parsed] = {}
        jobs = jobs or min(os.cpu_count() or 1, 4)
        if not writer.incremental and jobs > 1 and len(todo) >= PARALLEL_FROM:
            # A full build: workers parse and index (build_pool), this process joins.
            for n, (item, result) in enumerate(writer.add_parallel(todo, jobs), 1):
                parsed[item.locale, item.path] = result
                if progress:
                    progress(n, len(todo))
        else:
            with writer.guard():  # a parsing process that dies fails the build
                for item, (doc, more) in _parse_stream(todo, jobs, progress):
                    parsed[item.locale, item.path] = (doc, more)
                    writer.remove(index.doc_key(item.locale, item.path))
                    if doc is not None:
                        writer.add(doc)
        for f in files:
            if (f.locale, f.path) not in parsed:
                doc, more = parsed[f.locale, f.path] = store.load_parsed(
                    cached[f.locale, f.path][1]
                )
                if doc is not None and not writer.incremental:  # a new schema: add all
                    writer.add(doc)
        parsed = {(f.locale, f.path): parsed[f.locale, f.path] for f in files}  # file order
        docs = [doc for doc, _ in parsed.values() if doc is not None]
        for _doc, more in parsed.values():
            problems.extend(more)
        if not docs:
            return summary  # the writer removes its partial build; the old one serves
        summary.reindexed = writer.added

        joined = join(
            docs, settings.source_locale, history, {(f.locale, f.path): f.where for f in files}
        )
        problems.extend(joined.problems)
        report = quality.assess(joined, settings.source_locale, history)
        joined = quality.apply(joined, report)
        summary.docs = len(joined.documents)
        summary.locales = tuple(sorted({d.locale for d in joined.documents}))
        summary.methods = len(joined.records)
        position = {id(r): i for i, r in enumerate(joined.records)}
        quality_summary = report.as_dict()
        findings = quality_summary.pop("findings")
        records = {
            "format": FORMAT,
            "build_id": build_id,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "source_locale": settings.source_locale,
            "locales": list(summary.locales),
            "catalog": [catalog_entry(d) for d in joined.documents],
            "records": [r.as_dict() for r in joined.records],
            "lookup": {
                loc: {m: position[id(r)] for m, r in by_m.items()}
                for loc, by_m in joined.lookup.items()
            },
            "problems": [p.as_dict() for p in problems],
            # the findings are in the document store: a server keeps only the counts
            "quality": quality_summary,
            "vocabulary": vocabulary(joined.documents),
            "history": history is not None,
        }
        manifest = {
            "format": FORMAT,
            "build_id": build_id,
            "catalogs": catalog_digest(),
            "summary": {
                "docs": summary.docs,
                "locales": summary.locales,
                "methods": summary.methods,
                "build": build_id,
            },
            "problems": [p.as_dict() for p in problems],
        }

        def write_docs(folder: Path) -> None:
            store.write(
                folder / store.DOCS,
                joined.documents,
                [(d, more) for d, more in parsed.values() if d is not None],
                findings,
            )

        writer.commit({index.RECORDS: records}, manifest, write_docs)
    return summary


def catalog_entry(doc: Document) -> dict[str, Any]:
    """What the server keeps in memory of every document."""
    return {
        "doc_id": doc.doc_id,
        "locale": doc.locale,
        "path": doc.path,
        "title": doc.title,
        "description": doc.description,
        "translation": doc.translation.as_dict(),
        "methods": [e.method for e in doc.methods],
    }


def terminal_progress(label: str = "parsing") -> Progress | None:
    """A progress bar on stderr when it is a terminal; None otherwise."""
    if not sys.stderr.isatty():
        return None
    last = [0.0]

    def show(done: int, total: int) -> None:
        now = time.monotonic()
        if done != total and now - last[0] < 0.1:
            return
        last[0] = now
        width = 30
        filled = width * done // max(total, 1)
        sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show
