"""Fuzzing the ingest: random and mutated dialect documents never break it.

Documents are built from the dialect's own fragments (front matter in its
real and broken forms, labels nested and unclosed, admonitions, ``+++``
blocks, raw HTML, tables, method entries, deep nesting) and from mutations
of the real content. Whatever comes in, no exception leaves the parser or
``ingest.run``, and every failure is a problem naming its file and line.
Bounded: a fixed number of examples, no shrinking database on disk.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from service.ingest.fields import APPS
from service.ingest.parse import parse_document, parse_file
from service.ingest.sources import SourceFile, scan
from service.pipeline.run import run as ingest
from service.settings import Settings
from tests.conftest import CONTENT, DATA

REAL = sorted(p.read_text(encoding="utf-8") for p in CONTENT.rglob("*.md"))
BOMB = "".join(
    f"{a}: &{a} [{', '.join([f'*{b}'] * 9)}]\n" for b, a in zip("abcdefg", "bcdefgh", strict=True)
)
FOUND = [  # what the fuzzing found once; kept as fixed examples
    "---\ntitle: &a [*a]\n---\n# Cycle\n",  # a cyclic YAML alias: RecursionError
    "---\na: &a [x, x, x, x, x, x, x, x, x]\n" + BOMB + "---\n# Bomb\n",  # 9**8 values
    "---\ntitle: 2024-13-45\ndescription: d\n---\n# Date\n",  # ValueError, not YAMLError
    "---\nt: " + "[" * 3000 + "]" * 3000 + "\n---\n# Deep\n",  # RecursionError in YAML
    "\r0\r\n\r0\n\n" + ">" * 19,  # lone CRs end lines too: line numbers past the LF count
]
LINE_BREAK = re.compile(r"\r\n?|\n")
WHERE = re.compile(r"^(?P<path>[^\n:]+):(?P<line>\d+): \S")


def found_examples(test: Callable[..., None]) -> Callable[..., None]:
    """Every FOUND case as a fixed hypothesis example of ``test``."""
    for text in FOUND:
        test = example(text=text)(test)
    return test


BOUNDED = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

words = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
label = st.sampled_from(["UICONTROL", "DNL"])
methods = st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "get", "FETCH"])


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    kind = draw(
        st.sampled_from(["none", "valid", "broken", "unclosed", "list", "empty", "bom", "weird"])
    )
    if kind == "none":
        return ""
    if kind == "unclosed":
        return f"---\ntitle: {draw(words)}\n"
    if kind == "empty":
        return "---\n---\n"
    if kind == "list":
        return "---\n- a\n- b\n---\n"
    if kind == "bom":
        return "\ufeff---\ntitle: BOM\n---\n"
    if kind == "broken":
        lines = draw(
            st.lists(
                st.sampled_from(
                    [
                        "title: [unclosed",
                        "product_v2: id: x",
                        "\ttab: indented",
                        "description: 'quote",
                        "exl-id: {a: b",
                        ": no key",
                        "ht-degree: 55%",
                        "source-wordcount: '283'",
                        "key: value: other",
                        "title: ok",
                    ]
                ),
                min_size=1,
                max_size=6,
            )
        )
        return "---\n" + "\n".join(lines) + "\n---\n"
    if kind == "weird":
        return draw(
            st.sampled_from(
                [
                    "---\ntitle: !!python/object:os.system ls\n---\n",
                    "---\ntitle: &a [*a]\n---\n",
                    "---\ntitle: 2024-13-45\nexl-id: 12\n---\n",
                    "---\ntitle: null\n---\n",
                    "---\n" + "k: v\n" * 500 + "---\n",
                    "---\ntitle:\n  - nested\n  - list\n---\n",
                    *[f[: f.index("# ")] for f in FOUND if "# " in f],
                    "---\nt: " + "[" * 100 + "]" * 100 + "\n---\n",
                ]
            )
        )
    meta = {
        "title": draw(words),
        "description": draw(words),
        "exl-id": draw(
            st.sampled_from(["481131c9-356a-4c62-a653-d6bba9be5be8", "x", "a/b", "", "<x>"])
        ),
        "ht-degree": draw(st.sampled_from(["3%", "55", "abc", "[1]", "-1"])),
        "workflow-type": draw(st.sampled_from(["tm+mt", "mt", "", "Raw"])),
    }
    body = "\n".join(f"{k}: {v!r}" if v else f"{k}:" for k, v in meta.items())
    return f"---\n{body}\n---\n"


@st.composite
def block(draw: st.DrawFn) -> str:
    text = draw(words)
    kind = draw(st.integers(0, 14))
    if kind == 0:
        return f"{'#' * draw(st.integers(1, 7))} {text} {{#{draw(words)}}}"
    if kind == 1:
        return f"[!{draw(label)} {text}]"
    if kind == 2:  # nested and unclosed labels
        depth = draw(st.integers(1, 60))
        closed = draw(st.booleans())
        return (
            "".join(f"[!{draw(label)} " for _ in range(depth))
            + text
            + ("]" * depth if closed else "")
        )
    if kind == 3:
        kind_ = draw(
            st.sampled_from(
                [
                    "NOTE",
                    "TIP",
                    "CAUTION",
                    "VIDEO",
                    "BEGINSHADEBOX",
                    "ENDSHADEBOX",
                    "UNKNOWN",
                    "note",
                ]
            )
        )
        url = draw(st.sampled_from(["", "(https://x.example/v)", "(javascript:x)", "("]))
        return f">[!{kind_}]{url}\n>\n>{text}"
    if kind == 4:
        closed = draw(st.booleans())
        return f"+++ {text}\n\n{draw(words)}\n" + ("+++" if closed else "")
    if kind == 5:
        return draw(
            st.sampled_from(
                [
                    "<table><tr><td>[!UICONTROL cell]</td>",
                    "<div><p>unclosed",
                    "</div></div></table>",
                    "<script>alert(1)</script>",
                    "<!-- comment",
                    "<br><br/><br />",
                    "<img src=x>",
                    "<details><summary>x</summary>",
                    "<![CDATA[x]]>",
                    "<?php x ?>",
                ]
            )
        )
    if kind == 6:
        cols = draw(st.integers(1, 6))
        row = "|" + "|".join([text] * cols) + "|"
        return "\n".join(
            [row, "|" + "|".join(["---"] * cols) + "|", *[row] * draw(st.integers(0, 5))]
        )
    if kind == 7:
        method = draw(methods)
        return f"* **[!UICONTROL {method}]**: {text} {draw(st.integers(100, 599))} OK."
    if kind == 8:  # deep nesting of blocks
        depth = draw(st.integers(1, 120))
        marker = draw(st.sampled_from([">", "* ", "1. ", "  "]))
        return marker * depth + text
    if kind == 9:  # deep inline nesting
        depth = draw(st.integers(1, 400))
        opener = draw(st.sampled_from(["[", "*", "_", "`", "**", "<span>", "(", "!["]))
        return opener * depth + text
    if kind == 10:
        return f"[{text}]({draw(st.sampled_from(['../x.md', 'x.md#a', 'https://x', '', '<>']))})"
    if kind == 11:
        return (
            "```"
            + draw(st.sampled_from(["", "json", "{.x}"]))
            + f"\n{text}\n"
            + draw(st.sampled_from(["```", ""]))
        )
    if kind == 12:
        return draw(st.text(max_size=200))  # anything, control characters included
    if kind == 13:
        return "\r\n".join([text] * draw(st.integers(1, 4)))
    return text


@st.composite
def document(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 3)) == 0:
        return mutate(draw, draw(st.sampled_from(REAL)))
    blocks = draw(st.lists(block(), max_size=25))
    joiner = draw(st.sampled_from(["\n\n", "\n", ""]))
    return draw(front_matter()) + joiner.join(blocks)


def mutate(draw: st.DrawFn, text: str) -> str:
    """A real document, cut, repeated, spliced with fragments or shuffled by lines."""
    for _ in range(draw(st.integers(1, 5))):
        if not text:
            break
        at = draw(st.integers(0, len(text)))
        op = draw(st.integers(0, 4))
        if op == 0:
            text = text[:at] + text[at + draw(st.integers(1, 400)) :]
        elif op == 1:
            text = text[:at] + draw(block()) + text[at:]
        elif op == 2:
            text = text[:at] + text[at : at + 300] * draw(st.integers(2, 20)) + text[at:]
        elif op == 3:
            lines = text.split("\n")
            text = "\n".join(draw(st.permutations(lines)))
        else:
            text = text[:at]
    return text


def check_problems(problems: list[object], text: str | None = None) -> None:
    for problem in problems:
        found = WHERE.match(str(problem))
        assert found, f"problem without file and line: {problem}"
        if text is not None:  # lines end as an editor (and markdown-it) ends them: LF, CRLF, CR
            assert 1 <= int(found["line"]) <= len(LINE_BREAK.findall(text)) + 2, str(problem)


@BOUNDED
@given(text=document())
@found_examples
def test_parse_never_raises(text: str) -> None:
    parsed = parse_document(text, "help/fuzz.md", "en", source_path="en/help/fuzz.md")
    assert parsed.document is not None
    assert parsed.document.title
    for problem in parsed.problems:
        assert problem.path == "en/help/fuzz.md"
    check_problems(list(parsed.problems), text)


@BOUNDED
@given(text=document())
@found_examples
def test_ingest_parse_step_never_raises(text: str) -> None:
    item = SourceFile("fr", "fr-FR", "help/fuzz.md", text, "0" * 64)
    parsed = parse_file(item)
    doc, problems = parsed.document, parsed.problems
    assert doc is not None or problems
    for problem in problems:
        assert problem.path == "fr-FR/help/fuzz.md"
    check_problems(list(problems))


@st.composite
def raw_file(draw: st.DrawFn) -> bytes:
    data = draw(document()).encode("utf-8")
    damage = draw(st.integers(0, 5))
    if damage == 0 and data:  # invalid UTF-8 somewhere
        at = draw(st.integers(0, len(data)))
        data = (
            data[:at] + draw(st.sampled_from([b"\xff", b"\xc3\x28", b"\xe9", b"\x80"])) + data[at:]
        )
    elif damage == 1:
        data += b"\x00binary"
    elif damage == 2:
        data = b""
    return data


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(
    files=st.lists(
        st.tuples(
            st.sampled_from(["en", "fr", "nl-NL", "xx-bogus", "en-GB"]),
            st.sampled_from(["a.md", "b.md", "sub/c.md", "sub/d/e.md"]),
            raw_file(),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_ingest_run_never_raises(tmp_path: Path, files: list[tuple[str, str, bytes]]) -> None:
    work = Path(tempfile.mkdtemp(dir=tmp_path))
    content = work / "content"
    for folder, name, data in files:
        target = content / folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    found, _ = scan(content)
    summary = ingest(Settings(content=content, index=work / "index", reload_interval=0), jobs=1)
    check_problems(list(summary.problems))
    for problem in summary.problems:  # every problem names a file (or folder) of the content
        assert (content / problem.path).exists(), str(problem)
    assert summary.docs <= len(found)
    if summary.docs:
        assert summary.build and (work / "index" / "current").is_symlink()


APP_ARTICLES = sorted(p.read_text(encoding="utf-8") for p in (DATA / "fields").rglob("*.md"))


@st.composite
def app_document(draw: st.DrawFn) -> str:
    """An app article: a fixture's field tables mutated, or fragments under a fields
    section and its module headings."""
    if draw(st.booleans()):
        return mutate(draw, draw(st.sampled_from(APP_ARTICLES)))
    blocks = draw(st.lists(st.one_of(block(), st.sampled_from(TABLE_BITS)), max_size=25))
    return "# App\n\n## App modules and their fields\n\n" + "\n\n".join(blocks)


TABLE_BITS = [
    "### Actions",
    "#### [!UICONTROL Create]",
    "##### Capping fields",
    "<table><tbody><tr><td>[!UICONTROL A] (note)</td><td><p>help",
    "  <tr><td>B</td>\n   td> <p>lost</p></td></tr>",
    "</tbody></table>",
    "<table><table><tr><td></td></tr>",
    "| A | B |\n| --- | --- |\n| [!UICONTROL x] | y |",
    "+++ **[!UICONTROL Watch]**\n\n<table><tr><td>W</td><td>w</td></tr></table>\n\n+++",
]


@BOUNDED
@given(text=app_document())
def test_app_articles_never_raise(text: str) -> None:
    parsed = parse_document(text, f"{APPS}fuzz/app-modules.md", "en", source_path="en/fuzz.md")
    assert parsed.document is not None
    assert not [p for p in parsed.problems if "could not be read" in p.message]
    check_problems(list(parsed.problems), text)
