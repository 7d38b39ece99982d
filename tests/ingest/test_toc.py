"""Adobe's TOC.md read as a tree; entries found among the articles; folders where none."""

from __future__ import annotations

from typing import Any

import pytest

from service.ingest.navigation import folders, path_ids, resolved
from service.ingest.parse import parse_document
from service.ingest.toc import is_toc, parse_toc
from service.records import Problem, Toc, TocNode

TOC_PATH = "help/guide/TOC.md"
FRONT = "---\nuser-guide-title: The [!DNL Fusion] guide\nbreadcrumb-title: Fusion\n---\n\n"


def shape(nodes: tuple[TocNode, ...]) -> list[Any]:
    """A tree as nested lists: (title, path or #anchor[, hidden], [children])."""
    out: list[Any] = []
    for n in nodes:
        item: list[Any] = [n.title, n.path if n.path else f"#{n.anchor}"]
        if n.hidden:
            item.append("hidden")
        if n.children:
            item.append(shape(n.children))
        out.append(tuple(item))
    return out


CASES = [
    (
        "links, relative and from the locale folder",
        "* [Home](home.md)\n* [Other](/help/other/x.md)\n* [Up](../top.md)\n",
        [("Home", "help/guide/home.md"), ("Other", "help/other/x.md"), ("Up", "help/top.md")],
    ),
    (
        "a section: its name, its anchor, its list",
        "* Create scenarios {#create-scenarios}\n"
        "    * [Create scenarios](/help/guide/create/index.md)\n"
        "    * Map data {#map-data}\n"
        "        * [Map data](/help/guide/create/map.md)\n",
        [
            (
                "Create scenarios",
                "#create-scenarios",
                [
                    ("Create scenarios", "help/guide/create/index.md"),
                    ("Map data", "#map-data", [("Map data", "help/guide/create/map.md")]),
                ],
            )
        ],
    ),
    (
        "labels in titles are their text; nested labels too",
        "* [Module [!UICONTROL HTTP] > [!UICONTROL Make a [!DNL Fusion] request]](/help/h.md)\n"
        "* [!DNL Workfront] apps {#apps}\n  * [A](a.md)\n",
        [
            ("Module HTTP > Make a Fusion request", "help/h.md"),
            ("Workfront apps", "#apps", [("A", "help/guide/a.md")]),
        ],
    ),
    (
        "{hide-from-toc}, with and without a space (en and fr write both)",
        "* S {#s}\n  * {hide-from-toc} [Old](old.md)\n  * {hide-from-toc}[Older](older.md)\n"
        "  * [New](new.md)\n",
        [
            (
                "S",
                "#s",
                [
                    ("Old", "help/guide/old.md", "hidden"),
                    ("Older", "help/guide/older.md", "hidden"),
                    ("New", "help/guide/new.md"),
                ],
            )
        ],
    ),
    (
        "a second section of the same anchor gets its own; a section without one gets a slug",
        "* Errors {#errors}\n  * [E](e.md)\n* Errors {#errors}\n  * [F](f.md)\n"
        "* Two words\n  * [G](g.md)\n",
        [
            ("Errors", "#errors", [("E", "help/guide/e.md")]),
            ("Errors", "#errors-2", [("F", "help/guide/f.md")]),
            ("Two words", "#two-words", [("G", "help/guide/g.md")]),
        ],
    ),
    (
        "the heading and text outside lists are not entries; a link's fragment is dropped",
        "# The guide {#using}\n\nSome words.\n\n* [A](a.md#part)\n\n  More about A.\n",
        [("A", "help/guide/a.md")],
    ),
    (
        "Windows line ends, ordered lists",
        "1. [A](a.md)\r\n2. S {#s}\r\n   1. [B](b.md)\r\n",
        [("A", "help/guide/a.md"), ("S", "#s", [("B", "help/guide/b.md")])],
    ),
]


@pytest.mark.parametrize(("body", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_toc_dialect(body: str, expected: list[Any]) -> None:
    toc, problems = parse_toc(FRONT + body, TOC_PATH, "en")
    assert shape(toc.nodes) == expected
    assert problems == []
    assert toc.title == "The Fusion guide"  # the front matter's, its label read
    assert (toc.locale, toc.path) == ("en", TOC_PATH)


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ("* [Site](https://example.com/)\n", 6, "neither a link to an article"),
        ("* Just words\n", 6, "neither a link to an article"),
        ("* [A](a.md)\n* \n", 7, "empty TOC entry"),
    ],
)
def test_entries_that_lead_nowhere_are_problems(body: str, line: int, words: str) -> None:
    toc, problems = parse_toc(FRONT + body, TOC_PATH, "en", where="en/help/guide/TOC.md")
    assert [(p.path, p.line, p.level) for p in problems] == [
        ("en/help/guide/TOC.md", line, "warning")
    ]
    assert words in problems[0].message
    assert all(n.path for n in toc.nodes)


def test_only_a_guides_toc_md_is_a_toc() -> None:
    assert is_toc("help/workfront-fusion/TOC.md") and is_toc("TOC.md")
    assert not is_toc("help/toc.md") and not is_toc("help/TOC.md.bak")


def _doc(path: str, locale: str, title: str, doc_id: str) -> Any:
    text = f"---\ntitle: {title}\nexl-id: {doc_id}\n---\n# {title}\n"
    return parse_document(text, path, locale).document


def test_entries_are_found_among_the_articles_and_the_rest_reported() -> None:
    docs = [
        _doc("help/guide/a.md", "en", "A", "id-a"),
        _doc("help/guide/a.md", "fr", "A fr", "id-a"),
        _doc("help/guide/b.md", "en", "B", "id-b"),  # only in English
    ]
    toc, _ = parse_toc(
        FRONT + "* S {#s}\n  * [A](a.md)\n  * [B](b.md)\n  * [Gone](gone.md)\n* T {#t}\n"
        "  * [Gone too](gone2.md)\n",
        TOC_PATH,
        "fr",
    )
    problems: list[Problem] = []
    found = resolved(toc, path_ids(docs, "fr", "en"), "fr-FR/help/guide/TOC.md", problems)
    assert [(n.title, n.doc_id) for n in found.nodes[0].children] == [("A", "id-a"), ("B", "id-b")]
    assert len(found.nodes) == 1  # a section left with no entry is left out
    assert [(p.line, p.message.split(",")[0]) for p in problems] == [
        (9, "TOC entry 'Gone' links to help/guide/gone.md"),
        (11, "TOC entry 'Gone too' links to help/guide/gone2.md"),
    ]


def test_content_without_a_toc_is_browsed_by_its_folders() -> None:
    docs = [
        _doc("help/guide/create/map-data.md", "en", "Map data", "m"),
        _doc("help/guide/create/add.md", "en", "Add modules", "a"),
        _doc("help/guide/refs/apps-and-modules/http.md", "en", "HTTP", "h"),
        _doc("help/guide/refs/apps-and-modules/http.md", "fr", "HTTP fr", "h"),
        _doc("help/guide/legacy.md", "fr", "Ancien", "l"),  # only translated
    ]
    toc = folders(docs, "en")
    assert isinstance(toc, Toc) and toc.path == ""
    assert shape(toc.nodes) == [
        ("Ancien", "help/guide/legacy.md"),
        (
            "Create",
            "#create",
            [
                ("Add modules", "help/guide/create/add.md"),
                ("Map data", "help/guide/create/map-data.md"),
            ],
        ),
        (
            "Refs / Apps and modules",
            "#refs-apps-and-modules",
            [("HTTP", "help/guide/refs/apps-and-modules/http.md")],
        ),
    ]
