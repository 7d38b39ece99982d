"""Everyday words of a question find the pages that use the docs' words for them."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.pipeline.run import run as ingest
from service.search import everyday
from service.search.everyday import docs_words
from service.settings import Settings


@pytest.mark.parametrize(
    ("word", "lang", "found"),
    [
        ("see", "en", ("view",)),
        ("seeing", "en", ("view",)),
        ("voir", "fr", ("afficher",)),
        ("zie", "nl", ("weergeven",)),
        ("ser", "sv", ("visa",)),
        ("sag", "sv", ("visa",)),  # såg, folded as the query's words are
        ("see", "fr", ()),  # each language's own words
        ("view", "en", ()),  # the docs' word itself needs nothing more
        ("scenario", "en", ()),
        ("teammates", "en", ("user",)),
        ("collegue", "fr", ("utilisateur",)),  # collègue, folded as the query's words are
        ("collega", "nl", ("gebruiker",)),
        ("kollegor", "sv", ("användare",)),
    ],
)
def test_the_everyday_words_each_language_has(word: str, lang: str, found: tuple[str]) -> None:
    assert docs_words(word, lang) == found


def _first(settings: Settings, q: str, lang: str) -> list[str]:
    with TestClient(create_app(settings)) as c:  # a new app: no ranking remembered
        found = c.get("/api/v1/search", params={"q": q, "lang": lang}).json()
    return [h["doc_id"] for h in found["hits"]]


def test_a_question_to_see_something_finds_its_view_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page that shows the logs is named "View…" and never says "see": it comes
    first, above the page that says "see" of a link to it."""
    content = tmp_path / "content"
    docs = {
        "en/view-logs.md": "---\ntitle: View activity logs\nexl-id: view\n---\n"
        "# View activity logs\n\nThe activity logs list who changed which scenario.\n",
        "en/roles.md": "---\ntitle: Roles\nexl-id: roles\n---\n# Roles\n\n"
        "An administrator can see the logs of the organization: see Activity logs.\n",
        "sv-SE/view-logs.md": "---\ntitle: Visa aktivitetsloggar\nexl-id: view\n---\n"
        "# Visa aktivitetsloggar\n\nLoggarna listar vem som ändrade vilket scenario.\n",
        "sv-SE/roles.md": "---\ntitle: Roller\nexl-id: roles\n---\n# Roller\n\n"
        "En administratör ser loggarna för organisationen.\n",
    }
    for rel, text in docs.items():
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(text, encoding="utf-8")
    settings = Settings(content=content, index=tmp_path / "ix", reload_interval=0)
    ingest(settings, jobs=1)
    assert _first(settings, "where do I see the logs", "en") == ["view", "roles"]
    assert _first(settings, "var ser jag loggarna", "sv") == ["view", "roles"]
    monkeypatch.setattr(everyday, "_table", lambda lang: {})  # no conventions
    # a query of two words needs both: without the rule, the page that shows the logs
    # is not even found
    assert _first(settings, "where do I see the logs", "en") == ["roles"]
    assert _first(settings, "var ser jag loggarna", "sv") == ["roles"]


def test_a_colleague_is_a_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Dutch reader who asks how to give a colleague access finds the page on adding
    users, which never says "collega", above the page that gives a team access."""
    content = tmp_path / "content"
    docs = {
        "nl-NL/add-users.md": "---\ntitle: Gebruikers toevoegen\nexl-id: add\n---\n"
        "# Gebruikers toevoegen\n\nEen beheerder geeft een nieuwe gebruiker toegang tot de"
        " organisatie en haar apps.\n",
        "nl-NL/teams.md": "---\ntitle: Teams\nexl-id: teams\n---\n# Teams\n\n"
        "Geef een team toegang tot een map.\n",
    }
    for rel, text in docs.items():
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(text, encoding="utf-8")
    settings = Settings(content=content, index=tmp_path / "ix", reload_interval=0)
    ingest(settings, jobs=1)
    q = "hoe geef ik een collega toegang"
    assert _first(settings, q, "nl") == ["add", "teams"]
    monkeypatch.setattr(everyday, "_table", lambda lang: {})  # no conventions
    assert _first(settings, q, "nl") == ["teams"]
