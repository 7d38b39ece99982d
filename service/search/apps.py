"""Which app a query names: a task with an app ("post a message to a Slack
channel", "créer une tâche dans Workfront") is most often answered by that app's
modules article, which longer articles that only mention the app outrank.

An app is named by the distinctive words of its title as the source language
writes it (app names are not translated), compared as English stems in every
language: its title without "modules" and without its vendor's word (a first
word that begins at least ``VENDOR`` app titles: Adobe, Google, Microsoft).
Many names are ordinary words too ("Tools", "Teams", "Forms"), so the query
must write one of the name's words with a capital, as names are written, or
say the vendor ("google forms"). The longest name the query has wins
("Workfront Planning" over "Workfront"). A word next to one of the product's
own words (the capitalised words of the guide's title that are in no app's
name: "Workfront *Fusion*") is the product's name, not an app's. Every
version of the named apps' articles has its score multiplied by ``APP_BOOST``
(``Lift``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from service.index.analysis import analyzer_for, fold

VENDOR = 3  # app titles a first word must begin to be a vendor's, not a name
APP_BOOST = 1.5  # the score factor of the articles of an app the query names
_SUFFIX = re.compile(r"\s+(?:modules?|connectors?|apps?)\b", re.IGNORECASE)
_NAMES_LANG = "en"  # app names are English product names in every language
_START = 3  # letters of a word its English stem always starts with


@lru_cache(maxsize=4096)
def stems(text: str) -> tuple[str, ...]:
    """``text``'s words as app names are compared: English stems, accents folded
    (a query's words are looked up again on every search: remembered)."""
    return tuple(t.text for t in analyzer_for(_NAMES_LANG)(text))


@dataclass(frozen=True, slots=True)
class Name:
    words: frozenset[str]  # the distinctive words' stems
    vendor: str  # the vendor word's stem, or ""
    doc_id: str  # the app's article


@dataclass(frozen=True, slots=True)
class AppNames:
    """The apps' names, and the product's own words, of one build."""

    names: tuple[Name, ...] = ()
    product: frozenset[str] = frozenset()  # stems
    by_word: dict[str, tuple[Name, ...]] = field(default_factory=dict)  # stem → names with it
    # the first letters of every name's, vendor's and the product's stems: a query word that
    # starts otherwise is none of them, and is not stemmed (most words of most queries)
    starts: frozenset[str] = frozenset()

    @classmethod
    def of(cls, apps: Iterable[tuple[str, str]], guide_title: str = "") -> AppNames:
        """From (doc_id, title) of each app article and the guide's title."""
        titled = [(doc_id, stems(_SUFFIX.sub("", title))) for doc_id, title in apps]
        firsts = Counter(words[0] for _d, words in titled if len(words) > 1)
        names = []
        for doc_id, words in titled:
            vendor = words[0] if len(words) > 1 and firsts[words[0]] >= VENDOR else ""
            distinct = frozenset(words[1:] if vendor else words)
            if distinct:
                names.append(Name(distinct, vendor, doc_id))
        vendors = {n.vendor for n in names}
        known = {w for n in names for w in n.words} | vendors
        capitalised = " ".join(w for w in guide_title.split() if w[:1].isupper())
        by_word: dict[str, list[Name]] = {}
        for name in names:
            for word in name.words:
                by_word.setdefault(word, []).append(name)
        product = frozenset(stems(capitalised)) - known
        return cls(
            tuple(names),
            product,
            {w: tuple(each) for w, each in by_word.items()},
            frozenset(w[:_START] for w in (*by_word, *vendors, *product) if w),
        )

    def named(self, words: tuple[str, ...]) -> frozenset[str]:
        """The doc ids of the apps ``words`` (a query's words, as typed) name: those of
        the longest name in the query."""
        said = [
            (s[0] if len(s) == 1 else "", w[:1].isupper())
            for w in words
            if (s := stems(w) if fold(w)[:_START] in self.starts else ("",))
        ]
        product = {
            n
            for n, (stem, _c) in enumerate(said)
            if any(0 <= m < len(said) and said[m][0] in self.product for m in (n - 1, n + 1))
        }
        query = {stem for n, (stem, _c) in enumerate(said) if stem and n not in product}
        capital = {stem for n, (stem, c) in enumerate(said) if c and n not in product}
        found = [
            (len(name.words), name.doc_id)
            for name in {n for stem in query for n in self.by_word.get(stem, ())}
            if name.words <= query and (name.words & capital or name.vendor in query)
        ]
        longest = max((n for n, _d in found), default=0)
        return frozenset(doc_id for n, doc_id in found if n == longest)


@dataclass(frozen=True, slots=True)
class Lift:
    """The score factors of the articles of the apps a query names, by index key."""

    names: AppNames = AppNames()
    # doc id → its versions' index keys; asked only for the apps a query names (a table
    # of every article's was a tenth of a 20× build's opening)
    versions: Callable[[str], tuple[str, ...]] = lambda _doc_id: ()  # none known

    def factors(self, words: tuple[str, ...]) -> dict[str, float]:
        """Index key (``locale|path``) → factor, for a query's ``words``."""
        named = self.names.named(words)
        return {key: APP_BOOST for doc_id in named for key in self.versions(doc_id)}
