"""Which builds this version of the code reads: the build format, and whether an index
folder has a build of it to serve.

Kept here, under the index, rather than with the ingest that writes builds: a server
asks these questions before it serves, and starts without the ingest's modules.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .checked import newest_first
from .hashes import Hasher
from .layout import linked_build
from .manifest import Previous, read_manifest, verify

FORMAT = 32  # bump when parsing or the build layout changes: forces a full rebuild


def ours(manifest: dict[str, Any] | None) -> bool:
    """Whether a build's manifest is of this version's format."""
    return (manifest or {}).get("format") == FORMAT


def servable(root: Path) -> bool:
    """True when ``root`` has a whole build this version of the code can read: the current
    one, or else one a server falls back to (``serve`` builds an index only without one)."""
    current = linked_build(root)
    for build in [*([current] if current else []), *newest_first(root)]:
        manifest = read_manifest(build)
        if ours(manifest) and verify(build, True, manifest, Hasher(root)) is None:
            return True
    return False


def is_current(root: Path) -> bool:
    """True when ``root`` serves a whole build this version of the code can read."""
    previous = Previous(root)
    return previous.serving is not None and ours(previous.manifest)
