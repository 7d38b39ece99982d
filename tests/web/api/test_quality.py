"""``GET /api/v1/quality`` over the real content's build."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.web.quality_schemas import QualityOut
from tests.conftest import ARTICLE


def ids(body: dict[str, Any]) -> dict[str, list[tuple[str, str | None]]]:
    return {
        loc["locale"]: [(f["kind"], f["method"]) for f in loc["findings"]]
        for loc in body["locales"]
    }


def test_report_per_locale(client: TestClient) -> None:
    response = client.get("/api/v1/quality")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    QualityOut.model_validate(body)
    assert body["source_locale"] == "en" and body["history"] is False
    assert body["severities"] == ["fact", "missing", "stale", "cosmetic"]
    assert ids(body) == {
        "fr": [("orphan", None)],
        "nl": [("idempotency", "PATCH"), ("idempotency", "PUT")],
        "sv": [],
    }
    nl = next(loc for loc in body["locales"] if loc["locale"] == "nl")
    assert (nl["name"], nl["documents"], nl["total"]) == ("Nederlands", 1, 2)
    assert nl["counts"] == {"fact": 2, "missing": 0, "stale": 0, "cosmetic": 0}
    assert nl["freshness"] == {
        "fresh": 0,
        "outdated": 0,
        "unknown": 1,
        "missing": 0,
        "orphans": 0,
        "metadata_only": 0,
    }
    put = next(f for f in nl["findings"] if f["method"] == "PUT")
    assert put["url"] == f"/nl/docs/{ARTICLE}"
    assert put["title"] == "Methoden van HTTP-aanvragen"
    assert "epidemisch" in put["translation"] and "idempotent" in put["source"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"locale": "nl"}, {"nl": [("idempotency", "PATCH"), ("idempotency", "PUT")]}),
        ({"locale": ["fr", "sv"]}, {"fr": [("orphan", None)], "sv": []}),
        (
            {"severity": "fact"},
            {"fr": [], "nl": [("idempotency", "PATCH"), ("idempotency", "PUT")], "sv": []},
        ),
        (
            {"severity": "stale"},
            {
                "fr": [("orphan", None)],
                "nl": [("idempotency", "PATCH"), ("idempotency", "PUT")],
                "sv": [],
            },
        ),
        ({"kind": "orphan"}, {"fr": [("orphan", None)], "nl": [], "sv": []}),
    ],
)
def test_filters(
    client: TestClient, query: dict[str, Any], expected: dict[str, list[tuple[str, str | None]]]
) -> None:
    body = client.get("/api/v1/quality", params=query).json()
    assert ids(body) == expected
    for loc in body["locales"]:  # the counts stay those of the whole report
        assert loc["total"] == sum(loc["counts"].values())


@pytest.mark.parametrize("query", [{"locale": "de"}, {"locale": "en"}, {"severity": "bad"}])
def test_bad_queries_are_problems(client: TestClient, query: dict[str, str]) -> None:
    response = client.get("/api/v1/quality", params=query)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 400


def test_caching(client: TestClient) -> None:
    first = client.get("/api/v1/quality")
    assert first.headers["etag"] and first.headers["vary"] == "Accept-Language"
    assert "max-age=" in first.headers["cache-control"]
    again = client.get("/api/v1/quality", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    other = client.get("/api/v1/quality", params={"severity": "fact"})
    assert other.headers["etag"] != first.headers["etag"]


def test_documented_in_openapi(client: TestClient) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/quality"]["get"]
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/QualityOut"
    }
    finding = schema["components"]["schemas"]["FindingOut"]["properties"]
    assert finding["severity"]["enum"] == ["fact", "missing", "stale", "cosmetic"]
