"""The index stage: records in, a complete build directory out, swapped in atomically.

Layout of the index directory::

    .index/
      current -> builds/<build id>   symlink, replaced atomically (rename)
      builds/<build id>/
        records.json                 documents, method records, problems, report, vocabulary
        docs.sqlite                  the document store (store.py)
        whoosh/                      the Whoosh index: one entry per document
        build.json                   the manifest, written last: every other file's size
                                     and SHA-256, the format, the ingest's summary

A build is written under a temporary name and renamed when complete; only
then does ``current`` move. A failed or killed ingest leaves the previous
build serving. A build without a valid manifest is not a build, and one whose
files differ from their manifest is damaged (``verify``): the ingest then
rebuilds from the content instead of reusing anything of it, and a server
never swaps it in. Whoosh segment files never change once written, so an
incremental build starts from hard links to the previous build's files and
only deletes and adds the documents whose content changed.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import io
import json
import mmap
import os
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile
from whoosh.writing import SegmentWriter

from .analysis import analyzer_for, language_of
from .build_pool import BuildPool, Parsed, PoolError
from .records import Document
from .sources import SourceFile

CURRENT = "current"
BUILDS = "builds"
RECORDS = "records.json"
MANIFEST = "build.json"
WHOOSH = "whoosh"
LOCK = ".lock"
KEEP_BUILDS = 3
# One entry per document. Words are searched in one field per language, ``text``
# (title, description and every section, with positions for phrases); ``head``
# (the title twice, then the headings) is indexed again only to add its boost
# where it has the words: one boost field costs a search half what two did.
# The sections are stored: search picks the best one of each hit for its link and
# snippet (search.py), so the index holds each word of a document once.
BOOSTS = {"head": 2.0}


class IndexError_(Exception):
    """The index directory cannot be used (read-only, full, missing, locked)."""


def schema_for(languages: Iterable[str]) -> Schema:
    fields: dict[str, Any] = {
        "key": ID(unique=True, stored=True, sortable=True),
        "locale": ID(stored=True),
        "method": KEYWORD(lowercase=True, stored=True, field_boost=3.0),
        "sections": STORED(),  # ((anchor, heading, text), ...): the intro first
        "methods": STORED(),  # ((METHOD, description), ...)
    }
    for lang in sorted(set(languages)):
        analyzer = analyzer_for(lang)
        fields[f"text_{lang}"] = TEXT(analyzer=analyzer, phrase=True)
        for name, boost in BOOSTS.items():
            fields[f"{name}_{lang}"] = TEXT(analyzer=analyzer, field_boost=boost, phrase=False)
    return Schema(**fields)


def method_token(locale: str, method: str) -> str:
    """Method names are exact tokens, and each language's own: ``fr:put``."""
    return f"{locale}:{method.lower()}"


def doc_key(locale: str, path: str) -> str:
    return f"{locale}|{path}"


def entry(doc: Document) -> dict[str, Any]:
    """The index entry of one document."""
    lang = language_of(doc.locale)
    intro = doc.sections[0] if doc.sections and doc.sections[0].level <= 1 else None
    sections = [("", "", f"{doc.description}\n{intro.text}" if intro else doc.description)]
    sections += [(s.anchor, s.heading, s.text) for s in doc.sections if s is not intro and s.text]
    found: dict[str, Any] = {
        "key": doc_key(doc.locale, doc.path),
        "locale": doc.locale,
        "sections": tuple(sections),
        "methods": tuple((m.method, m.description) for m in doc.methods),
        f"text_{lang}": "\n".join([doc.title, *(t for _a, _h, t in sections)]),
        f"head_{lang}": "\n".join([doc.title, doc.title, *(h for _a, h, _t in sections if h)]),
    }
    if doc.methods:
        found["method"] = " ".join(method_token(doc.locale, m.method) for m in doc.methods)
    return found


def builds_dir(root: Path) -> Path:
    return root / BUILDS


def current_build(root: Path) -> Path | None:
    """The build ``current`` points at, if it has a manifest (``verify`` says if it is whole)."""
    link = root / CURRENT
    try:
        target = os.readlink(link)
    except OSError:
        return None
    path = (root / target).resolve()
    return path if (path / MANIFEST).is_file() else None


def read_manifest(build: Path) -> dict[str, Any] | None:
    """The build's manifest as written (any version), or None when it has none."""
    try:
        with open(build / MANIFEST, encoding="utf-8") as fh:
            found = json.load(fh)
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None


def _sha256(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _listing(build: Path) -> dict[str, dict[str, Any]]:
    """Every file of a build (but its manifest) with its size and SHA-256."""
    found = {}
    for path in sorted(build.rglob("*")):
        name = path.relative_to(build).as_posix()
        if path.is_file() and name != MANIFEST:
            found[name] = {"size": path.stat().st_size, "sha256": _sha256(path)}
    return found


def verify(build: Path, checksums: bool = True) -> str | None:
    """What is wrong with ``build`` (a missing, truncated or changed file…), or None.

    Sizes are checked always (a file shorter than its manifest says would kill
    a server that maps it: SIGBUS); the SHA-256 of every file with ``checksums``.
    """
    if not build.is_dir():
        return f"{build.name} is not a directory"
    manifest = read_manifest(build)
    if manifest is None or not isinstance(manifest.get("files"), dict):
        return f"its manifest ({MANIFEST}) is missing or unreadable"
    for name, want in sorted(manifest["files"].items()):
        if not isinstance(want, dict):
            return f"its manifest ({MANIFEST}) is unreadable"
        path = build / name
        try:
            size = path.stat().st_size
        except OSError:
            return f"{name} is missing"
        if size != want.get("size"):
            return f"{name} is {size} bytes; its manifest says {want.get('size')}"
        if checksums and _sha256(path) != want.get("sha256"):
            return f"{name} does not have the checksum its manifest gives"
    return None


class Previous:
    """What the live build is, as an ingest sees it before writing the next one."""

    def __init__(self, root: Path, checksums: bool = True) -> None:
        link = root / CURRENT
        self.build: Path | None = None
        self.damage: str | None = None
        self.manifest: dict[str, Any] | None = None  # as written, when there is one
        if not os.path.lexists(link):
            return
        self.build = (root / os.readlink(link)).resolve() if link.is_symlink() else link
        self.manifest = read_manifest(self.build)
        self.damage = verify(self.build, checksums)

    @property
    def serving(self) -> Path | None:
        """The live build if it is whole (what serves while the next one is written)."""
        return self.build if self.build is not None and self.damage is None else None

    def after_failure(self) -> str:
        """How a failed ingest ends its message: what is serving now."""
        if self.serving is not None:
            return "the previous index is still serving"
        if self.build is not None:
            return "the previous index is damaged (see above) and nothing replaced it"
        return "there is no previous index to serve"


_HELD: set[int] = set()  # lock descriptors this process holds


def _drop_held_locks() -> None:
    """In a forked child: let go of the parent's ingest locks (flock is shared by forks,
    so a worker that outlived a killed ingest would otherwise keep it locked)."""
    for fd in list(_HELD):
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD.clear()


os.register_at_fork(after_in_child=_drop_held_locks)


def _holder(fd: int) -> str:
    """``(process 123, since 2026-12-01 09:00:00 UTC)``, from the lock file, if it says."""
    try:
        data = json.loads(os.pread(fd, 4096, 0) or b"{}")
        return f" (process {int(data['pid'])}, since {data['since']})"
    except (OSError, ValueError, KeyError, TypeError):
        return ""


@contextlib.contextmanager
def ingest_lock(root: Path) -> Iterator[None]:
    """One ingest at a time per index directory.

    An ``flock`` on a descriptor that forked children close at once: it ends
    with the process that holds it, however that ends (a SIGKILL included),
    and never outlives it in a worker. The lock file says who holds it.
    """
    try:
        root.mkdir(parents=True, exist_ok=True)
        (root / BUILDS).mkdir(exist_ok=True)
        fd = os.open(root / LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise IndexError_(f"cannot write the index directory {root}: {exc.strerror}") from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise IndexError_(
                f"another ingest{_holder(fd)} is writing {root}; try again when it ends"
            ) from exc
        _HELD.add(fd)
        since = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        with contextlib.suppress(OSError):  # who holds it is news, not a condition
            os.ftruncate(fd, 0)
            os.pwrite(fd, json.dumps({"pid": os.getpid(), "since": since}).encode(), 0)
        try:
            yield
        finally:
            _HELD.discard(fd)
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
    finally:
        os.close(fd)


def segment_writer(whoosh_dir: str, limitmb: int) -> Any:
    """A writer of one new segment of the (new, empty) index in ``whoosh_dir``, for a
    worker process; it takes no lock: the build's own writer holds it."""
    return SegmentWriter(whoosh_index.open_dir(whoosh_dir), _lk=False, limitmb=limitmb)


def finish_segment(writer: Any) -> Any:
    """The worker's segment, written out (None when it was given no document): what
    Whoosh's own multisegment sub-writer does (Whoosh 2.7 has no public call for it)."""
    if writer._added:
        return writer._finalize_segment()
    writer.cancel()
    return None


class BuildWriter:
    """A new build being written beside the live one; ``commit`` swaps it in.

    Documents are added as they are parsed (the ingest streams them), so
    indexing overlaps parsing. Starting from ``base`` (the previous build),
    its Whoosh files are hard-linked and only changed documents are replaced.
    Leaving the ``with`` block without ``commit`` removes the partial build.
    """

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
        self.segments: list[Any] = []  # written by worker processes (add_parallel)
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
                        if item.is_file() and not item.name.endswith(".lock"):
                            os.link(item, path / item.name)
                    self.ix = whoosh_index.open_dir(str(path))
                    self.incremental = True
                else:
                    self.ix = whoosh_index.create_in(str(path), schema)
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
        """OS, store and worker errors while writing become one clear IndexError_."""
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

    def add_parallel(
        self, items: Sequence[SourceFile], jobs: int
    ) -> Iterator[tuple[SourceFile, Parsed]]:
        """Parse and index ``items`` in ``jobs`` worker processes; each file's result
        as it completes. For full builds: workers only add, they cannot delete."""
        assert not self.incremental, "worker processes only add documents"
        with self.guard():
            pool = BuildPool(self.tmp / WHOOSH, jobs)
        try:
            with self.guard():
                for item, (doc, problems) in pool.run(items):
                    self.added += doc is not None
                    yield item, (doc, problems)
            self.segments += pool.segments
        finally:
            pool.close()

    def commit(
        self,
        files: dict[str, dict[str, Any]],
        manifest: dict[str, Any],
        write_more: Callable[[Path], None] | None = None,
    ) -> Path:
        """Finish the build, its manifest last, and make it the current one (one
        atomic rename)."""
        final = builds_dir(self.root) / self.build_id
        with self.guard():
            if self.segments:
                _commit_with(self.writer, self.segments)
            else:
                self.writer.commit(merge=not self.incremental or self.added > 50)
            for name, payload in files.items():
                _write_json(self.tmp / name, payload)
            if write_more is not None:
                write_more(self.tmp)
            for path in (self.tmp / WHOOSH).iterdir():  # the parts written by Whoosh
                if path.is_file():
                    _fsync(path)
            _write_json(self.tmp / MANIFEST, {**manifest, "files": _listing(self.tmp)})
            _fsync(self.tmp / WHOOSH)
            _fsync(self.tmp)
            if final.exists():
                shutil.rmtree(final)
            os.rename(self.tmp, final)
            swap_current(self.root, final)
        self._done = True
        prune(self.root, keep=final)
        return final

    def abort(self) -> None:
        self._done = True
        with contextlib.suppress(Exception):
            self.writer.cancel()
        shutil.rmtree(self.tmp, ignore_errors=True)


def _commit_with(writer: Any, segments: list[Any]) -> None:
    """``writer.commit()``, with segments written by worker processes joining the
    table of contents as they are: what Whoosh's ``MpWriter(multisegment=True)``
    does at commit (Whoosh 2.7 has no public call for it)."""
    final = writer._merge_segments(None, None, False) + segments
    if writer._added:
        final.append(writer._finalize_segment())
    else:
        writer._close_segment()
    writer._commit_toc(final)
    writer._finish()


@contextlib.contextmanager
def _disk_errors(root: Path, after: str) -> Iterator[None]:
    """OS errors while writing become one clear error; the live build is untouched."""
    try:
        yield
    except (OSError, sqlite3.Error, PoolError) as exc:  # the store fails as SQLite errors
        code = getattr(exc, "sqlite_errorname", None)
        if (isinstance(exc, (OSError, PoolError)) and exc.errno == errno.ENOSPC) or (
            code == "SQLITE_FULL"
        ):
            reason = "the disk is full"
        elif isinstance(exc, OSError) and exc.errno == errno.EFBIG:
            reason = "a file grew past the size this process may write"
        elif isinstance(exc, OSError):
            reason = exc.strerror or str(exc)
        elif isinstance(exc, PoolError):
            reason = str(exc)
        else:
            reason = f"the document store could not be written ({exc})"
        raise IndexError_(f"could not write the index build in {root}: {reason}; {after}") from exc


def _same_schema(base: Path, schema: Schema) -> bool:
    try:
        return set(whoosh_index.open_dir(str(base)).schema.names()) == set(schema.names())
    except Exception:
        return False


def _write_json(path: Path, payload: dict[str, Any]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(payload, fh, ensure_ascii=False, separators=(",", ":"))
        fh.flush()
        os.fsync(fh.fileno())


def _fsync(path: Path) -> None:
    """A file's or a directory's data on disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def swap_current(root: Path, build: Path) -> None:
    """Point ``current`` at ``build`` with one atomic rename."""
    tmp = root / f".{CURRENT}-{os.getpid()}-{time.monotonic_ns()}"
    os.symlink(os.path.relpath(build, root), tmp)
    os.replace(tmp, root / CURRENT)
    _fsync(root)


def prune(root: Path, keep: Path) -> None:
    """Keep the newest builds (servers may still read the previous ones).

    Also removes what killed ingests left behind: the caller holds the ingest
    lock, so no other ingest is writing a temporary build.
    """
    for tmp in builds_dir(root).glob(".tmp-*"):
        if not tmp.name.endswith(f"-{os.getpid()}"):
            shutil.rmtree(tmp, ignore_errors=True)
    builds = sorted(
        (p for p in builds_dir(root).iterdir() if p.is_dir() and not p.name.startswith(".")),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in builds[KEEP_BUILDS:]:
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)


def read_records(build: Path) -> dict[str, Any]:
    with open(build / RECORDS, encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


class MappedStorage(FileStorage):  # type: ignore[misc]
    """Whoosh files read through ``mmap``, without copies.

    Whoosh's own mmap path wraps each part of a compound segment in a
    ``BytesIO``, which copies it: a server held every index file in its own
    memory (189 MB of 280 at 20x the corpus). Here each file is mapped once and
    its parts read through Whoosh's ``SubFile`` over the map, so only the pages
    a search touches are resident, and they are the page cache's, shared by
    every worker process.
    """

    def __init__(self, path: str) -> None:
        super().__init__(path, supports_mmap=False, readonly=True)

    def open_file(self, name: str, **kwargs: Any) -> StructFile:
        with open(self._fpath(name), "rb") as fh:
            if os.fstat(fh.fileno()).st_size == 0:  # mmap cannot map an empty file
                return StructFile(io.BytesIO(b""), name=name, **kwargs)
            mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        return StructFile(mapped, name=name, **kwargs)


def open_whoosh(build: Path) -> Any:
    """A build's Whoosh index, for reading (see MappedStorage)."""
    return MappedStorage(str(build / WHOOSH)).open_index()
