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
    ],
)
def test_content_words(lang: str, query: str, kept: str) -> None:
    words = tuple(query.replace("-", " ").split())
    assert " ".join(content_words(words, lang)) == kept
