"""Documents on disk: one SQLite file per build, read without loading it all.

The server keeps only what lookups need in memory (method records, the
document list); a page or a search hit reads its document here by key. The
same file keeps the ingest's cache of parsed documents by content hash.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from service.quality.findings import RANK, Finding
from service.records import App, Document, Module

from . import places
from .builds.layout import fsync
from .rows import connect, copy_documents, dump, write_parsed

if TYPE_CHECKING:  # a server opens the store without the ingest's parsing modules
    from service.ingest.navigation import Parses
    from service.ingest.parse import Parsed

DOCS = "docs.sqlite"
_SCHEMA = """
CREATE TABLE documents (locale TEXT, doc_id TEXT, path TEXT, data TEXT,
                        PRIMARY KEY (locale, doc_id));
CREATE INDEX documents_path ON documents (locale, path);
CREATE TABLE parsed (locale TEXT, path TEXT, content_hash TEXT, data TEXT, problems TEXT,
                     PRIMARY KEY (locale, path));
CREATE TABLE findings (n INTEGER PRIMARY KEY, locale TEXT, severity INTEGER, kind TEXT,
                       path TEXT, data TEXT);
CREATE INDEX findings_locale ON findings (locale, severity);
CREATE INDEX findings_kind ON findings (kind);  -- the report's kinds, read without a scan
CREATE TABLE apps (locale TEXT, app_id TEXT, doc_id TEXT, title TEXT, modules INTEGER,
                   fields INTEGER, data TEXT, PRIMARY KEY (locale, app_id));
CREATE TABLE compared (article TEXT PRIMARY KEY, key TEXT, data TEXT);
CREATE TABLE glossary (data TEXT);
CREATE TABLE joins (data TEXT);  -- rows.Joins: what the join left for the next ingest's
CREATE TABLE tocs (locale TEXT, path TEXT, content_hash TEXT, data TEXT, problems TEXT,
                   PRIMARY KEY (locale, path));
"""


def write(
    path: Path,
    documents: Iterable[Document],
    parsed: Iterable[Parsed],
    findings: Iterable[Finding] = (),
    apps: Iterable[tuple[str, App]] = (),
    compared: tuple[Iterable[tuple[str, str, str]], str] | None = None,
    rows: tuple[Path, Mapping[tuple[str, str], tuple[str, int]]] | None = None,
    known: Written | None = None,
    tocs: Parses | None = None,
    joins: str | None = None,
    stored: Mapping[tuple[str, str], Document] | None = None,
) -> None:
    """The build's documents, the parse cache (each parse with a document), the
    quality findings (in report order, each with its severity's rank: 0 is the worst),
    and the apps (doc_id, app): one row per locale and app id, read one at a time (a
    document's own row leaves its app out; the parse cache keeps it). ``compared``:
    each article's comparison and the glossary, for the next ingest (rows of
    ``pipeline.reuse``). ``rows``: the previous build's store and its parse cache's
    rows (:func:`read_reusable`: content hash and rowid), copied as they are (by SQLite,
    never read into Python) for the files of the same content hash rather than written
    anew; ``known``: the same of the documents' and apps' rows this
    process wrote last (their records compared: equal ones are not dumped again);
    ``tocs``: the guides' TOCs as read, for the next ingest (``navigation.Parses``);
    ``joins``: what the join left for the next ingest's (a ``rows.Joins`` row);
    ``stored``: documents of the previous build's store (``rows``), by (locale, path), as it
    holds them: the rows of those equal to this build's are copied as they are."""
    known = known or Written(keep=False)  # a one-off ingest: no next one to compare with
    before, known.rows = known.rows, {}
    db = sqlite3.connect(path)
    try:
        # no journal, no syncs of SQLite's own: the file is new, in a build that is swapped
        # in only once whole (a failed write leaves no build), and synced once at the end
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.executescript(_SCHEMA + places.SCHEMA)
        if compared is not None:
            db.executemany("INSERT INTO compared VALUES (?, ?, ?)", compared[0])
            db.execute("INSERT INTO glossary VALUES (?)", (compared[1],))
        if joins is not None:
            db.execute("INSERT INTO joins VALUES (?)", (joins,))
        db.executemany(
            "INSERT INTO tocs VALUES (?, ?, ?, ?, ?)",
            (
                (loc, p, digest, dump(toc), dump(more))
                for (loc, p), (digest, toc, more) in (tocs or {}).items()
            ),
        )
        db.executemany(
            "INSERT INTO findings (locale, severity, kind, path, data) VALUES (?, ?, ?, ?, ?)",
            # msgspec encodes a finding as its as_dict() would be: made once, not twice
            ((f.locale, RANK[f.severity], f.kind, f.path, dump(f)) for f in findings),
        )
        documents, apps = list(documents), list(apps)
        same = _same(documents, apps, stored if rows is not None else None)
        db.executemany(
            "INSERT OR REPLACE INTO apps VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    *(a.locale, a.app_id, doc_id, a.title, len(a.modules), a.field_count),
                    known.row(before, ("a", a.locale, a.app_id), a),
                )
                for doc_id, a in apps
                if (a.locale, doc_id) not in same
            ),
        )
        db.executemany(  # those of the documents copied are copied with them
            places.INSERT, places.rows(d for d in documents if (d.locale, d.doc_id) not in same)
        )
        db.executemany(
            "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?)",
            (
                (d.locale, d.doc_id, d.path, known.row(before, ("d", d.locale, d.doc_id), d))
                for d in documents
                if (d.locale, d.doc_id) not in same
            ),
        )
        if same and rows is not None:
            copy_documents(db, rows[0], sorted(same))
        write_parsed(db, parsed, rows)
        db.commit()
    finally:
        db.close()
    fsync(path)


def _same(
    documents: list[Document],
    apps: list[tuple[str, App]],
    stored: Mapping[tuple[str, str], Document] | None,
) -> set[tuple[str, str]]:
    """(locale, doc_id) of the documents equal to their ``stored`` ones (none where two
    rows share a key: which one a table keeps is then the order they are written in)."""
    keys = [(d.locale, d.doc_id) for d in documents]
    app_keys = [(a.locale, a.app_id) for _, a in apps]
    if not stored or len(set(keys)) < len(keys) or len(set(app_keys)) < len(app_keys):
        return set()
    return {(d.locale, d.doc_id) for d in documents if stored.get((d.locale, d.path)) == d}


@dataclass(slots=True)
class Written:
    """The documents' and apps' rows last written, with their records (``serve --watch``):
    an equal record's row is not dumped again (comparing costs a tenth of dumping)."""

    rows: dict[tuple[str, str, str], tuple[Any, str]] = field(default_factory=dict)
    keep: bool = True  # False: nothing kept (every row's JSON was held to the end: 1 GB at 20×)

    def row(self, before: dict[tuple[str, str, str], tuple[Any, str]], key: Any, one: Any) -> str:
        found = before.get(key)
        if found is None or found[0] != one:
            found = (one, dump(_without_app(one) if isinstance(one, Document) else one))
        if self.keep:
            self.rows[key] = found
        return found[1]


def _without_app(doc: Document) -> Document:
    """A document's row: its app is in the apps table once, not here a second time."""
    return dataclasses.replace(doc, app=None) if doc.app is not None else doc


class DocStore:
    """Read-only access to a build's documents, one connection per thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()

    def _db(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = connect(self.path)
            self._local.db = db
        return db

    def probe(self) -> None:
        """A cheap real read (the last row of each table a request reads): raises
        ``sqlite3.Error`` when the store cannot be read."""
        db = self._db()
        for table in ("documents", "apps", "findings"):
            db.execute(f"SELECT * FROM {table} ORDER BY rowid DESC LIMIT 1").fetchall()  # ours

    def get(self, locale: str, doc_id: str) -> Document | None:
        return self._one("doc_id", locale, doc_id)

    def by_path(self, locale: str, path: str) -> Document | None:
        return self._one("path", locale, path)

    def _one(self, column: Literal["doc_id", "path"], locale: str, value: str) -> Document | None:
        sql = f"SELECT data FROM documents WHERE locale = ? AND {column} = ?"  # column: ours
        row = self._db().execute(sql, (locale, value)).fetchone()
        return Document.from_dict(json.loads(row[0])) if row else None

    def app(self, locale: str, app_id: str) -> App | None:
        """One app in one locale, by its id (the source article's)."""
        sql = "SELECT data FROM apps WHERE locale = ? AND app_id = ?"
        row = self._db().execute(sql, (locale, app_id)).fetchone()
        return App.from_dict(json.loads(row[0])) if row else None

    def place(self, locale: str, path: str, anchor: str) -> places.Place | None:
        """The module whose section (or one below it) ``anchor`` of app article ``path`` is."""
        return places.read(self._db(), locale, path, anchor)

    def module(self, locale: str, module_id: str) -> Module | None:
        """One module in one locale, by its id (``{app_id}.{module}``)."""
        app = self.app(locale, module_id.split(".", 1)[0])
        return app.module(module_id) if app else None

    def module_ids(self) -> list[tuple[str, str]]:
        """(locale, module id) of every app's every module, read in SQLite (JSON1): the
        sitemap's, without making thousands of records."""
        sql = (
            "SELECT apps.locale, json_extract(m.value, '$.module_id') FROM apps, "
            "json_each(apps.data, '$.modules') AS m ORDER BY apps.locale, apps.app_id, m.key"
        )
        return [(locale, str(module_id)) for locale, module_id in self._db().execute(sql)]

    def app_articles(self, locale: str) -> list[tuple[str, str]]:
        """(doc_id, title) of every app article of ``locale``, by app id."""
        sql = "SELECT doc_id, title FROM apps WHERE locale = ? ORDER BY app_id"
        return [(str(d), str(t)) for d, t in self._db().execute(sql, (locale,))]

    def app_ids(self, locale: str) -> list[str]:
        return [app_id for app_id, *_ in self.app_list(locale)]

    def app_list(self, locale: str) -> list[tuple[str, str, int, int]]:
        """(app_id, title, modules, fields) of every app of ``locale``, by id."""
        sql = "SELECT app_id, title, modules, fields FROM apps WHERE locale = ? ORDER BY app_id"
        return [
            (str(i), str(t), int(m), int(f)) for i, t, m, f in self._db().execute(sql, (locale,))
        ]

    def findings(
        self,
        locale: str,
        severity: str | None = None,
        kind: str | None = None,
        path: str | None = None,
        offset: int = 0,
        limit: int | None = None,
    ) -> Iterator[dict[str, Any]]:
        """One locale's quality findings in report order, ``severity`` or worse, of ``kind``,
        on a translation whose path starts with ``path``: ``limit`` of them from ``offset``."""
        where, args = _matching(locale, severity, kind, path)
        sql = f"SELECT data FROM findings WHERE {where} ORDER BY n LIMIT ? OFFSET ?"  # ours
        limit = -1 if limit is None else limit  # SQLite: a negative limit is none
        for (data,) in self._db().execute(sql, [*args, limit, offset]):
            found: dict[str, Any] = json.loads(data)
            yield found

    def count_findings(
        self,
        locale: str,
        severity: str | None = None,
        kind: str | None = None,
        path: str | None = None,
    ) -> int:
        """How many findings :meth:`findings` has with these filters (and no limit)."""
        where, args = _matching(locale, severity, kind, path)
        sql = f"SELECT COUNT(*) FROM findings WHERE {where}"  # ours
        count: int = self._db().execute(sql, args).fetchone()[0]
        return count

    def finding_kinds(self) -> list[str]:
        """The kinds of finding the report has, sorted."""
        sql = "SELECT DISTINCT kind FROM findings ORDER BY kind"
        return [kind for (kind,) in self._db().execute(sql)]

    def all(self) -> Iterator[Document]:
        for (data,) in self._db().execute("SELECT data FROM documents ORDER BY locale, path"):
            yield Document.from_dict(json.loads(data))


def _matching(
    locale: str, severity: str | None, kind: str | None, path: str | None
) -> tuple[str, list[Any]]:
    """The WHERE clause (and its arguments) of findings that pass these filters."""
    where, args = ["locale = ?"], list[Any]([locale])
    if severity is not None:
        where, args = [*where, "severity <= ?"], [*args, RANK[severity]]
    if kind is not None:
        where, args = [*where, "kind = ?"], [*args, kind]
    if path:  # a prefix compared as it is (LIKE and GLOB would read % _ * ? [ in it)
        where, args = [*where, "substr(path, 1, ?) = ?"], [*args, len(path), path]
    return " AND ".join(where), args
