"""Fixtures of the page tests: the catalog served, content/ with a history, hostile content."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def catalog(client: TestClient) -> Any:
    return client.app.state.live.catalog  # type: ignore[attr-defined]
