"""A build's manifest: every file of the build with its size and SHA-256, written last.

A build without a valid manifest is not a build, and one whose files differ
from their manifest is damaged (:func:`verify`): the ingest then rebuilds
from the content instead of reusing anything of it, and a server never
swaps it in. :class:`Previous` is the live build as an ingest finds it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .hashes import Hasher, sha256
from .layout import MANIFEST, builds_dir, linked_build


def read_manifest(build: Path) -> dict[str, Any] | None:
    """The build's manifest as written (any version), or None when it has none."""
    try:
        with open(build / MANIFEST, encoding="utf-8") as fh:
            found = json.load(fh)
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None


def listing(build: Path, digest: Callable[[Path], str] | None = None) -> dict[str, dict[str, Any]]:
    """Every file of a build (but its manifest) with its size and SHA-256 (``digest``:
    one that knows what was hashed before, ``hashes.Hasher``)."""
    digest = digest or sha256
    found = {}
    for path in sorted(build.rglob("*")):
        name = path.relative_to(build).as_posix()
        if path.is_file() and name != MANIFEST:
            found[name] = {"size": path.stat().st_size, "sha256": digest(path)}
    return found


def verify(
    build: Path,
    checksums: bool = True,
    manifest: dict[str, Any] | None = None,
    digest: Callable[[Path], str] = sha256,
) -> str | None:
    """What is wrong with ``build`` (a missing, truncated or changed file…), or None.

    Every file's size is checked first (a file shorter than its manifest says
    would kill a server that maps it: SIGBUS), then, with ``checksums``, every
    file's SHA-256 (``digest``: one that remembers what it hashed, for servers).
    ``manifest``: the build's, when the caller has read it already.
    """
    if not build.is_dir():
        return f"{build.name} is not a directory"
    manifest = manifest or read_manifest(build)
    files = manifest.get("files") if manifest is not None else None
    if not isinstance(files, dict):
        return f"its manifest ({MANIFEST}) is missing or unreadable"
    if not all(isinstance(want, dict) for want in files.values()):
        return f"its manifest ({MANIFEST}) is unreadable"
    for name, want in sorted(files.items()):
        try:
            size = (build / name).stat().st_size
        except OSError:
            return f"{name} is missing"
        if size != want.get("size"):
            return f"{name} is {size} bytes; its manifest says {want.get('size')}"
    for name, want in sorted(files.items()) if checksums else ():
        try:
            found = digest(build / name)
        except OSError:
            return f"{name} is missing"
        if found != want.get("sha256"):
            return f"{name} does not have the checksum its manifest gives"
    return None


class Previous:
    """What the live build is, as an ingest sees it before writing the next one."""

    def __init__(self, root: Path, checksums: bool = True) -> None:
        self.build = linked_build(root)
        self.manifest = read_manifest(self.build) if self.build is not None else None
        self._hasher = Hasher(root)  # the checksums recorded, for files still as they were
        self.damage = (
            verify(self.build, checksums, self.manifest, self._hasher)
            if self.build is not None
            else None
        )

    def record_hashes(self) -> None:
        """Record the checksums this verify computed (``hashes``), when it hashed any and
        the build is whole: else an ingest that changes nothing (which writes no build,
        so records nothing) hashed every file of an index copied or restored again and
        again (2 s at 20×). Only an ingest records, holding the lock (a server never
        writes to the index)."""
        if self._hasher.hashed and self.damage is None and self.build is not None:
            kept = builds_dir(self._hasher.root).iterdir()
            self._hasher.record(p for p in kept if not p.name.startswith("."))

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
