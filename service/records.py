"""The typed records every stage shares, each with one JSON form.

``as_dict()`` is the only way a record becomes JSON (the API, the index store
and the tests all use it); ``from_dict()`` reads it back from the index store.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from typing import Any, TypeVar, Union

T = TypeVar("T")


class Record:
    """Mixin: JSON form of a frozen dataclass, and back."""

    def as_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = _plain(self)
        return found

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        return typing.cast(T, _load(cls, data))


_NAMES: dict[type, tuple[str, ...]] = {}


def _names(cls: type) -> tuple[str, ...]:
    found = _NAMES.get(cls)
    if found is None:
        found = _NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return found


def _plain(value: Any) -> Any:
    """``dataclasses.asdict`` for these records, without its deep copies (ingest
    writes every document this way, so its cost counts)."""
    if isinstance(value, Record):
        return {name: _plain(getattr(value, name)) for name in _names(type(value))}
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _load(tp: Any, value: Any) -> Any:
    origin = typing.get_origin(tp)
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        hints = typing.get_type_hints(tp)
        return tp(
            **{
                f.name: _load(hints[f.name], value[f.name])
                for f in dataclasses.fields(tp)
                if f.name in value
            }
        )
    if origin in (Union, types.UnionType):
        if value is None:
            return None
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        return _load(inner[0], value) if len(inner) == 1 else value
    if origin is tuple:
        args = typing.get_args(tp)
        return tuple(_load(args[0], v) for v in value)
    return value


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
class TranslationStatus(Record):
    machine_translated: bool = False
    human_translated_percent: int | None = None
    source_commit: str | None = None
    source_wordcount: int | None = None
    outdated: bool | None = None
    findings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Section(Record):
    heading: str
    anchor: str
    level: int
    text: str
    html: str


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
    links: tuple[str, ...] = ()
    labels: int = 0
    word_count: int = 0
    methods: tuple[MethodEntry, ...] = ()
    exl_line: int = 0  # file line of the exl-id key, for problems

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
