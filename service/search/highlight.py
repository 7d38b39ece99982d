"""Where a hit's words are: its best section, and a snippet with them in ``<mark>``
(``snippet_html``; :func:`snippet_text` is the same words as plain text).

A hit's section is chosen from its entry's word map (``index.wordmap``: which
sections hold which stems, written at ingest); only that section's text is
then searched for the query's stems as written: words are found by their
folded prefix (``str.find`` on text folded to ASCII, a regular expression of
the letters' variants otherwise, so the scan runs in C), then stemmed to be
sure. Stemming a word costs far more than finding it, so each word's stems are
remembered (one bounded cache per process, shared by every query of every
language).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from service.index.analysis import beyond_latin1_variants, fold, prefix_pattern, stems_of
from service.index.wordmap import COUNT_CAP, SCAN_CHARS, places
from service.ingest.sanitize import inert

SNIPPET_CHARS = 200


@lru_cache(maxsize=1024)
def patterns(stems: frozenset[str], letters: str, flags: int = 0) -> tuple[re.Pattern[str], ...]:
    """Words that may match: those starting like a stem, accents or not; one pattern
    per first letter. (``re`` skips ahead quickly to a letter or a few variants of it,
    slowly to any of many: one scan per first letter took half the time of one
    scan for all on the corpus's long articles.)"""
    return tuple(_pattern(group, letters, flags) for _c, group in _by_first(stems))


@lru_cache(maxsize=1024)
def plain_scans(stems: frozenset[str]) -> tuple[str, ...] | None:
    """``patterns`` for text folded to ASCII letters (``_plain``), where a prefix can
    only be itself: each prefix a string for ``str.find`` (which needs nothing
    compiled: compiling an alternation of a first letter's prefixes was half of
    quoting a hit with a new query's words). None when a prefix is not ASCII (then
    the variants' patterns)."""
    prefixes = sorted(p for _c, group in _by_first(stems) for p in group)
    if not all(p.isascii() for p in prefixes):
        return None
    return tuple(prefixes)


def _found(scan: str | re.Pattern[str], folded: str, subject: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each word of ``subject`` that starts with a match of ``scan``
    in ``folded`` (the same text, letters folded, the same length), from left to
    right, each search after the word before: as ``finditer`` of ``prefix\\w*``."""
    at = 0
    while True:
        if isinstance(scan, str):
            at = folded.find(scan, at)
            if at < 0:
                return
            stop = at + len(scan)
        else:
            m = scan.search(folded, at)
            if m is None:
                return
            at, stop = m.span()
        rest = _REST.match(subject, stop)
        end = rest.end() if rest else stop
        yield at, end
        at = end


_REST = re.compile(r"\w*")  # the rest of a word (it always matches)


def _by_first(stems: frozenset[str]) -> list[tuple[str, frozenset[str]]]:
    """The stems' prefixes grouped by first letter, in letter order."""
    # A stemmer changes at most the last two letters of what it keeps, mostly.
    prefixes = {stem[: max(3, len(stem) - 2)] for stem in stems}
    by_first: dict[str, set[str]] = {}
    for prefix in prefixes:
        if prefix:
            by_first.setdefault(prefix[0], set()).add(prefix)
    return [(c, frozenset(group)) for c, group in sorted(by_first.items())]


@lru_cache(maxsize=8192)
def _pattern(group: frozenset[str], letters: str, flags: int) -> re.Pattern[str]:
    """One first letter's pattern (kept per group of prefixes: a word comes back in
    other queries, and ``re`` compiles in Python, a large part of quoting a hit)."""
    return re.compile(prefix_pattern(group, letters), flags)


def forget() -> None:
    """Empty this module's caches (stems, patterns): a measure of uncached work."""
    stems_of.cache_clear()
    patterns.cache_clear()
    plain_scans.cache_clear()
    _pattern.cache_clear()


class Matcher:
    """Where the query stems of one language occur in stored text."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def matches(
        self, text: str, stems: frozenset[str], limit: int | None = SCAN_CHARS
    ) -> list[tuple[int, int, str]]:
        """(start, end, stem) of each word of ``text`` (its first ``limit``
        characters) that a query stem matches."""
        if not stems or not text:
            return []
        text = text[:limit]
        subject = text.lower()
        plain = plain_scans(stems)
        folded = _plain(subject) if plain is not None and len(subject) == len(text) else None
        if plain is not None and folded is not None:
            found: tuple[str | re.Pattern[str], ...] = plain
        elif len(subject) != len(text):  # rare letters whose lower case is longer
            found, subject = patterns(stems, "any", re.IGNORECASE), text
        else:
            found = patterns(stems, "any")
        out = []
        seen: set[int] = set()  # words found by another prefix (plain scans: one each)
        for each in found:
            for start, end in _found(each, folded or subject, subject):
                before = subject[start - 1] if start else " "
                if before.isalnum() or before == "_":  # \w: inside a word, not at its start
                    continue
                if start in seen:
                    continue
                seen.add(start)
                hit = stems_of(self.lang, text[start:end]) & stems
                if hit:
                    out.append((start, end, next(iter(hit))))
        if len(found) > 1:  # a word is one word whichever prefix found it
            out.sort()
        return out

    def spans(self, text: str, stems: frozenset[str]) -> list[tuple[int, int]]:
        return [(start, end) for start, end, _stem in self.matches(text, stems)]

    def best_section(
        self, sections: Sequence[tuple[str, str, str]], stems: frozenset[str], found: str
    ) -> tuple[str, str, list[tuple[int, int, str]]]:
        """(anchor, text, matches) of the section with the most distinct query words,
        those of its heading counting double, then the most matches; the first
        section when none has any. ``found`` is the entry's word map (written at
        ingest: ``index.wordmap``), so only the chosen section's text is scanned."""
        distinct: dict[int, int] = {}  # section → query stems it holds
        headed: dict[int, int] = {}  # section → query stems its heading holds
        matched: dict[int, int] = {}  # section → matches of query stems (each capped)
        for stem in stems:
            for n, count, in_heading in places(found, stem):
                distinct[n] = distinct.get(n, 0) + 1
                headed[n] = headed.get(n, 0) + in_heading
                matched[n] = matched.get(n, 0) + count
        best, best_score = 0, 0
        for n in sorted(distinct):
            score = distinct[n] * 10 + headed[n] * 10 + min(matched[n], COUNT_CAP)
            if score > best_score:
                best, best_score = n, score
        anchor, _heading, text = sections[best]
        return anchor, text, self.matches(text, stems) if best_score else []


# Lower-case letters beyond Latin-1 that fold to another (œ, for one, does not).
_FOLDED_BEYOND_LATIN1 = re.compile(f"[{re.escape(beyond_latin1_variants())}]")
# Each Latin-1 byte → its letter folded (a lower-case variant → its base letter).
_LATIN1_FOLD = bytes(
    ord(base) if (base := fold(chr(b))) and len(base) == 1 and ord(base) < 128 else b
    for b in range(256)
)


def _plain(subject: str) -> str | None:
    """Lower-case ``subject`` with its Latin-1 letters folded, the same length, where
    that is every letter that folds (else None: ``patterns(..., "any")``). Any other
    character beyond Latin-1 becomes ``?``: it folds to nothing, so no prefix (ASCII
    letters) can match it, and words' ends are read in the text itself."""
    if subject.isascii():  # most of the corpus's text
        return subject
    if _FOLDED_BEYOND_LATIN1.search(subject):
        return None
    return subject.encode("latin-1", "replace").translate(_LATIN1_FOLD).decode("latin-1")


_MARK = re.compile(r"</?mark>")


def snippet_text(html_snippet: str) -> str:
    """A :func:`snippet` as plain text: its marks dropped, its text unescaped."""
    return inert(html.unescape(_MARK.sub("", html_snippet)))


def snippet(text: str, spans: list[tuple[int, int]]) -> str:
    """A window of ``text`` around the most matched words (``spans``), in ``<mark>``."""
    if not text:
        return ""
    if not spans:
        cut = text[:SNIPPET_CHARS]
        return html.escape(cut + ("…" if len(text) > SNIPPET_CHARS else ""))
    best_start, best_count = spans[0][0], 0
    j = 0
    for i, (start, _end) in enumerate(spans):
        while spans[j][1] < start - SNIPPET_CHARS:
            j += 1
        if i - j + 1 > best_count:
            best_count, best_start = i - j + 1, spans[j][0]
    begin = max(0, best_start - 40)
    while begin > 0 and not text[begin - 1].isspace() and best_start - begin < 60:
        begin -= 1
    end = min(len(text), begin + SNIPPET_CHARS)
    out = ["…" if begin > 0 else ""]
    at = begin
    for start, stop in spans:
        if start < begin or stop > end:
            continue
        out += [html.escape(text[at:start]), "<mark>", html.escape(text[start:stop]), "</mark>"]
        at = stop
    out += [html.escape(text[at:end]), "…" if end < len(text) else ""]
    return "".join(out)
