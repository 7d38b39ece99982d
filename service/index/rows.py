"""A build's store rows as an ingest makes them and the next ingest reads them back.

The parse cache (each file's parse by content hash) and the kept comparisons
of the translations (``pipeline.reuse``) are read from the live build's
store by the next ingest; :mod:`.store` writes them and serves the rest.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import msgspec

from service.ingest.parse import Parsed
from service.records import Document, Problem, Toc

_ENCODER = msgspec.json.Encoder()
_DOCUMENT = msgspec.json.Decoder(Document)
_PROBLEMS = msgspec.json.Decoder(list[Problem])
_TOC = msgspec.json.Decoder(Toc)
_TOC_PROBLEMS = msgspec.json.Decoder(tuple[Problem, ...])


def dump(value: Any) -> str:
    """A record (or a dict, a list of them) as a row's compact JSON: msgspec encodes the
    dataclasses themselves, with the same fields as ``as_dict`` (8× quicker than
    ``as_dict`` and ``json.dumps``, which were most of writing a build's store)."""
    return _ENCODER.encode(value).decode()


def connect(path: Path) -> sqlite3.Connection:
    """A read-only connection to a finished build's store (it never changes)."""
    return sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)


def read_compared(path: Path) -> tuple[dict[str, tuple[str, str]], str | None]:
    """Each article's kept comparison (article → key, data) and the glossary (None when
    the build kept none)."""
    if not path.is_file():
        return {}, None
    db = connect(path)
    try:
        glossary = db.execute("SELECT data FROM glossary").fetchone()
        rows = {a: (k, d) for a, k, d in db.execute("SELECT article, key, data FROM compared")}
        return rows, glossary[0] if glossary else None
    except sqlite3.Error:
        return {}, None
    finally:
        db.close()


def read_parsed(path: Path) -> dict[tuple[str, str], tuple[str, sqlite3.Row | tuple[Any, ...]]]:
    """(locale, path) → (content hash, row): what the next ingest may reuse."""
    if not path.is_file():
        return {}
    db = connect(path)
    try:
        return {
            (loc, p): (h, (data, problems))
            for loc, p, h, data, problems in db.execute(
                "SELECT locale, path, content_hash, data, problems FROM parsed"
            )
        }
    except sqlite3.Error:
        return {}
    finally:
        db.close()


def dump_parsed(parsed: Parsed) -> tuple[str, str]:
    """A parse (with a document) as the parse cache keeps it: (data, problems)."""
    assert parsed.document is not None
    return dump(parsed.document), dump(parsed.problems)


def load_parsed(row: Any) -> Parsed:
    """A parse-cache row (``read_parsed``) as the parse it keeps."""
    data, problems = row
    # msgspec decodes straight into the records (the rows are its encoding of them): a
    # quarter less time than json and from_dict, for every unchanged file of an ingest
    return Parsed(_DOCUMENT.decode(data), _PROBLEMS.decode(problems))


def read_tocs(path: Path) -> dict[tuple[str, str], tuple[str, Toc, tuple[Problem, ...]]]:
    """(locale, path) → (content hash, TOC, problems): the TOC parses the next ingest may
    reuse (``ingest.navigation.Parses``); empty when the store has none or is unreadable."""
    if not path.is_file():
        return {}
    db = connect(path)
    try:
        return {
            (loc, p): (h, _TOC.decode(data), _TOC_PROBLEMS.decode(problems))
            for loc, p, h, data, problems in db.execute(
                "SELECT locale, path, content_hash, data, problems FROM tocs"
            )
        }
    except (sqlite3.Error, ValueError):
        return {}
    finally:
        db.close()
