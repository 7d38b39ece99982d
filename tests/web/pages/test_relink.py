"""A page shown in another language than the reader's (a fallback) keeps the reader in
their language: its links lead to the targets' pages in it where they have a version
there (the same section), else to the shown language's page, marked ``hreflang``."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.ingest.test_crosslinks import THREE_EN, TWO_EN, TWO_FR
from tests.served import served

ONE_EN = """---
title: One
exl-id: one-id
---
# One

See [the second part](two.md#second-part), [two](two.md) and [three](../b/three.md).
"""
FILES = {  # the others are the link tests' (ingest's resolution)
    "en/help/a/one.md": ONE_EN,
    "en/help/a/two.md": TWO_EN,
    "fr/help/a/two.md": TWO_FR,
    "en/help/b/three.md": THREE_EN,
}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with served(tmp_path_factory.mktemp("relink"), FILES) as c:
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


def test_the_apis_document_in_a_language_it_lacks_links_alike(client: TestClient) -> None:
    found = client.get("/api/v1/docs/one-id", params={"lang": "fr"}).json()
    assert found["locale"] == "en" and found["fallback"] is True
    html = "".join(s["html"] for s in found["sections"])
    assert 'href="/fr/docs/two-id#deuxi%C3%A8me-partie"' in link(html, "the second part")
    assert 'hreflang="en"' in link(html, "three")
