"""What a costly search may cost: caps on corrections, marked stems and quoting.

The costliest query the limits allow (32 misspelt words, a deep offset) used to
quote every hit above the page asked for, match each word by four
corrections and look for every one of them in every snippet. These cases
count the work itself (corrections compiled, stems looked for, hits quoted),
not the time it takes.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from service.index import builds
from service.index.catalog import Catalog
from service.search import results
from service.search.compiled import MAX_CORRECTIONS, MAX_MARKED, compile_query
from service.search.query import MAX_TERMS, parse_query
from service.search.searcher import Searcher
from service.search.spelling import Vocabulary
from service.settings import Settings


@pytest.fixture(scope="module")
def catalog(content_settings: Settings) -> Iterator[Catalog]:
    build = builds.current_build(content_settings.index)
    assert build is not None
    opened = Catalog.open(build)
    results.prepare(opened)
    yield opened
    opened.close()


def _misspelt(catalog: Catalog, n: int = MAX_TERMS) -> str:
    """``n`` of the language's words with a letter dropped: each has corrections."""
    vocab = Vocabulary.of(catalog.vocabulary["en"])
    found = []
    for word in sorted(vocab.counts, key=lambda w: (-vocab.counts[w], w)):
        typo = word[:2] + word[3:]
        if len(word) >= 6 and word.isalpha() and vocab.corrections(typo):
            found.append(typo)
        if len(found) == n:
            break
    assert len(found) == n
    return " ".join(found)


def test_corrections_and_marked_stems_are_capped(catalog: Catalog) -> None:
    vocab = Vocabulary.of(catalog.vocabulary["en"])
    compiled = compile_query(parse_query(_misspelt(catalog)), "en", vocab)
    assert sum(len(c) for c in compiled.corrected.values()) == MAX_CORRECTIONS
    assert 0 < len(compiled.stems) <= MAX_MARKED
    assert len(compiled.words) == MAX_TERMS  # every word is still matched, as typed


def test_a_misspelt_word_marks_its_corrections_not_itself(catalog: Catalog) -> None:
    vocab = Vocabulary.of(catalog.vocabulary["en"])
    compiled = compile_query(parse_query("idempotnt"), "en", vocab)
    assert compiled.corrected == {"idempotnt": ["idempotent"]}
    assert compiled.stems == {"idempot"}


def test_only_the_page_asked_for_is_quoted(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    quoted: list[int] = []
    real = Searcher.hit

    def counted(self: Searcher, hit: tuple[float, int], lang: str, ranked: object) -> object:
        quoted.append(hit[1])
        return real(self, hit, lang, ranked)  # type: ignore[arg-type]

    monkeypatch.setattr(Searcher, "hit", counted)
    for lang in ("en", "fr"):  # fr: its own hits, then untranslated English ones
        for limit, offset in ((2, 0), (2, 2), (1, 10_000)):
            quoted.clear()
            found = results.search(catalog, "request method", lang, limit, offset)
            assert len(quoted) == len(found.results) <= limit, (lang, limit, offset)
