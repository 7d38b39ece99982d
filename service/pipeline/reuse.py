"""Translations compared again only where something changed (a one-file ingest).

Comparing every translation with its source is most of an ingest of one
changed file (its first pass pairs every block of the corpus). A build keeps,
per article, what its comparison found and depended on (:class:`Kept`, in the
document store); the next ingest compares again only:

- the articles whose joined documents differ (their key: a digest of the
  ``repr`` of the source and every translation, as joined, links resolved,
  and of the source sections changed since each translation, from the
  history), and
- the articles whose label finding reads a UI label whose uses changed in the
  glossary (the one thing an article's findings take from the others: how
  *every* article of a language writes a label; each article keeps the
  labels it looks up).

The others' findings, and what they taught the glossary, are the kept ones.
The result is what comparing them all gives (``tests/pipeline/test_reuse.py``
holds the two equal); when more than :data:`AGAIN_UP_TO` of the articles
would be compared again, or nothing is kept, all are compared, in processes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import msgspec

from service.ingest.join import Joined
from service.quality.findings import Finding
from service.quality.glossary import Counts, Glossary
from service.records import Document

from .comparing import Changed, Comparers, compare_articles
from .packing import packed

AGAIN_UP_TO = 0.25  # share of the articles compared again here, in one process; more: all


@dataclass(frozen=True, slots=True)
class Kept:
    """One article's comparison, as a build keeps it for the next."""

    key: str
    taught: Counts  # what it taught the glossary
    uses: frozenset[tuple[str, str]]  # the (language, label) its label finding looks up
    findings: tuple[Finding, ...]  # in the order its comparison found them
    # its row as the live build's store has it (kept as it is: at 20x, dumping every
    # article's comparison again was a tenth of a one-file ingest); "" for a new one
    row: str = field(default="", compare=False, repr=False)

    def dump(self) -> str:
        if self.row:
            return self.row
        return json.dumps(
            {
                "taught": self.taught,
                "uses": sorted(self.uses),
                "findings": [f.as_dict() for f in self.findings],
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @classmethod
    def load(cls, key: str, data: str) -> Kept:
        # msgspec decodes the row straight into the records (json.loads and from_dict
        # of every kept article's findings took a tenth of a one-file ingest at 20x)
        got = _ROW.decode(data)
        return cls(key, got.taught, frozenset(got.uses), got.findings, data)


@dataclass(frozen=True, slots=True)
class _Row:
    """A kept comparison's row (:meth:`Kept.dump`), as msgspec decodes it."""

    taught: Counts
    uses: tuple[tuple[str, str], ...]
    findings: tuple[Finding, ...]


_ROW = msgspec.json.Decoder(_Row)


@dataclass(slots=True)
class Comparisons:
    """Every article's comparison, and the glossary they make together."""

    articles: dict[str, Kept] = field(default_factory=dict)
    glossary: Counts = field(default_factory=dict)

    def rows(self) -> Iterable[tuple[str, str, str]]:
        """(article, key, data) for the document store."""
        return ((a, kept.key, kept.dump()) for a, kept in self.articles.items())

    @classmethod
    def load(cls, rows: Mapping[str, tuple[str, str]], glossary: str | None) -> Comparisons | None:
        """From the store's rows (:func:`service.index.rows.read_reusable`); None when the
        build kept none (or they cannot be read: all are compared)."""
        if glossary is None:
            return None
        try:
            articles = {a: Kept.load(key, data) for a, (key, data) in rows.items()}
            return cls(articles, json.loads(glossary))
        except (ValueError, KeyError, TypeError):
            return None


def key_of(by_locale: Mapping[str, Document], changed: Changed) -> str:
    """What an article's comparison depends on, but the glossary: its documents as joined,
    and the sections of its source changed since each translation."""
    h = hashlib.blake2b(digest_size=16)
    for _locale, doc in sorted(by_locale.items()):
        h.update(packed(doc))  # all its fields (repr took 6x as long)
        h.update(repr(sorted(changed.get((doc.locale, doc.path), {}).items())).encode())
    return h.hexdigest()


def moved(before: Counts, now: Counts) -> set[tuple[str, str]]:
    """The (language, label) whose uses differ between two glossaries."""
    found: set[tuple[str, str]] = set()
    for lang in before.keys() | now.keys():
        old, new = before.get(lang, {}), now.get(lang, {})
        found.update(
            (lang, label) for label in old.keys() | new.keys() if old.get(label) != new.get(label)
        )
    return found


class Reusing:
    """A :data:`service.quality.report.Comparing` that compares again only what changed
    since ``kept``; what it made for the next build is :attr:`made`."""

    def __init__(self, kept: Comparisons | None, jobs: int, pool: Comparers | None = None) -> None:
        self.kept = kept
        self.jobs = jobs
        self.pool = pool  # the processes to compare all in (``comparing.Comparers``), if made
        self.made = Comparisons()
        self.again = 0  # articles compared this time
        self.fresh: set[str] = set()  # which

    def __call__(self, joined: Joined, source_locale: str, changed: Changed) -> list[Finding]:
        old = self.kept.articles if self.kept is not None else {}
        keys = {  # an article kept as the live build joined it: its key as it was
            a: old[a].key if a in joined.unchanged and a in old else key_of(by_locale, changed)
            for a, by_locale in joined.articles.items()
            if source_locale in by_locale and len(by_locale) > 1
        }
        todo = [a for a, key in keys.items() if a not in old or old[a].key != key]
        most = AGAIN_UP_TO * len(keys)
        again: list[str] | None = None  # None: all
        if self.kept is not None and len(todo) <= most:
            again = todo
            known = _taught(old, (a for a in keys if a not in todo))
            done = compare_articles(joined, source_locale, changed, again, known, 1)
            shifted = moved(self.kept.glossary, done.glossary)
            stale = [a for a in keys if a not in todo and old[a].uses & shifted]
            if stale and len(todo) + len(stale) <= most:  # their findings read changed labels
                again = [a for a in keys if a in set(todo) | set(stale)]
                known = _taught(old, (a for a in keys if a not in again))
                done = compare_articles(joined, source_locale, changed, again, known, 1)
            elif stale:
                again = None
        if again is None:
            done = compare_articles(joined, source_locale, changed, None, {}, self.jobs, self.pool)
        fresh = set(keys) if again is None else set(again)
        found: dict[str, list[Finding]] = {a: [] for a in fresh}
        for f in done.findings:
            found[f.article].append(f)
        for a, key in keys.items():
            if a in fresh:
                taught, uses = done.taught[a]
                self.made.articles[a] = Kept(key, taught, uses, tuple(found[a]))
            else:
                self.made.articles[a] = old[a]
        self.made.glossary = done.glossary
        self.again, self.fresh = len(fresh), fresh
        return [f for a in keys for f in self.made.articles[a].findings]


def _taught(old: Mapping[str, Kept], articles: Iterable[str]) -> Counts:
    glossary = Glossary()
    for a in articles:
        glossary.merge(old[a].taught)
    return glossary.counts()
