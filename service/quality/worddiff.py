"""A word-level diff of two texts, for people: as text and as sanitized HTML (pure).

``difflib`` pairs the words; the runs that stay the same are cut to a few
words either side of a change. The HTML is built from escaped text only
(``<del>`` and ``<ins>`` are the only tags), so it is safe to put in a page
whatever the source says. The text form is git's ``--word-diff`` one:
``[-removed-]{+added+}``.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from html import escape

CONTEXT = 6  # words kept either side of a change
MAX_WORDS = 160  # words shown per diff; past it, "…"


def diff(old: str, new: str) -> tuple[str, str]:
    """(text, html) of what changed from ``old`` to ``new``."""
    a, b = old.split(), new.split()
    ops = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    text: list[str] = []
    html: list[str] = []
    shown = 0
    for n, (op, i1, i2, j1, j2) in enumerate(ops):
        if shown >= MAX_WORDS:
            text.append("…")
            html.append("…")
            break
        if op == "equal":
            words = _context(a[i1:i2], first=n == 0, last=n == len(ops) - 1)
            text.append(" ".join(words))
            html.append(escape(" ".join(words)))
            shown += len(words)
            continue
        if i2 > i1:
            gone = " ".join(a[i1:i2])
            text.append(f"[-{gone}-]")
            html.append(f"<del>{escape(gone)}</del>")
        if j2 > j1:
            come = " ".join(b[j1:j2])
            text.append(f"{{+{come}+}}")
            html.append(f"<ins>{escape(come)}</ins>")
        shown += (i2 - i1) + (j2 - j1)
    return " ".join(t for t in text if t), " ".join(h for h in html if h)


def _context(words: list[str], first: bool, last: bool) -> list[str]:
    """An unchanged run cut to :data:`CONTEXT` words beside each change."""
    if first and last:
        return words[:CONTEXT] + (["…"] if len(words) > CONTEXT else [])
    if first:
        return (["…"] if len(words) > CONTEXT else []) + words[-CONTEXT:]
    if last:
        return words[:CONTEXT] + (["…"] if len(words) > CONTEXT else [])
    if len(words) <= 2 * CONTEXT:
        return words
    return [*words[:CONTEXT], "…", *words[-CONTEXT:]]
