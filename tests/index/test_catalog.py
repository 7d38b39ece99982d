"""What a server keeps of every document (``Catalog.open``): the same facts as the
document's row, held once where many entries share them."""

from __future__ import annotations

import dataclasses

from service.index.builds import current_build
from service.index.catalog import Catalog
from service.records import TranslationStatus
from service.settings import Settings


def _opened(settings: Settings) -> Catalog:
    build = current_build(settings.index)
    assert build is not None
    return Catalog.open(build)


def test_an_entry_says_what_its_document_row_says(content_settings: Settings) -> None:
    """Each entry's translation status, its findings' ids included, is its row's (less
    the findings' summaries, which pages read from the row)."""
    catalog = _opened(content_settings)
    try:
        assert len(catalog.entries) == len(list(catalog.docs.all()))
        with_findings = 0
        for entry in catalog.entries:
            doc = catalog.docs.get(entry.locale, entry.doc_id)
            assert doc is not None and (doc.path, doc.title) == (entry.path, entry.title)
            want = dataclasses.replace(doc.translation, finding_summaries=())
            assert entry.translation == want
            with_findings += bool(want.findings)
        assert with_findings > 0  # the seeds' translations have findings: they are kept
    finally:
        catalog.close()


def test_entries_share_what_they_have_alike(content_settings: Settings) -> None:
    """An article's path and id, a locale, the source language's plain status: one
    object each, however many entries hold them."""
    catalog = _opened(content_settings)
    try:
        for versions in catalog.articles.values():
            if len({e.path for e in versions.values()}) == 1:
                assert len({id(e.path) for e in versions.values()}) == 1
            assert len({id(e.doc_id) for e in versions.values()}) == 1
        for locale in catalog.locales:
            assert len({id(e.locale) for e in catalog.entries if e.locale == locale}) == 1
        plain = [e.status for e in catalog.entries if e.status == TranslationStatus()]
        assert plain and len({id(s) for s in plain}) == 1
    finally:
        catalog.close()
