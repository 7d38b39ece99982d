"""Ranked matching for long queries and cross-language search (service.search.results,
service.search.function_words), over small articles written for each case."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.index import builds
from service.index.catalog import Catalog
from service.pipeline.run import run as ingest
from service.search.function_words import content_words
from service.search.fusion import foreign_share
from service.search.results import searcher_of
from service.settings import Settings


def _doc(doc_id: str, title: str, body: str, description: str = "") -> str:
    front = f"title: {title}\nexl-id: {doc_id}\n" + (
        f"description: {description}\n" if description else ""
    )
    return f"---\n{front}---\n# {title}\n\n{body}\n"


ARTICLES = {
    "en/stores.md": _doc(
        "stores",
        "Data stores",
        "A data store keeps records between scenario runs. Add a data store and its data "
        "structure before you map it.",
    ),
    "fr/stores.md": _doc(
        "stores",
        "Entrepôts",
        "Un entrepôt garde des enregistrements entre les exécutions d’un scénario.",
    ),
    "en/expired.md": _doc(
        "expired",
        "Reauthorize a connection",
        "When a connection has expired, the module reports an error: reauthorize it.",
        description="Fix a connection whose token expired.",
    ),
    "en/all-words.md": _doc(
        "all-words",
        "Release notes",
        "Why my module may say things about scenario connection has expired.",
    ),
    "en/one-word.md": _doc("one-word", "Modules", "A module is one step of a scenario."),
    "en/queue.md": _doc("queue", "Webhook queue", "The queue of a webhook holds its bundles."),
    "fr/queue.md": _doc(
        "queue", "File d’attente des webhooks", "La file d’attente d’un webhook garde ses lots."
    ),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("ranking")
    for rel, text in ARTICLES.items():
        (root / "content" / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / "content" / rel).write_text(text, encoding="utf-8")
    settings = Settings(content=root / "content", index=root / "ix", reload_interval=0)
    ingest(settings, jobs=1)
    return settings


@pytest.fixture(scope="module")
def client(built: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(built)) as c:
        yield c


@pytest.fixture(scope="module")
def catalog(built: Settings) -> Iterator[Catalog]:
    build = builds.current_build(built.index)
    assert build is not None
    opened = Catalog.open(build)
    yield opened
    opened.close()


def search(client: TestClient, q: str, lang: str) -> dict[str, object]:
    reply = client.get("/api/v1/search", params={"q": q, "lang": lang})
    assert reply.status_code == 200, reply.text
    body: dict[str, object] = reply.json()
    return body


def hits(body: dict[str, object]) -> list[tuple[str, str]]:
    return [(h["doc_id"], h["locale"]) for h in body["hits"]]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("lang", "words", "kept"),
    [
        ("en", "how do I reauthorize my connection", ["reauthorize", "connection"]),
        ("fr", "comment puis-je réautoriser ma connexion", ["réautoriser", "connexion"]),
        (
            "nl",
            "hoe kan ik mijn verbinding opnieuw autoriseren",
            ["verbinding", "opnieuw", "autoriseren"],
        ),
        ("sv", "hur gör jag för att auktorisera min anslutning", ["auktorisera", "anslutning"]),
        ("fr", "how to utiliser un entrepôt", ["entrepôt"]),  # English ones too
        ("en", "what is", ["what", "is"]),  # nothing else: kept
        ("en", "GET what", ["GET"]),  # method names are never function words
    ],
)
def test_question_and_function_words_are_dropped(lang: str, words: str, kept: list[str]) -> None:
    assert list(content_words(tuple(words.replace("-", " ").split()), lang)) == kept


def test_a_long_question_ranks_the_article_with_the_most_evidence(client: TestClient) -> None:
    """All words are in one article; the answer has fewer of them, in its title and
    description: both match (an AND would find only the first), the answer first."""
    body = search(client, "why does my module say the connection has expired", "en")
    assert hits(body)[0] == ("expired", "en")
    assert ("all-words", "en") in hits(body)
    assert body["total"] == len(body["hits"])  # type: ignore[arg-type]


def test_a_long_query_needs_two_of_its_words(client: TestClient) -> None:
    body = search(client, "reauthorize connection spaceship rocket", "en")
    assert hits(body) == [("expired", "en")] and body["total"] == 1
    # none has two: any one will do
    body = search(client, "reauthorize spaceship rocket orbit", "en")
    assert hits(body) == [("expired", "en")]


def test_two_words_need_both_and_fall_back_to_either(client: TestClient) -> None:
    assert hits(search(client, "webhook queue", "en")) == [("queue", "en")]
    either = search(client, "webhook zebrafish", "en")
    assert hits(either) == [("queue", "en")]


def test_english_terms_in_a_french_search_find_the_translation(client: TestClient) -> None:
    body = search(client, "comment utiliser le data store", "fr")
    assert body["also_searched"] == ["en"]
    assert hits(body)[0] == ("stores", "fr")  # the English ranking, shown in French
    assert body["hits"][0]["url"] == "/fr/docs/stores"  # type: ignore[index]


def test_a_french_search_in_french_is_not_mixed(client: TestClient) -> None:
    body = search(client, "file d’attente des webhooks", "fr")
    assert body["also_searched"] == []
    assert hits(body) == [("queue", "fr")]


def test_an_english_article_without_translation_comes_in_english(client: TestClient) -> None:
    body = search(client, "reauthorize connection", "fr")
    assert ("expired", "en") in hits(body)


def test_a_french_word_in_an_english_search(client: TestClient) -> None:
    body = search(client, "entrepôt enregistrements", "en")
    assert body["also_searched"] == ["fr"]
    assert hits(body)[0] == ("stores", "en")  # the reader's language: the English article


@pytest.mark.parametrize(
    ("words", "lang", "other", "share"),
    [
        # "de" is a French function word: no evidence either way, "entrepôt" is French
        ("entrepôt de", "en", "fr", 1.0),
        ("le entrepôt de", "en", "fr", 1.0),
        ("entrepôt modules", "en", "fr", 0.5),  # "modules" is English only
        ("data store", "fr", "en", 1.0),
        ("de", "en", "fr", 0.0),  # nothing left to weigh
    ],
)
def test_function_words_of_either_language_weigh_nothing(
    catalog: Catalog, words: str, lang: str, other: str, share: float
) -> None:
    searcher = searcher_of(catalog)
    assert foreign_share(searcher, tuple(words.split()), lang, other) == pytest.approx(share)


def test_the_total_counts_articles_once(client: TestClient) -> None:
    body = search(client, "webhook data store queue", "fr")
    ids = [d for d, _ in hits(body)]
    assert len(ids) == len(set(ids))
    assert body["total"] >= len(ids)


def search_over(tmp_path: Path, docs: dict[str, str], q: str, lang: str) -> dict[str, object]:
    """The search API's answer to ``q`` over a content folder of ``docs`` (path → text)."""
    for rel, text in docs.items():
        (tmp_path / "content" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "content" / rel).write_text(text, encoding="utf-8")
    settings = Settings(content=tmp_path / "content", index=tmp_path / "ix", reload_interval=0)
    ingest(settings, jobs=1)
    with TestClient(create_app(settings)) as c:
        return search(c, q, lang)


def test_each_side_of_a_mixed_query_weighs_what_it_knows(tmp_path: Path) -> None:
    """Two of three words English: the English ranking counts for two thirds, the
    reader's for one. The article the English words are about comes first (in French),
    above the French article that has only the one French word."""
    docs = {
        "en/structures.md": _doc("structures", "Data structures", "A data structure lists fields."),
        "fr/structures.md": _doc("structures", "Schémas", "Ils décrivent des champs."),
        "fr/lots.md": _doc("lots", "Lots", "Un lot passe d’un module au suivant."),
        "en/lots.md": _doc("lots", "Bundles", "A bundle goes from one module to the next."),
    }
    body = search_over(tmp_path, docs, "data structure lot", "fr")
    assert body["also_searched"] == ["en"]
    assert hits(body) == [("structures", "fr"), ("lots", "fr")], [
        (h["doc_id"], h["score"])
        for h in body["hits"]  # type: ignore[attr-defined]
    ]


def test_the_side_that_matches_poorly_counts_less(tmp_path: Path) -> None:
    """The two rankings are fused on one scale (the best score of either side), not each
    on its own: a French reader asks about English terms the French docs do not use.
    The French side's best entry has only the common word (its score low), the English
    side's has both English words: the article they are about comes first."""
    docs = {
        "en/phases.md": _doc(
            "phases", "Commit and rollback", "Each cycle ends in a commit or a rollback."
        ),
        "fr/phases.md": _doc(
            "phases", "Phases", "Les cycles fonctionnent ainsi : validation ou annulation."
        ),
        "en/editor.md": _doc("editor", "Scenario editor", "The editor shows each scenario."),
        "fr/editor.md": _doc(
            "editor", "Éditeur de scénario", "L’éditeur montre chaque scénario et ses modules."
        ),
    }
    body = search_over(
        tmp_path, docs, "comment fonctionnent le commit et le rollback d’un scénario", "fr"
    )
    assert body["also_searched"] == ["en"]
    assert hits(body)[0] == ("phases", "fr"), [
        (h["doc_id"], h["score"])
        for h in body["hits"]  # type: ignore[attr-defined]
    ]
