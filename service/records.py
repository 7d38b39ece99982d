"""The typed records every stage shares, each with one JSON form.

``as_dict()`` is the only way a record becomes JSON (the API, the index store
and the tests all use it); ``from_dict()`` reads it back from the index store.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .jsonform import loader, plain

T = TypeVar("T")


class Record:
    """Mixin: JSON form of a frozen dataclass, and back."""

    def as_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = plain(self)
        return found

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        load = loader(cls)
        assert load is not None  # a record's is never the identity
        return typing.cast(T, load(data))


@dataclass(frozen=True, slots=True)
class Problem(Record):
    """Something wrong in the content: ``path:line: message``."""

    path: str
    line: int
    message: str
    level: str = "error"  # "error": the file was not ingested; "warning": ingested anyway

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class FindingSummary(Record):
    """A quality finding on a translation, in short: what its readers and clients are told
    (``quality.findings.Finding.summary``; the whole finding is in the quality report)."""

    id: str
    kind: str  # what was compared: idempotency, numbers, fields, … (more may come)
    severity: str  # fact, missing, stale, cosmetic
    method: str | None  # the HTTP method, for a method entry's fact
    message: str  # what is wrong, in English
    source: str  # what the source says there, cut short; "" where it says nothing
    translation: str  # what the translation says there, cut short


@dataclass(frozen=True, slots=True)
class TranslationStatus(Record):
    machine_translated: bool = False
    human_translated_percent: int | None = None
    source_commit: str | None = None
    source_wordcount: int | None = None
    outdated: bool | None = None
    findings: tuple[str, ...] = ()
    finding_summaries: tuple[FindingSummary, ...] = ()  # of the same findings, in their order


@dataclass(frozen=True, slots=True)
class Section(Record):
    heading: str
    anchor: str
    level: int
    text: str
    html: str
    line: int = 0  # the file line it starts on (its heading's), 0 where unknown


@dataclass(frozen=True, slots=True)
class MethodEntry(Record):
    """One ``**[!UICONTROL METHOD]**: …`` entry, as one document words it."""

    method: str
    line: int
    summary: str
    description: str
    description_html: str
    success_status: tuple[int, ...]
    idempotent: bool | None
    availability: str | None
    caution: str | None
    sentences: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Field(Record):
    """One row of a module's field table (or of its "Create a connection" table).

    ``field_id`` is the slug of the source-language label (a translation gets the
    source's by the join); ``group`` names the field group the row sits in
    ("Capping fields", a heading below the module's), None for the module's own
    table: field groups are kept flat, in document order, so that rows join across
    translations by their order alone.
    """

    label: str
    field_id: str
    help: str  # plain text
    help_html: str  # sanitized
    notes: tuple[str, ...] = ()  # "(JWT only)": parentheses beside the label's UI control
    links: tuple[str, ...] = ()  # repo paths of linked articles, other URLs as written
    line: int = 0  # file line of the label's cell
    group: str | None = None


@dataclass(frozen=True, slots=True)
class Module(Record):
    """One module of an app article: a heading (or a collapsible) and its field table."""

    module_id: str  # "{app_id}.{module slug}", from the source-language name
    name: str
    group: str | None  # the heading the module sits under ("Actions", "Triggers"), if any
    anchor: str  # its heading's Section.anchor (a +++ block's: the heading it sits under)
    description: str  # the paragraph under its heading, plain text
    fields: tuple[Field, ...] = ()
    line: int = 0  # file line of its heading
    findings: tuple[str, ...] = ()  # ids of the quality findings on it (a translation's)

    def field(self, field_id: str) -> Field | None:
        return next((f for f in self.fields if f.field_id == field_id), None)


@dataclass(frozen=True, slots=True)
class App(Record):
    """An app article's modules and fields, as one document words them."""

    app_id: str  # slug of the source article's file name ("airtable")
    title: str
    exl_id: str | None
    path: str
    locale: str
    modules: tuple[Module, ...] = ()
    connection_fields: tuple[Field, ...] = ()  # the "Create a connection" section's table

    def module(self, module_id: str) -> Module | None:
        return next((m for m in self.modules if m.module_id == module_id), None)

    @property
    def field_count(self) -> int:
        """How many field rows its modules have."""
        return sum(len(m.fields) for m in self.modules)


@dataclass(frozen=True, slots=True)
class Document(Record):
    doc_id: str
    locale: str
    path: str
    title: str
    description: str
    sections: tuple[Section, ...]
    front_matter: dict[str, Any]
    translation: TranslationStatus
    exl_id: str | None = None
    content_hash: str = ""
    links: tuple[str, ...] = ()  # repo paths of the articles its Markdown links name
    # (repo path, file line) of every link to an article (Markdown and raw HTML), in order:
    # the join reports the ones whose article is not in the content
    link_lines: tuple[tuple[str, int], ...] = ()
    labels: int = 0
    word_count: int = 0
    linked_words: int = 0  # of word_count, in the text of links (a contents page: most)
    methods: tuple[MethodEntry, ...] = ()
    exl_line: int = 0  # file line of the exl-id key, for problems
    app: App | None = None  # an app article's modules and fields (ingest.fields)

    @property
    def text(self) -> str:
        """The plain text of the whole document (its sections')."""
        return "\n\n".join(s.text for s in self.sections if s.text)

    @property
    def url(self) -> str:
        return doc_url(self.locale, self.doc_id)


def doc_url(locale: str, doc_id: str) -> str:
    return f"/{locale}/docs/{doc_id}"


@dataclass(frozen=True, slots=True)
class SourceRef(Record):
    doc_id: str
    path: str
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class SpecFacts(Record):
    """What RFC 9110 says of a method, whatever the docs say."""

    safe: bool
    idempotent: bool
    cacheable: bool


@dataclass(frozen=True, slots=True)
class MethodRecord(Record):
    method: str
    locale: str
    summary: str
    description: str
    description_html: str
    success_status: tuple[int, ...]
    idempotent: bool | None
    availability: str | None
    caution: str | None
    spec: SpecFacts
    source: SourceRef
    translation: TranslationStatus = field(default_factory=TranslationStatus)


@dataclass(frozen=True, slots=True)
class TocNode(Record):
    """One entry of a guide's table of contents: an article (``path``), a section
    (``anchor`` and ``children``), or an article that heads a section (both)."""

    title: str  # plain text, as the guide's writers (or translators) put it
    path: str | None = None  # the article's path in its locale folder, "/"-separated
    anchor: str | None = None  # a section's ``{#anchor}`` (unique in its tree)
    doc_id: str | None = None  # the article, as the ingest found it by its path
    hidden: bool = False  # ``{hide-from-toc}``: in breadcrumbs, not in lists
    line: int = 0  # file line of the entry, for problems
    children: tuple[TocNode, ...] = ()


@dataclass(frozen=True, slots=True)
class Toc(Record):
    """A language's navigation: its guide's ``TOC.md`` read as a tree, or, where the
    content has none, its folders."""

    locale: str
    path: str  # the TOC.md's path in the locale folder; "" for a tree of folders
    title: str  # the guide's title (``user-guide-title``); "" for folders
    nodes: tuple[TocNode, ...] = ()
