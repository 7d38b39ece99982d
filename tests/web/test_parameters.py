"""Hostile parameters.

Limit, offset and page bounds, and deep pagination that walks every hit once.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from service.search.query import MAX_LIMIT, MAX_OFFSET
from tests.web.routes import assert_problem


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("limit=0", 400),
        ("limit=-1", 400),
        (f"limit={MAX_LIMIT}", 200),
        (f"limit={MAX_LIMIT + 1}", 400),
        ("limit=" + "9" * 40, 400),
        ("limit=1e3", 400),
        ("limit=abc", 400),
        ("offset=-1", 400),
        (f"offset={MAX_OFFSET}", 200),
        (f"offset={MAX_OFFSET + 1}", 400),
        ("offset=" + "9" * 400, 400),
        ("offset=1.5", 400),
        (f"limit={MAX_LIMIT}&offset={MAX_OFFSET}", 200),
    ],
)
def test_limit_and_offset_bounds(client: TestClient, query: str, status: int) -> None:
    reply = client.get(f"/api/v1/search?q=method&{query}")
    if status == 200:
        assert reply.status_code == 200
        assert reply.json()["hits"] == [] or "offset" not in query
    else:
        assert_problem(reply, status)


@pytest.mark.parametrize(("q", "lang"), [("method", "en"), ("méthode", "fr"), ("data", "en")])
def test_deep_pagination_walks_every_hit_once(client: TestClient, q: str, lang: str) -> None:
    everything = client.get(
        "/api/v1/search", params={"q": q, "lang": lang, "limit": MAX_LIMIT}
    ).json()
    assert everything["hits"], everything
    walked: list[tuple[str, str, str | None]] = []
    for offset in range(len(everything["hits"]) + 3):
        page = client.get(
            "/api/v1/search", params={"q": q, "lang": lang, "limit": 1, "offset": offset}
        ).json()
        assert page["offset"] == offset and len(page["hits"]) <= 1
        walked += [(h["locale"], h["path"], h["anchor"]) for h in page["hits"]]
    assert walked == [(h["locale"], h["path"], h["anchor"]) for h in everything["hits"]]


@pytest.mark.parametrize("page", ["0", "-1", "99999", "9" * 40, "x"])
def test_page_numbers_on_the_search_page(client: TestClient, page: str) -> None:
    reply = client.get(f"/en/search?q=method&page={page}", follow_redirects=False)
    assert reply.status_code in (200, 400, 404), reply.status_code


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("", 400),  # no q
        ("lang=en", 400),
        ("q=method&lang=" + "x" * 65, 400),
        ("q=method&limit=--1", 400),
        ("q=method&limit=" + "9" * 5000, 400),  # more digits than int() takes
        ("q=method&limit=2&limit=3", 200),  # the last one counts, as FastAPI took it
        ("q=method", 200),
    ],
)
def test_search_parameters_read_by_the_route(client: TestClient, query: str, status: int) -> None:
    reply = client.get(f"/api/v1/search?{query}")
    if status == 200:
        assert reply.status_code == 200, reply.text
        assert reply.json()["limit"] == (3 if "limit" in query else 10)
    else:
        assert_problem(reply, status)
