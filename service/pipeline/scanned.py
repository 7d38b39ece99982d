"""The content files as the last ingest read them, recorded in the index folder.

A one-file ingest read and hashed every file of the content (at 20× the
corpus, reading, hashing and compressing them was 9.5 s of a 13 s ingest with
nothing changed). As git's index does, each ingest now records every file it
read with its stat (device, inode, size, modification and change times) and its
content hash, in ``.scanned.json`` beside the builds; the next ingest takes a
file whose stat is as recorded for what it was (``sources.scan``: not read, not
hashed, unless it was modified within :data:`~service.ingest.sources.RACY_NS`
of being read) and reads the others. A file written into, replaced, copied or
restored has another stat. A missing or unreadable record is no record:
everything is read. The record is the content's, not a build's: a failed
ingest may leave it ahead of the live build, which costs nothing (the digests
are the files' own).
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from service.ingest.sources import Seen, SourceFile

SCANNED = ".scanned.json"
_VERSION = 1


def load(index: Path, content: Path) -> Seen:
    """What the last ingest of ``content`` into ``index`` read (empty when nothing is
    recorded, or it was of another content folder)."""
    try:
        with open(index / SCANNED, encoding="utf-8") as fh:
            found = json.load(fh)
        if found["version"] != _VERSION or found["content"] != str(content.resolve()):
            return {}
        return {
            name: (
                (int(dev), int(ino), int(size), int(mtime), int(ctime)),
                int(read_at),
                SourceFile(str(locale), str(folder), str(path), digest=str(digest), packed=b""),
            )
            for name, dev, ino, size, mtime, ctime, read_at, locale, folder, path, digest in found[
                "files"
            ]
        }
    except (OSError, ValueError, TypeError, KeyError):
        return {}


def save(index: Path, content: Path, seen: Seen) -> None:
    """Record ``seen`` (as ``sources.scan`` left it), atomically; a failure to write costs
    only the time of reading every file again."""
    rows = [
        [name, *stat, read_at, f.locale, f.folder, f.path, f.digest]
        for name, (stat, read_at, f) in seen.items()
    ]
    tmp = index / f"{SCANNED}.{os.getpid()}"
    with contextlib.suppress(OSError):
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump({"version": _VERSION, "content": str(content.resolve()), "files": rows}, fh)
        os.replace(tmp, index / SCANNED)
    with contextlib.suppress(OSError):
        tmp.unlink(missing_ok=True)
