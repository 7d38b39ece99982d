"""Sentences of a plain text: where they end, in every content language.

A sentence ends at ``.``, ``!`` or ``?`` followed by space and a letter (or
an opening bracket or quote), so ``v1.2``, ``e.g. 5`` and ``3.5 s`` do not
end one. Method entries are split this way (``methods``), and quality
findings quote the sentence around what they found (``quality.alignment``).
"""

from __future__ import annotations

import re

_END = re.compile(r"(?<=[.!?])\s+(?=[(\"«“]?[^\W\d_])")


def split(text: str) -> tuple[str, ...]:
    """The sentences of ``text``, stripped, without empty ones."""
    return tuple(s.strip() for s in _END.split(text) if s.strip())


def spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, the space between them left out."""
    out, start = [], 0
    for m in _END.finditer(text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out
