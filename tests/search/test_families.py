"""Word families: a rare form matched by its more common relatives and compound parts."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.pipeline.run import run as ingest
from service.search.families import Families
from service.settings import Settings

COUNTS = {
    "schemalagg": 12,
    "schemalagga": 5,
    "schemalaggning": 1,
    "schema": 40,
    "maand": 9,
    "limiet": 14,
    "standaard": 30,
    "waarde": 25,
    "werking": 3,
    "operaties": 2,
    "operatie": 3,
    "operation": 20,
}


@pytest.mark.parametrize(
    ("word", "relatives"),
    [
        ("schemalaggning", ["schemalagg", "schemalagga"]),  # most frequent first
        ("schemalagg", []),  # the most common form has no more common relative
        ("operaties", ["operation", "operatie"]),  # sharing its first 7 letters
        ("schema", []),  # too short to have relatives
        ("2024010101", []),
    ],
)
def test_relatives_are_more_common_words_with_the_same_stem(
    word: str, relatives: list[str]
) -> None:
    assert Families(COUNTS).relatives(word) == relatives


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("maandlimiet", ("maand", "limiet")),  # not in the docs at all
        ("standaardwaarde", ("standaard", "waarde")),
        ("standaardswaarde", ("standaard", "waarde")),  # a linking s
        ("schemalaggning", None),  # no split into two known words
        ("limiet", None),  # too short to split
        ("maand2limiet", None),
    ],
)
def test_compounds_split_into_two_known_words(word: str, parts: tuple[str, str] | None) -> None:
    assert Families(COUNTS).parts(word) == parts


def test_a_compound_more_common_than_its_parts_is_not_split() -> None:
    assert Families({"maand": 2, "limiet": 2, "maandlimiet": 50}).parts("maandlimiet") is None


def _write(content: Path, docs: dict[str, str]) -> None:
    for rel, text in docs.items():
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(text, encoding="utf-8")


def test_a_compound_and_a_derived_form_find_the_article(tmp_path: Path) -> None:
    """Dutch and Swedish readers type compounds and derived forms the docs split or
    inflect otherwise; each still finds the article, and the words it is written with
    are marked."""
    content = tmp_path / "content"
    _write(
        content,
        {
            "nl-NL/limits.md": "---\ntitle: Limieten\nexl-id: a\n---\n# Limieten\n\n"
            "Elke maand geldt een limiet van 1000 bewerkingen.\n",
            "nl-NL/other.md": "---\ntitle: Scenario's\nexl-id: b\n---\n# Scenario's\n\n"
            "Een scenario draait elke maand opnieuw.\n",
            "sv-SE/schedule.md": "---\ntitle: Schemalägg ett scenario\nexl-id: c\n---\n"
            "# Schemalägg ett scenario\n\nDu kan schemalägga körningen.\n",
            "sv-SE/other.md": "---\ntitle: Scenarier\nexl-id: d\n---\n# Scenarier\n\n"
            "En schemaläggning av scenariot visas i listan.\n",
        },
    )
    settings = Settings(content=content, index=tmp_path / "ix", reload_interval=0)
    ingest(settings, jobs=1)
    with TestClient(create_app(settings)) as c:
        nl = c.get("/api/v1/search", params={"q": "maandlimiet", "lang": "nl"}).json()
        sv = c.get("/api/v1/search", params={"q": "schemalaggning", "lang": "sv"}).json()
    assert [h["doc_id"] for h in nl["hits"]] == ["a"]  # both parts needed
    assert "<mark>limiet</mark>" in nl["hits"][0]["snippet_html"]
    by_id = {h["doc_id"]: h for h in sv["hits"]}
    assert set(by_id) == {"c", "d"}  # where the word is, and where its common form is
    assert "<mark>Schemalägg</mark>" in by_id["c"]["snippet_html"]
