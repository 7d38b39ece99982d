"""A small DOM, enough to ask pages questions, and the checks every page passes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from fastapi.testclient import TestClient
from httpx2 import Response

from service.i18n.locales import display_name
from service.web.edge import SECURITY

LOCALES = ("en", "fr", "nl", "sv")


_SPACE = re.compile(r"[ \t\n\r\f]+")


VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)
    parent: Node | None = None

    def text(self) -> str:
        parts = [c if isinstance(c, str) else c.text() for c in self.children]
        return norm("".join(parts))

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str, **attrs: str) -> list[Node]:
        return [
            n
            for n in self.iter()
            if n.tag == tag and all(n.attrs.get(k.rstrip("_")) == v for k, v in attrs.items())
        ]

    def find(self, tag: str, **attrs: str) -> Node:
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag} {attrs}>"
        return found[0]

    def has_class(self, name: str) -> bool:
        return name in self.attrs.get("class", "").split()

    def by_class(self, name: str) -> list[Node]:
        return [n for n in self.iter() if n.has_class(name)]


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.at = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, parent=self.at)
        self.at.children.append(node)
        if tag not in VOID:
            self.at = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.at.children.append(Node(tag, {k: v or "" for k, v in attrs}, parent=self.at))

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.at
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.at = node.parent

    def handle_data(self, data: str) -> None:
        self.at.children.append(data)


def norm(text: str) -> str:
    """ASCII whitespace collapsed, as a browser shows it (no-break spaces stay)."""
    return _SPACE.sub(" ", text).strip()


def dom(response: Response) -> Node:
    builder = _Builder()
    builder.feed(response.text)
    return builder.root


@dataclass
class Page:
    response: Response
    root: Node

    @property
    def lang(self) -> str:
        return self.root.find("html").attrs["lang"]

    @property
    def hreflang(self) -> dict[str, str]:
        return {
            n.attrs["hreflang"]: n.attrs["href"]
            for n in self.root.find_all("link", rel="alternate")
        }

    @property
    def switcher(self) -> list[Node]:
        nav = next(n for n in self.root.find_all("nav") if n.has_class("languages"))
        return nav.find_all("a")

    @property
    def notices(self) -> dict[str, Node]:
        return {
            kind: n
            for n in self.root.by_class("notice")
            for kind in n.attrs["class"].split()
            if kind.startswith("notice-")
        }

    @property
    def notice(self) -> Node | None:
        """The page's one notice (None without one)."""
        boxes = self.root.by_class("notice")
        assert len(boxes) <= 1, f"{len(boxes)} notices on one page"
        return boxes[0] if boxes else None

    @property
    def said(self) -> list[str]:
        """What the notice says, a sentence (or two) per thing that applies, in order."""
        box = self.notice
        if box is None:
            return []
        first = next((c for c in box.children if isinstance(c, Node)), None)
        if first is None or first.tag != "p":
            return []
        return [span.text() for span in first.find_all("span")]

    @property
    def notice_links(self) -> list[tuple[str, str]]:
        """The notice's links after what it says: (href, text), each once."""
        box = self.notice
        if box is None:
            return []
        lists = [n for n in box.find_all("ul") if n.has_class("notice-links")]
        return [(a.attrs["href"], a.text()) for ul in lists for a in ul.find_all("a")]

    @property
    def main(self) -> Node:
        return self.root.find("main")


def get(client: TestClient, path: str, status: int = 200, **headers: str) -> Page:
    response = client.get(path, headers=headers, follow_redirects=False)
    assert response.status_code == status, (path, response.status_code, response.text[:500])
    if status == 200:
        assert response.headers["content-type"] == "text/html; charset=utf-8"
    return Page(response, dom(response))


def api(client: TestClient, path: str) -> Any:
    response = client.get(path)
    assert response.status_code == 200, response.text
    return response.json()


def assert_page_headers(page: Page, locale: str) -> None:
    headers = page.response.headers
    assert headers["etag"].startswith('"')
    assert headers["cache-control"].startswith("public, max-age=")
    assert "Accept-Language" in headers["vary"]
    assert headers["content-language"] == locale
    for name, value in SECURITY.items():
        assert headers[name] == value


def assert_switcher(page: Page, locales: list[str], current: str | None) -> None:
    links = page.switcher
    assert [a.attrs["hreflang"] for a in links] == sorted(locales)
    assert [a.text() for a in links] == [display_name(loc) for loc in sorted(locales)]
    for a in links:
        assert a.attrs["lang"] == a.attrs["hreflang"]
        assert a.attrs["href"].startswith(f"/{a.attrs['hreflang']}/")
    marked = [a.attrs["hreflang"] for a in links if a.attrs.get("aria-current") == "page"]
    assert marked == ([current] if current else [])


def assert_accessible(page: Page) -> None:
    """One h1, one search form, at most one notice, labelled fields, named navigation, a
    skip link to main."""
    assert len(page.root.find_all("h1")) == 1
    searches = [n for n in page.root.iter() if n.tag == "search" or n.attrs.get("role") == "search"]
    assert len(searches) <= 1, f"{len(searches)} search landmarks"
    assert page.notice is None or page.notice.attrs["role"] == "note"
    labels = {n.attrs.get("for") for n in page.root.find_all("label")}
    for field_ in page.root.find_all("input"):
        assert field_.attrs["id"] in labels, field_.attrs
    for nav in page.root.find_all("nav"):
        assert nav.attrs.get("aria-label") or nav.attrs.get("aria-labelledby")
    assert page.root.find("a", class_="skip").attrs["href"] == "#main"
    assert page.main.attrs["id"] == "main"
