"""Quality findings: one typed record per thing wrong with a translation.

A finding names the translation (locale, article, path), what is compared
(kind, method, field), what the source says and what the translation says
(quoted), and how bad it is. Its id is a hash of what it is about, never of
what it says, so the same problem keeps its id from one build to the next.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Literal, NotRequired, TypedDict, Unpack, get_args

from service.ingest.sanitize import inert
from service.records import Document, FindingSummary, Record

# Worst first: a translation that says something else, one that lacks
# something, one that is behind its source, one whose form differs.
Severity = Literal["fact", "missing", "stale", "cosmetic"]
SEVERITIES: tuple[Severity, ...] = get_args(Severity)
RANK: dict[str, int] = {name: n for n, name in enumerate(SEVERITIES)}

QUOTE_MAX = 240  # characters of a quoted sentence
SHORT_MAX = 120  # characters of a quote in a finding's summary (a page's notice, a record)


def finding_id(kind: str, article: str, locale: str, method: str | None, field: str) -> str:
    """``q-`` and 10 hex digits of what the finding is about."""
    key = f"{kind}\x1f{article}\x1f{locale}\x1f{method or ''}\x1f{field}"
    return "q-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]


def severity_of(lacking: bool, extra: bool) -> Severity:
    """Something replaced: fact; only lacking: missing; only more: cosmetic."""
    return "fact" if lacking and extra else "missing" if lacking else "cosmetic"


def at_least(severity: str, threshold: str) -> bool:
    """True if ``severity`` is ``threshold`` or worse."""
    return RANK[severity] <= RANK[threshold]


def quote(text: str | None, around: int | None = None) -> str:
    """A sentence cut to :data:`QUOTE_MAX` characters (around position ``around``)."""
    if not text:
        return ""
    text = " ".join(text.split())
    if len(text) <= QUOTE_MAX:
        return text
    if around is None:
        return text[: QUOTE_MAX - 1].rstrip() + "…"
    start = max(0, min(around - QUOTE_MAX // 2, len(text) - QUOTE_MAX + 2))
    piece = text[start : start + QUOTE_MAX - 2].strip()
    return ("…" if start > 0 else "") + piece + ("…" if start + QUOTE_MAX - 2 < len(text) else "")


def short(text: str, focus: tuple[str, ...] = ()) -> str:
    """``text`` cut to :data:`SHORT_MAX` characters (ellipses included) at word ends,
    around the first of ``focus`` it has as a whole word (a compared value, the
    method), else from its start; the focus is never cut."""
    if len(text) <= SHORT_MAX:
        return text
    at, until = next((span for term in focus if term and (span := _at(text, term))), (0, 0))
    start = max(0, min(at - SHORT_MAX // 3, len(text) - (SHORT_MAX - 1)))
    if start > 0:  # begin at a word (before the focus) unless that loses much
        space = text.find(" ", start - 1, min(at, start + 20))
        start = space + 1 if space >= 0 else start
    if start == 0:
        end = SHORT_MAX - 1
    elif len(text) - start <= SHORT_MAX - 1:
        end = len(text)
    else:
        end = start + SHORT_MAX - 2
    if end < len(text):  # end at a word (after the focus) unless that loses much
        space = text.rfind(" ", max(until, end - 20), end + 1)
        end = space if space >= 0 else end
    piece = text[start:end].strip()
    return ("…" if start > 0 else "") + piece + ("…" if end < len(text) else "")


def _at(text: str, term: str) -> tuple[int, int] | None:
    r"""Where ``term`` is in ``text`` as a whole word (not 13 in 2013), if it is: what
    ``(?<!\w)term(?!\w)`` finds (``str.isalnum`` is ``\w``'s test, but ``_``), without
    compiling a pattern per term (the terms are the findings' values: at 20× the corpus,
    23,000 patterns, a tenth of a one-file ingest)."""
    start = text.find(term)
    while start >= 0:
        end = start + len(term)
        if not (start and _word(text[start - 1])) and not (end < len(text) and _word(text[end])):
            return start, end
        start = text.find(term, start + 1)
    return None


def _word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _terms(value: Any) -> tuple[str, ...]:
    """The compared values a quote may be cut around: strings and numbers (not booleans)."""
    values = value if isinstance(value, (list, tuple)) else [value]
    return tuple(
        str(v) for v in values if isinstance(v, (str, int, float)) and not isinstance(v, bool)
    )


def _inert(value: Any) -> Any:
    """A JSON value whose strings stay text when set as HTML (:func:`inert`): findings
    quote the docs' words, which may spell markup."""
    if isinstance(value, str):
        return inert(value)
    if isinstance(value, list):
        return [_inert(v) for v in value]
    return value


def _cap(text: str) -> str:
    """Quotes joined by " … " stay under twice :data:`QUOTE_MAX`; one quote is cut to it."""
    if " … " not in text:
        return quote(text)
    text = " ".join(text.split())
    return text if len(text) <= 2 * QUOTE_MAX else text[: 2 * QUOTE_MAX - 1].rstrip() + "…"


Change = Literal["facts", "wording"]  # what a source change is: see ``quality.changes``


@dataclass(frozen=True, slots=True)
class SectionChange(Record):
    """How one section of a source article changed since a translation was made from it."""

    heading: str  # the section's heading now (then, if it is gone); "" before the first
    anchor: str
    status: Literal["changed", "added", "removed"]
    change: Change  # facts: high severity; wording: low
    what: tuple[str, ...]  # what changed: "numbers", "links", "list items", "wording", …
    diff: str  # the words that changed, as git's --word-diff writes them
    diff_html: str  # the same with <del> and <ins>, built from escaped text


@dataclass(frozen=True, slots=True)
class SourceDiff(Record):
    """What changed in a translation's source since its commit (from the git history)."""

    commit: str  # the translation's source commit, in full
    old_path: str  # the source's path at that commit (renames followed)
    behind: int  # commits since that changed what is translated
    commits: tuple[str, ...]  # those commits, newest first
    change: Change  # the worst of its sections'
    sections: tuple[SectionChange, ...]
    metadata: tuple[str, ...] = ()  # front matter keys that changed too (not translated)


class Said(TypedDict):
    """What a finding says, whoever it is on (``Finding.make``, ``Finding.on``)."""

    kind: str  # what was compared
    severity: Severity
    article: str
    field: str
    message: str
    method: NotRequired[str | None]
    source: NotRequired[str]  # quoted; "" where it says nothing
    translation: NotRequired[str]
    source_value: NotRequired[Any]
    translation_value: NotRequired[Any]
    diff: NotRequired[SourceDiff | None]


@dataclass(frozen=True, slots=True)
class Finding(Record):
    id: str
    kind: str  # what was compared: idempotency, status, methods, numbers, links, …
    severity: Severity
    locale: str  # the translation's locale
    article: str  # the article's id (its exl-id, or a path id)
    path: str  # the translation's path (the source's, for a missing translation)
    method: str | None  # the HTTP method, for method facts
    field: str  # what of the article: "idempotent", "status", "numbers:<anchor>", …
    message: str  # what is wrong, in English
    source: str  # what the source says (quoted), "" where it says nothing
    translation: str  # what the translation says (quoted), "" where it says nothing
    source_value: Any = None  # the compared facts, as JSON values
    translation_value: Any = None
    outdated: bool | None = None  # the translation's freshness, for context
    diff: SourceDiff | None = None  # for ``outdated`` from git: the source's changes since

    @classmethod
    def make(
        cls, *, locale: str, path: str, outdated: bool | None = None, **said: Unpack[Said]
    ) -> Finding:
        """A finding on the ``locale`` translation at ``path``: its id from what it is about,
        its quotes cut to size."""
        method = said.get("method")
        return cls(
            id=finding_id(said["kind"], said["article"], locale, method, said["field"]),
            kind=said["kind"],
            severity=said["severity"],
            locale=locale,
            article=said["article"],
            path=path,
            method=method,
            field=said["field"],
            message=inert(said["message"]),
            source=inert(_cap(said.get("source", ""))),
            translation=inert(_cap(said.get("translation", ""))),
            source_value=_inert(said.get("source_value")),
            translation_value=_inert(said.get("translation_value")),
            outdated=outdated,
            diff=said.get("diff"),
        )

    @classmethod
    def on(cls, doc: Document, **said: Unpack[Said]) -> Finding:
        """A finding on the translation ``doc`` (its locale, path and freshness)."""
        return cls.make(locale=doc.locale, path=doc.path, outdated=doc.translation.outdated, **said)

    def summary(self) -> FindingSummary:
        """The finding in short, as a translation's record carries it: its quotes cut to
        :data:`SHORT_MAX` around what was compared (a value, else the method)."""
        method = (self.method,) if self.method else ()
        return FindingSummary(
            id=self.id,
            kind=self.kind,
            severity=self.severity,
            method=self.method,
            message=self.message,
            source=short(self.source, _terms(self.source_value) + method),
            translation=short(self.translation, _terms(self.translation_value) + method),
        )

    def sort_key(self) -> tuple[int, str, str, str, str, str]:
        return (
            RANK[self.severity],
            self.locale,
            self.path,
            self.method or "",
            self.kind,
            self.field,
        )
