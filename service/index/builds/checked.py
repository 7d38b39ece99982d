"""What a server checks of a build before it trusts it, and notices of it afterwards.

A build is served only once every file has the size and SHA-256 its manifest
gives (:meth:`Checker.check`). A :class:`Checker` remembers each file it
hashed by its identity on disk (device, inode, size, modification and change
times: :func:`stamp`), so the next build, which shares its unchanged Whoosh
segments with this one through hard links, costs only its new files, and a
file is hashed again only when something changed it. The stamps of a served
build, compared every few seconds (:func:`changed`: a ``stat`` a file), tell
when a file is truncated, deleted, replaced or written into in place: the
change time moves even when the size and the modification time are put back.
A new or removed hard link moves the change time too, and happens to every
shared segment whenever an ingest links a build or prunes an old one: a change
time that moved with the link count, nothing else changed, is not a change
(:func:`same`). (Taken for one, it failed a sound build that was checked while
an ingest pruned, and the server kept serving the old one.) A server that
starts takes the checksums the ingest recorded for the files still as they
were when it hashed them (:mod:`.hashes`): it hashes only what changed since.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .hashes import Known, Stamp, known, load, same, sha256, stamp
from .layout import MANIFEST, builds_dir
from .manifest import read_manifest, verify

Stamps = dict[str, Stamp | None]  # a build's file name → its stamp (None: missing)
MEMO_LIMIT = 10_000  # files whose checksums a checker remembers (a few builds have ~10)


def _key(s: Stamp) -> tuple[int, ...]:
    """What the hash memo knows a file by: its stamp without the link count (the file
    is the same whichever builds link it; its change time still moves with them)."""
    return s[:5]


def stamps(build: Path, manifest: dict[str, Any] | None) -> Stamps:
    """The stamps of every file the manifest lists, the manifest's own included."""
    files = manifest.get("files") if manifest is not None else None
    names = sorted(files) if isinstance(files, dict) else []
    return {name: stamp(build / name) for name in [*names, MANIFEST]}


def changed(build: Path, known: Stamps) -> str | None:
    """Which file of ``build`` is no longer as it was when ``known`` was taken, or None."""
    for name, was in known.items():
        now = stamp(build / name)
        if not same(was, now):
            return f"{name} is missing" if now is None else f"{name} changed on disk"
    return None


def cut(build: Path, known: Stamps) -> str | None:
    """Which file of ``build`` is missing, or not the size it was when ``known`` was taken
    (damage for sure: a new link or time alone is not), or None."""
    for name, was in known.items():
        now = stamp(build / name)
        if was is not None and now is None:
            return f"{name} is missing"
        if was is not None and now is not None and now[2] != was[2]:
            return f"{name} is {now[2]} bytes, not {was[2]}"
    return None


@dataclass(frozen=True, slots=True)
class Checked:
    """A build as one check found it: what is wrong (None: whole), its manifest, and
    its files' stamps when the check began and ended alike."""

    build: Path
    damage: str | None
    manifest: dict[str, Any] | None
    stamps: Stamps = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Refused:
    """A build a server would serve but does not, and why."""

    build: Path
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"build": self.build.name, "reason": self.reason}


class Checker:
    """Builds checked against their manifests, each file hashed once while unchanged."""

    def __init__(self, root: Path | None = None) -> None:
        """``root``: the index folder, whose recorded checksums (``hashes``: the
        ingest's) are taken for the files still as they were when it hashed them."""
        self.root = root
        self._hashed: dict[tuple[int, ...], str] = {}
        self._recorded: Known = {}
        self.hashed = 0  # files hashed so far (the others were known)

    def check(self, build: Path, rehash: bool = False) -> Checked:
        """Sizes, then checksums, of every file of ``build``. ``rehash``: hash every file
        again, even one unchanged since it was last hashed (after a read error)."""
        manifest = read_manifest(build)
        self._recorded = load(self.root) if self.root is not None and not rehash else {}
        before = stamps(build, manifest)
        digest = sha256 if rehash else self._digest
        damage = verify(build, True, manifest, digest)
        after = stamps(build, manifest)
        if damage is None and any(not same(before[n], after.get(n)) for n in before):
            damage = changed(build, before) or "its files changed while they were checked"
        return Checked(build, damage, manifest, after)

    def _digest(self, path: Path) -> str:
        before = stamp(path)
        memo = self._hashed.get(_key(before)) if before is not None else None
        if memo is None:
            memo = known(self._recorded, path)
        if memo is not None:
            return memo
        found = sha256(path)
        self.hashed += 1
        if before is not None and stamp(path) == before:  # unchanged while it was read
            if len(self._hashed) >= MEMO_LIMIT:
                self._hashed.clear()
            self._hashed[_key(before)] = found
        return found


def newest_first(root: Path) -> list[Path]:
    """The complete builds in ``root`` (a manifest each), newest first (as ``prune``
    orders them: by when the build's directory last changed)."""
    found = []
    try:
        listing = list(builds_dir(root).iterdir())
    except OSError:
        return []
    for path in listing:
        if path.name.startswith(".") or not (path / MANIFEST).is_file():
            continue
        try:
            found.append((path.stat().st_mtime_ns, path.name, path.resolve()))
        except OSError:
            continue
    return [path for _, _, path in sorted(found, reverse=True)]
