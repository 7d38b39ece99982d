"""The term glossary (service/quality/terms.toml): a test per term and language."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from service.quality import terms
from service.quality.blocks import Block

GLOSSARY = terms.glossary()
LANGS = ("fr", "nl", "sv")


def block(text: str) -> Block:
    return Block("paragraph", text, frozenset())


def form(term: str, lang: str) -> str:
    """A form of ``term`` in ``lang`` as a writer would write it (the first one)."""
    data = tomllib.loads(terms.SOURCE.read_text(encoding="utf-8"))
    return str(data[term][lang][0]).rstrip("*")


WITH_OPPOSITE = [(t.name, lang) for t in GLOSSARY.values() if t.opposite for lang in LANGS]


@pytest.mark.parametrize(
    ("term", "lang"), WITH_OPPOSITE, ids=[f"{t}-{x}" for t, x in WITH_OPPOSITE]
)
def test_a_term_said_as_its_opposite_is_a_fact(term: str, lang: str) -> None:
    opposite = GLOSSARY[term].opposite
    assert opposite is not None
    mine = block(f"This field is {form(term, 'en')}.")
    said = list(terms._judge(mine, block(f"X {form(term, lang)} Y."), "en", lang))
    assert said == []
    swapped = list(terms._judge(mine, block(f"X {form(opposite, lang)} Y."), "en", lang))
    assert [(s.severity, s.term) for s in swapped] == [("fact", term)]


@pytest.mark.parametrize("lang", LANGS)
def test_a_term_kept_in_english_is_said(lang: str) -> None:
    found = terms._judge(block("It is required."), block("Het is required."), "en", lang)
    assert list(found) == []


@pytest.mark.parametrize("lang", LANGS)
def test_read_only_lacking_is_missing(lang: str) -> None:
    found = list(terms._judge(block("The field is read-only."), block("Het veld."), "en", lang))
    assert [(s.severity, s.term) for s in found] == [("missing", "read-only")]


def test_every_term_has_every_language() -> None:
    for term in GLOSSARY.values():
        assert set(term.forms) >= {"en", *LANGS}, term.name


def test_an_ill_formed_glossary_names_the_file_and_term(tmp_path: Path) -> None:
    bad = tmp_path / "terms.toml"
    bad.write_text('[required]\nopposite = "nothing"\nen = ["required"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"terms\.toml: term \[required\]: its opposite"):
        terms.glossary(bad)
    bad.write_text("[required]\nfr = ['requis']\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"term \[required\] has no list of English forms"):
        terms.glossary(bad)
