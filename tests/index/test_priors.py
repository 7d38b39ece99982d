"""Priors: release notes and contents pages rank below the articles that explain; an
article the others link to ranks above those that only match."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.index import priors
from service.index.builds import current_build
from service.index.catalog import Catalog
from service.ingest.parse import parse_document
from service.records import Document
from service.settings import Settings
from tests.served import served

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
    links = "\n".join(f"* [Webhook queue topic {n}](t{n}.md)" for n in range(6))
    files = {
        # the release notes and the contents page say "webhook queue" more often
        "en/news.md": "---\ntitle: Release: webhook queue\ncontent-type: release-notes\n"
        "exl-id: n\n---\n# Release: webhook queue\n\nWebhook queue, webhook queue: new.\n",
        "en/toc.md": f"---\ntitle: Webhook queue articles\nexl-id: t\n---\n# Webhook queue\n\n"
        f"{links}\n",
        "en/article.md": ARTICLE.format(body=BODY),
    }
    with served(tmp_path, files) as c:
        words = c.get("/api/v1/search", params={"q": "webhook queue", "lang": "en"}).json()
        phrase = c.get("/api/v1/search", params={"q": '"webhook queue"', "lang": "en"}).json()
    for result in (words, phrase):
        assert result["hits"][0]["doc_id"] == "a", result
        assert result["total"] == 3  # they still match


def _linking(path: str, links: list[str], locale: str = "en") -> Document:
    body = " ".join(f"See [topic]({link})." for link in links) or BODY
    doc = parse_document(f"---\ntitle: T\n---\n# T\n\n{body}\n", path, locale).document
    assert doc is not None
    return doc


def test_citations_count_each_linking_source_article_once() -> None:
    docs = [
        _linking("help/a.md", ["b.md", "b.md", "a.md"]),  # twice, and itself
        _linking("help/c.md", ["b.md"]),
        _linking("help/b.md", []),
        _linking("help/a.md", ["c.md"], "fr"),  # a translation's links follow the source's
        *(_linking(f"help/x{n}.md", []) for n in range(20)),
    ]
    assert priors.cited(docs, "en") == {"help/b.md": 2}
    assert priors.authority(0) == 1.0
    assert priors.authority(2) > priors.authority(1) > 1.0


def test_a_link_pasted_into_a_tenth_of_the_articles_is_a_template() -> None:
    docs = [_linking(f"help/p{n}.md", ["help.md"] if n < 3 else []) for n in range(30)]
    assert priors.cited(docs, "en") == {}  # 3 of 30: the access block every article carries
    assert priors.cited(docs[:2] + docs[5:], "en") == {"help/help.md": 2}  # 2 of 27: cited


def test_the_article_the_others_link_to_ranks_first(tmp_path: Path) -> None:
    files = {
        # two articles that match alike (the first says it once more); the others send
        # their readers to the second
        "en/help/queue.md": ARTICLE.format(body=f"{BODY} A webhook queue is per hook."),
        "en/help/queue-overview.md": ARTICLE.replace("exl-id: a", "exl-id: o").format(body=BODY),
        # three of 40 other articles link to it (fewer than a tenth: no template)
        **{
            f"en/help/t{n}.md": f"---\ntitle: Topic {n}\nexl-id: t{n}\n---\n# Topic {n}\n\n"
            + ("Read [the overview](queue-overview.md) first.\n" if n < 3 else "Scenarios.\n")
            for n in range(40)
        },
    }
    with served(tmp_path, files) as c:
        result = c.get("/api/v1/search", params={"q": "webhook queue", "lang": "en"}).json()
    assert [h["doc_id"] for h in result["hits"][:2]] == ["o", "a"], result
    assert result["total"] == 2  # a citation changes the order, never what matches


@pytest.mark.corpus
def test_the_corpus_templates_are_no_citations(corpus_settings: Settings) -> None:
    build = current_build(corpus_settings.index)
    assert build is not None
    catalog = Catalog.open(build)
    try:
        docs = [d for d in catalog.docs.all() if d.locale == catalog.source_locale]
        linking: dict[str, int] = {}
        for doc in docs:
            for path in set(doc.links) - {doc.path}:
                linking[path] = linking.get(path, 0) + 1
        templates = {p for p, n in linking.items() if n >= priors.TEMPLATE_SHARE * len(docs)}
        assert templates  # the corpus pastes its access-requirements block into its articles
        assert catalog.cited and not templates & set(catalog.cited)
        assert all(catalog.cited[p] == linking[p] for p in catalog.cited)
    finally:
        catalog.close()
