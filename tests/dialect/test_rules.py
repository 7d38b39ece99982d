"""The dialect plugins, case by case, from fixture files of (input, expected HTML).

``tests/data/dialect.txt`` holds the cases in markdown-it-py's fixture format
(read by its own ``read_fixture_file``): a title line, then ``.``-separated
input and expected (sanitized) HTML.
"""

from __future__ import annotations

import pytest
from markdown_it.utils import read_fixture_file

from service.dialect.labels import labels_in_html, strip_labels
from service.dialect.parser import make_parser
from service.ingest.sanitize import clean, text_of, text_of_clean
from tests.conftest import DATA

FIXTURES = DATA / "dialect.txt"
DOC_PATH = "help/workfront-fusion/references/modules/doc.md"


CASES = [
    (title, source, expected) for _line, title, source, expected in read_fixture_file(FIXTURES)
]


def test_fixture_file_covers_every_construct() -> None:
    titles = " ".join(t for t, _, _ in CASES)
    for construct in (
        "nested",
        "glued",
        "admonition",
        "shade box",
        "collapsible",
        "anchor",
        "link",
        "image",
        "entity",
        "script",
        "raw html",
    ):
        assert construct in titles, construct


@pytest.mark.parametrize(("title", "source", "expected"), CASES, ids=[c[0] for c in CASES])
def test_render(title: str, source: str, expected: str) -> None:
    env = {"path": DOC_PATH, "locale": "en"}
    # the fixture format ends every block with a newline; raw HTML renders without one
    assert clean(make_parser().render(source, env)).rstrip("\n") == expected.rstrip("\n")


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("[!UICONTROL Save]", "Save"),
        ("[!UICONTROL [!DNL Workfront Fusion] for work]s", "Workfront Fusion for works"),
        ("[!DNL a] and [!UICONTROL b", "a and [!UICONTROL b"),
        ("[!UICONTROL broken and [!DNL fine]", "[!UICONTROL broken and fine"),
        ("no labels", "no labels"),
    ],
)
def test_strip_labels(text: str, plain: str) -> None:
    assert strip_labels(text) == plain


def test_labels_in_html_nested() -> None:
    assert (
        labels_in_html("<td>[!UICONTROL [!DNL A] b]</td>")
        == '<td><span class="uicontrol"><span class="dnl">A</span> b</span></td>'
    )


def test_links_are_collected_for_quality() -> None:
    env: dict[str, object] = {"path": DOC_PATH, "locale": "fr"}
    html = make_parser().render("[a](../x.md) [b](/help/y.md#z) [c](https://e.org/d.md)", env)
    assert env["links"] == ["help/workfront-fusion/references/x.md", "help/y.md"]
    assert 'href="/fr/path/help/y.md#z"' in html


@pytest.mark.parametrize(
    "source",
    [
        "> " * 10_000 + "deep",
        "\n".join("  " * n + "- item" for n in range(2_000)),
        "[!DNL " * 5_000 + "x" + "]" * 5_000,
        "[!UICONTROL " * 20_000,
        "+++ a\n" * 3_000,
        "*" * 50_000,
    ],
)
def test_hostile_nesting_is_bounded(source: str) -> None:
    html = clean(make_parser().render(source, {"path": DOC_PATH}))
    assert isinstance(html, str)


XSS = sorted((DATA / "xss").rglob("*.md"))


@pytest.mark.parametrize(
    "html",
    [
        *(expected for _title, _source, expected in CASES),
        *(make_parser().render(p.read_text(encoding="utf-8")) for p in XSS),
        '<a title="a > b &amp; c" href="https://x">link</a> 1 &lt; 2<br>x<!-- c --><p>y</p>',
        "<script>alert(1)</script><style>p{}</style>text",
    ],
)
def test_text_of_clean_html_equals_parsing_it(html: str) -> None:
    safe = clean(html)
    assert " ".join(text_of_clean(safe).split()) == " ".join(text_of(safe).split())
