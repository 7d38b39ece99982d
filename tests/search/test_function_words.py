"""Question and function words dropped from queries, in each language."""

from __future__ import annotations

import pytest

from service.search.function_words import content_words


@pytest.mark.parametrize(
    ("lang", "query", "kept"),
    [
        ("en", "how do I schedule a scenario", "schedule scenario"),
        ("en", "how do I get a record", "get record"),  # a module's verb ("Get a record")
        ("en", "what does GET return", "GET return"),  # the method, in capitals
        ("en", "get", "get"),  # a query of function words only keeps them
        ("fr", "comment puis-je planifier un scénario", "planifier scénario"),
        ("fr", "que renvoie GET", "renvoie GET"),
        ("nl", "hoe kan ik een scenario plannen", "scenario plannen"),
        ("sv", "hur gör jag för att schemalägga ett scenario", "schemalägga scenario"),
        # "what happens", in each language, as the English list has it
        ("en", "what happens when a webhook fails", "webhook fails"),
        # (not French "passe" of "que se passe-t-il": it is the "passe" of "mot de passe")
        ("fr", "que se passe t il quand un webhook échoue", "passe webhook échoue"),
        ("fr", "changer le mot de passe d'une connexion", "changer mot passe d'une connexion"),
        ("nl", "wat gebeurt er als een webhook mislukt", "webhook mislukt"),
        ("sv", "vad händer om en webhook misslyckas", "webhook misslyckas"),
        # what is left of a contraction ("won't", "doesn't") says nothing of the topic
        ("en", "my scenario won t start", "scenario start"),
        ("en", "why doesn t the webhook fire", "webhook fire"),
        # French "les" is not in Whoosh's stop list; the auxiliaries' infinitives
        ("fr", "voir les données d'un module", "voir données d'un module"),
        ("fr", "peut-on avoir plusieurs routes", "plusieurs routes"),
    ],
)
def test_content_words(lang: str, query: str, kept: str) -> None:
    words = tuple(query.replace("-", " ").split())
    assert " ".join(content_words(words, lang)) == kept
