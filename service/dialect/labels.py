"""``[!UICONTROL label]`` and ``[!DNL name]``: an inline rule and its text forms.

Labels nest (``[!UICONTROL [!DNL Workfront Fusion] for …]``) and sit glued to
text (``[!UICONTROL POST]s``). The inline rule runs before ``link`` and lets
the inline parser tokenize the label's inside, so nesting, emphasis and links
around labels work.
Raw HTML blocks do not go through the inline parser: :func:`labels_in_html`
handles them, and :func:`strip_labels` gives the plain words for search.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

KINDS = {"UICONTROL": "uicontrol", "DNL": "dnl"}
_OPEN = re.compile(r"\[!(UICONTROL|DNL)[ \t]+")
MAX_LABEL = 2000  # characters a label may span: bounds the work on hostile input


def find_close(src: str, start: int, stop: int) -> int:
    """Index of the ``]`` closing a label whose inside starts at ``start``, or -1."""
    depth = 0
    i = start
    while i < stop:
        c = src[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            depth += 1
        elif c == "]":
            if depth == 0:
                return i
            depth -= 1
        i += 1
    return -1


def label_rule(state: StateInline, silent: bool) -> bool:
    # In silent mode (markdown-it skipping over a link's text) a label is not a
    # token: its brackets balance, so ``[[!DNL Fusion] licences](x.md)`` stays
    # a link whose text is then tokenized with the label in it.
    if silent:
        return False
    src, pos = state.src, state.pos
    if not src.startswith("[!", pos):
        return False
    m = _OPEN.match(src, pos)
    if m is None:
        return False
    end = find_close(src, m.end(), min(state.posMax, m.end() + MAX_LABEL))
    if end < 0:
        return False
    kind = KINDS[m.group(1)]
    token = state.push(f"{kind}_open", "span", 1)
    token.attrSet("class", kind)
    token.markup = m.group(0)
    old_pos, old_max = state.pos, state.posMax
    state.pos, state.posMax = m.end(), end
    state.md.inline.tokenize(state)
    state.pos, state.posMax = old_pos, old_max
    state.push(f"{kind}_close", "span", -1)
    state.pos = end + 1
    return True


def _rewrite(text: str, wrap: Callable[[str, str], str]) -> str:
    out: list[str] = []
    i = 0
    while True:
        m = _OPEN.search(text, i)
        if m is None:
            out.append(text[i:])
            return "".join(out)
        end = find_close(text, m.end(), min(len(text), m.end() + MAX_LABEL))
        if end < 0:  # an unclosed opener stays as it is written
            out.append(text[i : m.end()])
            i = m.end()
            continue
        out.append(text[i : m.start()])
        out.append(wrap(KINDS[m.group(1)], _rewrite(text[m.end() : end], wrap)))
        i = end + 1


def labels_in_html(html: str) -> str:
    """Mark labels found in raw HTML the way the inline rule marks them."""
    return _rewrite(html, lambda kind, inner: f'<span class="{kind}">{inner}</span>')


def strip_labels(text: str) -> str:
    """``[!UICONTROL [!DNL Fusion] for work]`` → ``Fusion for work``."""
    return _rewrite(text, lambda _kind, inner: inner)


def labels_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("link", "exl_labels", label_rule)
