"""Two real builds of ``content/``, and the ways their files get damaged on disk.

:func:`two_builds` ingests ``content/``, changes one article a little and
ingests again: the older build and the live one. Builds share their unchanged
Whoosh segments through hard links, so damage to a shared segment damages
both; with ``fallback`` the older build's files are copied apart first (as
builds copied in from elsewhere are), so it stays good whatever happens to
the live one; without, the older build is removed. :data:`DAMAGES` break one
file of the live build: cut to half its size, 64 KB of garbage written into
its middle (its size kept), or deleted.
"""

from __future__ import annotations

import os
import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from whoosh.filedb.compound import CompoundStorage
from whoosh.filedb.structfile import StructFile

from service.index import builds
from service.pipeline.run import run as ingest
from service.settings import Settings
from tests.conftest import ARTICLE_PATH, CONTENT

WORD = "zanzibarword"  # only the live build has it
GARBAGE = 64 * 1024


@dataclass(frozen=True)
class Builds:
    content: Path
    root: Path  # the index directory
    old: Path | None  # the older build, when there is one
    live: Path  # the build ``current`` points at

    def file(self, name: str) -> Path:
        """One of the live build's files: ``records.json``, ``docs.sqlite``, ``segment``
        (its largest Whoosh segment)."""
        if name == "segment":
            segments = (self.live / builds.WHOOSH).glob("*.seg")
            return max(segments, key=lambda p: p.stat().st_size)
        return self.live / name


def two_builds(where: Path, fallback: bool) -> Builds:
    content = where / "content"
    shutil.copytree(CONTENT, content)
    settings = Settings(content=content, index=where / "ix", reload_interval=0)
    first = ingest(settings, jobs=1)
    article = content / "en" / ARTICLE_PATH
    article.write_text(article.read_text(encoding="utf-8") + f"\n\nOne more: {WORD}.\n")
    second = ingest(settings, jobs=1)
    assert first.build != second.build
    old = settings.index / "builds" / first.build
    if fallback:
        for path in old.rglob("*"):
            if path.is_file():  # its own copy: no hard link left to the live build's files
                copy = path.with_name(path.name + ".copy")
                shutil.copy2(path, copy)
                os.replace(copy, path)
    else:
        shutil.rmtree(old)
    live = builds.current_build(settings.index)
    assert live is not None and live.name == second.build
    return Builds(content, settings.index, old if fallback else None, live)


def copy_of(pair: Builds, where: Path, fallback: bool = True) -> Builds:
    """A copy of ``pair`` (made with ``fallback``) to break: every file its own (no hard
    links), the older build removed without ``fallback``."""
    assert pair.old is not None
    root = where / "ix"
    shutil.copytree(pair.root, root, symlinks=True)
    old = root / "builds" / pair.old.name
    if not fallback:
        shutil.rmtree(old)
    live = root / "builds" / pair.live.name
    return Builds(pair.content, root, old if fallback else None, live)


def truncate(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 2)


def garbage(path: Path) -> None:
    """64 KB of garbage (fewer in a file under 128 KB) in the middle of the file, in place."""
    size = path.stat().st_size
    count = min(GARBAGE, size // 2)
    with open(path, "r+b") as fh:
        fh.seek((size - count) // 2)
        fh.write(random.Random(size).randbytes(count))


def garbage_in_postings(segment: Path) -> None:
    """Garbage over the whole of a Whoosh segment's postings part, in place: every search
    that reads a posting list fails, wherever the part lies in the segment."""
    with open(segment, "rb") as fh:
        parts = CompoundStorage(StructFile(fh), use_mmap=False)
        offset, length = parts.range(next(n for n in parts.list() if n.endswith(".pst")))
    with open(segment, "r+b") as fh:
        fh.seek(offset)
        fh.write(random.Random(length).randbytes(length))


def delete(path: Path) -> None:
    path.unlink()


DAMAGES: dict[str, Callable[[Path], None]] = {
    "truncated": truncate,
    "garbage": garbage,
    "deleted": delete,
}
FILES = ("docs.sqlite", "segment", "records.json")
