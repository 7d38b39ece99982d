"""The JSON contract of the module-help API (apps, modules, fields), read off the records
like the rest of the schema (``schemas.model_of``)."""

from __future__ import annotations

from pydantic import BaseModel

from service.records import Field as FieldRecord

from .schemas import MethodOut, Negotiated, Translation, model_of

FieldOut = model_of("FieldOut", FieldRecord)


class AppRef(BaseModel):
    app_id: str
    title: str


class ModuleRef(BaseModel):
    module_id: str
    name: str
    group: str | None


class HelpSource(BaseModel):
    """The article section a record comes from (``url`` ends with its ``#anchor``)."""

    doc_id: str
    path: str
    title: str
    url: str
    anchor: str


HelpOut = model_of(
    "HelpOut",
    FieldRecord,
    base=Negotiated,
    extra={
        "module": ModuleRef,
        "app": AppRef,
        "source": HelpSource,
        "translation": Translation | None,
        "findings": list[str],
        "methods": list[MethodOut],  # type: ignore[valid-type]
    },
    docs={
        "methods": "The method records, in picker order, when the field is the Method picker.",
        "findings": "Ids of quality findings on the module's table in this translation.",
    },
)


class ModuleOut(Negotiated):
    module_id: str
    name: str
    group: str | None
    description: str
    app: AppRef
    fields: list[FieldOut]  # type: ignore[valid-type]
    source: HelpSource
    translation: Translation | None  # type: ignore[valid-type]
    findings: list[str]  # quality findings on this module of this translation


class AppSummaryOut(BaseModel):
    app_id: str
    title: str
    modules: int
    fields: int
    url: str


class AppsOut(Negotiated):
    apps: list[AppSummaryOut]


class ModuleSummaryOut(BaseModel):
    module_id: str
    name: str
    fields: int
    url: str


class GroupOut(BaseModel):
    group: str | None
    modules: list[ModuleSummaryOut]


class AppOut(Negotiated):
    app_id: str
    title: str
    groups: list[GroupOut]
    connection_fields: list[FieldOut]  # type: ignore[valid-type]
    source: HelpSource
    translation: Translation | None  # type: ignore[valid-type]
