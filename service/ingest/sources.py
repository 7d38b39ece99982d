"""Content directory → source files, each read safely or reported.

One folder per locale, named by any BCP 47 tag (``fr``, ``fr-FR``); the
same relative path in each folder is the same article. A file that cannot
be read (binary, invalid UTF-8, too large, a link leading outside the
content directory) is a :class:`Problem`, never an exception.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from service.i18n.locales import folder_language
from service.records import Problem

MAX_BYTES = 5 * 1024 * 1024  # one doc; the real corpus's largest is ~0.1 MB


def content_hash(text: str) -> str:
    """What says a file changed: its text's SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True, init=False)
class SourceFile:
    """One content file as read: where it is, its digest and its text.

    The text is kept compressed (zlib, its quickest level): an ingest holds every file
    from the scan to the parse, and its worker processes, forked meanwhile, count the
    parent's pages as their own; so a corpus's Markdown takes a third of the memory
    (the 20× corpus: 116 MB for 386 MB of ``str``), and reading it back costs a few
    milliseconds a megabyte where it is parsed.

    A file an earlier ingest read, still as it was then by its stat, is not read again
    (:func:`scan`): it has its digest but no text (``packed`` empty: no text compresses
    to nothing) until :func:`read_again` reads it, for the few such files parsed again."""

    locale: str  # language code, e.g. "fr"
    folder: str  # folder name as found, e.g. "fr-FR"
    path: str  # relative to the locale folder, "/"-separated
    packed: bytes  # the text, UTF-8, zlib-compressed; b"": not read (known by its stat)
    digest: str
    # the commit of an older version of a source file, parsed only to tell what changed
    # since (``quality.since``: its sections, not its field tables); "" for the content's
    version: str = ""

    def __init__(
        self,
        locale: str,
        folder: str,
        path: str,
        text: str = "",
        digest: str = "",
        version: str = "",
        *,
        packed: bytes | None = None,  # as :attr:`packed` (``dataclasses.replace`` gives it)
    ) -> None:
        if packed is None:
            packed = zlib.compress(text.encode("utf-8", "surrogatepass"), 1)
        for name, value in (
            ("locale", locale),
            ("folder", folder),
            ("path", path),
            ("packed", packed),
            ("digest", digest),
            ("version", version),
        ):
            object.__setattr__(self, name, value)

    @property
    def text(self) -> str:
        if not self.packed:
            raise ValueError(f"{self.where} was not read (its stat was as recorded)")
        return zlib.decompress(self.packed).decode("utf-8", "surrogatepass")

    @property
    def read(self) -> bool:
        """Whether its text was read (else :func:`read_again` reads it)."""
        return bool(self.packed)

    @property
    def where(self) -> str:
        return f"{self.folder}/{self.path}"


_MARKUP_IN_PATH = re.compile(r'[<>"\x00-\x1f\x7f]')


class ContentError(Exception):
    """The content directory itself is unusable."""


# path → (its stat: device, inode, size, mtime, ctime; when it was read; the file read)
Seen = dict[str, tuple[tuple[int, int, int, int, int], int, SourceFile]]
RACY_NS = 2_000_000_000  # a file changed this soon before it was read may change unseen


def _stat(path: str | Path) -> tuple[int, int, int, int, int] | None:
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _reread(path: str, seen: Seen | None) -> SourceFile | None:
    """The file as read before when its stat is as it was then (``serve --watch``, and
    the next ``lingodocs ingest`` from the stats its index folder records: only the
    edited files are read and hashed again). A file modified less than :data:`RACY_NS`
    before it was read is read again (a write in the same clock tick keeps its time),
    as git treats a racily clean file."""
    if seen is None:
        return None
    was = seen.get(path)
    if was is None or was[0][3] + RACY_NS > was[1]:
        return None
    return was[2] if _stat(path) == was[0] else None


def scan(
    root: Path, max_bytes: int = MAX_BYTES, earlier: Seen | None = None
) -> tuple[list[SourceFile], list[Problem]]:
    """Every Markdown file of every locale folder, read (or reported). ``earlier``: the
    files read by an earlier scan, taken as they were when their stat is the same;
    updated with the files read this time."""
    if not root.is_dir():
        raise ContentError(f"content directory {root} does not exist or is not a directory")
    files: list[SourceFile] = []
    problems: list[Problem] = []
    seen: dict[tuple[str, str], str] = {}
    seen_files = earlier
    real_root = root.resolve()
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        locale = folder_language(folder.name)
        if locale is None:
            problems.append(
                Problem(
                    folder.name,
                    0,
                    f"folder '{folder.name}' is not a language "
                    "tag (BCP 47, e.g. fr or fr-FR); skipped",
                )
            )
            continue
        top = str(folder)  # paths as strings: pathlib's were a tenth of a 20x scan
        for rel in _markdown_files(top):
            where = f"{folder.name}/{rel}"
            if _MARKUP_IN_PATH.search(rel):  # a path is served as it is: it holds no markup
                problems.append(
                    Problem(
                        _MARKUP_IN_PATH.sub(lambda m: f"\\x{ord(m.group()):02x}", where),
                        0,
                        "file path holds '<', '>', '\"' or a control character; skipped",
                    )
                )
                continue
            if (locale, rel) in seen:
                problems.append(
                    Problem(
                        where,
                        0,
                        f"same article as {seen[locale, rel]} "
                        f"(both are locale '{locale}'); skipped",
                    )
                )
                continue
            name = f"{top}/{rel}"
            known = _reread(name, seen_files)
            if known is None:
                item = _read_one(
                    Path(name), real_root, (locale, folder.name, rel), max_bytes, seen_files
                )
                if isinstance(item, Problem):
                    problems.append(item)
                    continue
                known = item
            seen[locale, rel] = where
            files.append(known)
    if seen_files is not None:
        gone = set(seen_files) - {f"{root}/{f.folder}/{f.path}" for f in files}
        for name in gone:
            del seen_files[name]
    return files, problems


def read_again(
    root: Path, file: SourceFile, max_bytes: int = MAX_BYTES, earlier: Seen | None = None
) -> SourceFile | Problem:
    """``file`` (one :func:`scan` knew by its stat, not read) read now, as scan reads one;
    ``earlier`` is updated as scan updates it."""
    where = (file.locale, file.folder, file.path)
    return _read_one(root / file.folder / file.path, root.resolve(), where, max_bytes, earlier)


def _read_one(
    path: Path,
    real_root: Path,
    where: tuple[str, str, str],  # locale, folder, path
    max_bytes: int,
    seen: Seen | None,
) -> SourceFile | Problem:
    locale, folder, rel = where
    before, read_at = _stat(path), time.time_ns()
    item = _read(path, real_root, f"{folder}/{rel}", max_bytes)
    if isinstance(item, Problem):
        return item
    one = SourceFile(locale, folder, rel, item, content_hash(item))
    if seen is not None and before is not None and not path.is_symlink():
        seen[str(path)] = (before, read_at, one)
    return one


def _markdown_files(top: str) -> Iterator[str]:
    for dirpath, dirnames, filenames in os.walk(top, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        below = os.path.relpath(dirpath, top)
        prefix = "" if below == os.curdir else below.replace(os.sep, "/") + "/"
        for name in sorted(filenames):
            if name.endswith(".md"):
                yield prefix + name


def _read(path: Path, root: Path, where: str, max_bytes: int) -> str | Problem:
    if path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(root):
            return Problem(
                where, 0, "symbolic link to a file outside the content directory; not followed"
            )
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return Problem(
                where,
                0,
                f"file is {size / 1048576:.1f} MB, over the "
                f"{max_bytes / 1048576:.0f} MB limit for one document; "
                "skipped",
            )
        data = path.read_bytes()
    except OSError as exc:
        return Problem(where, 0, f"cannot read: {exc.strerror}")
    if not data.strip():
        return Problem(where, 1, "empty file; skipped")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return Problem(where, line, "binary file (NUL byte), not Markdown; skipped")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return Problem(
            where,
            line,
            f"invalid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); skipped",
        )
    return text.removeprefix("\ufeff")  # line ends are the parser's (ingest.parse)
