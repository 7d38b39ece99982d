"""Heading anchors: ``## Title {#anchor}`` sets the id; other headings get a slug.

Runs after block parsing, before inline parsing, so the ``{#…}`` suffix never
reaches the text. Ids are unique within a document. An explicit anchor that
is not an id (letters, digits, ``_``, ``-``, ``.``, ``:``; ``{#"><script>…}``)
is taken by its slug: anchors reach URLs and the API as written.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .labels import strip_labels

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore

_EXPLICIT = re.compile(r"[ \t]*\{#([^\s{}]+)\}[ \t]*$")
_ID = re.compile(r"[\w.:-]+")


def slugify(text: str) -> str:
    words = re.sub(r"[^\w\s-]", "", strip_labels(text).lower())
    return re.sub(r"[\s_-]+", "-", words).strip("-") or "section"


def anchors_rule(state: StateCore) -> None:
    seen: dict[str, int] = {}
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type != "heading_open" or i + 1 >= len(tokens):
            continue
        inline = tokens[i + 1]
        m = _EXPLICIT.search(inline.content)
        if m:
            anchor = m.group(1) if _ID.fullmatch(m.group(1)) else slugify(m.group(1))
            inline.content = inline.content[: m.start()]
        else:
            anchor = slugify(inline.content)
        if anchor in seen:
            seen[anchor] += 1
            anchor = f"{anchor}-{seen[anchor]}"
        else:
            seen[anchor] = 1
        token.attrSet("id", anchor)


def anchors_plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("exl_alerts", "exl_anchors", anchors_rule)
