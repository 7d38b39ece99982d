"""Builds: complete, verifiable directories of the index, one current at a time.

- ``layout``: where builds live, the ``current`` link and its atomic swap, pruning;
- ``manifest``: every file's size and SHA-256, written last; ``verify``; the live build;
- ``lock``: one ingest at a time, a lock that dies with its holder;
- ``writer``: a new build written beside the live one and swapped in.
"""

from .layout import (
    BUILDS,
    CURRENT,
    MANIFEST,
    RECORDS,
    WHOOSH,
    BuildError,
    current_build,
    prune,
    read_records,
    swap_current,
)
from .lock import ingest_lock
from .manifest import Previous, read_manifest, verify
from .writer import BuildWriter, WorkerError

__all__ = [
    "BUILDS",
    "CURRENT",
    "MANIFEST",
    "RECORDS",
    "WHOOSH",
    "BuildError",
    "BuildWriter",
    "Previous",
    "WorkerError",
    "current_build",
    "ingest_lock",
    "prune",
    "read_manifest",
    "read_records",
    "swap_current",
    "verify",
]
