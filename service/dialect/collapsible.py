"""Collapsible sections: ``+++ Title`` … ``+++`` become ``<details>``.

A block rule like markdown-it's own ``fence``: the opening line carries the
title (parsed inline, so labels work in it), the body is tokenized as blocks,
and a ``+++`` line alone closes it. An opener with no closer is plain text.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock


def _line(state: StateBlock, n: int) -> str:
    return state.src[state.bMarks[n] + state.tShift[n] : state.eMarks[n]]


def collapsible_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    begin = state.bMarks[start] + state.tShift[start]
    if not state.src.startswith("+++", begin, state.eMarks[start]):  # most lines: no slice
        return False
    title = state.src[begin + 3 : state.eMarks[start]].strip()
    if not title or title.startswith("+"):
        return False
    # A scan that reached the end without a closer holds for every later opener too:
    # remember it, so a document of many unclosed openers stays linear.
    memo = (
        state.env.setdefault("_collapsible_open_after", {}) if isinstance(state.env, dict) else {}
    )
    if start >= memo.get(end, end):
        return False
    close = start + 1
    while close < end:
        if state.sCount[close] < state.blkIndent and _line(state, close).strip():
            return False
        if _line(state, close).strip() == "+++":
            break
        close += 1
    else:
        memo[end] = min(memo.get(end, end), start)
        return False
    if silent:
        return True

    token = state.push("details_open", "details", 1)
    token.attrSet("class", "collapsible")
    token.map = [start, close + 1]
    state.push("summary_open", "summary", 1)
    inline = state.push("inline", "", 0)
    inline.content, inline.map, inline.children = title, [start, start + 1], []
    state.push("summary_close", "summary", -1)

    old_parent, old_max = state.parentType, state.lineMax
    state.parentType = "blockquote"  # lets lazy paragraphs end at the closing marker
    state.lineMax = close
    state.md.block.tokenize(state, start + 1, close)
    state.parentType, state.lineMax = old_parent, old_max

    state.push("details_close", "details", -1)
    state.line = close + 1
    return True


def collapsible_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before(
        "fence",
        "exl_collapsible",
        collapsible_rule,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
