"""create_app(settings): what the settings switch on (CORS)."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_cors_off_by_default(client: TestClient) -> None:
    r = client.get("/api/v1/methods/put", headers={"Origin": "https://editor.example"})
    assert "access-control-allow-origin" not in r.headers


def test_cors_when_configured(content_settings) -> None:  # type: ignore[no-untyped-def]
    from service.app import create_app

    settings = content_settings.with_(cors_origins=("https://editor.example",))
    with TestClient(create_app(settings)) as c:
        r = c.get("/api/v1/methods/put", headers={"Origin": "https://editor.example"})
        assert r.headers["access-control-allow-origin"] == "https://editor.example"
        other = c.get("/api/v1/methods/put", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers
