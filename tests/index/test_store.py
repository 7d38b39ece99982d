"""The document store's apps (``service.index.store``): one row per locale and app, read
one app or one module at a time."""

from __future__ import annotations

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
