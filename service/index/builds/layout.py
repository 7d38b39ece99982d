"""Where builds live in the index directory, and how one becomes the current one.

Layout of the index directory::

    .index/
      .lock                          held by the ingest writing (lock.py)
      current -> builds/<build id>   symlink, replaced atomically (rename)
      builds/<build id>/
        records.json                 documents, method records, report, vocabulary
        docs.sqlite                  the document store (index/store.py)
        whoosh/                      the Whoosh index: one entry per document
        build.json                   the manifest, written last (manifest.py)
      builds/.tmp-<build id>-<pid>/  a build being written (writer.py)

A build is written under a temporary name and renamed when complete; only
then does ``current`` move, with one atomic rename. A failed or killed
ingest leaves the previous build serving. The newest builds are kept: a
server may still be reading the one before.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Any

import msgspec

CURRENT = "current"
BUILDS = "builds"
RECORDS = "records.json"
MANIFEST = "build.json"
WHOOSH = "whoosh"
KEEP_BUILDS = 3


class BuildError(Exception):
    """The index directory cannot be written, or a build cannot be used; the message
    says why and what serves now."""


def builds_dir(root: Path) -> Path:
    return root / BUILDS


def linked_build(root: Path) -> Path | None:
    """Where ``current`` points, whatever is there (None without a ``current`` link)."""
    try:
        target = os.readlink(root / CURRENT)
    except OSError:
        return None
    return (root / target).resolve()


def current_build(root: Path) -> Path | None:
    """The build ``current`` points at, if it has a manifest (``verify`` says if it is whole)."""
    path = linked_build(root)
    return path if path is not None and (path / MANIFEST).is_file() else None


def write_json(path: Path, payload: Any) -> None:
    """``payload`` as compact JSON, on disk when this returns."""
    data = msgspec.json.encode(payload)  # json.dump encodes in Python: 5x slower
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def fsync(path: Path) -> None:
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
    fsync(root)


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
