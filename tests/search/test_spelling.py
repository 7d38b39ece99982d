"""A build's vocabulary revised by delta is the one counted anew (real content)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from service.ingest.parse import parse_file
from service.ingest.sources import scan
from service.records import Document
from service.search.spelling import revised, vocabulary

CONTENT = Path(__file__).resolve().parents[2] / "content"


def _documents() -> list[Document]:
    files, _problems = scan(CONTENT)
    docs = [parse_file(f).document for f in files if not f.path.endswith("TOC.md")]
    return [d for d in docs if d is not None]


def test_revised_is_counted_anew() -> None:
    docs = _documents()
    assert len(docs) > 3
    edited = dataclasses.replace(docs[0], title=f"{docs[0].title} Quokka 42 words")
    removed, added = docs[1], dataclasses.replace(docs[2], path="new.md", locale="xx")
    before = vocabulary(docs)
    after = [edited, *docs[2:], added]
    got = revised(before, [docs[0], removed], [edited, added], {d.locale for d in after})
    assert got == vocabulary(after)
    assert "quokka" in got[edited.locale] and "42" not in got[edited.locale]


def test_a_language_left_without_documents_is_gone() -> None:
    docs = _documents()
    lone = dataclasses.replace(docs[0], locale="xx")
    before = vocabulary([*docs, lone])
    assert "xx" in before
    assert revised(before, [lone], [], {d.locale for d in docs}) == vocabulary(docs)
