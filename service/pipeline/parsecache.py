"""``lingodocs check``'s cache of parsed files, so that a check parses only what changed.

Parsing is most of a check's time (markdown-it-py is pure Python), and a
docs pipeline checks the same files again and again: each file's parse is
kept by what it was parsed from (locale, file name, text hash), in one
SQLite file in the cache directory (``LINGODOCS_CHECK_CACHE``, by default
``.lingodocs-cache`` in the working directory, as mypy and ruff keep theirs;
``off`` for none). Rows are the build's parse cache's (:mod:`service.index.store`),
so a cached parse is what the ingest reuses too. The file says which build
format and which code wrote it (a hash of the parsing code's files); a cache
written by any other is emptied, not read.
After each check the cache keeps only the parses that check used (a source
as it was at an older commit included: the history's versions are parsed
once per commit, not once per check).

A cache that cannot be read or written is a warning, never a failed check; a
file there that is not a database is replaced.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from service import dialect, ingest, records
from service.index import rows
from service.index.builds.version import FORMAT
from service.ingest.parse import Parsed
from service.ingest.sources import SourceFile

FILE = "parsed.sqlite"
OFF = ("off", "none", "")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS parsed (locale TEXT, path TEXT, folder TEXT, content_hash TEXT,
                                   data TEXT, problems TEXT,
                                   PRIMARY KEY (locale, path, folder, content_hash));
"""


@cache
def _written_by() -> str:
    """The build format, and a hash of the code a parse depends on (the dialect, the
    ingest, the records): a parse made by other code is not reused, whatever the
    version number says (a developer's edit, an upgrade)."""
    digest = hashlib.sha256()
    for package in (dialect, ingest):
        for source in sorted(Path(str(package.__file__)).parent.glob("*.py")):
            digest.update(source.name.encode() + b"\0" + source.read_bytes())
    digest.update(Path(records.__file__).read_bytes())
    return f"format {FORMAT}, code {digest.hexdigest()[:16]}"


def _key(item: SourceFile) -> tuple[str, str, str, str]:
    """A file's row: an older version of a source file (parsed without its field tables)
    is never the row of a file of the content with the same text."""
    folder = f"{item.folder}@{item.version}" if item.version else item.folder
    return (item.locale, item.path, folder, item.digest)


@dataclass(slots=True)
class ParseCache:
    folder: Path
    warnings: list[str] = field(default_factory=list)  # what went wrong, for the report
    hits: int = 0

    @classmethod
    def at(cls, folder: Path) -> ParseCache | None:
        """The cache in ``folder``; none if it is named ``off``."""
        return None if str(folder).strip().lower() in OFF else cls(folder)

    def _connect(self) -> sqlite3.Connection:
        self.folder.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.folder / FILE, timeout=10)
        try:
            db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            db.close()
            if isinstance(exc, sqlite3.OperationalError):  # locked, read-only: not ours to drop
                raise
            # not a database (a cut write, a stray file): the cache is only a cache
            (self.folder / FILE).unlink()
            self.warnings.append(f"check cache {self.folder / FILE} was damaged; made anew")
            db = sqlite3.connect(self.folder / FILE, timeout=10)
            db.executescript(_SCHEMA)
        row = db.execute("SELECT value FROM meta WHERE key = 'written_by'").fetchone()
        if row is None or row[0] != _written_by():  # another format's parses: not ours
            db.execute("DELETE FROM parsed")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('written_by', ?)", (_written_by(),))
            db.commit()
        return db

    def get(self, items: Sequence[SourceFile]) -> dict[int, Parsed]:
        """The cached parse of each of ``items`` that has one, by its position."""
        found: dict[int, Parsed] = {}
        try:
            db = self._connect()
            try:
                for n, item in enumerate(items):
                    row = db.execute(
                        "SELECT data, problems FROM parsed WHERE locale = ? AND path = ? "
                        "AND folder = ? AND content_hash = ?",
                        _key(item),
                    ).fetchone()
                    if row is not None:
                        found[n] = rows.load_parsed(row)
            finally:
                db.close()
        except (sqlite3.Error, OSError, ValueError, KeyError, TypeError) as exc:
            self.warnings.append(f"check cache {self.folder / FILE} not read ({exc}); parsed all")
            return {}
        self.hits = len(found)
        return found

    def keep(self, used: Sequence[SourceFile], new: Sequence[tuple[SourceFile, Parsed]]) -> None:
        """Keep the ``new`` parses (each with a document), and of the others only those of
        files ``used``."""
        made = [(*_key(i), *rows.dump_parsed(p)) for i, p in new if p.document is not None]
        try:
            db = self._connect()
            try:
                db.execute("CREATE TEMP TABLE used (locale, path, folder, content_hash)")
                db.executemany(
                    "INSERT INTO used VALUES (?, ?, ?, ?)",
                    (_key(i) for i in used),
                )
                db.execute(
                    "DELETE FROM parsed WHERE (locale, path, folder, content_hash) "
                    "NOT IN (SELECT locale, path, folder, content_hash FROM used)"
                )
                db.executemany("INSERT OR REPLACE INTO parsed VALUES (?, ?, ?, ?, ?, ?)", made)
                db.commit()
            finally:
                db.close()
        except (sqlite3.Error, OSError) as exc:
            self.warnings.append(f"check cache {self.folder / FILE} not written ({exc})")
