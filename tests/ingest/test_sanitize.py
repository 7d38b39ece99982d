"""Plain text from the sanitized rendering: tags dropped, entities decoded, made inert."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.ingest.parse import parse_document, parser
from service.ingest.sanitize import (
    clean,
    collapse,
    inert,
    markdown_plain,
    no_markup,
    plain,
    text_of_clean,
)
from service.ingest.sources import scan

ENV = {"path": "help/a.md", "locale": "en"}


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("AT&amp;T says a &lt; b, 1 &lt;2, &lt;= and &lt;-", "AT&T says a < b, 1 <2, <= and <-"),
        ("Use <b>bold</b>\n  and <code>x</code>", "Use bold and x"),
        ("<img src=x onerror=alert(1)>x<script>alert(2)</script>", "x"),
        ("&lt;img src=x onerror=alert(1)&gt;", "< img src=x onerror=alert(1)>"),
        ("&lt;/textarea&gt;&lt;svg onload=x&gt;", "< /textarea>< svg onload=x>"),
        ("&lt;!-- x --&gt; &lt;?php ?&gt;", "< !-- x --> < ?php ?>"),
        ("&amp;lt;img&amp;gt;", "&lt;img&gt;"),  # an entity as text: set as HTML, still text
        ("<!-- <script>alert(1)</script> -->kept", "kept"),
    ],
)
def test_plain_is_the_text_of_the_sanitized_html(html: str, text: str) -> None:
    assert plain(html) == text


def test_inert_leaves_text_without_markup_alone() -> None:
    for text in ("a < b", "x <= y", "<3", "< img", "", "no angle at all"):
        assert inert(text) == text


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("[!DNL Workfront Fusion] and [!UICONTROL Save]", "Workfront Fusion and Save"),
        ("The XML &gt; Parse XML module", "The XML > Parse XML module"),
        ("Hostile <img src='x' onerror='alert(1)'> title", "Hostile title"),
        ("[link <b onclick='x'>text</b>](https://x.example/)", "link text"),
        ("[text](javascript:alert(1))", "[text](javascript:alert(1))"),  # not a link: text
        ("![alt &lt;img src=x onerror=alert(1)&gt;](x.png) after", "after"),
    ],
)
def test_markdown_plain_reads_a_front_matter_value(source: str, text: str) -> None:
    assert markdown_plain(parser(), source, {**ENV, "links": []}) == text


def test_a_documents_plain_strings_hold_no_markup() -> None:
    source = (
        "---\n"
        "title: \"Title <img src='x' onerror='alert(1)'> &lt;script&gt;x&lt;/script&gt;\"\n"
        'description: "[!UICONTROL Save] &lt;svg onload=x&gt; and <b>bold</b>"\n'
        'source-git-commit: "<svg onload=alert(1)>"\n'
        "---\n"
        "# Heading <b onmouseover='alert(1)'>bold</b> `<i>code</i>` {#\"><script>x</script>}\n\n"
        "* **[!UICONTROL GET]**: Gets &lt;img src=x onerror=alert(1)&gt; data. "
        "You receive a 200 OK.\n"
    )
    doc = parse_document(source, "help/a.md", "en").document
    assert doc is not None
    assert doc.title == "Title < script>x< /script>"
    assert doc.description == "Save < svg onload=x> and bold"
    assert doc.translation.source_commit == ""
    heading = doc.sections[0]
    assert heading.heading == "Heading bold < i>code< /i>"
    assert heading.anchor == "scriptxscript"
    assert doc.methods[0].summary == "Gets < img src=x onerror=alert(1)> data."


def test_a_file_whose_path_holds_markup_is_skipped(tmp_path: Path) -> None:
    """A path is served as it is (``path`` in every answer): one with markup is refused."""
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "fine.md").write_text("# Fine\n", encoding="utf-8")
    (tmp_path / "en" / "<img src=x onerror=alert(1)>.md").write_text("# Bad\n", encoding="utf-8")
    files, problems = scan(tmp_path)
    assert [f.path for f in files] == ["fine.md"]
    assert [p.path for p in problems] == ["en/\\x3cimg src=x onerror=alert(1)\\x3e.md"]
    assert "skipped" in problems[0].message


def _collapse_by_runs(text: str) -> str:
    """collapse as first written: each whitespace run looked at in Python."""
    runs = re.sub(
        r"\s+",
        lambda m: m.group() if len(m.group()) == 1 and not m.group().isascii() else " ",
        text,
    )
    return runs.strip()


_EVERY_SPACE = [chr(c) for c in range(sys.maxunicode + 1) if re.match(r"\s", chr(c))]


@given(st.text(alphabet=st.sampled_from([*_EVERY_SPACE, "a", "é", "<", "&"]), max_size=40))
def test_collapse_is_one_space_per_run_and_keeps_a_lone_no_break_space(text: str) -> None:
    assert collapse(text) == _collapse_by_runs(text)


@pytest.mark.parametrize(
    ("text", "collapsed"),
    [
        ("Adobe\u00a0Workfront", "Adobe\u00a0Workfront"),
        ("a \u00a0b", "a b"),
        ("a\tb\n\nc\x1cd", "a b c d"),
        ("  a  ", "a"),
    ],
)
def test_collapse(text: str, collapsed: str) -> None:
    assert collapse(text) == collapsed


@pytest.mark.parametrize("space", _EVERY_SPACE)
def test_collapse_of_each_space_alone_and_in_a_run(space: str) -> None:
    for text in (f"a{space}b", f"a{space} b", f"a {space}b", f"{space}a{space}", space):
        assert collapse(text) == _collapse_by_runs(text)


@given(st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="<&\0\r")))
def test_text_with_no_markup_is_what_the_sanitizer_gives_back(text: str) -> None:
    """markdown_plain skips nh3 for such text (most headings and titles): it must read the
    same as through nh3."""
    assert no_markup(text)
    assert text_of_clean(clean(text)) == text


@pytest.mark.parametrize("text", ["a<b", "AT&amp;T", "a\0b", "a\rb"])
def test_text_with_markup_goes_through_the_sanitizer(text: str) -> None:
    assert not no_markup(text)
