"""The OpenAPI schema says what the server sends: statuses, media types, headers, names.

The schema is read as a client reads it (``/api/v1/openapi.json``); each error
status that can be provoked cheaply over ``content/`` is provoked, and the
answer held to what the schema declares for it.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.settings import Settings
from service.web.contract import CONTRACT, version_of
from service.web.edge import MAX_HEADER, MAX_URL

PROBLEM = "application/problem+json"
EDGE = {405, 413, 414, 431}
CACHED = {200, 304, *EDGE, 503}
# operation id → (path, the statuses it declares)
OPERATIONS: dict[str, tuple[str, set[int]]] = {
    "listMethods": ("/api/v1/methods", CACHED | {400}),
    "getMethod": ("/api/v1/methods/{method}", CACHED | {400, 404}),
    "listApps": ("/api/v1/apps", CACHED | {400}),
    "getApp": ("/api/v1/apps/{app_id}", CACHED | {400, 404}),
    "getModule": ("/api/v1/modules/{module_id}", CACHED | {400, 404}),
    "getFieldHelp": ("/api/v1/help", CACHED | {400, 404}),
    "getDocument": ("/api/v1/docs/{doc_id}", CACHED | {400, 404}),
    "listLocales": ("/api/v1/locales", CACHED),
    "search": ("/api/v1/search", CACHED | {400}),
    "getQuality": ("/api/v1/quality", CACHED | {400}),
    "getHealth": ("/api/v1/healthz", {200, *EDGE}),
    "getReadiness": ("/api/v1/readyz", {200, *EDGE, 503}),
    "getHealthAtRoot": ("/healthz", {200, *EDGE}),
    "getReadinessAtRoot": ("/readyz", {200, *EDGE, 503}),
}
CACHE_HEADERS = {"ETag", "Cache-Control", "Vary", "Content-Language"}


@pytest.fixture(scope="module")
def schema(client: TestClient) -> dict[str, Any]:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec: dict[str, Any] = response.json()
    return spec


def _operations(schema: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    return {
        op["operationId"]: (path, op)
        for path, item in schema["paths"].items()
        for op in item.values()
    }


def test_every_operation_has_a_human_id(schema: dict[str, Any]) -> None:
    found = {op_id: path for op_id, (path, _op) in _operations(schema).items()}
    assert found == {op_id: path for op_id, (path, _statuses) in OPERATIONS.items()}
    assert sum(len(item) for item in schema["paths"].values()) == len(found)  # ids unique


@pytest.mark.parametrize("op_id", sorted(OPERATIONS))
def test_declared_statuses_and_media_types(schema: dict[str, Any], op_id: str) -> None:
    _path, op = _operations(schema)[op_id]
    responses = op["responses"]
    assert {int(code) for code in responses} == OPERATIONS[op_id][1]
    assert list(responses["200"]["content"]) == ["application/json"]
    for code, response in responses.items():
        if int(code) >= 400:
            assert response["content"] == {
                PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}
            }, code
            assert "Cache-Control" in response["headers"], code
    if "304" in responses:
        assert "content" not in responses["304"]
        for code in ("200", "304"):
            headers = responses[code]["headers"]
            assert set(headers) - {"Content-Encoding"} == CACHE_HEADERS, code
            assert all(h["required"] for n, h in headers.items() if n in CACHE_HEADERS), code
        assert "Content-Encoding" not in responses["304"]["headers"]
    else:
        assert set(responses["200"]["headers"]) == {"Cache-Control", "Content-Encoding"}
    for code, response in responses.items():  # sent when asked for and large enough
        if code != "304":
            assert response["headers"]["Content-Encoding"]["required"] is False, code
    assert set(responses["405"]["headers"]) >= {"Allow"}
    if "503" in responses:
        assert set(responses["503"]["headers"]) >= {"Retry-After"}


def test_no_validation_error_anywhere(schema: dict[str, Any]) -> None:
    text = json.dumps(schema)
    assert '"422"' not in text
    assert "HTTPValidationError" not in text and "ValidationError" not in text
    assert "Problem" in schema["components"]["schemas"]
    problem = schema["components"]["schemas"]["Problem"]["properties"]
    assert {"type", "title", "status", "detail", "instance", "errors"} <= set(problem)


def test_servers_and_a_version_that_follows_the_contract(schema: dict[str, Any]) -> None:
    assert schema["servers"] == [{"url": "/"}]
    version = schema["info"]["version"]
    assert version.startswith(CONTRACT + "+")
    unchanged = copy.deepcopy(schema)
    assert version_of(unchanged) == version  # the same contract, the same version
    changed = copy.deepcopy(schema)
    changed["paths"]["/api/v1/locales"]["get"]["responses"].pop("304")
    assert version_of(changed) != version
    changed = copy.deepcopy(schema)
    changed["components"]["schemas"]["Problem"]["properties"].pop("errors")
    assert version_of(changed) != version


def _conforms(schema: dict[str, Any], path: str, response: Any) -> None:
    """``response`` is one the schema declares for ``path``'s GET: status, media, headers."""
    declared = schema["paths"][path]["get"]["responses"]
    assert str(response.status_code) in declared, (response.status_code, response.text[:200])
    answer = declared[str(response.status_code)]
    media = response.headers.get("content-type", "").split(";")[0].strip()
    if "content" in answer:  # the one media type sent, with the schema of its body
        assert list(answer["content"]) == [media], (list(answer["content"]), media)
        assert answer["content"][media].get("schema"), answer
    else:
        assert response.content == b""
    headers = answer.get("headers", {})
    assert "Cache-Control" in headers and "Cache-Control" in response.headers  # every answer
    for name, header in headers.items():
        if header.get("required"):
            assert name in response.headers, name
    if response.status_code >= 400:
        assert response.json()["status"] == response.status_code


LONG = "x" * (MAX_URL + 1)
BIG = "y" * (MAX_HEADER + 1)
# (path template, the request, status): every declared error status cheap to provoke
PROVOKED: list[tuple[str, dict[str, Any], int]] = [
    ("/api/v1/methods", {"url": "/api/v1/methods?lang=zz"}, 400),
    ("/api/v1/methods/{method}", {"url": "/api/v1/methods/FOO"}, 404),
    ("/api/v1/methods/{method}", {"url": "/api/v1/methods/get?lang=zz"}, 400),
    ("/api/v1/docs/{doc_id}", {"url": "/api/v1/docs/no-such-doc"}, 404),
    ("/api/v1/docs/{doc_id}", {"url": "/api/v1/docs/x?lang=" + "a" * 65}, 400),
    ("/api/v1/search", {"url": "/api/v1/search"}, 400),
    ("/api/v1/search", {"url": "/api/v1/search?q=get&limit=0"}, 400),
    ("/api/v1/quality", {"url": "/api/v1/quality?locale=zz"}, 400),
    ("/api/v1/apps", {"url": "/api/v1/apps?lang=zz"}, 400),
    ("/api/v1/apps/{app_id}", {"url": "/api/v1/apps/no-such-app"}, 404),
    ("/api/v1/modules/{module_id}", {"url": "/api/v1/modules/no-such-module"}, 404),
    ("/api/v1/help", {"url": "/api/v1/help"}, 400),
    ("/api/v1/help", {"url": "/api/v1/help?app=a&module=b&field=c"}, 404),
    ("/api/v1/locales", {"method": "POST", "url": "/api/v1/locales"}, 405),
    ("/api/v1/search", {"method": "DELETE", "url": "/api/v1/search?q=get"}, 405),
    ("/healthz", {"method": "PUT", "url": "/healthz"}, 405),
    ("/api/v1/methods", {"url": "/api/v1/methods", "content": b"{}"}, 413),
    ("/api/v1/readyz", {"url": "/api/v1/readyz", "content": b"x"}, 413),
    ("/api/v1/search", {"url": "/api/v1/search?q=" + LONG}, 414),
    ("/api/v1/healthz", {"url": "/api/v1/healthz?" + LONG}, 414),
    ("/api/v1/locales", {"url": "/api/v1/locales", "headers": {"X-Big": BIG}}, 431),
    ("/readyz", {"url": "/readyz", "headers": {"Accept-Language": BIG}}, 431),
]


@pytest.mark.parametrize(
    ("path", "request_", "status"), PROVOKED, ids=[f"{s} {r['url'][:60]}" for _p, r, s in PROVOKED]
)
def test_provoked_errors_are_as_declared(
    client: TestClient, schema: dict[str, Any], path: str, request_: dict[str, Any], status: int
) -> None:
    asked = dict(request_)
    response = client.request(asked.pop("method", "GET"), **asked)
    assert response.status_code == status, response.text[:300]
    assert response.headers["content-type"].startswith(PROBLEM)
    _conforms(schema, path, response)


@pytest.mark.parametrize(
    ("path", "url"),
    [
        ("/api/v1/methods", "/api/v1/methods"),
        ("/api/v1/methods/{method}", "/api/v1/methods/put?lang=fr"),
        ("/api/v1/locales", "/api/v1/locales"),
        ("/api/v1/search", "/api/v1/search?q=get"),
        ("/api/v1/quality", "/api/v1/quality"),
    ],
)
def test_cacheable_answers_and_their_304s_are_as_declared(
    client: TestClient, schema: dict[str, Any], path: str, url: str
) -> None:
    for encoding in ("gzip", "identity"):
        asked = {"Accept-Encoding": encoding}
        full = client.get(url, headers=asked)
        assert full.status_code == 200
        _conforms(schema, path, full)
        sent = {"ETag", "Cache-Control", "Vary", "Content-Language", "Content-Encoding"}
        declared = schema["paths"][path]["get"]["responses"]["200"]["headers"]
        assert {h for h in sent if h in full.headers} <= set(declared), encoding
        again = client.get(url, headers={**asked, "If-None-Match": full.headers["ETag"]})
        assert again.status_code == 304
        _conforms(schema, path, again)
        assert again.headers["ETag"] == full.headers["ETag"]


@pytest.fixture(scope="module")
def unbuilt(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app over an index directory with no build in it: every lookup is a 503."""
    index = tmp_path_factory.mktemp("unbuilt") / "index"
    with TestClient(create_app(Settings(index=Path(index), reload_interval=0))) as c:
        yield c


@pytest.mark.parametrize(
    ("path", "url"),
    [
        ("/api/v1/methods", "/api/v1/methods"),
        ("/api/v1/docs/{doc_id}", "/api/v1/docs/anything"),
        ("/api/v1/locales", "/api/v1/locales"),
        ("/api/v1/search", "/api/v1/search?q=get"),
        ("/api/v1/readyz", "/api/v1/readyz"),
        ("/readyz", "/readyz"),
    ],
)
def test_unavailable_is_as_declared(
    unbuilt: TestClient, schema: dict[str, Any], path: str, url: str
) -> None:
    response = unbuilt.get(url)
    assert response.status_code == 503
    assert response.headers["content-type"].startswith(PROBLEM)
    _conforms(schema, path, response)


def test_health_is_as_declared(client: TestClient, schema: dict[str, Any]) -> None:
    for path in ("/healthz", "/api/v1/healthz", "/readyz", "/api/v1/readyz"):
        response = client.get(path)
        assert response.status_code == 200
        _conforms(schema, path, response)
        assert response.headers["Cache-Control"] == "no-store"
