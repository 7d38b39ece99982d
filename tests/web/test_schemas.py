"""The OpenAPI schema the app serves documents every endpoint and field."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_openapi_documents_every_endpoint(client: TestClient) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/methods",
        "/api/v1/methods/{method}",
        "/api/v1/docs/{doc_id}",
        "/api/v1/locales",
        "/api/v1/search",
        "/api/v1/healthz",
        "/api/v1/readyz",
    ):
        assert "get" in paths[path], path
    method = paths["/api/v1/methods/{method}"]["get"]
    assert {p["name"] for p in method["parameters"]} == {"method", "lang"}
    assert "404" in method["responses"] and "400" in method["responses"]
    props = schema["components"]["schemas"]["MethodOut"]["properties"]
    for field in (
        "locale",
        "requested_locale",
        "fallback",
        "summary",
        "success_status",
        "idempotent",
        "availability",
        "caution",
        "spec",
        "source",
        "translation",
    ):
        assert field in props
