"""The JSON contract for the OpenAPI schema, derived from the records themselves.

A response is made from the records' one JSON form (``Record.as_dict()``)
plus the negotiation fields; these models are that form read off the record
dataclasses (:func:`model_of`), so a field added to a record is in the
schema at once and no model re-declares one. Only the shapes that exist
for the API alone (lists, search pages, health) are written out here. A
test holds every response to the schema FastAPI serves (``schemathesis``).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Iterable
from typing import Any, Union

from pydantic import BaseModel, Field, create_model

from service.index.catalog import Entry
from service.records import (
    FindingSummary,
    MethodRecord,
    Section,
    SourceRef,
    SpecFacts,
    TranslationStatus,
)

_MODELS: dict[type, type[BaseModel]] = {}  # record → its model, for nested records


def _api_type(tp: Any) -> Any:
    """A record field's type as the API writes it: nested records as their models."""
    origin = typing.get_origin(tp)
    if isinstance(tp, type) and tp in _MODELS:
        return _MODELS[tp]
    if origin is tuple:
        return list[_api_type(typing.get_args(tp)[0])]  # type: ignore[misc]
    if origin in (Union, types.UnionType):
        return Union[tuple(_api_type(a) for a in typing.get_args(tp))]  # noqa: UP007
    return tp


def model_of(
    name: str,
    record: type,
    *,
    base: type[BaseModel] = BaseModel,
    skip: Iterable[str] = (),
    only: Iterable[str] | None = None,
    extra: dict[str, Any] | None = None,
    docs: dict[str, str] | None = None,
) -> type[BaseModel]:
    """The model of ``record``'s JSON form (every field, or ``only`` these, less
    ``skip``), plus ``extra`` fields; ``docs`` describes fields."""
    hints = typing.get_type_hints(record)
    wanted = set(only) if only is not None else None
    fields: dict[str, Any] = {}
    for f in dataclasses.fields(record):
        if f.name in set(skip) or (wanted is not None and f.name not in wanted):
            continue
        fields[f.name] = (_api_type(hints[f.name]), Field(description=(docs or {}).get(f.name)))
    for key, tp in (extra or {}).items():
        fields[key] = (tp, Field(description=(docs or {}).get(key)))
    model: type[BaseModel] = create_model(name, __base__=base, **fields)
    if only is None and not skip and not extra and base is BaseModel:  # the record itself
        _MODELS.setdefault(record, model)
    return model


def answers(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """An operation's answers besides 200, for its OpenAPI entry: 304 (no body) for a
    cacheable one, and its problem+json errors (``web.contract`` completes them)."""
    return {
        status: {"description": "Not Modified"}
        if status == 304
        else {"model": Problem, "content": {"application/problem+json": {}}}
        for status in statuses
    }


class Negotiated(BaseModel):
    locale: str = Field(description="Language served, e.g. 'fr'.")
    requested_locale: str | None = Field(
        description="Best language the client asked for (?lang= or Accept-Language), or null."
    )
    fallback: bool = Field(description="True when the served language is not the one asked for.")


Spec = model_of("Spec", SpecFacts)
FindingSummaryOut = model_of(
    "FindingSummary",
    FindingSummary,
    docs={
        "id": "The finding's id, as in findings and /api/v1/quality (q- and 10 hex digits).",
        "kind": "What was compared: idempotency, status, numbers, links, fields, … (new kinds "
        "may appear).",
        "severity": "fact > missing > stale > cosmetic.",
        "method": "The HTTP method, for a method entry's fact; else null.",
        "message": "What is wrong, in English, in one sentence.",
        "source": "What the source says there, cut to about 120 characters around what was "
        "compared ('' where it says nothing).",
        "translation": "What the translation says there, cut the same way.",
    },
)
Source = model_of("Source", SourceRef)
Translation = model_of(
    "Translation",
    TranslationStatus,
    docs={
        "outdated": "True if the source changed since; null: unknown.",
        "findings": "Ids of quality findings on this translation.",
        "finding_summaries": "The same findings in short, in the same order: id, kind, "
        "severity, message and short quotes (the whole finding is in /api/v1/quality). "
        "Empty where an article's status is shown beside something else (a document's "
        "list of translations, module help): ask for that document.",
    },
)
MethodOut = model_of("MethodOut", MethodRecord, base=Negotiated, skip=("locale",))


class MethodsOut(Negotiated):
    methods: list[MethodOut]  # type: ignore[valid-type]


SectionOut = model_of("SectionOut", Section, skip=("text",))
TranslationLink = model_of(
    "TranslationLink", Entry, only=("locale", "title", "translation"), extra={"url": str}
)
DocOut = model_of(
    "DocOut",
    Entry,
    base=Negotiated,
    only=("doc_id", "path", "title", "description", "translation"),
    extra={
        "url": str,
        "sections": list[SectionOut],  # type: ignore[valid-type]
        "translations": list[TranslationLink],  # type: ignore[valid-type]
    },
)


class LocaleOut(BaseModel):
    code: str
    name: str
    english_name: str


class ModuleHit(BaseModel):
    module_id: str
    name: str


class FieldHit(BaseModel):
    field_id: str
    label: str


class HitOut(BaseModel):
    doc_id: str
    title: str
    locale: str
    path: str
    url: str
    anchor: str | None
    method: str | None
    snippet: str = Field(description="The words around the query's.")
    snippet_html: str = Field(description="The same words, escaped, the query's in <mark>.")
    score: float
    module: ModuleHit | None = Field(description="The module whose section the hit is in.")
    field: FieldHit | None = Field(description="Its field whose label has the query's words.")


class AnswerOut(BaseModel):
    """A method record that answers a question about what methods do."""

    method: str
    facts: dict[str, bool | list[int] | None]  # the facts asked: idempotent, safe, deletes…
    record: MethodOut  # type: ignore[valid-type]


class SearchOut(Negotiated):
    query: str
    total: int
    limit: int
    offset: int
    hits: list[HitOut]
    suggestion: str | None
    also_searched: list[str]  # other languages whose ranking was fused in
    answers: list[AnswerOut]


TEXT_RULE = (
    "Every string is one of two kinds. A `*_html` string (and a section's `html`) is "
    "sanitized HTML: an allow-list of tags and attributes (nh3), no script, style, "
    "iframe or event handler, no `javascript:` or `data:` URL; it may be set as "
    "innerHTML. Every other string is plain text, never markup: it is read from the "
    "sanitized rendering of the docs (tags dropped, entities decoded, whitespace "
    "collapsed), so 'a < b' and 'AT&T' are as written; a `<` that would open a tag, "
    "comment or declaration (followed by a letter, `/`, `!` or `?`, as when the docs "
    "write `&lt;img&gt;`) is followed by a space (`< img`). Set plain text as text "
    "(textContent); set as HTML it still makes no element."
)
PLAIN, HTML = "Plain text.", "Sanitized HTML."


def describe_text(schema: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI schema with each string property saying which kind it is (plain
    text or sanitized HTML) and the rule in the API's description."""
    info = schema.setdefault("info", {})
    info["description"] = (info.get("description", "") + "\n\n" + TEXT_RULE).strip()
    for model in schema.get("components", {}).get("schemas", {}).values():
        for name, prop in model.get("properties", {}).items():
            if _is_text(prop):
                kind = HTML if name == "html" or name.endswith("_html") else PLAIN
                prop["description"] = f"{kind} {prop.get('description', '')}".strip()
    return schema


def _is_text(prop: dict[str, Any]) -> bool:
    if prop.get("type") == "string" or prop.get("type") == "array":
        return prop.get("type") == "string" or _is_text(prop.get("items", {}))
    return any(_is_text(p) for p in prop.get("anyOf", ()))


class Health(BaseModel):
    status: str


class Refused(BaseModel):
    build: str
    reason: str


class Ready(BaseModel):
    status: str
    build: str
    created: str
    documents: int
    records: int
    locales: list[str]
    refused: Refused | None = None  # the build ``current`` names, when it is not served


class Problem(BaseModel):
    """An RFC 9457 problem, with the extensions some problems carry."""

    type: str = Field(description="URI naming the kind of problem.")
    title: str = Field(description="The kind of problem, in English.")
    status: int = Field(description="The HTTP status it was sent with.")
    detail: str = Field(description="What went wrong with this request, in English.")
    instance: str | None = Field(None, description="The path asked for, percent-encoded.")
    errors: list[str] | None = Field(
        None, description="A 400's invalid parameters, one line each ('lang: …')."
    )
    available: list[str] | None = Field(
        None, description="An invalid language's alternatives: the languages there are."
    )
    methods: list[str] | None = Field(
        None, description="An unknown method's alternatives: the methods documented."
    )
    refused: Refused | None = Field(
        None, description="A 503's build that `current` names and the server refused."
    )
    did_you_mean: list[str] | None = Field(
        None, description="An unknown app's, module's or field's nearest names."
    )
    kinds: list[str] | None = Field(
        None, description="An unknown kind of finding's alternatives: the report's kinds."
    )
    app: str | None = Field(None, description="The app an unknown module was looked for in.")
    module: str | None = Field(None, description="The module an unknown field was looked for in.")
