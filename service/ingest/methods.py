"""HTTP method entries: ``* **[!UICONTROL PUT]**: …`` list items, read as facts.

Works on the token stream of a parsed document (pure: no I/O). Each entry
gives the method, its text and HTML, the 2xx status codes it names, what its
wording says of idempotency, its availability note (a leading parenthesis)
and its cautionary sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from service.records import MethodEntry, SpecFacts

from . import sentences
from .lexicon import caution_sentence, stated_idempotency
from .sanitize import clean, plain

if TYPE_CHECKING:  # the tokens are the parser's: the search reads only the method names
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

ORDER = ("GET", "POST", "PUT", "PATCH", "DELETE")
KNOWN = (*ORDER, "HEAD", "OPTIONS", "TRACE", "CONNECT")

# RFC 9110 §9.2 and §9.3: safe, idempotent, cacheable per method.
SPEC: dict[str, SpecFacts] = {
    "GET": SpecFacts(safe=True, idempotent=True, cacheable=True),
    "HEAD": SpecFacts(safe=True, idempotent=True, cacheable=True),
    "POST": SpecFacts(safe=False, idempotent=False, cacheable=True),
    "PUT": SpecFacts(safe=False, idempotent=True, cacheable=False),
    "DELETE": SpecFacts(safe=False, idempotent=True, cacheable=False),
    "CONNECT": SpecFacts(safe=False, idempotent=False, cacheable=False),
    "OPTIONS": SpecFacts(safe=True, idempotent=True, cacheable=False),
    "TRACE": SpecFacts(safe=True, idempotent=True, cacheable=False),
    "PATCH": SpecFacts(safe=False, idempotent=False, cacheable=False),  # RFC 5789
}

_STATUS = re.compile(r"(?<![\d.,])(2\d\d)(?![\d.,]\d)")
_LEADING_NOTE = re.compile(r"^\(([^()]{1,200})\)\s*")


def sort_key(method: str) -> tuple[int, str]:
    return (KNOWN.index(method) if method in KNOWN else len(KNOWN), method)


def _entry_head(children: Sequence[Token]) -> tuple[str, int] | None:
    """``**[!UICONTROL PUT]**:`` → ("PUT", index of the first child after the colon)."""
    i = 0
    while i < len(children) and children[i].type == "text" and not children[i].content.strip():
        i += 1
    if i >= len(children) or children[i].type != "strong_open":
        return None
    depth, j, words = 0, i, []
    while j < len(children):
        tok = children[j]
        depth += tok.nesting if tok.type.endswith(("_open", "_close")) else 0
        if tok.type == "text":
            words.append(tok.content)
        elif tok.type not in ("strong_open", "strong_close", "uicontrol_open", "uicontrol_close"):
            return None
        j += 1
        if tok.type == "strong_close" and depth <= 0:
            break
    name = "".join(words).strip().rstrip(":").strip().upper()
    if name not in KNOWN:
        return None
    colon_inside = "".join(words).strip().endswith(":")
    if not colon_inside:
        if j >= len(children) or children[j].type != "text":
            return None
        if not children[j].content.lstrip().startswith(":"):
            return None
    return name, j


def _strip_colon(children: list[Token]) -> list[Token]:
    if children and children[0].type == "text":
        first = children[0].copy()
        first.content = re.sub(r"^\s*:?\s*", "", first.content)
        children = [first, *children[1:]]
    return children


def extract(
    tokens: Sequence[Token], md: MarkdownIt, env: dict[str, object], lang: str, line_offset: int
) -> list[MethodEntry]:
    entries: list[MethodEntry] = []
    seen: set[str] = set()
    for i, tok in enumerate(tokens):
        if tok.type != "list_item_open" or i + 2 >= len(tokens):
            continue
        inline = tokens[i + 2]
        if tokens[i + 1].type != "paragraph_open" or inline.type != "inline":
            continue
        head = _entry_head(inline.children or [])
        if head is None:
            continue
        method, start = head
        if method in seen:  # the first entry of a method in a document is its entry
            continue
        seen.add(method)
        rest = _strip_colon(list((inline.children or [])[start:]))
        html = md.renderer.renderInline(rest, md.options, env)  # type: ignore[attr-defined]
        entries.append(_entry(method, clean(html), lang, line_offset + (tok.map or [0])[0] + 1))
    return entries


def capitalized(sentence: str) -> str:
    """A summary as a picker shows it: its first letter a capital, in a language that has
    them (``récupère …`` → ``Récupère …``); the rest as written. Not ``str.capitalize``,
    which would lower-case every other letter (``HTTP``, ``API``)."""
    if sentence[:1].islower():
        return sentence[0].upper() + sentence[1:]
    return sentence


def _entry(method: str, html: str, lang: str, line: int) -> MethodEntry:
    text = plain(html)
    availability = None
    m = _LEADING_NOTE.match(text)
    body = text
    if m:
        availability = f"({m.group(1).strip()})"
        body = text[m.end() :]
    found = sentences.split(body)
    caution_at = caution_sentence(found, lang)
    return MethodEntry(
        method=method,
        line=line,
        summary=capitalized(found[0] if found else body),
        description=text,
        description_html=html,
        success_status=tuple(sorted({int(code) for code in _STATUS.findall(text)})),
        idempotent=stated_idempotency(found, lang),
        availability=availability,
        caution=found[caution_at] if caution_at is not None else None,
        sentences=found,
    )
