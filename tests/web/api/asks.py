"""How the module editors ask for a language, and what the content's records say.

The API tests' table.
"""

from __future__ import annotations

from fastapi.testclient import TestClient


def get(client: TestClient, path: str, ask: dict[str, str], **headers: str):  # type: ignore[no-untyped-def]
    params = {"lang": ask["lang"]} if "lang" in ask else {}
    if "al" in ask:
        headers["Accept-Language"] = ask["al"]
    return client.get(path, params=params, headers=headers)
