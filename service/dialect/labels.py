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
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline


KINDS = {"UICONTROL": "uicontrol", "DNL": "dnl"}
_OPEN = re.compile(r"\[!(UICONTROL|DNL)[ \t]+")
MAX_LABEL = 2000  # characters a label may span: bounds the work on hostile input


_BRACKETS = re.compile(r"\\.|[\[\]]", re.DOTALL)


@lru_cache(maxsize=16)
def _pairs(src: str) -> dict[int, int]:
    """Position of each ``[`` → position of its ``]``, in one pass (escapes skipped)."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for m in _BRACKETS.finditer(src):
        c = m.group()
        if c == "[":
            stack.append(m.start())
        elif c == "]" and stack:
            pairs[stack.pop()] = m.start()
    return pairs


def find_close(src: str, opening: int, stop: int) -> int:
    """Index of the ``]`` closing the label whose ``[`` is at ``opening``, or -1."""
    close = _pairs(src).get(opening, -1)
    return close if close < stop else -1


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
    end = find_close(src, pos, min(state.posMax, m.end() + MAX_LABEL))
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


def _rewrite(text: str, opening: Callable[[str], str], closing: str) -> str:
    """Replace each label's opener and its ``]`` (linear, no recursion: labels nest)."""
    if "[!" not in text:
        return text
    pairs = _pairs(text)
    edits: list[tuple[int, int, str]] = []
    for m in _OPEN.finditer(text):
        close = pairs.get(m.start(), -1)
        if close < 0 or close - m.end() > MAX_LABEL:  # an unclosed opener stays as written
            continue
        edits.append((m.start(), m.end(), opening(KINDS[m.group(1)])))
        edits.append((close, close + 1, closing))
    edits.sort()
    out, at = [], 0
    for start, stop, replacement in edits:
        out += [text[at:start], replacement]
        at = stop
    out.append(text[at:])
    return "".join(out)


def labels_in_html(html: str) -> str:
    """Mark labels found in raw HTML the way the inline rule marks them."""
    return _rewrite(html, lambda kind: f'<span class="{kind}">', "</span>")


def strip_labels(text: str) -> str:
    """``[!UICONTROL [!DNL Fusion] for work]`` → ``Fusion for work``."""
    return _rewrite(text, lambda _kind: "", "")


def labels_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("link", "exl_labels", label_rule)
