"""Which sections of an entry hold which stems: written at ingest, read by search to
choose a hit's best section without reading every section's text again.

A hit is quoted from its section with the most distinct query words (those of
its heading counting double, then the number of matches). Finding that by
scanning every section of a long article for every hit was a third of an
uncached search's CPU; this map answers it with one ``str.find`` per query
stem. It is one string per entry (a dict of a thousand stems would cost more
to unpickle than the scan it saves)::

    \\n{stem}\\t{section}:{count}[h],{section}:{count}[h]…\\n…

``count`` is capped at :data:`COUNT_CAP` (all the choice needs) and ``h`` marks a
stem its section's heading holds. Words are what the analyzer's tokenizer finds
(``\\w+``), stemmed one by one as the snippet's matcher stems them
(``analysis.stems_of``), in each section's first :data:`SCAN_CHARS` characters
(the part a snippet is looked for in).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from .analysis import TOKEN, stems_of

SCAN_CHARS = 20_000  # a snippet is looked for in the first part of long sections
COUNT_CAP = 9


def word_map(lang: str, sections: Sequence[tuple[str, str, str]]) -> str:
    """The map of ``sections`` ((anchor, heading, text), each text starting with its
    heading when it has one) in ``lang``."""
    by_stem: dict[str, list[str]] = {}
    for n, (_anchor, heading, text) in enumerate(sections):
        text = text[:SCAN_CHARS]
        counts: dict[str, int] = {}
        for word, times in Counter(TOKEN.findall(text.lower())).items():
            for stem in stems_of(lang, word):
                counts[stem] = counts.get(stem, 0) + times
        in_heading: set[str] = set()
        if heading and text.startswith(heading):
            for word in TOKEN.findall(heading.lower()):
                in_heading |= stems_of(lang, word)
        for stem, times in counts.items():
            mark = "h" if stem in in_heading else ""
            by_stem.setdefault(stem, []).append(f"{n}:{min(times, COUNT_CAP)}{mark}")
    if not by_stem:
        return ""
    return "".join(f"\n{stem}\t{','.join(places)}" for stem, places in by_stem.items()) + "\n"


def _entries(found: str, stem: str) -> list[str]:
    """The ``section:count`` entries of ``stem``'s line in a word map (none: no line)."""
    at = found.find(f"\n{stem}\t")
    if at < 0:
        return []
    start = at + len(stem) + 2
    return found[start : found.index("\n", start)].split(",")


def places(found: str, stem: str) -> list[tuple[int, int, bool]]:
    """(section, count, in its heading) of each section holding ``stem``."""
    out = []
    for place in _entries(found, stem):
        n, _, count = place.partition(":")
        heading = count.endswith("h")
        out.append((int(n), int(count[:-1] if heading else count), heading))
    return out


def sections_with(found: str, stem: str) -> list[int]:
    """The sections holding ``stem`` (``places`` without their counts: what ranking by
    where a query's words are needs, for every stem of the first hits)."""
    return [int(place.partition(":")[0]) for place in _entries(found, stem)]
