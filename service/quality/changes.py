"""What changed in a source article between two versions, section by section (pure).

Both versions are parsed by the ingest's own parser, so their sections and
blocks (:mod:`.blocks`) are cut alike. Sections are paired by heading (level,
anchor or name, in order; a renamed heading pairs by position), then blocks
within a pair by their words. Each change is classified:

* **facts** (high severity): a number, inline code, UI label, link or image
  that is not the same; any change inside a note or warning; a list item,
  table row, code block or whole section added or removed; a method entry's
  facts (status codes, idempotency, availability, caution);
* **wording** (low severity): the words changed and none of the above; also a
  change of markup alone (emphasis, comments) where the words stay.

Whitespace never counts, and the front matter other than the title and the
description is metadata: it is listed, never a change (the history decides
that a translation is outdated at all: ``ingest.history.text_differs``).
"""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import Any, Literal

from service.records import Document, MethodEntry, Section

from .blocks import Block, blocks
from .findings import Change, SectionChange
from .worddiff import diff

Status = Literal["changed", "added", "removed"]
MAX_BLOCKS = 12  # changed blocks shown per section
_STRUCTURE = {"item": "list items", "row": "table rows", "code": "code", "heading": "headings"}
_FACTS = {
    "number": "numbers",
    "code": "code",
    "label": "UI labels",
    "link": "links",
    "image": "images",
    "note": "notes",
}


def compare(old: Document, new: Document) -> list[SectionChange]:
    """Every section (and title, description, method entry) that changed, in order."""
    found: list[SectionChange] = []
    for name, before, after in (
        ("title", old.title, new.title),
        ("description", old.description, new.description),
    ):
        if " ".join(before.split()) != " ".join(after.split()):
            found.append(_text_change(name, before, after))
    keys = [_key(s) for s in old.sections], [_key(s) for s in new.sections]
    for op, i1, i2, j1, j2 in SequenceMatcher(None, *keys, autojunk=False).get_opcodes():
        if op == "equal" or op == "replace":
            for a, b in zip(old.sections[i1:i2], new.sections[j1:j2], strict=False):
                change = _section(a, b)
                if change is not None:
                    found.append(change)
        if op != "equal":
            paired = min(i2 - i1, j2 - j1) if op == "replace" else 0
            found.extend(_whole(s, "removed") for s in old.sections[i1 + paired : i2])
            found.extend(_whole(s, "added") for s in new.sections[j1 + paired : j2])
    found.extend(_methods(old.methods, new.methods))
    return found


def metadata(old: dict[str, Any], new: dict[str, Any]) -> tuple[str, ...]:
    """The front matter keys whose values differ (title and description are text)."""
    keys = (set(old) | set(new)) - {"title", "description"}
    return tuple(sorted(k for k in keys if old.get(k) != new.get(k)))


def worst(changes: list[SectionChange]) -> Change:
    return "facts" if any(c.change == "facts" for c in changes) else "wording"


def _key(section: Section) -> tuple[int, str]:
    return (section.level, section.anchor or " ".join(section.heading.lower().split()))


def _text_change(name: str, before: str, after: str) -> SectionChange:
    text, html = diff(before, after)
    facts = _facts_of(
        Block("text", before, _numbers(before)), Block("text", after, _numbers(after))
    )
    return SectionChange(
        f"({name})",
        "",
        "changed",
        "facts" if facts else "wording",
        facts or ("wording",),
        text,
        html,
    )


def _numbers(text: str) -> frozenset[str]:
    return next(iter(blocks(f"<p>{_escape(text)}</p>")), Block("text", "", frozenset())).facts


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _facts_of(a: Block, b: Block) -> tuple[str, ...]:
    """What facts differ between two versions of a block."""
    kinds = {f.split(":", 1)[0] for f in a.facts ^ b.facts}
    return tuple(sorted({_FACTS[k] for k in kinds if k in _FACTS}))


def _section(a: Section, b: Section) -> SectionChange | None:
    """How section ``a`` became ``b``; None if only whitespace differs."""
    if a.heading == b.heading and " ".join(a.html.split()) == " ".join(b.html.split()):
        return None
    old, new = blocks(a.html), blocks(b.html)
    what: set[str] = set()
    facts = False
    texts: list[str] = []
    htmls: list[str] = []

    def shown(before: str, after: str) -> None:
        if len(texts) < MAX_BLOCKS:
            text, html = diff(before, after)
            texts.append(text)
            htmls.append(f"<p>{html}</p>")

    ops = SequenceMatcher(None, [x.key for x in old], [x.key for x in new], autojunk=False)
    for op, i1, i2, j1, j2 in ops.get_opcodes():
        if op == "equal":
            for x, y in zip(old[i1:i2], new[j1:j2], strict=True):
                if x.facts != y.facts:  # the same words, another link or image
                    what.update(_facts_of(x, y))
                    facts = True
                    shown(" ".join(sorted(x.facts - y.facts)), " ".join(sorted(y.facts - x.facts)))
            continue
        paired = min(i2 - i1, j2 - j1) if op == "replace" else 0
        for x, y in zip(old[i1 : i1 + paired], new[j1 : j1 + paired], strict=True):
            differ = _facts_of(x, y)
            what.update(differ or ("wording",))
            if x.note or y.note:
                what.add("notes")
            facts = facts or bool(differ) or bool(x.note or y.note) or x.kind != y.kind
            shown(x.text, y.text)
        for x, gone in [(x, True) for x in old[i1 + paired : i2]] + [
            (y, False) for y in new[j1 + paired : j2]
        ]:
            structural = _STRUCTURE.get(x.kind) or ("notes" if x.note else None)
            what.add(structural or ("wording" if not _facts_of(x, _EMPTY) else "content"))
            what.update(_facts_of(x, _EMPTY))
            facts = facts or bool(structural) or bool(_facts_of(x, _EMPTY))
            shown(x.text, "") if gone else shown("", x.text)
    if not what:  # the words and facts are the same: markup changed
        what.add("markup")
    if a.heading != b.heading and not texts:
        shown(a.heading, b.heading)
    return SectionChange(
        b.heading,
        b.anchor,
        "changed",
        "facts" if facts else "wording",
        tuple(sorted(what)),
        "\n".join(texts),
        "".join(htmls),
    )


_EMPTY = Block("text", "", frozenset())


def _whole(section: Section, status: Status) -> SectionChange:
    """A section added to the source or removed from it: the translation lacks it, or has
    one the source dropped (facts)."""
    words = " ".join(b.text for b in blocks(section.html))
    text, html = diff(words, "") if status == "removed" else diff("", words)
    return SectionChange(
        section.heading,
        section.anchor,
        status,
        "facts",
        ("section",),
        text,
        f"<p>{html}</p>",
    )


def _methods(old: tuple[MethodEntry, ...], new: tuple[MethodEntry, ...]) -> list[SectionChange]:
    """A method entry whose facts changed (or that came or went)."""
    before, after = {m.method: m for m in old}, {m.method: m for m in new}
    out = []
    for method in sorted(set(before) | set(after)):
        a, b = before.get(method), after.get(method)
        if a is not None and b is not None and _method_facts(a) == _method_facts(b):
            continue
        text, html = diff(a.description if a else "", b.description if b else "")
        status: Status = "changed" if a and b else "removed" if a else "added"
        out.append(
            SectionChange(method, "", status, "facts", ("method facts",), text, f"<p>{html}</p>")
        )
    return out


def _method_facts(m: MethodEntry) -> tuple[object, ...]:
    return (m.success_status, m.idempotent, m.availability, m.caution)
