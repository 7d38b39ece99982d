"""Which module a section of an app article is about, stored with the build.

A search hit in a module's section of an app article names the module (and
the field the query names). The ingest writes one row per (locale, path,
anchor) of every section that is a module's or below one (a field group's),
so that a server reads the few it needs by key. (It was a map made when a
build was opened, from every app article of every language: over a second
of a server's start on the real corpus, and twenty at 20×.)
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from service.records import Document

SCHEMA = """
CREATE TABLE places (locale TEXT, path TEXT, anchor TEXT, module_id TEXT, data TEXT,
                     PRIMARY KEY (locale, path, anchor));
"""
INSERT = "INSERT OR REPLACE INTO places VALUES (?, ?, ?, ?, ?)"
_SELECT = "SELECT module_id, data FROM places WHERE locale = ? AND path = ? AND anchor = ?"


@dataclass(frozen=True, slots=True)
class Place:
    """A module as a search hit finds it: by the anchor of its section."""

    module_id: str
    name: str
    fields: tuple[tuple[str, str], ...]  # (field_id, label)


def of(doc: Document) -> Iterator[tuple[str, Place]]:
    """(anchor, module) of each section of ``doc`` that is a module's, or below one's
    (a section at a deeper level before the next at the module's level or higher)."""
    if doc.app is None:
        return
    by_anchor = {m.anchor: m for m in doc.app.modules if m.anchor}
    current: tuple[Place, int] | None = None
    for section in doc.sections:
        module = by_anchor.get(section.anchor)
        if module is not None:
            fields = tuple((f.field_id, f.label) for f in module.fields)
            current = (Place(module.module_id, module.name, fields), section.level)
        elif current is not None and section.level <= current[1]:
            current = None
        if current is not None and section.anchor:
            yield section.anchor, current[0]


def rows(documents: Iterable[Document]) -> Iterator[tuple[str, str, str, str, str]]:
    """The table's rows for ``documents`` (those of app articles have some)."""
    for doc in documents:
        for anchor, place in of(doc):
            data = json.dumps([place.name, place.fields], ensure_ascii=False)
            yield doc.locale, doc.path, anchor, place.module_id, data


def read(db: sqlite3.Connection, locale: str, path: str, anchor: str) -> Place | None:
    """The module whose section ``anchor`` of ``path`` is, or None."""
    row = db.execute(_SELECT, (locale, path, anchor)).fetchone()
    if row is None:
        return None
    name, fields = json.loads(row[1])
    return Place(row[0], name, tuple((f, label) for f, label in fields))
