"""The JSON contract, as Pydantic models for the OpenAPI schema.

Responses are serialised from the records' ``as_dict()`` (prepared when the
index is opened); these models only document that shape, and a test checks
that every response validates against the schema FastAPI serves.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class Negotiated(BaseModel):
    locale: str = Field(description="Language served, e.g. 'fr'.")
    requested_locale: str | None = Field(
        description="Best language the client asked for (?lang= or Accept-Language), or null."
    )
    fallback: bool = Field(description="True when the served language is not the one asked for.")


class Spec(BaseModel):
    safe: bool
    idempotent: bool
    cacheable: bool


class Source(BaseModel):
    doc_id: str
    path: str
    title: str
    url: str


class Translation(BaseModel):
    machine_translated: bool
    human_translated_percent: int | None
    source_commit: str | None
    source_wordcount: int | None
    outdated: bool | None = Field(description="True if the source changed since; null: unknown.")
    findings: list[str] = Field(description="Ids of quality findings on this translation.")


class MethodOut(Negotiated):
    method: str
    summary: str
    description: str
    description_html: str
    success_status: list[int]
    idempotent: bool | None
    availability: str | None
    caution: str | None
    spec: Spec
    source: Source
    translation: Translation


class MethodsOut(Negotiated):
    methods: list[MethodOut]


class SectionOut(BaseModel):
    heading: str
    anchor: str
    level: int
    html: str


class TranslationLink(BaseModel):
    locale: str
    title: str
    url: str
    translation: Translation


class DocOut(Negotiated):
    doc_id: str
    path: str
    title: str
    description: str
    url: str
    sections: list[SectionOut]
    translation: Translation
    translations: list[TranslationLink]


class LocaleOut(BaseModel):
    code: str
    name: str
    english_name: str


class HitOut(BaseModel):
    doc_id: str
    title: str
    locale: str
    path: str
    url: str
    anchor: str | None
    method: str | None
    snippet: str
    score: float


class SearchOut(Negotiated):
    query: str
    total: int
    limit: int
    offset: int
    hits: list[HitOut]
    suggestion: str | None


class Health(BaseModel):
    status: str


class Ready(BaseModel):
    status: str
    build: str
    created: str
    documents: int
    records: int
    locales: list[str]


class Problem(BaseModel):
    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
