"""The app's routes, filled with sample values, for the hostile-request tests."""

from __future__ import annotations

import re
from typing import Any

PASSWD = re.compile(rb"root:.*:0:0:")


def assert_problem(reply: Any, status: int) -> dict[str, Any]:
    assert reply.status_code == status, (reply.status_code, reply.text[:300])
    assert reply.headers["content-type"].split(";")[0] == "application/problem+json"
    assert reply.headers["cache-control"] == "no-store"  # an error is never cached
    body: dict[str, Any] = reply.json()
    assert body["status"] == status and body["detail"], body
    return body
