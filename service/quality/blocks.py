"""A section's blocks: its paragraphs, list items, table rows, notes and code, each with the
facts it states (pure).

Read from the section's sanitized HTML (the ingest's, so an old version of an
article parsed by the same code gives the same kinds of blocks as the new
one) with lxml. A list item or a table row is one block with all its words
(its paragraphs in it), less the items of a list nested in it, which are
blocks of their own. Facts are what a translation must carry over whatever
its wording: numbers (as :mod:`.figures` reads them), inline code, UI labels
(``[!UICONTROL]`` / ``[!DNL]``), link targets, and the kind of note a block
stands in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree

from . import figures

# Where a new block starts, and its kind.
_KINDS = {
    **{f"h{n}": "heading" for n in range(1, 7)},
    "p": "paragraph",
    "li": "item",
    "tr": "row",
    "pre": "code",
    "dt": "paragraph",
    "dd": "paragraph",
    "summary": "heading",
    "figcaption": "paragraph",
}
_ABSORB = {"item", "row", "heading", "code"}  # a paragraph in these is part of them
_LABELS = {"uicontrol", "dnl"}
_PARSER = etree.HTMLParser(remove_comments=True)
# Characters a page does not show (soft hyphens, zero-width spaces): aside wherever
# words, labels or numbers are compared.
INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
Element = etree._Element  # lxml's element type: public, named with an underscore
_APART = {"br", "div", "td", "th", "ul", "ol", "table"}


@dataclass(frozen=True, slots=True)
class Block:
    kind: str  # heading, paragraph, item, row, code, note (a note's own paragraph), text
    text: str  # its words, single-spaced
    marked: frozenset[str]  # "code:…", "label:…", "link:…", "image:…", "note:…"
    note: str = ""  # the kind of note it stands in (note, warning, …), "" outside any
    marks: tuple[str, ...] = ()  # its code, label, link and image facts in order, repeats kept

    @property
    def facts(self) -> frozenset[str]:
        """What it marks, and its numbers ("number:…"): read when asked, since most
        blocks are only ever compared by their marks."""
        found = figures.numbers(self.text, "en")
        return self.marked | {f"number:{n.value}" for n in found} if found else self.marked

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.text)


@dataclass(slots=True)
class _Open:
    kind: str
    note: str
    parts: list[str] = field(default_factory=list)
    facts: set[str] = field(default_factory=set)
    marks: list[str] = field(default_factory=list)

    def close(self) -> Block | None:
        text = " ".join("".join(self.parts).split())
        facts = set(self.facts)
        if self.note:
            facts.add(f"note:{self.note}")
        if not text and not facts:
            return None
        kind = "note" if self.note and self.kind in ("paragraph", "text") else self.kind
        return Block(kind, text, frozenset(facts), self.note, tuple(self.marks))


@lru_cache(maxsize=32768)
def blocks(html: str) -> tuple[Block, ...]:
    """The blocks of a section's HTML, in order."""
    if not html.strip():
        return ()
    # lxml's plain HTML parser: lxml.html's element classes cost a lookup per element
    # (a third of the time on the corpus) and nothing here needs their methods
    body = etree.fromstring(f"<html><body><div>{html}</div></body></html>", _PARSER)
    root = body.find("body/div") if body is not None else None
    if root is None:
        return (_Open("text", "", [html]).close() or Block("text", "", frozenset()),)
    found: list[_Open] = []
    _walk(root, None, found, "")
    return tuple(b for b in (o.close() for o in found) if b is not None)


_NO_CLASS: frozenset[str] = frozenset()
_FACT_TAGS = frozenset({"a", "img", "pre", "code"})  # those _facts reads (labels: by class)


def _walk(el: Element, block: _Open | None, found: list[_Open], note: str) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    names = el.get("class")
    classes = set(names.split()) if names else _NO_CLASS  # most elements have none
    if "admonition-title" in classes:
        return  # "Note", "Warning": the note's kind is a fact of each of its blocks
    if tag == "div" and "admonition" in classes:
        note = next((c[11:] for c in classes if c.startswith("admonition-")), "note")
        block = None  # a note's paragraphs are blocks of their own
    kind = _KINDS.get(tag)
    if kind is not None and not (kind == "paragraph" and block and block.kind in _ABSORB):
        block = _Open(kind, note)
        found.append(block)
    if block is None and (el.text or "").strip():
        block = _Open("text", note)
        found.append(block)
    if block is not None:
        if tag in ("td", "th") and "".join(block.parts).strip():
            block.parts.append(" | ")  # a row's cells
        elif tag in _KINDS or tag in _APART:
            block.parts.append(" ")  # a paragraph in an item: words apart
        block.parts.append(el.text or "")
        if tag in _FACT_TAGS or classes:
            _facts(el, tag, classes, block)
    for child in el:
        _walk(child, block, found, note)
        tail = child.tail or ""
        if tail.strip() and block is None:
            block = _Open("text", note)
            found.append(block)
        if block is not None:
            block.parts.append(tail)


def _facts(el: Element, tag: str, classes: set[str] | frozenset[str], block: _Open) -> None:
    fact = None
    if tag == "a" and el.get("href"):
        fact = f"link:{el.get('href')}"
    elif tag == "img" and el.get("src"):
        fact = f"image:{el.get('src')}"
    elif tag == "pre" or (tag == "code" and block.kind != "code") or classes & _LABELS:
        words = " ".join("".join(el.itertext()).split())
        if words:
            fact = f"{'label' if tag == 'span' else 'code'}:{words}"
    if fact is not None:
        block.facts.add(fact)
        block.marks.append(fact)


def without(text: str, values: Sequence[str]) -> str:
    """``text`` without each of ``values`` where it stands alone (code ``i`` is cut from
    "i = 1", not from every word with an i in it), once for each time it is listed: the
    marks list a code span as often as it is code, and the same words elsewhere (a
    heading that says ``403 Access Not Configured`` where the text has it as code) are
    words. By hand, not a pattern per value: the values are many and each is cut from
    one text."""
    for value in values:
        if not value:
            continue
        at = text.find(value)
        while at >= 0:
            end = at + len(value)
            if (at == 0 or not _word(text[at - 1]) or not _word(value[0])) and (
                end == len(text) or not _word(text[end]) or not _word(value[-1])
            ):
                text = f"{text[:at]} {text[end:]}"
                break
            at = text.find(value, at + 1)
    return text


def _word(char: str) -> bool:
    return char.isalnum() or char == "_"
