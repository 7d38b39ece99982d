"""The README's API examples, run against the real app over content/: what they show is
what the service answers, so the README cannot drift.

The convention (README, "Examples", says it for its readers):

* An example is a ``console`` block of ``$ curl …`` lines, each followed by the
  output shown for it, up to the next ``$`` line or the block's end (a
  trailing ``\\`` continues a command; ``# …`` after it is a comment). A
  ``curl`` anywhere else in the README fails: every example is run.
* The flags understood are curl's ``-i`` (the output is the status line, the
  headers shown, a blank line, the body), ``-s``, ``-H``, ``-X`` and
  ``--compressed`` (an ``Accept-Encoding``; the body shown decoded); any other
  fails, naming it. The URL is ``http://127.0.0.1:8000/…``.
* Headers: each one shown must be sent with the value shown; those not shown
  are not looked at. ``Vary``'s shown tokens must be among those sent. An
  ``ETag`` is a pattern (any ETag of the service's shape: it changes with
  every build). An ``If-None-Match`` must send an ETag an earlier example's
  output shows: the test sends the one that example really gets (chaining).
* Without ``-i`` the answer must be a 2xx; with ``-i`` and no body shown, the
  body must be empty (a 304).
* A JSON body is compared by shape and value: the keys shown, and no others
  unless the object has ``"…": "…"``; the items shown, and more only after a
  last ``"…"``; a string with ``…`` has its pieces in that order; ``"…"``
  alone is any value; a ``score`` is any number.
* The module-help examples (``/api/v1/help``, ``/apps``, ``/modules``) are of
  the corpus's Datadog article added to content/ (skipped without the corpus).
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.conftest import ROOT

README = ROOT / "README.md"
ORIGIN = "http://127.0.0.1:8000"
CONSOLE = re.compile(r"^```console\n(.*?)^```", re.DOTALL | re.MULTILINE)
FENCE = re.compile(r"^```.*?^```", re.DOTALL | re.MULTILINE)
ETAG = re.compile(r'"[0-9a-f]{12}-[0-9a-f]{16}"')
STATUS_LINE = re.compile(r"HTTP/1\.1 (\d{3}) (.+)")
APP_PATHS = ("/api/v1/help", "/api/v1/apps", "/api/v1/modules")
ANY = "…"
NUMBERS = {"score"}  # keys whose value is any number: it changes with every ranking tweak
COMPRESSED = "gzip, deflate, br, zstd"  # what curl --compressed asks for


class Unrunnable(ValueError):
    """A README example the test cannot run: it fails, naming why."""


@dataclass
class Example:
    line: int  # of README.md, for the message
    command: str
    output: str
    method: str = "GET"
    path: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    include: bool = False  # -i: the output shows the status line and headers
    compressed: bool = False

    @property
    def id(self) -> str:
        return f"README.md:{self.line} {self.path}"


def parse_curl(command: str, line: int) -> Example:
    """The request one ``curl`` command makes (an unknown flag is an error naming it)."""
    words = shlex.split(command, comments=True)
    if not words or words[0] != "curl":
        raise Unrunnable(f"README.md:{line}: only curl examples are run, not {command!r}")
    example, n = Example(line, command, ""), 1
    url = None
    while n < len(words):
        word = words[n]
        if word in ("-H", "--header", "-X", "--request"):
            if n + 1 >= len(words):
                raise Unrunnable(f"README.md:{line}: {word} with no value")
            value = words[n + 1]
            if word in ("-H", "--header"):
                name, colon, text = value.partition(":")
                if not colon:
                    raise Unrunnable(f"README.md:{line}: header {value!r} has no ':'")
                example.headers[name.strip()] = text.strip()
            else:
                example.method = value.upper()
            n += 2
            continue
        if word in ("-i", "--include"):
            example.include = True
        elif word in ("-s", "--silent"):
            pass  # no progress meter: nothing changes in what is shown
        elif word == "--compressed":
            example.compressed = True
        elif re.fullmatch(r"-[is]{2}", word):
            example.include = True
        elif word.startswith("-"):
            raise Unrunnable(f"README.md:{line}: curl flag {word!r} is not one the test knows")
        elif url is None:
            url = word
        else:
            raise Unrunnable(f"README.md:{line}: a second URL {word!r}")
        n += 1
    if url is None or not url.startswith(ORIGIN + "/"):
        raise Unrunnable(f"README.md:{line}: no URL under {ORIGIN}/ in {command!r}")
    example.path = url.removeprefix(ORIGIN)
    return example


def examples(text: str) -> tuple[list[Example], list[str]]:
    """Every ``$ curl`` of every console block, with the output shown after it; and why
    each one that cannot be run cannot."""
    found: list[Example] = []
    unrunnable: list[str] = []
    for block in CONSOLE.finditer(text):
        first = text.count("\n", 0, block.start(1)) + 1
        lines = block.group(1).splitlines()
        n = 0
        while n < len(lines):
            if not lines[n].startswith("$ "):
                unrunnable.append(f"README.md:{first + n}: a console block starts with '$ '")
                break
            start, command = n, lines[n][2:]
            while command.endswith("\\") and n + 1 < len(lines):
                n += 1
                command = command[:-1] + " " + lines[n].strip()
            n += 1
            output = []
            while n < len(lines) and not lines[n].startswith("$ "):
                output.append(lines[n])
                n += 1
            try:
                example = parse_curl(command, first + start)
            except Unrunnable as exc:
                unrunnable.append(str(exc))
                continue
            example.output = "\n".join(output).strip("\n")
            found.append(example)
    return found, unrunnable


def loose_curls(text: str) -> list[str]:
    """``curl`` lines outside console blocks: examples the test would not run."""
    outside = CONSOLE.sub("", text)
    fenced = "\n".join(m.group(0) for m in FENCE.finditer(outside))
    return [ln for ln in fenced.splitlines() if re.match(r"\s*(\$ )?curl\b", ln)]


TEXT = README.read_text(encoding="utf-8")
EXAMPLES, UNRUNNABLE = examples(TEXT)


def send(client: TestClient, example: Example, headers: dict[str, str]) -> httpx.Response:
    """The request as curl sends it: no Accept-Encoding unless ``--compressed``."""
    request = client.build_request(example.method, example.path, headers=headers)
    if example.compressed:
        request.headers["Accept-Encoding"] = COMPRESSED
    else:
        del request.headers["Accept-Encoding"]
    return client.send(request)


def split_output(example: Example) -> tuple[str | None, list[tuple[str, str]], str]:
    """(status line, headers, body) as the README shows them."""
    if not example.include:
        return None, [], example.output
    if not example.output:
        raise Unrunnable(f"{example.id}: -i, but no status line shown")
    head, _, body = example.output.partition("\n\n")
    status, *lines = head.splitlines()
    headers = []
    for line in lines:
        name, colon, value = line.partition(":")
        if not colon:
            raise Unrunnable(f"{example.id}: header line {line!r} has no ':'")
        headers.append((name.strip().lower(), value.strip()))
    return status, headers, body.strip()


def shown_etags(example: Example) -> list[str]:
    return [value for name, value in split_output(example)[1] if name == "etag"]


def agrees(expected: Any, actual: Any, where: str = "$") -> None:
    """``actual`` (the service's JSON) is what ``expected`` (the README's) shows."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{where}: README shows an object, got {actual!r}"
        more = expected.get(ANY) == ANY
        shown = {k for k in expected if k != ANY}
        missing = shown - set(actual)
        assert not missing, f"{where}: the service sends no {sorted(missing)}"
        extra = set(actual) - shown
        assert more or not extra, f"{where}: the README does not show {sorted(extra)}"
        for key in sorted(shown):
            if key in NUMBERS and isinstance(expected[key], int | float):
                assert isinstance(actual[key], int | float), f"{where}.{key}: {actual[key]!r}"
            else:
                agrees(expected[key], actual[key], f"{where}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list), f"{where}: README shows a list, got {actual!r}"
        more = bool(expected) and expected[-1] == ANY
        items = expected[:-1] if more else expected
        counted = len(actual) >= len(items) if more else len(actual) == len(items)
        assert counted, f"{where}: README shows {len(items)} items, the service {len(actual)}"
        for n, item in enumerate(items):
            agrees(item, actual[n], f"{where}[{n}]")
    elif expected == ANY:
        return
    elif isinstance(expected, str) and ANY in expected:
        assert isinstance(actual, str), f"{where}: README shows a string, got {actual!r}"
        pieces(expected, actual, where)
    else:
        assert expected == actual, f"{where}: README shows {expected!r}, the service {actual!r}"


def pieces(expected: str, actual: str, where: str) -> None:
    """Each piece of ``expected`` between ``…`` is in ``actual``, in order."""
    at = 0
    for piece in (p.strip() for p in expected.split(ANY)):
        found = actual.find(piece, at)
        assert found >= 0, f"{where}: README shows {piece!r}, not in the service's {actual!r}"
        at = found + len(piece)


def client_for(request: pytest.FixtureRequest, example: Example) -> TestClient:
    name = "datadog_client" if example.path.startswith(APP_PATHS) else "client"
    found: TestClient = request.getfixturevalue(name)
    return found


def headers_to_send(request: pytest.FixtureRequest, example: Example) -> dict[str, str]:
    """The example's headers; an If-None-Match of an ETag shown earlier is sent as the
    ETag that earlier example really gets."""
    headers = dict(example.headers)
    for name, value in example.headers.items():
        if name.lower() != "if-none-match":
            continue
        earlier = [e for e in EXAMPLES if e.line < example.line and value in shown_etags(e)]
        assert earlier, f"{example.id}: If-None-Match {value} is no ETag an earlier example shows"
        source = earlier[-1]
        got = send(client_for(request, source), source, source.headers)
        headers[name] = got.headers["etag"]
    return headers


def test_the_readme_has_its_examples() -> None:
    assert len(EXAMPLES) >= 10
    assert {e.path.split("?")[0] for e in EXAMPLES} >= {
        "/api/v1/methods/patch",
        "/api/v1/methods",
        "/api/v1/search",
        "/api/v1/help",
        "/api/v1/quality",
        "/api/v1/methods/trace",
    }
    assert any("If-None-Match" in e.headers for e in EXAMPLES)  # the chained 304


def test_every_curl_in_the_readme_is_an_example_that_runs() -> None:
    assert UNRUNNABLE == []
    assert loose_curls(TEXT) == [], "put curl examples in ```console blocks, as `$ curl …`"


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.id for e in EXAMPLES])
def test_an_example_shows_what_the_service_answers(
    request: pytest.FixtureRequest, example: Example
) -> None:
    asked = headers_to_send(request, example)
    reply = send(client_for(request, example), example, asked)
    status, headers, body = split_output(example)
    if status is None:
        assert 200 <= reply.status_code < 300, f"{example.id}: {reply.status_code} {reply.text}"
    else:
        shown_status = STATUS_LINE.fullmatch(status)
        assert shown_status, f"{example.id}: {status!r} is no HTTP/1.1 status line"
        code, phrase = int(shown_status.group(1)), shown_status.group(2)
        assert phrase == HTTPStatus(code).phrase, f"{example.id}: {status!r}"
        assert reply.status_code == code, f"{example.id}: the service answers {reply.status_code}"
    for name, value in headers:
        sent = reply.headers.get(name)
        assert sent is not None, f"{example.id}: the service sends no {name}"
        if name == "etag":
            assert ETAG.fullmatch(value), f"{example.id}: the README's ETag {value} is no ETag"
            assert ETAG.fullmatch(sent), f"{example.id}: ETag {sent}"
            if "If-None-Match" in example.headers:  # a 304 names the copy it confirms
                assert sent == asked["If-None-Match"]
        elif name == "vary":
            tokens = {t.strip().lower() for t in sent.split(",")}
            wanted = {t.strip().lower() for t in value.split(",")}
            assert wanted <= tokens, f"{example.id}: vary: {sent}, README shows {value}"
        elif ANY in value:
            pieces(value, sent, f"{example.id}: {name}")
        else:
            assert sent == value, f"{example.id}: {name}: {sent}, README shows {value}"
    if not body:
        assert example.include, f"{example.id}: no output shown (show it, or -i for a 304)"
        assert reply.content == b"", f"{example.id}: README shows no body; got {reply.text}"
        return
    media = reply.headers.get("content-type", "").split(";")[0].strip()
    if media in ("application/json", "application/problem+json"):
        try:
            expected = json.loads(body)
        except json.JSONDecodeError as exc:
            raise AssertionError(f"{example.id}: the body shown is not JSON ({exc})") from exc
        agrees(expected, reply.json(), f"{example.id} $")
    else:
        pieces(body, reply.text, f"{example.id} body")
