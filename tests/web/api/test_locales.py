"""GET /api/v1/locales: the content's languages, named by Babel."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_locales_names_from_babel(client: TestClient) -> None:
    assert client.get("/api/v1/locales").json() == [
        {"code": "en", "name": "English", "english_name": "English"},
        {"code": "fr", "name": "français", "english_name": "French"},
        {"code": "nl", "name": "Nederlands", "english_name": "Dutch"},
        {"code": "sv", "name": "svenska", "english_name": "Swedish"},
    ]
