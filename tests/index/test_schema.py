"""A document's index entry (service.index.schema.entry): what is searched, what is quoted."""

from __future__ import annotations

import dataclasses

import pytest

from service.index.quotes import decode
from service.index.schema import entry, text_field
from service.ingest.parse import parse_document
from service.records import Document
from tests.conftest import ARTICLE_PATH, CONTENT


def _article(locale: str) -> Document:
    text = (CONTENT / locale / ARTICLE_PATH).read_text(encoding="utf-8")
    doc = parse_document(text, ARTICLE_PATH, locale).document
    assert doc is not None
    return doc


@pytest.mark.parametrize("locale", ["en", "fr", "nl", "sv"])
def test_the_intro_quotes_a_description_its_first_paragraph_says_once(locale: str) -> None:
    """The methods article's first paragraph is its description, word for word: the
    intro a snippet quotes says it once (it said it twice, the title between); the
    searched text still has both (rankings are as they were); a description the
    intro does not say is quoted before it."""
    doc = _article(locale)
    found = entry(doc)
    _anchor, _heading, quoted = decode(found["quote"]).sections[0]
    assert quoted.count(doc.description) == 1, quoted
    assert quoted.startswith(doc.title)  # the intro's heading, then its paragraphs
    assert found[text_field(locale)].count(doc.description) == 2

    other = entry(dataclasses.replace(doc, description="Pick a method."))
    assert decode(other["quote"]).sections[0][2] == f"Pick a method.\n{quoted}"
