"""The document store's apps (``service.index.store``): one row per locale and app, read
one app or one module at a time."""

from __future__ import annotations

import sys
from pathlib import Path

from service.index import store
from service.ingest.fields import APPS
from service.ingest.parse import parse_document
from tests.conftest import DATA


def test_apps_are_read_back_by_id(tmp_path: Path) -> None:
    text = (DATA / "fields" / "en" / "acme-modules.md").read_text(encoding="utf-8")
    doc = parse_document(text, f"{APPS}x/acme-modules.md", "en").document
    assert doc is not None and doc.app is not None
    path = tmp_path / store.DOCS
    store.write(path, [doc], [], [], [(doc.doc_id, doc.app)])
    docs = store.DocStore(path)
    assert docs.app("en", "acme") == doc.app
    assert docs.app("fr", "acme") is None and docs.app("en", "nope") is None
    module = docs.module("en", "acme.watch-records")
    assert module is not None and [f.label for f in module.fields] == ["Webhook", "Limit"]
    assert docs.module("en", "acme.nope") is None and docs.module("en", "nope.x") is None
    assert docs.app_ids("en") == ["acme"] and docs.app_ids("sv") == []
    row = docs.get("en", doc.doc_id)  # the document's row leaves its app to the apps table
    assert row is not None and row.app is None and row.sections == doc.sections


def test_a_section_names_the_module_it_is_in(tmp_path: Path) -> None:
    """A module's section, and the sections below it (a field group), name the module;
    the next section at the module's level or higher, and a plain article, do not."""
    text = (DATA / "fields" / "en" / "acme-modules.md").read_text(encoding="utf-8")
    doc = parse_document(text, f"{APPS}x/acme-modules.md", "en").document
    plain = parse_document("# Plain\n\n## Create a record\n\nText.\n", "plain.md", "en").document
    assert doc is not None and doc.app is not None and plain is not None
    path = tmp_path / store.DOCS
    store.write(path, [doc, plain], [], [], [(doc.doc_id, doc.app)])
    docs = store.DocStore(path)
    place = docs.place("en", doc.path, "create-a-record")
    module = doc.app.module("acme.create-a-record")
    assert place is not None and module is not None
    assert (place.module_id, place.name) == (module.module_id, module.name)
    assert place.fields == tuple((f.field_id, f.label) for f in module.fields)
    capping = next(s.anchor for s in doc.sections if s.heading == "Capping fields")
    assert docs.place("en", doc.path, capping) == place  # a field group below it
    triggers = next(s.anchor for s in doc.sections if s.heading == "Triggers")
    watch = docs.place("en", doc.path, triggers)  # a fold (+++) of the section is the module
    assert watch is not None and watch.module_id == "acme.watch-records"
    for section in doc.sections:
        if section.heading in {"Troubleshooting", "Actions", "Acme modules"}:
            assert docs.place("en", doc.path, section.anchor) is None, section.heading
    assert docs.place("en", plain.path, "create-a-record") is None
    assert docs.place("fr", doc.path, "create-a-record") is None


def test_writing_rows_leaves_the_records_strings_as_they_were(tmp_path: Path) -> None:
    """A row's JSON is made without a UTF-8 copy left inside the record's non-ASCII
    strings (``rows.dump``): CPython counts such a copy in the string's size."""
    text = "# Sécurité\n\n## Paramètres de requête\n\nLa méthode PUT est idempotente.\n"
    doc = parse_document(text, "fr/securite.md", "fr").document
    assert doc is not None
    strings = [doc.title, *(s.html for s in doc.sections), *(s.text for s in doc.sections)]
    assert any(not s.isascii() for s in strings)
    sizes = [sys.getsizeof(s) for s in strings]
    store.write(tmp_path / store.DOCS, [doc], [], [], [])
    assert [sys.getsizeof(s) for s in strings] == sizes
    assert store.DocStore(tmp_path / store.DOCS).get("fr", doc.doc_id) == doc
