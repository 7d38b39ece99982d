"""Builds: complete, verifiable directories of the index, one current at a time.

- ``layout``: where builds live, the ``current`` link and its atomic swap, pruning;
- ``manifest``: every file's size and SHA-256, written last; ``verify``; the live build;
- ``checked``: what a server checks before it trusts a build, and notices afterwards;
- ``lock``: one ingest at a time, a lock that dies with its holder;
- ``writer``: a new build written beside the live one and swapped in.
"""

from .checked import newest_first
from .layout import (
    BUILDS,
    CURRENT,
    MANIFEST,
    RECORDS,
    WHOOSH,
    BuildError,
    current_build,
    linked_build,
    prune,
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
    "linked_build",
    "newest_first",
    "prune",
    "read_manifest",
    "swap_current",
    "verify",
]
