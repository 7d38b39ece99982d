"""The word map an entry stores (``index.wordmap``): which sections hold which stems.

Search chooses a hit's section from it instead of scanning every section, so it
must choose what the scan chose: a section with the most distinct query words
(heading words counting double), then the most matches. The scan is kept here as
the reference: ``Matcher.matches`` over each section's text."""

from __future__ import annotations

import random

import pytest
from whoosh import index as whoosh_index

from service.index.analysis import stems_of
from service.index.builds import current_build
from service.index.quotes import decode
from service.index.wordmap import COUNT_CAP, places, word_map
from service.search.highlight import Matcher
from service.settings import Settings


def scanned_score(lang: str, section: tuple[str, str, str], stems: frozenset[str]) -> int:
    """A section's score as scanning its text gives it (the choice's reference)."""
    _anchor, heading, text = section
    found = Matcher(lang).matches(text, stems)
    head = len(heading) if heading and text.startswith(heading) else 0
    distinct = {stem for _s, _e, stem in found}
    in_heading = {stem for start, _e, stem in found if start < head}
    return len(distinct) * 10 + len(in_heading) * 10 + min(len(found), COUNT_CAP)


def test_places_say_where_each_stem_is_how_often_and_in_which_heading() -> None:
    sections = [
        ("", "", "Webhooks send data. Webhook data arrives."),
        ("retry", "Retry a webhook", "Retry a webhook\nA failed webhook is retried. " * 5),
        ("other", "Other", "Other\nNothing here."),
    ]
    found = word_map("en", sections)
    (webhook,) = stems_of("en", "webhooks")
    (retry,) = stems_of("en", "retry")
    assert places(found, webhook) == [(0, 2, False), (1, COUNT_CAP, True)]
    assert places(found, retry) == [(1, COUNT_CAP, True)]
    assert places(found, "absent") == []
    assert places(found, webhook[:-1]) == []  # a stem, not a prefix of one
    assert word_map("en", []) == "" and places("", webhook) == []


@pytest.mark.parametrize("seed", range(3))
def test_the_map_chooses_the_section_scanning_chooses(
    content_settings: Settings, seed: int
) -> None:
    """On every entry of the real content, for query stems drawn from its own words
    (and from other entries'), the chosen section has the best scanned score."""
    build = current_build(content_settings.index)
    assert build is not None
    ix = whoosh_index.open_dir(str(build / "whoosh"))
    rng = random.Random(seed)
    chose = 0
    with ix.searcher() as searcher:
        column = searcher.reader().column_reader("quote")
        entries = [
            (searcher.stored_fields(n)["locale"], decode(column[n]))
            for n in range(searcher.doc_count_all())
        ]
        pool = [w for _lang, e in entries for _a, _h, t in e.sections for w in t.split()]
        for lang, quote in entries:
            sections = quote.sections
            for _ in range(40):
                words = rng.sample(pool, rng.randint(1, 4))
                stems = frozenset(s for w in words for s in stems_of(lang, w.strip(".,:()")))
                anchor, text, spans = Matcher(lang).best_section(sections, stems, quote.where)
                scores = [scanned_score(lang, s, stems) for s in sections]
                best = max(scores)
                where = [n for n, s in enumerate(sections) if (s[0], s[2]) == (anchor, text)]
                assert scores[where[0]] == best, (sections[0], stems)
                assert spans == (Matcher(lang).matches(text, stems) if best else [])
                chose += best > 0 and where[0] > 0
    assert chose > 50  # the queries did pick sections past the intro
