"""The README's API examples, asked of the real app over content/: what they show is what
the service answers.

Each ``curl`` example followed by its answer (an ``http`` block of headers, a
``json`` block of the body) is sent through the app; the body must have the
example's fields and values. A string the README shortens with ``…`` must
hold each of its pieces, in order; an ETag (it changes with every build) must
have the ETag's shape. The other ``curl`` lines must answer 200 (or the 304
they say).
"""

from __future__ import annotations

import json
import re
import shlex
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import CORPUS, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.DOTALL)
ORIGIN = "http://127.0.0.1:8000"
APP_PATHS = ("/api/v1/help", "/api/v1/apps", "/api/v1/modules")


def blocks() -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in BLOCK.finditer(README)]


def curl(line: str) -> tuple[str, dict[str, str]]:
    """The path and headers of one ``curl`` command line."""
    words = shlex.split(line.split("  #")[0].replace("\\\n", " "))
    assert words[0] == "curl", line
    headers, url, n = {}, None, 1
    while n < len(words):
        if words[n] == "-H":
            name, _, value = words[n + 1].partition(":")
            headers[name.strip()] = value.strip()
            n += 2
            continue
        if words[n].startswith(ORIGIN):
            url = words[n].removeprefix(ORIGIN)
        n += 1
    assert url is not None, line
    return url, headers


def commands(text: str) -> list[str]:
    """The commands of a shell block, continuation lines joined."""
    return [
        c.strip() for c in text.replace("\\\n", " ").splitlines() if c.strip().startswith("curl")
    ]


def examples() -> list[tuple[str, dict[str, str], str | None, Any]]:
    """(path, headers, http block, json body) of each curl example with an answer."""
    found, items = [], blocks()
    for n, (kind, text) in enumerate(items):
        if kind != "sh" or len(commands(text)) != 1 or n + 1 >= len(items):
            continue
        after = items[n + 1 : n + 3]
        http = next((t for k, t in after if k == "http"), None)
        body = next((t for k, t in after if k == "json"), None)
        if body is not None:
            path, headers = curl(commands(text)[0])
            found.append((path, headers, http, json.loads(body)))
    return found


def shown(expected: Any, actual: Any, where: str = "") -> None:
    """``actual`` says what ``expected`` shows (``…`` in a string: pieces left out)."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), where
        assert set(expected) == set(actual), (where, set(expected) ^ set(actual))
        for key, value in expected.items():
            shown(value, actual[key], f"{where}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), where
        for n, (a, b) in enumerate(zip(expected, actual, strict=True)):
            shown(a, b, f"{where}[{n}]")
    elif isinstance(expected, str) and "…" in expected:
        at = 0
        for piece in (p.strip() for p in expected.split("…")):
            found = actual.find(piece, at)
            assert found >= 0, (where, piece, actual)
            at = found + len(piece)
    else:
        assert expected == actual, (where, expected, actual)


EXAMPLES = examples()


def test_the_readme_has_its_examples() -> None:
    assert [path for path, *_ in EXAMPLES] == [
        "/api/v1/methods/patch",
        "/api/v1/search?q=methode+requete&lang=fr&limit=1",
        "/api/v1/search?q=kan+ik+een+PUT+veilig+herhalen%3F&lang=nl&limit=1",
        "/api/v1/help?app=Datadog&module=Make+an+API+call&field=URL&lang=nl",
        "/api/v1/quality?locale=nl&severity=fact&limit=1",
        "/api/v1/methods/trace",
    ]


@pytest.mark.parametrize(
    ("path", "headers", "http", "body"), EXAMPLES, ids=[e[0] for e in EXAMPLES]
)
def test_an_example_is_what_the_service_answers(
    request: pytest.FixtureRequest,
    client: TestClient,
    path: str,
    headers: dict[str, str],
    http: str | None,
    body: Any,
) -> None:
    plain = {"Accept-Encoding": "identity", **headers}  # as curl asks: no gzip
    response = client_for(request, client, path).get(path, headers=plain)
    shown(body, response.json())
    assert response.status_code == body.get("status", 200)
    for line in (http or "").strip().splitlines()[1:]:
        name, _, value = line.partition(":")
        if name.lower() == "etag":
            assert re.fullmatch(r'"[0-9a-f]{12}-[0-9a-f]{16}"', response.headers["etag"])
        else:
            assert response.headers[name] == value.strip(), name


def client_for(request: pytest.FixtureRequest, client: TestClient, path: str) -> TestClient:
    """The module-help examples are of a real app (the corpus's Datadog article, added
    to content/ for them: skipped without the corpus); the others are of content/."""
    if path.startswith(APP_PATHS):
        found: TestClient = request.getfixturevalue("datadog_client")
        return found
    return client


def test_every_other_curl_line_answers(request: pytest.FixtureRequest, client: TestClient) -> None:
    for kind, text in blocks():
        for line in commands(text) if kind == "sh" else []:
            path, headers = curl(line)
            if path.startswith(APP_PATHS) and not CORPUS.is_dir():
                continue
            if "If-None-Match" in headers:  # the README's ETag is of its own day's build
                etag = client.get(path, headers={"Accept-Language": headers["Accept-Language"]})
                headers["If-None-Match"] = etag.headers["etag"]
                assert client.get(path, headers=headers).status_code == 304
                continue
            expected = 404 if path.endswith("/trace") else 200
            reply = client_for(request, client, path).get(path, headers=headers)
            assert reply.status_code == expected, line
