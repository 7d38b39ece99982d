"""Field tables read as rows, and the rows as fields: a table's HTML in, fields out (pure).

The docs' field tables are hand-written HTML (``<p>`` left open, ``<p>`` inside
``<p>``, comments around rows, tables inside cells, a ``</table>`` missing) or
Markdown tables rendered to HTML by the dialect. We read them with lxml:
libxml2's HTML parser repairs such markup much as a browser does and gives a
tree, so a row is a ``<tr>`` of *this* table (never of a table inside one of
its cells) and a cell's help keeps its lists and paragraphs. The standard
library's ``html.parser`` only tokenizes (the tree and its repair would be ours
to write) and html5lib, pure Python, is many times slower over the corpus's
~28,000 rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from typing import Any

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from service.dialect.links import linked_path
from service.records import Field

from .outline import Reader, Unit, line_at
from .sanitize import URL_SCHEMES, clean, inert

# Elements after which text reads as a new word ("<li>a</li><li>b</li>" is "a b").
_BLOCKS = frozenset(
    (
        *("address", "blockquote", "br", "dd", "details", "div", "dl", "dt", "figcaption"),
        *("figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "ol", "p", "pre"),
        *("summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"),
    )
)
_LABEL_MARKS = ("uicontrol", "dnl")  # the classes the dialect gives [!UICONTROL …], [!DNL …]
_NOTE = re.compile(r"\([^()]{1,80}\)")
# A cell whose "<" was lost ("   td> <p>Select the HTTP request method…"), a slip that
# recurs in the docs (translations escape its ">" too): read as the cell it was meant to be.
_BROKEN_CELL = re.compile(r"^([ \t]*)(t[dh]\b[^<>&\n]*)(?:>|&gt;)", re.MULTILINE)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True, slots=True)
class Row:
    """One row of a field table: its label cell read, its help cells as HTML and text."""

    label: str  # the label's words, notes taken out
    notes: tuple[str, ...]
    help: str
    help_html: str  # not yet sanitized (its links to articles: the dialect's placeholders)
    hrefs: tuple[str, ...]
    line: int  # line of the label cell in the HTML given (1 is its first)
    cells: int


@dataclass(frozen=True, slots=True)
class Table:
    line: int  # line of the <table> in the HTML given
    rows: tuple[Row, ...]
    header_rows: int  # rows skipped as the table's header (<thead>, all <th>)


def read_tables(html: str) -> list[Table]:
    """Every table of ``html`` that is not inside another, with its rows in order."""
    if not html.strip():
        return []
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for junk in list(root.iter(etree.Comment, etree.ProcessingInstruction, "script", "style")):
        _drop(junk)  # never shown: no words of a field's help
    return [read for t in root.iter("table") if _outer(t, root) for read in _tables(t)]


def _tables(table: HtmlElement) -> list[Table]:
    """The table, or where it holds no row of its own (``<table> <table>``, an opening
    typed twice) the tables it holds."""
    read = _table(table)
    if read.rows or read.header_rows:
        return [read]
    inner = [t for t in table.iter("table") if t is not table and _outer(t, table)]
    return [found for t in inner for found in _tables(t)] or [read]


def _outer(table: HtmlElement, root: HtmlElement) -> bool:
    parent = table.getparent()
    while parent is not None and parent is not root:
        if parent.tag == "table":
            return False
        parent = parent.getparent()
    return True


def _drop(node: HtmlElement) -> None:
    """Remove a node, keeping the text that follows it."""
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail or ""
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(node)


# Compiled once: lxml compiles an XPath given as a string at every call.
_ROWS = etree.XPath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
_HREFS = etree.XPath(".//a/@href", smart_strings=False)


def _table(table: HtmlElement) -> Table:
    rows, header = [], 0
    for tr in _ROWS(table):
        cells = [c for c in tr if c.tag in ("td", "th")]
        if not cells:
            continue
        parent = tr.getparent()
        if (parent is not None and parent.tag == "thead") or all(c.tag == "th" for c in cells):
            header += 1
            continue
        rows.append(_row(cells))
    return Table(table.sourceline or 1, tuple(rows), header)


def _row(cells: list[HtmlElement]) -> Row:
    label, notes = label_of(cells[0])
    helps = cells[1:]
    return Row(
        label=label,
        notes=notes,
        help=inert(" ".join(" ".join(text_of(c).split()) for c in helps).strip()),
        help_html=" ".join(inner_html(c) for c in helps).strip(),
        hrefs=tuple(dict.fromkeys(a for c in helps for a in _HREFS(c))),
        line=cells[0].sourceline or 1,
        cells=len(cells),
    )


def label_of(cell: HtmlElement) -> tuple[str, tuple[str, ...]]:
    """A label cell's words and its notes.

    Where the label is marked as a UI control (``[!UICONTROL Organization ID]
    (JWT only)``), parentheses outside the marks are notes; an unmarked label is
    kept whole, since "Key length (bits)" may be its very name.
    """
    runs: list[list[Any]] = []  # [text, inside a mark], neighbours of one kind merged
    for text, inside in _texts(cell, False):
        if runs and runs[-1][1] == inside:
            runs[-1][0] += text
        else:
            runs.append([text, inside])
    if not any(inside for _, inside in runs):
        return _label(text_of(cell)), ()
    notes: list[str] = []
    words = []
    for text, inside in runs:
        if not inside:
            notes += [_words(n) for n in _NOTE.findall(text)]
            text = _NOTE.sub(" ", text)
        words.append(text)
    return _label("".join(words)), tuple(notes)


def _label(text: str) -> str:
    """The words, without a separator left hanging ("File / Folder Path /", "Name:")."""
    return _words(text).rstrip(":/ ").lstrip("/ ").strip()


def _texts(el: HtmlElement, in_mark: bool) -> list[tuple[str, bool]]:
    """The text of ``el`` in order, each piece with whether it lies inside a label mark."""
    out: list[tuple[str, bool]] = []
    _text_into(el, in_mark, out)
    return out


def _text_into(el: HtmlElement, in_mark: bool, out: list[tuple[str, bool]]) -> None:
    # into one list: nested generators handed every piece up through each level
    here = in_mark or (
        el.tag == "span" and any(c in (el.get("class") or "").split() for c in _LABEL_MARKS)
    )
    if el.text:
        out.append((el.text, here))
    for child in el:
        if not isinstance(child.tag, str):
            continue
        _text_into(child, here, out)
        if child.tag in _BLOCKS:
            out.append((" ", here))
        if child.tail:
            out.append((child.tail, here))


def text_of(el: HtmlElement) -> str:
    """An element's text, a space where a block ends."""
    return "".join(t for t, _ in _texts(el, False))


def inner_html(el: HtmlElement) -> str:
    """The HTML inside an element (its children and their tails, its own text)."""
    parts = [escape(el.text, quote=False)] if el.text else []
    parts += [etree.tostring(c, encoding=str, method="html") for c in el]
    return "".join(parts).strip()


def _words(text: str) -> str:
    """Plain text (whitespace collapsed, inert): lxml decodes ``&lt;img …&gt;`` to ``<img``."""
    return inert(" ".join(text.split()))


def fields_of(reader: Reader, unit: Unit, group: str | None, path: str, locale: str) -> list[Field]:
    """The rows of a unit's tables as fields (ids still to be given)."""
    found: list[Field] = []
    for start, stop in unit.tables:
        html, marks = reader.render(start, stop)
        if _BROKEN_CELL.search(html):
            for m in _BROKEN_CELL.finditer(html):
                line = line_at(marks, html.count("\n", 0, m.start()) + 1)
                reader.problems.append(
                    (line, f"'<' missing before '{m.group(2)[:20]}'; read as a cell")
                )
            html = _BROKEN_CELL.sub(r"\1<\2>", html)
        try:
            tables = read_tables(html)
        except Exception as exc:  # lxml on what no parser can read; one table, not the doc
            reader.problems.append(
                (reader.line(start), f"field table could not be read ({type(exc).__name__})")
            )
            continue
        for table in tables:
            if not table.rows:
                reader.problems.append((line_at(marks, table.line), "field table has no rows"))
            for row in table.rows:
                if row.cells == 1:
                    reader.problems.append(
                        (
                            line_at(marks, row.line),
                            "field table row has one cell (a label with no help, or a broken "
                            "<td>); skipped",
                        )
                    )
                    continue
                if not row.label:
                    reader.problems.append(
                        (line_at(marks, row.line), "field table row has no label; skipped")
                    )
                    continue
                found.append(_field(row, line_at(marks, row.line), group))
    return found


def _field(row: Row, line: int, group: str | None) -> Field:
    links: list[str] = []
    for href in row.hrefs:  # the dialect rewrote links to articles (Markdown and HTML)
        linked = linked_path(href)
        if linked is not None:
            links.append(linked)
        elif _SCHEME.match(href) and href.split(":", 1)[0].lower() in URL_SCHEMES:
            links.append(href)  # the schemes the sanitizer lets through: no javascript:

    return Field(
        label=row.label,
        field_id="",
        help=row.help,
        help_html=clean(row.help_html),
        notes=row.notes,
        links=tuple(dict.fromkeys(links)),
        line=line,
        group=group,
    )
