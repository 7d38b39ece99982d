"""Links between articles, resolved by the join: every form the docs write, to the page
in the reader's language (or the source's, marked), fragments mapped, missing ones
marked and reported at their line."""

from __future__ import annotations

import re

import pytest

from service.ingest.crosslinks import MISSING
from service.ingest.join import Joined, Last, join
from service.ingest.parse import parse_document
from service.records import Document

ONE_EN = """---
title: One
exl-id: one-id
---
# One

## First part {#first}

See [two](/help/a/two.md) and
[two again](two.md#second-part) in a paragraph of two lines.

Adobe's slug of a heading with a dropped character: [two loose](two.md#second--part).

<!-- <a href="/help/nope/commented-out.md">not shown</a> -->
"""

ONE_FR = """---
title: Un
exl-id: one-id
---
# Un

## Première partie {#first}

Voir [deux-abs](/help/a/two.md#second-part), [deux-locale](/fr-FR/help/a/two.md),
[trois-rel](../b/three.md) et [ailleurs](https://example.com/help/a/two.md).

- un élément avec [perdu](/help/nope/gone.md#x)

| a | b |
|---|---|
| [deux-table](./two.md#first-part) | x |

<table>
<tr><td><a href="/help/a/two.md" class="MCXref xref">deux-html</a></td></tr>
<tr><td><a href="../b/missing-too.md">perdu-html</a></td></tr>
</table>

Ici [le même](#first) et [soi](one.md#first).
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
    ("en", "help/a/one.md"): ONE_EN,
    ("fr", "help/a/one.md"): ONE_FR,
    ("en", "help/a/two.md"): TWO_EN,
    ("fr", "help/a/two.md"): TWO_FR,
    ("en", "help/b/three.md"): THREE_EN,
}


def where(locale: str, path: str) -> str:
    return f"{locale}/{path}"


@pytest.fixture(scope="module")
def joined() -> Joined:
    docs = []
    for (locale, path), text in FILES.items():
        parsed = parse_document(text, path, locale, where(locale, path))
        assert parsed.document is not None
        docs.append(parsed.document)
    return join(docs, "en", None, {(d.locale, d.path): where(d.locale, d.path) for d in docs})


def doc(joined: Joined, locale: str, path: str = "help/a/one.md") -> Document:
    return next(d for d in joined.documents if d.locale == locale and d.path == path)


def tag(html: str, text: str) -> str:
    """The start tag of the link whose text is ``text``."""
    m = re.search(r"(<a\s[^>]*>)" + re.escape(text) + "</a>", html)
    assert m is not None, f"no link {text!r} in {html}"
    return m.group(1)


@pytest.mark.parametrize(
    ("locale", "text", "href", "attrs"),
    [
        ("en", "two", "/en/docs/two-id", {}),
        ("en", "two again", "/en/docs/two-id#second-part", {}),
        ("en", "two loose", "/en/docs/two-id#second-part", {}),
        # an English heading's slug, from a translation: the same section of the French one
        ("fr", "deux-abs", "/fr/docs/two-id#deuxi%C3%A8me-partie", {}),
        ("fr", "deux-locale", "/fr/docs/two-id", {}),  # /fr-FR/help/…: a locale folder first
        ("fr", "deux-table", "/fr/docs/two-id#premi%C3%A8re-partie", {}),  # ./x.md in a table
        ("fr", "deux-html", "/fr/docs/two-id", {"class": "MCXref xref"}),  # raw HTML
        # no French version: the English page, marked as English
        ("fr", "trois-rel", "/en/docs/three-id", {"hreflang": "en"}),
        ("fr", "soi", "/fr/docs/one-id#first", {}),
        ("fr", "le même", "#first", {}),
        ("fr", "ailleurs", "https://example.com/help/a/two.md", {}),  # external: untouched
        ("fr", "perdu", "/fr/path/help/nope/gone.md#x", {"class": MISSING}),
        ("fr", "perdu-html", "/fr/path/help/b/missing-too.md", {"class": MISSING}),
    ],
)
def test_each_link_form_leads_to_the_page_in_the_readers_language(
    joined: Joined, locale: str, text: str, href: str, attrs: dict[str, str]
) -> None:
    html = "".join(s.html for s in doc(joined, locale).sections)
    start = tag(html, text)
    assert f'href="{href}"' in start
    for name, value in attrs.items():
        assert f'{name}="{value}' in start, start
    if "class" not in attrs:
        assert MISSING not in start
    if "hreflang" not in attrs:
        assert "hreflang" not in start


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_missing_articles_are_reported_at_their_lines(joined: Joined) -> None:
    found = [
        (p.path, p.line, p.message, p.level)
        for p in joined.problems
        if "missing article" in p.message
    ]
    assert found == [
        (
            "fr/help/a/one.md",
            line_of(ONE_FR, "[perdu]"),
            "link to a missing article help/nope/gone.md",
            "warning",
        ),
        (
            "fr/help/a/one.md",
            line_of(ONE_FR, ">perdu-html<"),
            "link to a missing article help/b/missing-too.md",
            "warning",
        ),
    ]


def test_every_link_has_its_file_line(joined: Joined) -> None:
    assert doc(joined, "en").link_lines == (
        ("help/a/two.md", line_of(ONE_EN, "[two]")),
        ("help/a/two.md", line_of(ONE_EN, "[two again]")),  # the paragraph's second line
        ("help/a/two.md", line_of(ONE_EN, "[two loose]")),
    )  # not the link in a comment
    fr = [n for _p, n in doc(joined, "fr").link_lines]
    assert fr == [
        line_of(ONE_FR, "deux-abs"),
        line_of(ONE_FR, "deux-locale"),
        line_of(ONE_FR, "trois-rel"),  # the paragraph's second line
        line_of(ONE_FR, "[perdu]"),
        line_of(ONE_FR, "deux-table"),
        line_of(ONE_FR, ">deux-html<"),
        line_of(ONE_FR, ">perdu-html<"),
        line_of(ONE_FR, "[soi]"),
    ]


def test_the_facts_keep_the_repo_paths(joined: Joined) -> None:
    """What the quality checks compare: the articles linked, as paths."""
    assert "help/a/two.md" in doc(joined, "fr").links
    assert "help/b/three.md" in doc(joined, "fr").links


def _parses() -> list[Document]:
    docs = []
    for (locale, path), text in FILES.items():
        parsed = parse_document(text, path, locale, where(locale, path))
        assert parsed.document is not None
        docs.append(parsed.document)
    return docs


def test_a_join_again_of_the_same_parses_resolves_as_the_first() -> None:
    """``serve --watch`` joins the same parsed documents again and again: their links'
    resolution is kept (in the ``join.Last`` its caller keeps) while the targets are as
    they were, and made anew when not; a join given none keeps nothing."""
    docs = _parses()
    wheres = {(d.locale, d.path): where(d.locale, d.path) for d in docs}
    last = Last()
    first = join(docs, "en", None, wheres, last)
    again = join(docs, "en", None, wheres, last)
    assert again.documents == first.documents
    assert doc(again, "fr").sections is doc(first, "fr").sections  # kept, not made again
    alone = join(docs, "en", None, wheres)
    assert alone.documents == first.documents
    assert doc(alone, "fr").sections is not doc(first, "fr").sections
    # the French "two" gone: links to it lead to the English one now, as a fresh join's
    gone = ("fr", "help/a/two.md")
    then = join([d for d in docs if (d.locale, d.path) != gone], "en", None, wheres, last)
    fresh = join([d for d in _parses() if (d.locale, d.path) != gone], "en", None, wheres)
    assert then.documents == fresh.documents
    assert doc(then, "fr").sections != doc(first, "fr").sections
