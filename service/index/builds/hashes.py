"""The checksums an ingest computed, kept in the index folder, so that no file is hashed
twice while it stays as it was.

Every build's manifest gives each file's SHA-256, and a server serves a build
only once every file has it. Hashing is the slow part of both sides: the
ingest hashed every file of a build, the hard-linked unchanged ones too (1.6
GB at 20× the real corpus, for a one-file change), and every server start
hashed them all again before it answered. Now the ingest records, for each
file it hashed, the file's identity and state (:func:`stamp`) with
its checksum, in ``.hashes.json`` beside the builds; the next ingest and
every server take a recorded checksum for a file that is still as it was
(:func:`same`: the same inode, size and times, a change time moved
only with its link count) and hash anything else. A file written into,
replaced, copied elsewhere or restored from a backup has another stamp and is
hashed; a server that meets a read error hashes every file again, whatever
this says. A missing or unreadable record is no record: everything is hashed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

# st_dev, st_ino, st_size, st_mtime_ns, st_ctime_ns, st_nlink
Stamp = tuple[int, int, int, int, int, int]
HASHES = ".hashes.json"


def stamp(path: Path) -> Stamp | None:
    """A file's identity and state on disk, or None when it is missing."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_nlink)


def same(was: Stamp | None, now: Stamp | None) -> bool:
    """Whether a file is as it was: the same identity, size and times, except a change
    time that moved with the link count (a hard link made or removed)."""
    if was is None or now is None:
        return was is now
    return was[:4] == now[:4] and (was[4] == now[4] or was[5] != now[5])


def sha256(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


Known = dict[tuple[int, int], tuple[Stamp, str]]  # (device, inode) → (stamp, SHA-256)


def load(root: Path) -> Known:
    """The checksums recorded in ``root`` (an index folder); empty when there are none."""
    try:
        with open(root / HASHES, encoding="utf-8") as fh:
            rows = json.load(fh)
        return {
            (int(s[0]), int(s[1])): (tuple(int(v) for v in s), str(sha))  # type: ignore[misc]
            for s, sha in rows
            if len(s) == 6
        }
    except (OSError, ValueError, TypeError, IndexError):
        return {}


def known(found: Known, path: Path) -> str | None:
    """The recorded checksum of ``path`` when the file is as it was when hashed."""
    now = stamp(path)
    if now is None:
        return None
    was = found.get((now[0], now[1]))
    return was[1] if was is not None and same(was[0], now) else None


class Hasher:
    """SHA-256 of a file, the recorded one where the file is as it was (an ingest's)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.found = load(root)
        self.hashed = 0  # files hashed (the others' checksums were recorded)

    def __call__(self, path: Path) -> str:
        got = known(self.found, path)
        if got is not None:
            return got
        before = stamp(path)
        digest = sha256(path)
        self.hashed += 1
        if before is not None and stamp(path) == before:  # unchanged while it was read
            self.found[before[0], before[1]] = (before, digest)
        return digest

    def record(self, builds: Iterable[Path]) -> None:
        """Record what is known of the files of ``builds`` (those kept)."""
        files = [p for b in builds for p in b.rglob("*") if p.is_file() and not p.is_symlink()]
        record(self.root, self.found, files)


def record(root: Path, found: Known, files: Iterable[Path]) -> None:
    """Write down, for each of ``files`` (those of the builds kept) that is still as it
    was when hashed, its stamp as it is now and its checksum (atomically; a failure to
    write costs only the time of hashing again)."""
    rows = []
    for path in files:
        now = stamp(path)
        was = found.get((now[0], now[1])) if now is not None else None
        if now is not None and was is not None and same(was[0], now):
            rows.append([list(now), was[1]])
    tmp = root / f"{HASHES}.{os.getpid()}"
    with contextlib.suppress(OSError):
        tmp.write_text(json.dumps(rows), encoding="utf-8")
        os.replace(tmp, root / HASHES)
    with contextlib.suppress(OSError):
        tmp.unlink(missing_ok=True)
