"""A new build written beside the live one: documents in, a complete build swapped in.

Documents are added as they are parsed (the pipeline streams them), so
indexing overlaps parsing; worker processes may write segments of their
own into :attr:`BuildWriter.whoosh_dir`, handed over with ``add_segments``.
Starting from ``base`` (the previous build, whole), its Whoosh files are
hard-linked (segment files never change once written) and only the
documents whose content changed are replaced. Leaving the ``with`` block
without ``commit`` removes the partial build. Every OS, SQLite or worker
error while writing becomes one :class:`BuildError` that says what serves now.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.fields import Schema

from service.records import Document

from .. import segments
from ..schema import doc_key, entry, schema_for
from .hashes import Hasher
from .layout import MANIFEST, WHOOSH, BuildError, builds_dir, fsync, prune, swap_current, write_json
from .manifest import listing


class WorkerError(Exception):
    """A worker process died or failed while writing into a build."""

    def __init__(self, reason: str, errno: int | None = None) -> None:
        super().__init__(reason)
        self.errno = errno


class BuildWriter:
    """A new build being written beside the live one; ``commit`` swaps it in."""

    def __init__(
        self,
        root: Path,
        build_id: str,
        languages: Iterable[str],
        base: Path | None,
        after_failure: str = "the previous index is still serving",
    ) -> None:
        self.root, self.build_id = root, build_id
        self.after_failure = after_failure  # how a failure's message ends (Previous)
        self.tmp = builds_dir(root) / f".tmp-{build_id}-{os.getpid()}"
        self.incremental = False
        self.added = 0
        self.segments: list[Any] = []  # written by worker processes (add_segments)
        self.hashed = 0  # files hashed at commit (the others' checksums were recorded)
        self._done = False
        shutil.rmtree(self.tmp, ignore_errors=True)
        schema = schema_for(languages)
        try:
            with self.guard():
                self.tmp.mkdir(parents=True)
                path = self.tmp / WHOOSH
                path.mkdir()
                old = base / WHOOSH if base is not None else None
                if old is not None and old.is_dir() and _same_schema(old, schema):
                    for item in old.iterdir():
                        if item.is_file() and not _is_lock(item.name):
                            os.link(item, path / item.name)
                    self.ix = segments.open_index(str(path))
                    self.incremental = True
                else:
                    self.ix = segments.create_index(str(path), schema)
                self.writer = self.ix.writer(limitmb=256)
        except BaseException:
            shutil.rmtree(self.tmp, ignore_errors=True)
            raise

    def __enter__(self) -> BuildWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        if not self._done:
            self.abort()

    def guard(self) -> contextlib.AbstractContextManager[None]:
        """OS, store and worker errors while writing become one clear BuildError."""
        return _disk_errors(self.root, self.after_failure)

    def remove(self, key: str) -> None:
        """Drop a document's entries (incremental builds only)."""
        if self.incremental:
            self.writer.delete_by_term("key", key)

    def add(self, doc: Document) -> None:
        with self.guard():
            if self.incremental:
                self.writer.delete_by_term("key", doc_key(doc.locale, doc.path))
            self.writer.add_document(**entry(doc))
        self.added += 1

    @property
    def whoosh_dir(self) -> Path:
        """Where worker processes write segments of their own (full builds only)."""
        assert not self.incremental, "worker processes only add documents"
        return self.tmp / WHOOSH

    def add_segments(self, segments: list[Any], documents: int) -> None:
        """Segments that workers wrote into ``whoosh_dir``, ``documents`` entries in all:
        they join the index when the build commits."""
        self.segments += segments
        self.added += documents

    def commit(
        self,
        files: dict[str, Any],
        manifest: dict[str, Any],
        write_more: Callable[[Path], None] | None = None,
    ) -> Path:
        """Finish the build, its manifest last, and make it the current one (one
        atomic rename)."""
        final = builds_dir(self.root) / self.build_id
        with self.guard():
            if self.segments:
                segments.commit_with(self.writer, self.segments)
            else:
                self.writer.commit(merge=not self.incremental or self.added > 50)
            for name, payload in files.items():
                write_json(self.tmp / name, payload)
            if write_more is not None:
                write_more(self.tmp)
            for path in (self.tmp / WHOOSH).iterdir():  # the parts written by Whoosh
                if _is_lock(path.name):  # its writer's lock: no part of the index
                    path.unlink()
                elif path.is_file():
                    fsync(path)
            hasher = Hasher(self.root)
            write_json(self.tmp / MANIFEST, {**manifest, "files": listing(self.tmp, hasher)})
            fsync(self.tmp / WHOOSH)
            fsync(self.tmp)
            if final.exists():
                shutil.rmtree(final)
            os.rename(self.tmp, final)
            swap_current(self.root, final)
        self._done = True
        prune(self.root, keep=final)
        hasher.record(p for p in builds_dir(self.root).iterdir() if not p.name.startswith("."))
        self.hashed = hasher.hashed
        return final

    def abort(self) -> None:
        self._done = True
        with contextlib.suppress(Exception):
            self.writer.cancel()
        shutil.rmtree(self.tmp, ignore_errors=True)


@contextlib.contextmanager
def _disk_errors(root: Path, after: str) -> Iterator[None]:
    """OS errors while writing become one clear error; the live build is untouched."""
    try:
        yield
    except (OSError, sqlite3.Error, WorkerError) as exc:  # the store fails as SQLite errors
        code = getattr(exc, "sqlite_errorname", None)
        if (isinstance(exc, (OSError, WorkerError)) and exc.errno == errno.ENOSPC) or (
            code == "SQLITE_FULL"
        ):
            reason = "the disk is full"
        elif isinstance(exc, OSError) and exc.errno == errno.EFBIG:
            reason = "a file grew past the size this process may write"
        elif isinstance(exc, OSError):
            reason = exc.strerror or str(exc)
        elif isinstance(exc, WorkerError):
            reason = str(exc)
        else:
            reason = f"the document store could not be written ({exc})"
        raise BuildError(f"could not write the index build in {root}: {reason}; {after}") from exc


def _is_lock(name: str) -> bool:
    """Whoosh's writer lock (``MAIN_WRITELOCK``), or another lock file. Kept in a build,
    it was one file hard-linked into every later build, touched by every ingest."""
    return name.endswith((".lock", "_WRITELOCK"))


def _same_schema(base: Path, schema: Schema) -> bool:
    try:
        return set(whoosh_index.open_dir(str(base)).schema.names()) == set(schema.names())
    except Exception:
        return False
