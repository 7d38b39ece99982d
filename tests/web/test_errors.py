"""The one error handler: problem+json on the API, the available locales, Allow on 405."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from service.web.errors import PROBLEM_JSON


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/api/v1/methods/TRACE", 404, "GET, POST, PUT, PATCH, DELETE"),
        ("/api/v1/methods/FOO", 404, "documented methods"),
        ("/api/v1/methods/" + "x" * 10_000 + "?lang=en", 404, "documented methods"),
        ("/api/v1/methods/put?lang=de", 400, "en, fr, nl, sv"),
        ("/api/v1/methods/put?lang=not-a-tag!", 400, "available"),
        ("/api/v1/methods?lang=%20x", 400, "available"),
        ("/api/v1/docs/no-such-doc", 404, "no document"),
        ("/api/v1/search", 400, "q"),
        ("/api/v1/search?q=put&limit=abc", 400, "limit"),
        ("/api/v1/nothing-here", 404, "nothing at"),
    ],
)
def test_errors_are_problem_json(client: TestClient, path: str, status: int, words: str) -> None:
    r = client.get(path)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == PROBLEM_JSON
    body = r.json()
    assert body["status"] == status and body["type"].startswith("https://")
    assert body["title"] and words in body["detail"]
    assert "Traceback" not in r.text


def test_invalid_lang_lists_available_locales(client: TestClient) -> None:
    body = client.get("/api/v1/methods/put?lang=de").json()
    assert body["available"] == ["en", "fr", "nl", "sv"]


def test_method_not_allowed_says_allow(client: TestClient) -> None:
    r = client.post("/api/v1/methods/put")
    assert r.status_code == 405
    assert r.headers["content-type"] == PROBLEM_JSON and "GET" in r.headers["allow"]


@pytest.mark.parametrize("path", ["/api/v1/methods", "/api/v1/methods/put", "/api/v1/search?q=put"])
def test_an_empty_lang_is_not_given(client: TestClient, path: str) -> None:
    """One rule for an empty ``?lang=`` and an empty Accept-Language: as if not sent."""
    joined = "&" if "?" in path else "?"
    for headers, locale in (({"Accept-Language": "nl"}, "nl"), ({"Accept-Language": ""}, "en")):
        with_empty = client.get(f"{path}{joined}lang=", headers=headers)
        without = client.get(path, headers=headers)
        assert with_empty.status_code == without.status_code == 200
        assert with_empty.json()["locale"] == without.json()["locale"] == locale
