"""What an ingest has to do: the content as it is now, and what of the live build stays.

:func:`read_content` scans the content directory and its source history
(``lingodocs check`` needs no more); :func:`plan` then looks at the live
build, once: whether it is whole (its manifest verified), whether it is this
very build already, and which parsed documents it can lend the next one.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from service.i18n.locales import language_of
from service.index import builds, rows, store
from service.index.builds.version import FORMAT, ours
from service.ingest import history as history_mod
from service.ingest.navigation import Parses
from service.ingest.parse import Parsed
from service.ingest.rejoin import Before
from service.ingest.sources import Seen, SourceFile, read_again, scan
from service.ingest.toc import is_toc
from service.records import Problem
from service.settings import Settings

PARALLEL_FROM = 64  # files: below this, worker processes cost more than they save

Progress = Callable[[int, int], None]  # (done, total)


def default_jobs(jobs: int | None) -> int:
    """Worker processes: as asked, else the number of cores, at most 4."""
    return jobs or min(os.cpu_count() or 1, 4)


@dataclass(slots=True)
class Content:
    """The content directory as it is now: its files, their problems, the source history."""

    files: list[SourceFile]  # the articles
    problems: list[Problem]
    history: history_mod.History | None
    tocs: list[SourceFile] = field(default_factory=list)  # the guides' TOC.md: navigation

    @property
    def wheres(self) -> dict[tuple[str, str], str]:
        """(locale, path) → how problems name the file (``fr-FR/help/…``)."""
        return {(f.locale, f.path): f.where for f in self.files}


def read_content(settings: Settings, earlier: Seen | None = None) -> Content:
    """Scan ``settings.content``; raises ``sources.ContentError`` when it is unusable.
    ``earlier``: the files an earlier scan read (``sources.scan``: ``serve --watch``)."""
    files, problems = scan(settings.content, earlier=earlier)
    articles = [f for f in files if not is_toc(f.path)]
    tocs = [f for f in files if is_toc(f.path)]
    return Content(articles, problems, load_history(settings, problems), tocs)


def load_history(settings: Settings, problems: list[Problem]) -> history_mod.History | None:
    """The history file when given, else git's when the source folder is a checkout."""
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
            and language_of(folder.name) == language_of(settings.source_locale)
            and (folder / ".git").exists()
        ):
            return history_mod.from_git(folder)
    return None


def build_id(files: Iterable[SourceFile], source_locale: str, history_digest: str) -> str:
    """The id of the build of these files: it changes with any of them, the source
    history, the source language and the format."""
    h = hashlib.sha256(f"{FORMAT}|{source_locale}|{history_digest}".encode())
    for f in sorted(files, key=lambda f: (f.locale, f.path)):
        h.update(f"{f.locale}|{f.path}|{f.digest}\n".encode())
    return h.hexdigest()[:16]


@dataclass(slots=True)
class Plan:
    content: Content
    build_id: str
    previous: builds.Previous  # the live build as found
    manifest: dict[str, Any]  # the whole live build's, when it is of this format
    # the live build's parse cache: (locale, path) → (content hash, rowid in its store)
    cached: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)
    compared: tuple[dict[str, tuple[str, str]], str | None] = ({}, None)  # pipeline.reuse's
    tocs: Parses = field(default_factory=dict)  # the TOCs as the live build read them
    joins: rows.Joins | None = None  # what the live build's join left (ingest.rejoin)
    todo: list[SourceFile] = field(default_factory=list)  # files to parse
    notices: list[str] = field(default_factory=list)  # what the operator should know

    @property
    def unchanged(self) -> bool:
        """The live build is whole and is this very build: nothing to do."""
        base = self.previous.serving
        return bool(self.manifest) and base is not None and base.name == self.build_id

    @property
    def base(self) -> Path | None:
        """The live build the next one starts from (its parse cache, its segments)."""
        return self.previous.serving if self.cached else None

    @property
    def store(self) -> Path:
        """The live build's store, whose parse cache :attr:`cached` gives the rows of."""
        assert self.base is not None, "no live build to start from"
        return self.base / store.DOCS

    def joined(self) -> Before | None:
        """What the live build's join left for this one's (``ingest.rejoin``), if any."""
        if self.base is None or self.joins is None:
            return None
        where = self.store
        return Before(
            self.joins.state,
            {key: digest for key, (digest, _) in self.cached.items()},
            {(locale, path): said for locale, path, said in self.joins.warnings},
            lambda keys: rows.documents(where, keys),
        )

    def parses(self, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Parsed]:
        """The live build's parses of the files ``keys`` (all in :attr:`cached`)."""
        wanted = {key: self.cached[key][1] for key in keys}
        found = rows.parses(self.store, wanted.values()) if wanted else {}
        return {key: found[rowid] for key, rowid in wanted.items()}


def plan(
    settings: Settings, content: Content, seen: Seen | None = None, lend: bool = False
) -> Plan:
    """What to do; call it holding the ingest lock (it reads the live build). The files
    the scan knew by their stat (not read) are read here when they are to be parsed
    (``seen``: the scan's, updated with them). ``lend``: read what the live build lends
    the next (its parse cache…) even when it is this very build (``serve --watch``)."""
    previous = builds.Previous(settings.index)
    previous.record_hashes()  # the next ingest hashes none of the files hashed here
    manifest = previous.manifest or {}
    reusable = ours(manifest) and previous.serving is not None
    digest = content.history.digest if content.history else ""
    found = Plan(
        content,
        build_id([*content.files, *content.tocs], settings.source_locale, digest),
        previous,
        manifest if reusable else {},
    )
    older = manifest.get("format", FORMAT) != FORMAT  # an older version's: rebuilt anyway
    if previous.damage is not None and previous.build is not None and not older:
        found.notices.append(
            f"the live build {previous.build.name} is damaged ({previous.damage}); "
            "rebuilding from content"
        )
    if found.unchanged and not lend:  # an unchanged ingest reads nothing of its store
        return found
    if reusable and previous.serving is not None:
        kept = rows.read_reusable(previous.serving / store.DOCS)  # the store opened once
        found.cached, found.compared, found.tocs, found.joins = (
            kept.parsed,
            (kept.compared, kept.glossary),
            kept.tocs,
            kept.joins,
        )
    if _read_unread(settings, found, seen):  # a file's text differed from its record's
        found.build_id = build_id([*content.files, *content.tocs], settings.source_locale, digest)
    found.todo = [
        f for f in content.files if found.cached.get((f.locale, f.path), ("",))[0] != f.digest
    ]
    return found


def _read_unread(settings: Settings, found: Plan, seen: Seen | None) -> bool:
    """Read the files to be parsed (or TOCs to be read) that the scan knew by their stat:
    those the live build has no parse of, by their digest. True when one of them was not
    what its record said (changed since the scan, or unreadable now: a problem)."""
    content, moved = found.content, False

    def wanted(f: SourceFile, kept: Any) -> bool:
        was = kept.get((f.locale, f.path))
        return not f.read and (was is None or was[0] != f.digest)

    for kind, kept in (("files", found.cached), ("tocs", found.tocs)):
        now: list[SourceFile] = []
        for f in getattr(content, kind):
            if not wanted(f, kept):
                now.append(f)
                continue
            again = read_again(settings.content, f, earlier=seen)
            if isinstance(again, Problem):
                content.problems.append(again)
                moved = True
                continue
            moved = moved or again.digest != f.digest
            now.append(again)
        setattr(content, kind, now)
    return moved


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
