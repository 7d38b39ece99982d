"""A page shown in another language than the reader's (a fallback) keeps the reader in
their language: its links lead to the targets' pages in it where they have a version
there (the same section), else to the shown language's page, marked ``hreflang``."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.pipeline.run import run as ingest
from service.settings import Settings

ONE_EN = """---
title: One
exl-id: one-id
---
# One

See [the second part](two.md#second-part), [two](two.md) and [three](../b/three.md).
"""
TWO_EN = """---
title: Two
exl-id: two-id
---
# Two

## First part

## Second part
"""
TWO_FR = """---
title: Deux
exl-id: two-id
---
# Deux

## Première partie

## Deuxième partie
"""
THREE_EN = """---
title: Three
exl-id: three-id
---
# Three
"""
FILES = {
    "en/help/a/one.md": ONE_EN,
    "en/help/a/two.md": TWO_EN,
    "fr/help/a/two.md": TWO_FR,
    "en/help/b/three.md": THREE_EN,
}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    root = tmp_path_factory.mktemp("relink")
    for name, text in FILES.items():
        (root / "content" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "content" / name).write_text(text, encoding="utf-8")
    settings = Settings(content=root / "content", index=root / "index", reload_interval=0)
    assert ingest(settings, jobs=1).docs == 4
    with TestClient(create_app(settings)) as c:
        yield c


def link(html: str, text: str) -> str:
    m = re.search(r"(<a\s[^>]*>)" + re.escape(text) + "</a>", html)
    assert m is not None, f"no link {text!r}"
    return m.group(1)


def test_a_fallback_page_links_to_the_readers_versions(client: TestClient) -> None:
    page = client.get("/fr/docs/one-id")
    assert page.status_code == 200
    body = page.text
    assert 'href="/fr/docs/two-id#deuxi%C3%A8me-partie"' in link(body, "the second part")
    assert 'href="/fr/docs/two-id"' in link(body, "two") and "hreflang" not in link(body, "two")
    three = link(body, "three")  # no French version: the English page, marked
    assert 'href="/en/docs/three-id"' in three and 'hreflang="en"' in three


def test_the_page_in_its_own_language_keeps_its_links(client: TestClient) -> None:
    body = client.get("/en/docs/one-id").text
    assert 'href="/en/docs/two-id#second-part"' in link(body, "the second part")
    assert "hreflang" not in link(body, "three")
