"""Admonitions: ``>[!NOTE]`` blockquotes become notes, shade boxes become boxes.

A core rule that runs after block parsing, before inline parsing: it finds
blockquotes whose first line is ``[!KIND]`` and retypes them. ``>[!VIDEO](url)``
becomes a link to the video (no embedded player: pages load nothing
external). ``>[!BEGINSHADEBOX]`` … ``>[!ENDSHADEBOX]`` wrap what lies between
in a box; a box never closed is closed at the end of the document.

Titles are rendered in English, the msgids of the UI catalogs: whoever shows
the HTML puts them in the reader's language with :func:`retitle`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Literal

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from .titles import TITLES

_MARKER = re.compile(r"^\[!([A-Z][A-Z_]*)\](?:\(([^)\s]*)\))?[ \t]*(?:\n|$)")


def _closing(tokens: Sequence[Token], i: int) -> int:
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


def alerts_rule(state: StateCore) -> None:
    tokens = state.tokens
    boxes = 0
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if (
            tok.type == "blockquote_open"
            and i + 2 < len(tokens)
            and tokens[i + 1].type == "paragraph_open"
            and tokens[i + 2].type == "inline"
        ):
            m = _MARKER.match(tokens[i + 2].content)
            if m is not None:
                close = _closing(tokens, i)
                kind, url = m.group(1), m.group(2)
                rest = tokens[i + 2].content[m.end() :]
                if kind in ("BEGINSHADEBOX", "ENDSHADEBOX"):
                    if kind == "BEGINSHADEBOX":
                        boxes += 1
                        repl = [_box(tok, "shadebox_open", 1)]
                    elif boxes:
                        boxes -= 1
                        repl = [_box(tok, "shadebox_close", -1)]
                    else:
                        repl = []
                    tokens[i : close + 1] = repl
                    i += len(repl)
                    continue
                tok.type, tok.tag = "admonition_open", "div"
                tok.meta = {"kind": kind.lower(), "url": url}
                tokens[close].type, tokens[close].tag = "admonition_close", "div"
                if rest.strip():
                    tokens[i + 2].content = rest
                else:
                    del tokens[i + 1 : i + 4]
        i += 1
    for _ in range(boxes):
        tokens.append(_box(None, "shadebox_close", -1))


def _box(like: Token | None, kind: str, nesting: Literal[-1, 1]) -> Token:
    token = Token(kind, "div", nesting)
    if like is not None:
        token.map = like.map
    return token


def render_admonition_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    meta: dict[str, Any] = tokens[idx].meta
    kind = str(meta["kind"])
    title = escapeHtml(TITLES.get(kind.upper(), kind.capitalize()))
    head = f'<div class="admonition admonition-{kind}" role="note">'
    head += f'<p class="admonition-title">{title}</p>\n'
    if meta.get("url"):
        head += f'<p><a class="video-link" href="{escapeHtml(str(meta["url"]))}">{title}</a></p>\n'
    return head


def render_admonition_close(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return "</div>\n"


def render_shadebox(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return '<div class="shadebox">\n' if tokens[idx].nesting == 1 else "</div>\n"


def alerts_plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("block", "exl_alerts", alerts_rule)
    md.add_render_rule("admonition_open", render_admonition_open)
    md.add_render_rule("admonition_close", render_admonition_close)
    md.add_render_rule("shadebox_open", render_shadebox)
    md.add_render_rule("shadebox_close", render_shadebox)
