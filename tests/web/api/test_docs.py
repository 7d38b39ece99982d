"""GET /api/v1/docs/{doc_id}: a document in the reader's language, with honest fallbacks."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import ARTICLE, LEGACY
from tests.web.api.asks import get


@pytest.mark.parametrize(
    ("ask", "locale", "fallback"),
    [
        ({"lang": "nl"}, "nl", False),
        ({"al": "sv"}, "sv", False),
        ({"al": "de"}, "en", True),
    ],
)
def test_doc(client: TestClient, ask: dict[str, str], locale: str, fallback: bool) -> None:
    body = get(client, f"/api/v1/docs/{ARTICLE}", ask).json()
    assert (body["doc_id"], body["locale"], body["fallback"]) == (ARTICLE, locale, fallback)
    assert all(s["anchor"] for s in body["sections"])
    assert '<span class="uicontrol">PUT</span>' in body["sections"][-1]["html"]
    assert [t["locale"] for t in body["translations"]] == ["en", "fr", "nl", "sv"]
    assert body["translations"][1]["url"] == f"/fr/docs/{ARTICLE}"
    assert body["translations"][2]["translation"]["human_translated_percent"] == 0


def test_doc_only_in_french_falls_back_honestly(client: TestClient) -> None:
    body = client.get(f"/api/v1/docs/{LEGACY}?lang=en").json()
    assert (body["locale"], body["requested_locale"], body["fallback"]) == ("fr", "en", True)
    assert [t["locale"] for t in body["translations"]] == ["fr"]
