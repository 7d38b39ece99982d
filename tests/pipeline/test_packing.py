"""Records packed to hash or send (:mod:`service.pipeline.packing`): read back as they
were, equal bytes for equal records, and the records' strings left as they were."""

from __future__ import annotations

import copy
import sys

from service.pipeline.packing import packed, unpacked
from service.records import Document, Section, TranslationStatus


def _doc(text: str) -> Document:
    return Document(
        doc_id="a",
        locale="fr",
        path="help/a.md",
        title="Réglages",
        description="Décrit les réglages.",
        sections=(Section("Réglages", "reglages", 2, text, f"<p>{text}</p>", 3),),
        front_matter={"title": "Réglages", "feature": ["Scénarios"], "n": 2},
        translation=TranslationStatus(human_translated_percent=80),
    )


def test_a_document_is_read_back_as_it_was() -> None:
    doc = _doc("Cliquez sur « Enregistrer » — puis fermez.")
    assert unpacked(packed([doc]), list[Document]) == [doc]


def test_equal_documents_pack_to_equal_bytes() -> None:
    doc = _doc("Même texte.")
    twin = copy.deepcopy(doc)  # other objects, shared differently
    assert twin is not doc and packed(twin) == packed(doc) == packed(_doc("Même texte."))
    assert packed(doc) != packed(_doc("Autre texte."))


def test_packing_leaves_no_copy_in_the_strings() -> None:
    text = "Réglé. " * 500  # non-ASCII: an encoder that keeps its UTF-8 makes it bigger
    doc = _doc(text)
    before = sys.getsizeof(doc.sections[0].text)
    packed(doc)
    assert sys.getsizeof(doc.sections[0].text) == before
