"""Finding a query's words in text by its folded prefixes (``plain_scans`` over the
text folded to ASCII letters) finds exactly what the patterns of every letter's
variants find in the text itself (``patterns(stems, "any")``): the same words, the
same spans, on text with accents of Latin-1 and beyond, upper case, and letters
that fold to nothing."""

from __future__ import annotations

import random
import re

import pytest

from service.index.analysis import stems_of
from service.search import highlight
from service.search.highlight import Matcher, patterns

WORDS_FROM = "abcdeéèfghiïklmnoöprstuüvåäçß"
TEXT_FROM = WORDS_FROM + "êîôùñAÉÖœłšİ’–_ 0123456789 .,-\n"


def by_variants(lang: str, text: str, stems: frozenset[str]) -> list[tuple[int, int, str]]:
    """The matches as the variants' patterns give them, scanning the text itself."""
    subject = text.lower()
    flags = 0
    if len(subject) != len(text):
        subject, flags = text, re.IGNORECASE
    out = []
    for pattern in patterns(stems, "any", flags):
        for m in pattern.finditer(subject):
            before = subject[m.start() - 1] if m.start() else " "
            if before.isalnum() or before == "_":
                continue
            hit = stems_of(lang, text[m.start() : m.end()]) & stems
            if hit:
                out.append((m.start(), m.end(), next(iter(hit))))
    return sorted(out)


@pytest.mark.parametrize("seed", range(4))
def test_folded_scans_find_what_the_variants_find(seed: int) -> None:
    rng = random.Random(seed)
    words = ["".join(rng.choice(WORDS_FROM) for _ in range(rng.randint(2, 9))) for _ in range(200)]
    found = 0
    for _ in range(1500):
        text = " ".join(
            rng.choice(words)
            if rng.random() < 0.7
            else "".join(rng.choice(TEXT_FROM) for _ in range(rng.randint(1, 8)))
            for _ in range(rng.randint(1, 40))
        )
        if rng.random() < 0.05:
            text = text.upper()  # "İ" lower-cases to two characters
        lang = rng.choice(["en", "fr", "nl", "sv"])
        picked = rng.sample(words, rng.randint(1, 4))
        stems = frozenset(t for w in picked for t in stems_of(lang, w))
        if rng.random() < 0.1:  # prefixes that are not ASCII
            stems |= {rng.choice(["œuvr", "straß", "ñand"])}
        want = by_variants(lang, text, stems)
        assert Matcher(lang).matches(text, stems) == want, (text, stems)
        found += bool(want)
    assert found > 100  # the texts did have the words


def test_plain_scans_are_strings_one_a_prefix_and_none_beyond_ascii() -> None:
    highlight.forget()
    assert highlight.plain_scans(frozenset({"webhook"})) == ("webho",)
    assert highlight.plain_scans(frozenset({"database", "datastore"})) == ("databa", "datasto")
    assert highlight.plain_scans(frozenset({"œuvre"})) is None


def test_a_word_two_prefixes_find_is_found_once() -> None:
    """``data`` and ``databas`` both start ``databases``: one match, in text order."""
    stems = frozenset({"data", "databas"})
    found = Matcher("en").matches("databases hold data; a database", stems)
    assert [(s, e) for s, e, _stem in found] == [(0, 9), (15, 19), (23, 31)]
