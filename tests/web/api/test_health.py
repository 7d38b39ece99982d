"""/healthz and /readyz: alive, and an index open with its counts."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_health_and_readiness(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/api/v1/readyz").json()
    assert ready["status"] == "ready" and ready["documents"] == 5 and ready["records"] == 25
    assert ready["locales"] == ["en", "fr", "nl", "sv"]
