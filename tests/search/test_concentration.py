"""An article that holds a query's words in one section ranks above one that scatters them."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.index.wordmap import word_map
from service.pipeline.run import run as ingest
from service.search import concentration
from service.search.concentration import DEPTH, held, reranked
from service.search.scoring import Node, Word
from service.settings import Settings

SECTIONS = [
    ("", "", "Scenarios run on a schedule."),
    ("start", "Start", "Start\n\nA scenario can start at once."),
    ("locked", "Locked", "Locked\n\nA scheduled scenario that was force-stopped cannot start."),
]


def _words(*stems: str) -> list[frozenset[str]]:
    return [frozenset({s}) for s in stems]


def test_held_is_the_share_of_the_words_the_entry_has_that_one_section_has() -> None:
    where = word_map("en", SECTIONS)
    assert held(where, _words("schedul", "forc", "stop")) == 1.0  # all in "Locked"
    assert held(where, _words("start", "forc", "run")) == pytest.approx(2 / 3)
    assert held(where, _words("forc", "webhook", "zzz")) == 1.0  # the one it has
    assert held(where, _words("webhook", "zzz", "qqq")) == 0.0
    # a word counts once, whichever of its stems (it, a relative, a correction) is there
    assert held(where, [frozenset({"forc", "force"}), *_words("stop", "run")]) == pytest.approx(
        2 / 3
    )


def test_a_word_is_held_by_any_of_its_forms() -> None:
    """A compiled word with alternatives (a correction, a relative) is held where any is."""
    together = word_map("en", SECTIONS)
    scattered = word_map(
        "en", [("", "", "Force."), ("a", "A", "A\n\nStop."), ("b", "B", "B\n\nRun.")]
    )
    maps = {1: scattered, 2: together}
    typo = Node("any", (Word("text_en", "forcx"), Word("text_en", "forc", 0.3)))
    words = [typo, Word("text_en", "stop"), Word("text_en", "schedul")]
    assert [n for _s, n in reranked([(10.0, 1), (8.0, 2)], words, maps.__getitem__)] == [2, 1]


def test_only_the_first_page_of_a_long_query_is_ranked_again() -> None:
    together, scattered = (
        word_map("en", SECTIONS),
        word_map(
            "en", [("", "", "Force."), ("a", "A", "A\n\nStop."), ("b", "B", "B\n\nSchedule.")]
        ),
    )
    maps = {1: scattered, 2: together}
    best = [(10.0, 1), (8.0, 2)]
    words = [Word("text_en", s) for s in ("forc", "stop", "schedul")]  # as compiled
    assert reranked(best, words, maps.__getitem__) == [(16.0, 2), (10.0 * (1 + 1 / 3), 1)]
    assert reranked(best, words[:2], maps.__getitem__) == best  # a short query: as it was
    deep = [(float(100 - n), 1) for n in range(DEPTH)] + [(1.0, 2)]
    assert reranked(deep, words, maps.__getitem__)[-1] == (1.0, 2)  # past the page: as it was


def _write(content: Path, docs: dict[str, str]) -> None:
    for rel, text in docs.items():
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(text, encoding="utf-8")


def _first(settings: Settings, q: str) -> list[str]:
    with TestClient(create_app(settings)) as c:  # a new app: no ranking remembered
        found = c.get("/api/v1/search", params={"q": q, "lang": "en"}).json()
    return [h["doc_id"] for h in found["hits"]]


def test_the_article_with_the_words_in_one_section_comes_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An article with the query's common word in its title and its other words in three
    different sections outscores, as one bag of words, the article with them together in
    one section; ranked with its sections, it comes second."""
    content = tmp_path / "content"
    scattered = (
        "---\ntitle: Scenario editor\nexl-id: scattered\n---\n# Scenario editor\n\n"
        "The editor shows your modules, their settings and their data.\n\n"
        "## Open it\n\nStart the editor from the list of your team's folders.\n\n"
        "## Close it\n\nStop the editor when you are done with its modules and settings.\n\n"
        "## Repeat\n\nSchedule it to run every day, week or month, at a time you choose.\n"
    )
    together = (
        "---\ntitle: Locked runs\nexl-id: together\n---\n# Locked runs\n\n"
        "A run may stay locked after it ends in a way it should not.\n\n"
        "## Unlock\n\nA scheduled scenario that was stopped may not start again until it is"
        " unlocked.\n"
    )
    _write(content, {"en/scattered.md": scattered, "en/together.md": together})
    settings = Settings(content=content, index=tmp_path / "ix", reload_interval=0)
    ingest(settings, jobs=1)
    q = "scheduled scenario won't start after it stopped"
    assert _first(settings, q) == ["together", "scattered"]
    monkeypatch.setattr(concentration, "LIFT", 0.0)  # the words as one bag
    assert _first(settings, q) == ["scattered", "together"]
