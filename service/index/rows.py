"""A build's store rows as an ingest makes them and the next ingest reads them back.

The parse cache (each file's parse by content hash) and the kept comparisons
of the translations (``pipeline.reuse``) are read from the live build's
store by the next ingest; :mod:`.store` writes them and serves the rest.
"""

from __future__ import annotations

import contextlib
import dataclasses
import marshal
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from service.records import App, Document, Problem, Toc

_ENCODER = msgspec.json.Encoder()
if TYPE_CHECKING:  # the parse cache's rows are the ingest's: a server reads none
    from service.ingest.parse import Parsed

_DOCUMENT = msgspec.json.Decoder(Document)
_PROBLEMS = msgspec.json.Decoder(list[Problem])
_TOC = msgspec.json.Decoder(Toc)
_TOC_PROBLEMS = msgspec.json.Decoder(tuple[Problem, ...])
_APP = msgspec.json.Decoder(App)
# Every row's JSON below is read as bytes (``CAST(data AS BLOB)``: the column's UTF-8 as
# stored), which msgspec decodes as it does text: made a str first, the parse cache's 45 MB
# at 1x took longer to read (0.09 s) than to read as bytes and decode (0.03 + 0.13 s).


def dump(value: Any) -> str:
    """A record (or a dict, a list of them) as a row's compact JSON: msgspec encodes the
    dataclasses themselves, with the same fields as ``as_dict`` (8× quicker than
    ``as_dict`` and ``json.dumps``, which were most of writing a build's store).

    msgspec leaves a UTF-8 copy inside every non-ASCII string it encodes (CPython keeps
    it for the string's lifetime), and a full ingest's records live to its end: writing
    the store grew the ingest by 155 MB at 5× (the documents' and the parses' strings).
    So it encodes copies of them, made by ``marshal`` (whose own encoding keeps no copy:
    ``pipeline.packing``), which are freed with the row: 4× the time of encoding the
    records themselves (a second at 5×), the same bytes."""
    plain = marshal.loads(marshal.dumps(msgspec.to_builtins(value), 2))
    return _ENCODER.encode(plain).decode()


def connect(path: Path) -> sqlite3.Connection:
    """A read-only connection to a finished build's store (it never changes)."""
    return sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)


@dataclass(slots=True)
class Reusable:
    """What the next ingest may take from a live build's store: the parse cache
    ((locale, path) → (content hash, rowid: the parse itself read by :func:`parses` as
    it is needed, the row copied as it is into the next store)), the kept comparisons
    (article → key, data) and their glossary (None when the build kept none), the TOC
    parses ((locale, path) → (content hash, TOC, problems)). Each is empty where the
    store has none or cannot be read."""

    parsed: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)  # hash, rowid
    compared: dict[str, tuple[str, str]] = field(default_factory=dict)
    glossary: str | None = None
    tocs: dict[tuple[str, str], tuple[str, Toc, tuple[Problem, ...]]] = field(default_factory=dict)
    joins: Joins | None = None  # what its join left for the next (``ingest.rejoin``)


class Joins(msgspec.Struct, frozen=True):
    """A build's ``joins`` row: its join's state (``ingest.rejoin.state``) and the warnings
    of each translation's app join, as (locale, path, problems)."""

    state: str
    warnings: list[tuple[str, str, list[Problem]]]


_JOINS = msgspec.json.Decoder(Joins)


def read_reusable(path: Path) -> Reusable:
    """The store at ``path`` read once for all the next ingest may reuse."""
    found = Reusable()
    if not path.is_file():
        return found
    db = connect(path)
    try:
        with contextlib.suppress(sqlite3.Error):
            found.parsed = _parsed(db)
        with contextlib.suppress(sqlite3.Error):
            found.compared, found.glossary = _compared(db)
        with contextlib.suppress(sqlite3.Error, ValueError):
            found.tocs = _tocs(db)
        with contextlib.suppress(sqlite3.Error, ValueError):
            row = db.execute("SELECT data FROM joins").fetchone()
            found.joins = _JOINS.decode(row[0]) if row else None
    finally:
        db.close()
    return found


def _compared(db: sqlite3.Connection) -> tuple[dict[str, tuple[str, str]], str | None]:
    glossary = db.execute("SELECT data FROM glossary").fetchone()
    rows = {a: (k, d) for a, k, d in db.execute("SELECT article, key, data FROM compared")}
    return rows, glossary[0] if glossary else None


def _parsed(db: sqlite3.Connection) -> dict[tuple[str, str], tuple[str, int]]:
    # the hashes only: every row's data read up front was a second and 0.7 GB at 20x
    return {
        (loc, p): (h, rowid)
        for loc, p, h, rowid in db.execute("SELECT locale, path, content_hash, rowid FROM parsed")
    }


def parses(path: Path, rowids: Iterable[int]) -> dict[int, Parsed]:
    """The parses of the parse cache's rows ``rowids`` (:attr:`Reusable.parsed`) of the
    store at ``path``, each row's JSON read and decoded in turn (never all held)."""
    wanted = set(rowids)
    found: dict[int, Parsed] = {}
    if not wanted:
        return found
    db = connect(path)
    try:
        if len(wanted) < 1000:  # a few: one by one
            for rowid in sorted(wanted):
                for data, problems in db.execute(
                    "SELECT CAST(data AS BLOB), problems FROM parsed WHERE rowid = ?", (rowid,)
                ):
                    found[rowid] = load_parsed((data, problems))
        else:
            for rowid, data, problems in db.execute(
                "SELECT rowid, CAST(data AS BLOB), problems FROM parsed"
            ):
                if rowid in wanted:
                    found[rowid] = load_parsed((data, problems))
    finally:
        db.close()
    missing = wanted - found.keys()
    if missing:  # the store is immutable and its manifest verified: never, but say so
        raise sqlite3.DatabaseError(f"{path}: parse cache rows {sorted(missing)[:3]} missing")
    return found


def documents(path: Path, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Document]:
    """The documents of the files ``keys`` ((locale, path)) as the store at ``path`` holds
    them, each with its app (from the apps table); a file the store has no row of (or no
    single app row of, where its row is an app article's) is left out."""
    wanted = set(keys)
    found: dict[tuple[str, str], Document] = {}
    if not wanted:
        return found
    db = connect(path)
    try:
        apps: dict[tuple[str, str], str | None] = {}
        for locale, doc_id, data in db.execute(
            "SELECT locale, doc_id, CAST(data AS BLOB) FROM apps"
        ):
            apps[locale, doc_id] = None if (locale, doc_id) in apps else data  # two: neither
        for locale, doc_path, doc_id, data in db.execute(
            "SELECT locale, path, doc_id, CAST(data AS BLOB) FROM documents"
        ):
            if (locale, doc_path) in wanted:
                doc = _DOCUMENT.decode(data)
                app = apps.get((locale, doc_id), "")
                if app is None:  # which of two is this document's: none kept
                    continue
                found[locale, doc_path] = doc if not app else _with_app(doc, _APP.decode(app))
    finally:
        db.close()
    return found


def _with_app(doc: Document, app: App) -> Document:
    return dataclasses.replace(doc, app=app)


def dump_parsed(parsed: Parsed) -> tuple[str, str]:
    """A parse (with a document) as the parse cache keeps it: (data, problems)."""
    assert parsed.document is not None
    return dump(parsed.document), dump(parsed.problems)


def load_parsed(row: Any) -> Parsed:
    """A parse-cache row (``read_reusable``) as the parse it keeps."""
    from service.ingest.parse import Parsed  # here: a server starts without the parser

    data, problems = row
    # msgspec decodes straight into the records (the rows are its encoding of them): a
    # quarter less time than json and from_dict, for every unchanged file of an ingest
    return Parsed(_DOCUMENT.decode(data), _PROBLEMS.decode(problems))


def _tocs(db: sqlite3.Connection) -> dict[tuple[str, str], tuple[str, Toc, tuple[Problem, ...]]]:
    return {
        (loc, p): (h, _TOC.decode(data), _TOC_PROBLEMS.decode(problems))
        for loc, p, h, data, problems in db.execute(
            "SELECT locale, path, content_hash, CAST(data AS BLOB), problems FROM tocs"
        )
    }


def write_parsed(
    db: sqlite3.Connection,
    parsed: Iterable[Parsed],
    rows: tuple[Path, Mapping[tuple[str, str], tuple[str, int]]] | None,
) -> None:
    """The parse cache of a new store (``db``): each parse with a document; ``rows``: the
    previous build's store and its parse cache (:func:`read_reusable`), whose rows of
    the files of the same content hash are copied as they are (by SQLite, never read
    into Python) rather than dumped anew."""
    kept = rows[1] if rows is not None else {}
    copied: list[tuple[int]] = []
    fresh: list[tuple[Document, Parsed]] = []
    for p in parsed:
        if p.document is None:
            continue
        was = kept.get((p.document.locale, p.document.path))
        if was is not None and was[0] == p.document.content_hash:
            copied.append((was[1],))
        else:
            fresh.append((p.document, p))
    db.executemany(
        "INSERT OR REPLACE INTO parsed VALUES (?, ?, ?, ?, ?)",
        ((d.locale, d.path, d.content_hash, *dump_parsed(p)) for d, p in fresh),
    )
    if copied and rows is not None:
        _copy_parsed(db, rows[0], copied)


def _copy_parsed(db: sqlite3.Connection, old: Path, rowids: list[tuple[int]]) -> None:
    """The rows ``rowids`` of the parse cache of the store at ``old``, copied into ``db``'s."""
    db.commit()  # SQLite attaches no database inside a transaction
    db.execute("ATTACH DATABASE ? AS old", (str(old),))
    try:
        db.execute("CREATE TEMP TABLE kept (r INTEGER PRIMARY KEY)")
        db.executemany("INSERT INTO kept VALUES (?)", rowids)
        db.execute(
            "INSERT OR REPLACE INTO parsed SELECT p.locale, p.path, p.content_hash, p.data, "
            "p.problems FROM old.parsed AS p JOIN kept ON p.rowid = kept.r"
        )
        db.execute("DROP TABLE kept")
        db.commit()
    finally:
        db.execute("DETACH DATABASE old")


def copy_documents(db: sqlite3.Connection, old: Path, keys: list[tuple[str, str]]) -> None:
    """The documents' rows (their apps', their sections' places) of ``keys`` ((locale,
    doc_id)) of the store at ``old``, copied into ``db``'s as they are (by SQLite: never
    read into Python)."""
    db.commit()  # SQLite attaches no database inside a transaction
    db.execute("ATTACH DATABASE ? AS old", (str(old),))
    try:
        db.execute(
            "CREATE TEMP TABLE same (locale TEXT, doc_id TEXT, PRIMARY KEY (locale, doc_id))"
        )
        db.executemany("INSERT INTO same VALUES (?, ?)", keys)
        for table in ("documents", "apps"):
            db.execute(
                f"INSERT INTO {table} SELECT t.* FROM old.{table} AS t "  # ours
                "JOIN same ON t.locale = same.locale AND t.doc_id = same.doc_id"
            )
        db.execute(  # the places (``places``) of their sections, by the documents' paths
            "INSERT INTO places SELECT p.* FROM old.places AS p JOIN old.documents AS d "
            "ON p.locale = d.locale AND p.path = d.path "
            "JOIN same ON d.locale = same.locale AND d.doc_id = same.doc_id"
        )
        db.execute("DROP TABLE same")
        db.commit()
    finally:
        db.execute("DETACH DATABASE old")
