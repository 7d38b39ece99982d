"""Which app a query names, and that app's modules article lifted in the ranking."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.ingest.fields import APPS as APPS_FOLDER
from service.pipeline.run import run as ingest
from service.search.apps import APP_BOOST, AppNames
from service.settings import Settings

APPS = AppNames.of(
    [
        ("wf", "Adobe Workfront modules"),
        ("wfp", "Adobe Workfront Planning modules"),
        ("target", "Adobe Target modules"),
        ("sheets", "Google Sheets modules"),
        ("drive", "Google Drive modules"),
        ("forms", "Google Forms modules"),
        ("teams", "Microsoft Teams modules"),
        ("excel", "Microsoft Office 365 Excel modules"),
        ("onedrive", "Microsoft OneDrive modules"),
        ("slack", "Slack modules"),
        ("tools", "Tools"),
    ],
    "Adobe Workfront Fusion documentation",
)


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("run a scenario when a Workfront task changes status", {"wf"}),
        ("créer une tâche dans Workfront depuis un scénario", {"wf"}),
        ("nieuwe taak in Workfront aanmaken", {"wf"}),
        ("ladda upp ett dokument till en uppgift i Workfront", {"wf"}),
        ("Adobe Workfront Planning records", {"wfp"}),  # the longest name wins
        ("post a message to a Slack channel", {"slack"}),
        ("google sheets: numbers turned into dates", {"sheets"}),  # with its vendor
        ("mettre à jour une ligne Sheets", {"sheets"}),  # capitalised
        ("Microsoft Teams message", {"teams"}),
        ("Workfront Fusion licence", set()),  # the product's name, not an app's
        ("licens för Workfront Fusion", set()),
        ("manage users and teams", set()),  # ordinary words, in lower case
        ("post a message to a slack channel", set()),
        ("fill in a form", set()),
        ("", set()),
    ],
)
def test_the_app_a_query_names(query: str, named: set[str]) -> None:
    assert APPS.named(tuple(query.split())) == named


def test_vendors_are_words_that_begin_many_app_titles() -> None:
    vendors = {name.vendor for name in APPS.names}
    assert vendors == {"", "adob", "googl", "microsoft"}
    assert APPS.product == frozenset({"fusion"})


def _write(content: Path, docs: dict[str, str]) -> None:
    for rel, text in docs.items():
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(text, encoding="utf-8")


APP_ARTICLE = """---
title: Slack modules
exl-id: slack
---
# Slack modules

These modules connect a scenario to Slack: users, files, reminders and more.

## Slack modules and their fields

### Files

#### Upload a File

This module uploads a file to a channel.

| Field | Description |
| --- | --- |
| Channel ID | Where the file goes. |
| File | The file to upload. |
"""

MENTION = """---
title: Post a message to a channel
exl-id: notify
---
# Post a message to a channel

Post a message to a channel when a task changes: a message to a Slack channel,
a message to a channel of your chat app, a message for each task, a message for
your team.
"""


def test_a_query_naming_an_app_lifts_its_modules_article(tmp_path: Path) -> None:
    """A query that names the app (with a capital) gives its modules article
    ``APP_BOOST`` times the score it has when the word is typed as an ordinary one;
    the other articles' scores do not move."""
    content = tmp_path / "content"
    _write(content, {f"en/{APPS_FOLDER}slack-modules.md": APP_ARTICLE, "en/notify.md": MENTION})
    settings = Settings(content=content, index=tmp_path / "ix", reload_interval=0)
    ingest(settings, jobs=1)
    with TestClient(create_app(settings)) as c:

        def scores(q: str) -> dict[str, float]:
            found = c.get("/api/v1/search", params={"q": q, "lang": "en"}).json()
            return {h["doc_id"]: h["score"] for h in found["hits"]}

        plain = scores("post a message to a slack channel")
        named = scores("post a message to a Slack channel")
    assert list(plain) == ["notify", "slack"]
    assert named["notify"] == plain["notify"]
    assert named["slack"] == pytest.approx(plain["slack"] * APP_BOOST, rel=1e-3)
