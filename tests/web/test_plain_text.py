"""Plain text is plain text: over the hostile corpus, every string of every JSON response.

Every GET route of the OpenAPI schema is called with path parameters read off
the content (documents, methods, apps, modules, fields) and searches for the
payloads' words; each string of each answer is walked. A ``*_html`` string
(and a section's ``html``) must be sanitized (nothing in it runs); every
other string is text: set as ``innerHTML`` it makes no element, so it holds
no ``<`` followed by a letter, ``/``, ``!`` or ``?`` (the HTML tokenizer's
only ways into a tag, comment or declaration), and a URL in it has no script
scheme. The pages show the payloads as escaped text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from service.app import create_app
from service.pipeline.run import run as ingest
from service.settings import Settings
from tests.web.test_hostile_content import HOSTILE, scan

TAG_OPEN = re.compile(r"<[A-Za-z/!?]")  # what starts markup in the HTML tokenizer
SCRIPT_URL = re.compile(r"^(?:javascript|vbscript|data|livescript):", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f]+")
URL_KEYS = {"url", "links"}
PAYLOAD_WORDS = ["xsspayload", "alert", "onerror", "script", "img", "evil", "iframe", "svg"]


def is_html(key: str) -> bool:
    return key == "html" or key.endswith("_html")


def strings(value: Any, where: str = "", key: str = "") -> Iterator[tuple[str, str, str]]:
    """(where, key, string) of every string in a JSON value, keys included."""
    if isinstance(value, str):
        yield where, key, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield f"{where}.{k}", "key", k
            yield from strings(v, f"{where}.{k}", k)
    elif isinstance(value, list):
        for n, v in enumerate(value):
            yield from strings(v, f"{where}[{n}]", key)


def markup_in(body: Any) -> list[str]:
    """What a browser could run if each string of ``body`` were set as HTML."""
    found = []
    for where, key, text in strings(body):
        if is_html(key):
            problems = scan(text, fragment=True).problems
            if problems:
                found.append(f"{where}: {problems}")
        elif TAG_OPEN.search(text) or (
            key in URL_KEYS and SCRIPT_URL.match(_INVISIBLE.sub("", text))
        ):
            found.append(f"{where}: {text[:120]!r}")
    return found


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(
        content=HOSTILE, index=tmp_path_factory.mktemp("plain-index"), reload_interval=0
    )
    summary = ingest(settings, jobs=1)
    assert summary.docs == 4 and summary.locales == ("en", "fr"), summary.line()
    with TestClient(create_app(settings)) as client:
        yield client


def calls(client: TestClient) -> list[str]:
    """A URL for every GET JSON route, each path parameter filled from the content."""
    schema = client.get("/api/v1/openapi.json").json()
    catalog = client.app.state.live.catalog  # type: ignore[attr-defined]
    apps = client.get("/api/v1/apps").json()["apps"]
    assert apps, "the hostile corpus has an app article"
    modules = [
        m["module_id"]
        for a in apps
        for g in client.get(f"/api/v1/apps/{a['app_id']}").json()["groups"]
        for m in g["modules"]
    ]
    fields = [
        (m, f["field_id"], f["label"])
        for m in modules
        for f in client.get(f"/api/v1/modules/{m}").json()["fields"]
    ]
    assert len(fields) >= 4, fields
    values = {
        "doc_id": [quote(d, safe="") for d in catalog.articles],
        "method": [m.lower() for m in catalog.methods],
        "app_id": [a["app_id"] for a in apps],
        "module_id": modules,
    }
    urls = []
    for path, item in schema["paths"].items():
        if "get" not in item or path.endswith("openapi.json"):
            continue
        names = re.findall(r"\{(\w+)\}", path)
        filled = [path]
        for name in names:
            assert name in values, f"no values for {{{name}}} of {path}"
            filled = [u.replace(f"{{{name}}}", v) for u in filled for v in values[name]]
        urls += filled
    urls += [
        "/api/v1/help?" + f"app={quote(m.partition('.')[0])}&module={quote(m)}&field={quote(f)}"
        for m, f, _label in fields
    ]
    urls += [  # as an editor asks: by the label it shows
        f"/api/v1/help?app=evil&module={quote(m)}&field={quote(label)}" for m, _f, label in fields
    ]
    urls += [f"/api/v1/search?q={quote(w)}&limit=50" for w in PAYLOAD_WORDS]
    urls += [  # the misses and refusals that echo what was asked
        "/api/v1/search?q=" + quote("<img src=x onerror=alert(1)>"),
        "/api/v1/search?q=xsspayloud",  # a spelling suggestion
        "/api/v1/docs/" + quote("<script>alert(1)</script>", safe=""),
        "/api/v1/methods/" + quote("<img src=x onerror=alert(1)>", safe=""),
        "/api/v1/modules/evil." + quote("<svg onload=alert(1)>", safe=""),
        "/api/v1/help?app=evil&module=create-a-record&field=" + quote("<b onclick=x>Name"),
        "/api/v1/" + quote("<iframe src=javascript:alert(1)>", safe=""),
    ]
    return urls


def test_every_json_string_is_text_or_sanitized_html(client: TestClient) -> None:
    # the rule itself: "a < b" and a decoded entity made inert are text; a tag is not
    assert not markup_in({"title": "a < b & AT&T, <= <- < img src=x onerror=y>"})
    assert all(
        markup_in({"title": t}) for t in ("<img src=x>", "</textarea>", "<!-- x -->", "<?x?>")
    )
    assert markup_in({"links": [" javascript:x"]}) and markup_in({"html": "<svg onload=x>"})
    urls = calls(client)
    checked, seen_payloads, problems = 0, 0, []
    for base in urls:
        for lang in ("en", "fr"):
            url = base + ("&" if "?" in base else "?") + f"lang={lang}"
            reply = client.get(url)
            assert reply.status_code < 500, (url, reply.text[:300])
            assert reply.headers["content-type"].split(";")[0] in (
                "application/json",
                "application/problem+json",
            ), url
            body = reply.json()
            seen_payloads += "alert" in reply.text
            checked += sum(1 for _ in strings(body))
            problems += [f"{url} {p}" for p in markup_in(body)]
    assert not problems, "\n".join(problems[:40]) + f"\n({len(problems)} in all)"
    assert checked > 2000 and seen_payloads > 20, (checked, seen_payloads)


@pytest.mark.parametrize(
    ("url", "api"),
    [
        (f"/{lang}/docs/{doc}", f"/api/v1/docs/{doc}?lang={lang}")
        for lang in ("en", "fr")
        for doc in ("0a5f0c9e-evil-4000-8000-00000000e411", "xss-methods-84e4c71e")
    ],
)
def test_pages_show_the_plain_text_escaped(client: TestClient, url: str, api: str) -> None:
    """A page shows the API's plain text (its title, its table of contents): the
    payload's words escaped, no element of them, and no source markup shown as text
    (a reader sees no ``<img …>`` in a title)."""
    reply = client.get(url)
    assert reply.status_code == 200, (url, reply.status_code)
    assert not scan(reply.text, fragment=False).problems, url
    page = BeautifulSoup(reply.text, "html.parser")
    doc = client.get(api).json()
    assert page.title is not None and page.title.get_text().startswith(doc["title"] + " · ")
    toc = [a.get_text() for a in page.select("nav.toc a")]
    assert toc and set(toc) <= {s["heading"] for s in doc["sections"]}, (url, toc)
    for text in [doc["title"], *toc]:
        assert not TAG_OPEN.search(text), (url, text)


def test_the_schema_says_which_strings_are_text_and_which_html(client: TestClient) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert "plain text, never markup" in schema["info"]["description"]
    kinds: dict[str, set[str]] = {"Plain text.": set(), "Sanitized HTML.": set()}
    for model, spec in schema["components"]["schemas"].items():
        for name, prop in spec.get("properties", {}).items():
            types = {prop.get("type"), prop.get("items", {}).get("type")}
            types |= {p.get("type") for p in prop.get("anyOf", ())}
            if "string" not in types:
                continue
            said = prop.get("description", "")
            kind = "Sanitized HTML." if is_html(name) else "Plain text."
            assert said.startswith(kind), (model, name, said)
            kinds[kind].add(f"{model}.{name}")
    assert {"MethodOut.description_html", "HitOut.snippet_html", "SectionOut.html"} <= kinds[
        "Sanitized HTML."
    ]
    assert {"MethodOut.summary", "HitOut.snippet", "Source.title", "Problem.detail"} <= kinds[
        "Plain text."
    ]
