"""``GET /api/v1/quality`` over the real content's build."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.web.quality_schemas import QualityOut
from tests.conftest import ARTICLE
from tests.web.routes import assert_problem


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
    assert first.headers["etag"] and first.headers["vary"] == "Accept-Language, Accept-Encoding"
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


def walk(client: TestClient, query: dict[str, Any]) -> list[dict[str, Any]]:
    """Every page from the first, by each answer's ``next`` link."""
    pages = [client.get("/api/v1/quality", params=query).json()]
    while pages[-1]["next"] is not None:
        assert len(pages) < 20, pages[-1]["next"]
        reply = client.get(pages[-1]["next"])
        assert reply.status_code == 200, reply.text
        pages.append(reply.json())
    return pages


@pytest.mark.parametrize(
    "query",
    [
        {"limit": 1},
        {"limit": 2},
        {"limit": 1, "locale": ["sv", "nl"]},
        {"limit": 1, "kind": "idempotency"},
    ],
)
def test_paging_walks_every_finding_once(client: TestClient, query: dict[str, Any]) -> None:
    whole = client.get("/api/v1/quality", params={**query, "limit": 500}).json()
    every = [f["id"] for loc in whole["locales"] for f in loc["findings"]]
    assert every and len(every) == whole["matched"]
    pages = walk(client, query)
    assert [f["id"] for p in pages for loc in p["locales"] for f in loc["findings"]] == every
    assert len(pages) == -(-len(every) // query["limit"])
    for n, page in enumerate(pages):
        QualityOut.model_validate(page)
        assert (page["offset"], page["limit"], page["matched"]) == (
            n * query["limit"],
            query["limit"],
            len(every),
        )
        assert (page["prev"] is None) == (n == 0)
        assert [loc["locale"] for loc in page["locales"]] == [
            loc["locale"] for loc in whole["locales"]
        ]
        for loc, all_of in zip(page["locales"], whole["locales"], strict=True):
            assert loc["counts"] == all_of["counts"] and loc["matched"] == all_of["matched"]
    assert client.get(pages[-1]["prev"]).json()["offset"] == pages[-2]["offset"]


def test_paging_defaults_and_links(client: TestClient) -> None:
    body = client.get("/api/v1/quality").json()
    assert (body["offset"], body["limit"], body["matched"]) == (0, 50, 3)
    assert body["next"] is None and body["prev"] is None
    body = client.get(
        "/api/v1/quality", params={"locale": "nl", "severity": "fact", "limit": 1}
    ).json()
    assert body["next"] == "/api/v1/quality?locale=nl&severity=fact&limit=1&offset=1"
    past = client.get("/api/v1/quality", params={"offset": 3}).json()
    assert past["next"] is None and past["prev"] == "/api/v1/quality?limit=50&offset=0"
    assert [loc["findings"] for loc in past["locales"]] == [[], [], []]
    assert sorted(body["kinds"]) == body["kinds"] and {"orphan", "idempotency"} <= set(
        body["kinds"]
    )


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("help/quicksilver", {"fr": [("orphan", None)], "nl": [], "sv": []}),
        (
            "help/quicksilver/workfront-fusion/modules/http-request-methods.md",
            {"fr": [("orphan", None)], "nl": [], "sv": []},
        ),
        (
            "help/workfront-fusion/",
            {"fr": [], "nl": [("idempotency", "PATCH"), ("idempotency", "PUT")], "sv": []},
        ),
        ("help/w", {"fr": [], "nl": [("idempotency", "PATCH"), ("idempotency", "PUT")], "sv": []}),
        ("Help/", {"fr": [], "nl": [], "sv": []}),  # a prefix as written: case counts
        (
            "",
            {
                "fr": [("orphan", None)],
                "nl": [("idempotency", "PATCH"), ("idempotency", "PUT")],
                "sv": [],
            },
        ),
    ],
)
def test_path_prefix_filter(
    client: TestClient, path: str, expected: dict[str, list[tuple[str, str | None]]]
) -> None:
    body = client.get("/api/v1/quality", params={"path": path}).json()
    assert ids(body) == expected
    assert body["matched"] == sum(len(v) for v in expected.values())
    for loc in body["locales"]:
        assert loc["matched"] == len(expected[loc["locale"]])
        assert loc["total"] == sum(loc["counts"].values()) and loc["total"] >= loc["matched"]


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ({"kind": "spelling"}, "kind: 'spelling' is no kind of finding in this report; kinds: "),
        ({"path": "/etc/passwd"}, "is not a relative path (no leading '/'"),
        ({"path": "help/../secret"}, "is not a relative path (no leading '/', no '..')"),
        ({"path": "help/*"}, "only letters, digits"),
        ({"path": "help/%"}, "only letters, digits"),
        ({"path": "help/x y"}, "only letters, digits"),
        ({"path": "a" * 201}, "path: String should have at most 200 characters"),
        ({"limit": 0}, "limit: "),
        ({"limit": 501}, "limit: "),
        ({"offset": -1}, "offset: "),
        ({"offset": 1_000_001}, "offset: "),
    ],
)
def test_bad_filters_and_pages_are_problems(
    client: TestClient, query: dict[str, Any], says: str
) -> None:
    body = assert_problem(client.get("/api/v1/quality", params=query), 400)
    assert says in body["detail"], body["detail"]
    if "kind" in query:
        assert body["kinds"] == client.get("/api/v1/quality").json()["kinds"]
        assert ", ".join(body["kinds"]) in body["detail"]


def test_pages_and_filters_are_cached_apart(client: TestClient) -> None:
    tags = {
        client.get("/api/v1/quality", params=query).headers["etag"]
        for query in (
            {},
            {"limit": 1},
            {"limit": 1, "offset": 1},
            {"path": "help/quicksilver"},
            {"kind": "idempotency"},
        )
    }
    assert len(tags) == 5  # each its own body (identical bodies would share their tag)
    query = {"limit": 1, "offset": 1, "path": "help/"}
    first = client.get("/api/v1/quality", params=query)
    assert first.headers["vary"] == "Accept-Language, Accept-Encoding"
    again = client.get(
        "/api/v1/quality", params=query, headers={"If-None-Match": first.headers["etag"]}
    )
    assert again.status_code == 304
