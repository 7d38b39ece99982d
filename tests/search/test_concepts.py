"""Questions about what HTTP methods do (service.search.concepts), read in four languages,
and answered through the search API with the method records."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from service.search import concepts
from service.search.query import parse_query
from tests.conftest import ARTICLE

DOCUMENTED = ("GET", "POST", "PUT", "PATCH", "DELETE")


@pytest.mark.parametrize(
    ("lang", "q", "fact", "methods"),
    [
        ("en", "is it harmless to send the same PUT twice?", "idempotent", ["PUT"]),
        ("en", "which http method deletes a record", "deletes", ["DELETE"]),
        ("en", "which method replaces the whole resource", "replaces", ["PUT"]),
        ("fr", "quelle méthode pour supprimer un élément ?", "deletes", ["DELETE"]),
        ("fr", "est-ce que je peux répéter un PUT plusieurs fois", "idempotent", ["PUT"]),
        ("nl", "verandert een GET iets op de server?", "safe", ["GET"]),
        ("nl", "welke methode voor gedeeltelijke wijzigingen", "modifies_part", ["PATCH"]),
        (
            "sv",
            "vilken metod ska jag använda för att bara ändra ett fält",
            "modifies_part",
            ["PATCH"],
        ),
        ("sv", "kan jag upprepa en DELETE", "idempotent", ["DELETE"]),
        ("en", "which method can I repeat without harm", "idempotent", ["GET", "PUT", "DELETE"]),
    ],
)
def test_a_method_question_asks_facts(lang: str, q: str, fact: str, methods: list[str]) -> None:
    asked = concepts.asked(parse_query(q).words, lang, DOCUMENTED)
    assert asked is not None and fact in asked.facts, asked


@pytest.mark.parametrize(
    ("lang", "q"),
    [
        ("en", "create a task in Workfront"),  # a fact word, nothing about methods
        ("en", "how do I get started"),  # "get" in lower case is a verb
        ("fr", "supprimer un scénario"),
        ("nl", "een scenario verwijderen"),
        ("sv", "ta bort ett scenario"),
        ("en", "http request methods"),  # about methods, but no fact asked
    ],
)
def test_other_queries_ask_nothing(lang: str, q: str) -> None:
    assert concepts.asked(parse_query(q).words, lang, DOCUMENTED) is None


@pytest.mark.parametrize(
    ("lang", "q", "expected"),
    [
        ("en", "is it harmless to send the same PUT twice?", {"PUT": {"idempotent": True}}),
        ("fr", "quelle méthode pour supprimer un élément ?", {"DELETE": {"deletes": True}}),
        ("nl", "verandert een GET iets op de server?", {"GET": {"safe": True}}),
        ("sv", "kan jag upprepa en POST", {"POST": {"idempotent": False}}),
        (
            "en",
            "which http method can I repeat without harm",
            {
                "GET": {"idempotent": True},
                "PUT": {"idempotent": True},
                "DELETE": {"idempotent": True},
            },
        ),
    ],
)
def test_search_answers_with_the_records_in_the_readers_language(
    client: TestClient, lang: str, q: str, expected: dict[str, dict[str, object]]
) -> None:
    body = client.get("/api/v1/search", params={"q": q, "lang": lang}).json()
    assert body["hits"][0]["doc_id"] == ARTICLE  # the methods article first
    got = {a["method"]: a["facts"] for a in body["answers"]}
    assert got == expected
    for answer in body["answers"]:
        assert answer["record"]["method"] == answer["method"]
        assert answer["record"]["locale"] == lang
        assert answer["record"]["source"]["doc_id"] == ARTICLE


def test_a_question_on_success_codes_gets_the_codes(client: TestClient) -> None:
    body = client.get(
        "/api/v1/search", params={"q": "what status code does a PATCH return", "lang": "en"}
    ).json()
    assert [(a["method"], a["facts"]) for a in body["answers"]] == [
        ("PATCH", {"success_status": [200, 204]})
    ]


def test_a_search_that_asks_nothing_of_methods_has_no_answers(client: TestClient) -> None:
    body = client.get("/api/v1/search", params={"q": "methode requete", "lang": "fr"}).json()
    assert body["answers"] == [] and body["hits"]
