"""Two versions of a source article compared section by section: facts or wording.

Both versions are parsed by the ingest's parser, as the freshness check does.
"""

from __future__ import annotations

import pytest

from service.ingest.parse import parse_document
from service.quality import changes, worddiff
from service.quality.blocks import blocks
from service.records import Document
from tests.gitrepo import BODY, FRONT


def parsed(body: str, front: str = FRONT) -> Document:
    doc = parse_document(front + body, "help/a.md", "en").document
    assert doc is not None
    return doc


@pytest.mark.parametrize(
    ("old", "new", "change", "what"),
    [
        (
            "Click the button to save your widget.",
            "Click the button to store your widget.",
            "wording",
            ("wording",),
        ),
        ("A widget holds 50 items.", "A widget holds 80 items.", "facts", ("numbers",)),
        ("See [Other](other.md).", "See [Other](else.md).", "facts", ("links",)),
        ("Press [!UICONTROL Save]", "Press [!UICONTROL Store]", "facts", ("UI labels",)),
        ("Widgets are kept for 30 days.", "Widgets are kept for thirty days.", "facts", ("notes",)),
        ("* Open the panel\n", "* Open the panel\n* Close it\n", "facts", ("list items",)),
    ],
)
def test_a_change_is_facts_or_wording(
    old: str, new: str, change: str, what: tuple[str, ...]
) -> None:
    assert old in BODY
    [found] = changes.compare(parsed(BODY), parsed(BODY.replace(old, new)))
    assert (found.status, found.change) == ("changed", change)
    assert set(what) <= set(found.what), found.what


def test_a_code_change_is_a_fact() -> None:
    before = BODY + "\nRun `widget --save`.\n"
    [found] = changes.compare(parsed(before), parsed(before.replace("--save", "--store")))
    assert (found.change, found.what) == ("facts", ("code",))


def test_whitespace_and_front_matter_are_no_change() -> None:
    spaced = BODY.replace("widget.\n", "widget.   \n\n").replace("## Limits", "##   Limits")
    other = FRONT.replace("feature: Widgets", "feature: Gadgets\ntags: [x]")
    assert changes.compare(parsed(BODY), parsed(spaced, other)) == []
    assert changes.metadata(parsed(BODY).front_matter, parsed(BODY, other).front_matter) == (
        "feature",
        "tags",
    )


def test_sections_added_removed_and_renamed() -> None:
    added = BODY + "\n## Costs\n\nA widget costs nothing.\n"
    [new] = changes.compare(parsed(BODY), parsed(added))
    assert (new.heading, new.anchor, new.status, new.change) == ("Costs", "costs", "added", "facts")
    assert new.diff == "{+Costs A widget costs nothing.+}"
    [gone] = changes.compare(parsed(added), parsed(BODY))
    assert (gone.heading, gone.status) == ("Costs", "removed")
    [renamed] = changes.compare(parsed(BODY), parsed(BODY.replace("## Limits", "## Bounds")))
    assert (renamed.heading, renamed.status, renamed.change) == ("Bounds", "changed", "wording")


def test_title_and_description_are_translated_text() -> None:
    front = FRONT.replace("title: Set up the widget", "title: Configure the widget")
    [found] = changes.compare(parsed(BODY), parsed(BODY, front))
    assert (found.heading, found.change, found.diff) == (
        "(title)",
        "wording",
        "[-Set up-] {+Configure+} the widget",
    )


def test_a_method_entry_whose_facts_changed() -> None:
    entry = "\n## Methods\n\n* **[!UICONTROL PUT]**: Replaces it. PUT requests are idempotent.\n"
    after = entry.replace("are idempotent", "are not idempotent")
    found = changes.compare(parsed(BODY + entry), parsed(BODY + after))
    assert [(f.heading, f.change) for f in found if "method facts" in f.what] == [("PUT", "facts")]


def test_the_word_diff_keeps_a_little_context_and_escapes() -> None:
    text, html = worddiff.diff("one two three four", "one two 3 four")
    assert text == "one two [-three-] {+3+} four"
    assert html == "one two <del>three</del> <ins>3</ins> four"
    long = " ".join(f"w{n}" for n in range(40))
    text, _ = worddiff.diff(long, long.replace("w20", "x"))
    assert text == "… w14 w15 w16 w17 w18 w19 [-w20-] {+x+} w21 w22 w23 w24 w25 w26 …"
    _, html = worddiff.diff("use <b>", 'use <script>alert("x")</script>')
    assert "<script" not in html and "&lt;script&gt;" in html


def test_a_row_is_one_block_with_its_cells() -> None:
    html = (
        "<table><tr><td>Port</td><td><p>Enter</p><p>22</p></td></tr></table>"
        "<ul><li>a<ul><li>b</li></ul></li></ul>"
    )
    found = [(b.kind, b.text) for b in blocks(html)]
    assert found == [("row", "Port | Enter 22"), ("item", "a"), ("item", "b")]
