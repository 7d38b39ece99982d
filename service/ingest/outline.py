"""An app article's outline: its sections, their headings and collapsible blocks, and
where their tables lie in the token stream (pure).

:mod:`.fields` reads modules off this outline. A raw HTML table is found by its
``<table>`` (or by rows whose ``<table>`` got into a heading's line), commented
out tables are none, and a table cut into several HTML blocks by a blank line
runs to the block with its ``</table>``. Every piece is rendered with the
file line it came from, so a row's problem names its line.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .sanitize import inline_plain

_TABLE_OPEN = re.compile(r"<table\b", re.IGNORECASE)
_TABLE_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)
_TABLE_PART = re.compile(r"\s*<(?:tbody|thead|tfoot|tr|col|colgroup)\b", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)

Problems = list[tuple[int, str]]  # (file line, message)
Marks = list[tuple[int, int, bool]]  # per rendered piece: first HTML line, file line, verbatim


@dataclass(slots=True)
class Heading:
    index: int  # of its heading_open token
    level: int
    name: str
    anchor: str
    line: int


@dataclass(slots=True)
class Unit:
    """A heading, or a collapsible block, and the tokens that are its own."""

    name: str
    level: int | None  # None: a collapsible block
    anchor: str
    line: int
    base: int = 0  # the nesting level of its own paragraphs
    tables: list[tuple[int, int]] = field(default_factory=list)  # token ranges
    description: str = ""


class Reader:
    """One document's tokens, rendered and read piece by piece with their file lines."""

    def __init__(
        self, tokens: Sequence[Token], md: MarkdownIt, env: dict[str, Any], line_offset: int
    ) -> None:
        self.tokens, self.md, self.env, self.offset = tokens, md, env, line_offset
        self.problems: Problems = []

    def line(self, index: int) -> int:
        """The file line of the token at ``index`` (or of the nearest before it with one)."""
        for i in range(min(index, len(self.tokens) - 1), -1, -1):
            found = self.tokens[i].map
            if found:
                return self.offset + found[0] + 1
        return self.offset + 1

    def inline_text(self, index: int) -> str:
        """The plain text of the inline token at ``index`` (labels, emphasis, tags gone)."""
        tok = self.tokens[index] if index < len(self.tokens) else None
        if tok is None or tok.type != "inline":
            return ""
        return inline_plain(self.md, tok, self.env)

    def render(self, start: int, stop: int) -> tuple[str, Marks]:
        """HTML of tokens[start:stop] and, per piece, (its first HTML line, its file line,
        whether its lines are the file's one for one)."""
        parts: list[str] = []
        marks: Marks = []
        at, last = 1, self.line(start)
        for tok in self.tokens[start:stop]:
            piece = self.md.renderer.render([tok], self.md.options, self.env)
            last = self.offset + tok.map[0] + 1 if tok.map else last
            marks.append((at, last, tok.type == "html_block"))
            parts.append(piece)
            at += piece.count("\n")
        return "".join(parts), marks


def headings(reader: Reader) -> list[Heading]:
    found, depth = [], 0
    for i, tok in enumerate(reader.tokens):
        if tok.type == "heading_open" and depth == 0:
            found.append(
                Heading(
                    i,
                    int(tok.tag[1]),
                    reader.inline_text(i + 1),
                    str(tok.attrGet("id") or ""),
                    reader.line(i),
                )
            )
        depth += tok.nesting
    return found


def sections(heads: list[Heading], end: int) -> list[tuple[Heading, int, int]]:
    """Each ``##`` heading with the token range of its section (its subsections in it)."""
    found = []
    for n, head in enumerate(heads):
        if head.level != 2:
            continue
        stop = next((h.index for h in heads[n + 1 :] if h.level <= 2), end)
        found.append((head, head.index, stop))
    return found


def has_table(tok: Token) -> bool:
    if tok.type != "html_block":
        return tok.type == "table_open"
    html = _shown(tok.content)
    return _TABLE_OPEN.search(html) is not None or _TABLE_PART.match(html) is not None


def _shown(html: str) -> str:
    """Raw HTML without its comments: a table commented out is not one."""
    return _COMMENT.sub("", html) if "<!--" in html else html


def units(reader: Reader, start: int, stop: int) -> list[Unit]:
    """The section's headings and its collapsible blocks that hold a table, in order."""
    tokens = reader.tokens
    units: list[Unit] = []
    current: Unit | None = None
    i = start + 3  # past the section's own heading
    while i < stop:
        tok = tokens[i]
        if tok.type == "heading_open" and tok.level == 0:
            current = Unit(
                reader.inline_text(i + 1),
                int(tok.tag[1]),
                str(tok.attrGet("id") or ""),
                reader.line(i),
            )
            units.append(current)
            i += 3
            continue
        if tok.type == "details_open":
            close = _closing(tokens, i, stop)
            if any(has_table(t) for t in tokens[i:close]):
                block = Unit(
                    reader.inline_text(i + 2),
                    None,
                    current.anchor if current else "",
                    reader.line(i),
                    tok.level + 1,
                )
                _read_unit(reader, block, i + 4, close)
                units.append(block)
                i = close + 1
                continue
        if current is not None:
            i = read_token(reader, current, i, stop)
        else:
            i += 1
    return units


def _closing(tokens: Sequence[Token], i: int, stop: int) -> int:
    depth = 0
    for j in range(i, stop):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return stop - 1


def _read_unit(reader: Reader, unit: Unit, start: int, stop: int) -> None:
    i = start
    while i < stop:
        i = read_token(reader, unit, i, stop)


def read_token(reader: Reader, unit: Unit, i: int, stop: int) -> int:
    """Read the token at ``i`` into ``unit`` (a table whole); the index after it."""
    tokens = reader.tokens
    tok = tokens[i]
    if tok.type == "table_open":
        close = _closing(tokens, i, stop)
        unit.tables.append((i, close + 1))
        return close + 1
    if tok.type == "html_block" and has_table(tok):
        end = _table_end(reader, i, stop)
        unit.tables.append((i, end))
        return end
    if (
        tok.type == "paragraph_open"
        and tok.level == unit.base
        and not unit.description
        and not unit.tables
    ):
        unit.description = reader.inline_text(i + 1)
    return i + 1


def _table_end(reader: Reader, i: int, stop: int) -> int:
    """Where a raw HTML table that starts at token ``i`` ends: a blank line inside it
    cuts it into several blocks, so it runs to the block with its ``</table>``."""
    tokens = reader.tokens
    balance = 0
    for j in range(i, stop):
        tok = tokens[j]
        if tok.type == "heading_open" and tok.level == 0:
            break
        if tok.type == "html_block":
            html = _shown(tok.content)
            opened = len(_TABLE_OPEN.findall(html))
            if j == i and not opened:
                opened = 1  # rows whose <table> is elsewhere (in a heading's line)
            balance += opened - len(_TABLE_CLOSE.findall(html))
            if balance <= 0:
                return j + 1
    else:
        j = stop
    reader.problems.append(
        (
            reader.line(i),
            "field table not closed before the next heading (a </table> missing or a <table> "
            "too many); read to there",
        )
    )
    return j


def own_unit(reader: Reader, start: int, stop: int) -> Unit:
    """The section's own tables, before its first subheading."""
    unit = Unit("", 0, "", reader.line(start))
    i = start + 3
    while i < stop:
        tok = reader.tokens[i]
        if tok.type == "heading_open" and tok.level == 0:
            break
        i = read_token(reader, unit, i, stop)
    return unit


def line_at(marks: Marks, html_line: int) -> int:
    """The file line of a line of HTML that :meth:`Reader.render` made."""
    n = bisect.bisect_right(marks, (html_line, float("inf"), True)) - 1
    first, line, verbatim = marks[max(n, 0)]
    return line + (html_line - first if verbatim else 0)
