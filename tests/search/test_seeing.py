"""A question's verb of seeing finds the page named for the UI's verb of viewing."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.pipeline.run import run as ingest
from service.search import seeing
from service.search.seeing import viewing
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
        ("see", "fr", ()),  # each language's own verb
        ("view", "en", ()),  # the docs' word itself needs nothing more
        ("scenario", "en", ()),
    ],
)
def test_the_verbs_of_seeing_each_language_has(word: str, lang: str, found: tuple[str]) -> None:
    assert viewing(word, lang) == found


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
    monkeypatch.setattr(seeing, "_VIEW", {})
    # a query of two words needs both: without the rule, the page that shows the logs
    # is not even found
    assert _first(settings, "where do I see the logs", "en") == ["roles"]
    assert _first(settings, "var ser jag loggarna", "sv") == ["roles"]
