"""Per-language text analysis for the index and for queries.

Each language gets its Snowball stemmer and stop words where Whoosh has
them, with accent folding *before* the stemmer so that ``methode requete``
and ``méthode de requête`` meet. HTTP method names and status codes are
never dropped nor stemmed: they are exact tokens in every language.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache, lru_cache

from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.lang import has_stemmer, has_stopwords, stemmer_for_language, stopwords_for_language
from whoosh.support.charset import accent_map

from service.ingest.methods import KNOWN

PROTECTED = frozenset(m.lower() for m in KNOWN)
TOKEN = re.compile(r"\w+", re.UNICODE)


@cache
def analyzer_for(lang: str) -> Analyzer:
    chain = RegexTokenizer(TOKEN) | LowercaseFilter()
    if has_stopwords(lang):
        chain = chain | StopFilter(
            stoplist=set(stopwords_for_language(lang)) - PROTECTED, minsize=1
        )
    chain = chain | CharsetFilter(accent_map)
    if has_stemmer(lang):
        chain = chain | StemFilter(stemfn=stemmer(lang), ignore=PROTECTED, cachesize=100_000)
    return chain


@lru_cache(maxsize=200_000)
def stems_of(lang: str, word: str) -> frozenset[str]:
    """The stems of one word as written, in ``lang`` (a word of ``TOKEN``: one at most;
    none for a stop word). One bounded cache per process: ingest's word maps and
    search's snippets stem the same words again and again."""
    return frozenset(t.text for t in analyzer_for(lang)(word))


# Languages whose Snowball stemmer is applied until the stem no longer changes: the
# Swedish one takes one suffix off a word and another off its plural, so that a word
# and its inflections part ("licens" → lic, "licenser" → licens → lic).
TO_A_FIXED_POINT = frozenset({"sv"})


def stemmer(lang: str) -> Callable[[str], str]:
    """``lang``'s Snowball stemmer (applied to a fixed point where ``TO_A_FIXED_POINT``)."""
    return FixedPoint(lang) if lang in TO_A_FIXED_POINT else stemmer_for_language(lang)


@cache
def _snowball(lang: str) -> Callable[[str], str]:
    found: Callable[[str], str] = stemmer_for_language(lang)  # a new stemmer each call
    return found


class FixedPoint:
    """A Snowball stemmer applied until the stem stops changing (picklable: Whoosh keeps
    the analyser in the index's schema)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, word: str) -> str:
        once = _snowball(self.lang)
        shorter = once(word)
        while shorter != word:
            word, shorter = shorter, once(shorter)
        return word


def _fold_table() -> dict[int, str]:
    """Accented letter → base letter, one character for one (positions stay aligned)."""
    table = {}
    for code in range(0xC0, 0x250):
        base = "".join(
            c for c in unicodedata.normalize("NFKD", chr(code)) if not unicodedata.combining(c)
        )
        if len(base) == 1 and base != chr(code):
            table[code] = base
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Lower case without accents, same length: what vocabulary and snippets compare."""
    return text.lower().translate(_FOLD)


def _variants() -> dict[str, str]:
    """Base letter → the lower-case letters that fold to it."""
    found: dict[str, str] = {}
    for code in _FOLD:
        letter = chr(code)
        if letter.lower() == letter:
            base = fold(letter)
            found[base] = found.get(base, "") + letter
    return found


_VARIANTS = _variants()
_LATIN1 = {base: "".join(c for c in more if c <= "\xff") for base, more in _VARIANTS.items()}


def beyond_latin1_variants() -> str:
    """The lower-case letters past Latin-1 that ``fold`` turns into another."""
    return "".join(sorted({c for more in _VARIANTS.values() for c in more if c > "\xff"}))


def prefix_pattern(prefixes: Iterable[str], letters: str = "any") -> str:
    """A regular expression matching, in lower-case text, the words whose ``fold``
    starts with one of ``prefixes`` (search the text itself, no folded copy).

    It starts with a character class of every first letter, so that ``re`` skips
    ahead in C to where a match may start; each branch then checks its own first
    letter looking back. The caller checks that a match starts a word (a ``\\b``
    in front would turn that skipping off). With ``letters="latin-1"`` the
    pattern knows only the accented letters of Latin-1: enough for text without
    others, and much quicker for ``re`` to compile.
    """
    variants = _LATIN1 if letters == "latin-1" else _VARIANTS

    def letter(c: str) -> str:
        return f"[{re.escape(c + variants[c])}]" if variants.get(c) else re.escape(c)

    found = sorted({p for p in prefixes if p})
    firsts = "".join(sorted({c for p in found for c in p[0] + variants.get(p[0], "")}))
    branches = "|".join(f"(?<={letter(p[0])}){''.join(map(letter, p[1:]))}" for p in found)
    return f"[{re.escape(firsts)}](?:{branches})\\w*"


def words(text: str) -> list[str]:
    """The folded words of ``text`` (folding keeps word characters word characters)."""
    return TOKEN.findall(fold(text))
