"""Priors: release notes and contents pages rank below the articles that explain."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.index import priors
from service.ingest.parse import parse_document
from service.pipeline.run import run as ingest
from service.records import Document
from service.settings import Settings

ARTICLE = "---\ntitle: Webhook queue\nexl-id: a\n---\n# Webhook queue\n\n{body}\n"
BODY = "The webhook queue holds incoming bundles until the scenario runs."


def _parsed(text: str) -> Document:
    doc = parse_document(text, "help/x.md", "en").document
    assert doc is not None
    return doc


@pytest.mark.parametrize(
    ("front", "factor"),
    [
        ("content-type: release-notes", priors.ANNOUNCEMENT),
        ("feature: Product Announcements, Workfront Fusion", priors.ANNOUNCEMENT),
        ("feature: Workfront Fusion", 1.0),
        ("content-type: reference", 1.0),
        ("feature: [1, 2]", 1.0),  # not text: not an announcement
    ],
)
def test_announcements_are_told_by_their_front_matter(front: str, factor: float) -> None:
    doc = _parsed(f"---\ntitle: T\n{front}\n---\n# T\n\n{BODY}\n")
    assert priors.prior(doc) == factor


def test_a_page_of_links_is_a_contents_page() -> None:
    links = "\n".join(f"* [Webhook topic {n}](topic-{n}.md)" for n in range(8))
    contents = _parsed(f"---\ntitle: Index\n---\n# Index\n\n{links}\n")
    prose = _parsed(
        f"---\ntitle: T\n---\n# T\n\n{BODY} See [the queue](q.md).\n\n{links}\n\n"
        + (BODY + " ") * 8
        + "\n"
    )
    assert contents.linked_words > 0.6 * contents.word_count
    assert priors.prior(contents) == priors.CONTENTS
    assert priors.prior(prose) == 1.0


def test_an_article_ranks_above_release_notes_and_contents_pages(tmp_path: Path) -> None:
    content = tmp_path / "content"
    links = "\n".join(f"* [Webhook queue topic {n}](t{n}.md)" for n in range(6))
    for rel, text in {
        # the release notes and the contents page say "webhook queue" more often
        "en/news.md": "---\ntitle: Release: webhook queue\ncontent-type: release-notes\n"
        "exl-id: n\n---\n# Release: webhook queue\n\nWebhook queue, webhook queue: new.\n",
        "en/toc.md": f"---\ntitle: Webhook queue articles\nexl-id: t\n---\n# Webhook queue\n\n"
        f"{links}\n",
        "en/article.md": ARTICLE.format(body=BODY),
    }.items():
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(text, encoding="utf-8")
    settings = Settings(content=content, index=tmp_path / "ix", reload_interval=0)
    ingest(settings, jobs=1)
    with TestClient(create_app(settings)) as c:
        words = c.get("/api/v1/search", params={"q": "webhook queue", "lang": "en"}).json()
        phrase = c.get("/api/v1/search", params={"q": '"webhook queue"', "lang": "en"}).json()
    for result in (words, phrase):
        assert result["hits"][0]["doc_id"] == "a", result
        assert result["total"] == 3  # they still match
