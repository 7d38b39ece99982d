"""Search: per-language analysis, typos, syntax, limits, and the cases people type."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.index.analysis import analyzer_for
from service.pipeline.run import run as ingest
from service.search.highlight import Matcher, snippet
from service.search.query import MAX_TERMS, ParsedQuery, parse_query
from service.search.spelling import Vocabulary, edits1
from service.settings import Settings
from tests.conftest import ARTICLE, DATA
from tests.served import served


def search(client: TestClient, q: str, lang: str, **params: object) -> dict[str, object]:
    r = client.get("/api/v1/search", params={"q": q, "lang": lang, **params})
    assert r.status_code == 200, r.text
    body: dict[str, object] = r.json()
    return body


def doc_ids(result: dict[str, object]) -> list[str]:
    return [h["doc_id"] for h in result["hits"]]  # type: ignore[index, union-attr]


@pytest.mark.parametrize(
    ("lang", "query"),
    [
        ("fr", "methode requete"),  # no accents, other inflection
        ("fr", "méthodes de requêtes"),
        ("fr", "idempotente"),
        ("sv", "begaran"),  # begäran without accents
        ("sv", "begärandemetoder"),
        ("nl", "aanvraag methode"),
        ("nl", "epidemisch"),
        ("en", "request method"),
        ("en", "retrieving data"),
        ("en", "idempotnet"),  # one typo (transposition)
        ("fr", "ressourse"),  # one typo (substitution)
        ("sv", "idempotnt"),  # one typo (deletion)
    ],
)
def test_finds_the_article(client: TestClient, lang: str, query: str) -> None:
    result = search(client, query, lang)
    assert ARTICLE in doc_ids(result)[:3], (query, result)
    assert all(h["locale"] == lang for h in result["hits"])  # type: ignore[index, union-attr]


@pytest.mark.parametrize("lang", ["en", "fr", "nl", "sv"])
@pytest.mark.parametrize("token", ["PATCH", "patch", "204", "DELETE", "GET"])
def test_method_names_and_status_codes_are_exact_tokens(
    client: TestClient, lang: str, token: str
) -> None:
    result = search(client, token, lang)
    assert ARTICLE in doc_ids(result), (lang, token)


def test_accents_fold_on_both_sides(client: TestClient) -> None:
    plain = search(client, "methode requete", "fr")
    accented = search(client, "méthode requête", "fr")
    assert doc_ids(plain) == doc_ids(accented)


def test_typo_ranks_below_exact_and_suggests(client: TestClient) -> None:
    result = search(client, "idempotnet", "en")
    assert result["suggestion"] == "idempotent"
    exact = search(client, "idempotent", "en")
    assert exact["suggestion"] is None
    assert exact["hits"][0]["score"] > result["hits"][0]["score"]  # type: ignore[index]


def test_snippets_mark_matches_and_are_safe(client: TestClient) -> None:
    result = search(client, "idempotent", "fr")
    snippet_html = result["hits"][0]["snippet_html"]  # type: ignore[index]
    assert "<mark>idempotent</mark>" in snippet_html
    assert "<script" not in snippet_html and "[!UICONTROL" not in snippet_html


def test_method_filter(client: TestClient) -> None:
    result = search(client, "method:patch modifications", "fr")
    assert result["hits"] and {h["method"] for h in result["hits"]} == {"PATCH"}  # type: ignore[union-attr]
    only = search(client, "method:PUT", "en")
    assert [h["method"] for h in only["hits"]] == ["PUT"]  # type: ignore[union-attr]


def test_phrase_and_or_fallback(client: TestClient) -> None:
    assert ARTICLE in doc_ids(search(client, '"partial modifications"', "en"))
    assert search(client, '"modifications partial"', "en")["total"] == 0
    # no article has both words: AND finds nothing, OR finds the one with either
    either = search(client, "idempotent zebrafishes", "en")
    assert ARTICLE in doc_ids(either)


def test_results_in_the_language_first_then_the_source(tmp_path: Path) -> None:
    files = {
        "en/a.md": "---\ntitle: Webhooks guide\nexl-id: a\n---\n# Webhooks guide\n\nQueues.\n",
        "fr/a.md": "---\ntitle: Guide des webhooks\nexl-id: a\n---\n# Guide des webhooks\n\n"
        "Files d’attente.\n",
        "en/b.md": "---\ntitle: Webhooks limits\nexl-id: b\n---\n# Webhooks limits\n\nRate.\n",
    }
    with served(tmp_path, files) as c:
        result = search(c, "webhooks", "fr")
    hits = result["hits"]
    assert [(h["doc_id"], h["locale"]) for h in hits] == [("a", "fr"), ("b", "en")]  # type: ignore[union-attr]
    assert result["total"] == 2


@pytest.mark.parametrize(
    "q",
    [
        '"unbalanced',
        "*",
        "a*",
        "?",
        "\x00\x01 put",
        "method:",
        "foo:bar",
        "((( )))",
        "-",
        "NOT",
        "AND OR",
        "ü" * 500,
    ],
)
def test_odd_queries_get_a_safe_answer(client: TestClient, q: str) -> None:
    r = client.get("/api/v1/search", params={"q": q, "lang": "en"})
    assert r.status_code == 200, r.text
    assert isinstance(r.json()["hits"], list)


@pytest.mark.parametrize(
    ("q", "words"),
    [
        (" ".join(["put"] * 10_000), "terms"),
        ("x" * 5_000, "characters"),
    ],
)
def test_costly_queries_are_refused(client: TestClient, q: str, words: str) -> None:
    response = client.get("/api/v1/search", params={"q": q, "lang": "en"})
    assert response.status_code in (400, 414)
    assert response.headers["content-type"] == "application/problem+json"
    assert words in response.json()["detail"] or response.status_code == 414


def test_limit_and_offset_bounds(client: TestClient) -> None:
    assert client.get("/api/v1/search?q=put&limit=101").status_code == 400
    assert client.get("/api/v1/search?q=put&limit=0").status_code == 400
    assert client.get("/api/v1/search?q=put&offset=-1").status_code == 400
    page = search(client, "put", "fr", limit=1, offset=1)
    assert len(page["hits"]) == 1 and page["total"] == 2  # type: ignore[arg-type]
    assert search(client, "put", "fr", offset=10_000)["hits"] == []


def test_parse_query() -> None:
    assert parse_query('method:PUT "exact words" plain') == ParsedQuery(
        ("plain",), (("exact", "words"),), "PUT"
    )
    with pytest.raises(ValueError, match="terms"):
        parse_query(" ".join(["w"] * (MAX_TERMS + 1)))


def test_corrections() -> None:
    vocab = Vocabulary.of({"idempotent": 5, "idempotence": 1, "request": 9})
    assert vocab.corrections("idempotnet") == ["idempotent"]
    assert vocab.corrections("idempotent") == []
    assert vocab.corrections("req") == []  # too short to correct
    assert "ab" in edits1("ba", "ab")


def test_snippet_window_and_escaping() -> None:
    text = "<b>" + "filler " * 100 + "PUT is idempotent. " + "more " * 100
    out = snippet(text, Matcher("en").spans(text, frozenset({"idempot"})))
    assert "<mark>idempotent</mark>" in out and "<b>" not in out
    assert out.startswith("…") and out.endswith("…") and len(out) < 300


# --- the cases people type, on the whole corpus --------------------------------------

with (DATA / "search_cases.tsv").open(encoding="utf-8") as _fh:
    CASES = list(csv.DictReader(_fh, delimiter="\t"))


def test_case_table_has_ten_per_language_and_kind_mix() -> None:
    for lang in ("en", "fr", "nl", "sv"):
        rows = [c for c in CASES if c["lang"] == lang]
        assert len(rows) >= 10
        assert {"inflected", "typo", "method"} <= {c["kind"] for c in rows}
        if lang != "en":
            assert "accentless" in {c["kind"] for c in rows}


@pytest.mark.corpus
@pytest.mark.parametrize(
    "case", CASES, ids=[f"{c['lang']}-{c['kind']}-{c['query']}" for c in CASES]
)
def test_corpus_cases_in_top_three(corpus_client: TestClient, case: dict[str, str]) -> None:
    result = search(corpus_client, case["query"], case["lang"], limit=3)
    paths = [h["path"] for h in result["hits"]]  # type: ignore[union-attr]
    assert case["expected_path"] in paths, (case, paths)


# --- which section a hit links to ----------------------------------------------------

SECTIONED = """---
title: Module settings
description: How the settings of a module are chosen.
exl-id: 0b7d6c64-5a71-4b3e-9a39-5c1f7d1b9a01
---
# Module settings

Every module has settings.

## Connection

The connection holds the credentials of the account.

## Timeouts

A request that waits longer than the timeout fails. Timeouts are counted in seconds,
and a timeout of zero waits forever.

## Retries

A failed request is retried three times with growing pauses.
"""


@pytest.fixture(scope="module")
def sectioned(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    root = tmp_path_factory.mktemp("sectioned")
    (root / "content" / "en").mkdir(parents=True)
    (root / "content" / "en" / "settings.md").write_text(SECTIONED, encoding="utf-8")
    settings = Settings(content=root / "content", index=root / "index", reload_interval=0)
    ingest(settings, jobs=1)
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.mark.parametrize(
    ("query", "anchor", "marked"),
    [
        ("timeout", "timeouts", "timeout"),  # the section that says it most, heading included
        ("retried", "retries", "retried"),
        ("credentials account", "connection", "credentials"),
        ("module settings", None, "settings"),  # the title and intro: the article itself
        ("request fails", "timeouts", "request"),  # both words in one section beat one each
    ],
)
def test_a_hit_links_to_the_section_with_the_words(
    sectioned: TestClient, query: str, anchor: str | None, marked: str
) -> None:
    (hit,) = search(sectioned, query, "en")["hits"]  # type: ignore[misc]
    assert hit["anchor"] == anchor, hit
    assert hit["url"] == f"/en/docs/{hit['doc_id']}" + (f"#{anchor}" if anchor else ""), hit
    assert f"<mark>{marked}</mark>" in hit["snippet_html"].lower(), hit


def test_a_method_hit_quotes_the_method_entry(client: TestClient) -> None:
    for lang in ("en", "fr", "nl", "sv"):
        hits = search(client, "method:DELETE", lang)["hits"]
        first = hits[0]  # type: ignore[index]
        assert first["method"] == "DELETE" and first["anchor"] is None, first
        record = client.get("/api/v1/methods/DELETE", params={"lang": lang}).json()
        assert record["summary"].split()[0].lower() in first["snippet"].lower(), first


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("La requête part.", ["requête"]),
        ("LA REQUÊTE PART.", ["REQUÊTE"]),
        ("la requete, les requetes", ["requete", "requetes"]),  # typed without accents
        ("Requêtes à Plzeň: řád", ["Requêtes"]),  # letters beyond Latin-1 in the text
        ("İstanbul: une requête", ["requête"]),  # a letter whose lower case is longer
        ("requis, requiert", []),  # same first letters, another word
    ],
)
def test_matcher_finds_the_words_accents_and_case_aside(text: str, found: list[str]) -> None:
    stems = frozenset(t.text for t in analyzer_for("fr")("requête"))
    assert [text[a:b] for a, b in Matcher("fr").spans(text, stems)] == found


@pytest.mark.parametrize("q", ["method:FOO", "put method:gett", 'method:"lost"'])
def test_a_method_filter_that_names_no_method_is_a_400_listing_them(
    client: TestClient, q: str
) -> None:
    r = client.get("/api/v1/search", params={"q": q, "lang": "en"})
    assert r.status_code == 400, r.text
    assert r.headers["content-type"] == "application/problem+json"
    detail = r.json()["detail"]
    assert "is not an HTTP method" in detail and "GET, POST, PUT, PATCH, DELETE" in detail
