"""Field tables: does a translation's app article document its source's modules and fields?

The join gives a translation's modules and rows the source's ids where they
pair (``ingest.apps``). A module or a row of the source that the translation
lacks is ``missing`` (its readers get no help for that field in their
language; the help falls back to the source's); one only the translation has
is ``cosmetic``. One finding per module (``field`` is ``fields:<module_id>``),
so the module record and its fields' help carry it (``with_findings``, at
ingest). The help's numbers and links are compared with the rest of the
section they sit in (``facts``):
comparing them again per row would report each difference twice.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence

from service.records import App, Document, Module

from .findings import Finding, Severity, severity_of


def compare(article: str, source: Document, doc: Document) -> Iterator[Finding]:
    """The field-table findings on translation ``doc`` of ``source``."""
    if source.app is None or doc.app is None:
        return
    theirs = {m.module_id: m for m in doc.app.modules}
    for module in source.app.modules:
        found = theirs.get(module.module_id)
        if found is None:
            yield _lacks_module(article, doc, module)
        else:
            yield from _rows(article, doc, module, found)
    mine = {m.module_id for m in source.app.modules}
    for module in doc.app.modules:
        if module.module_id not in mine:
            yield _finding(
                article,
                doc,
                module.module_id,
                "cosmetic",
                f"the translation has a module the source does not: '{module.name}'",
                translation=module.name,
            )


def _lacks_module(article: str, doc: Document, module: Module) -> Finding:
    return _finding(
        article,
        doc,
        module.module_id,
        "missing",
        f"the translation lacks the module '{module.name}' ({len(module.fields)} fields)",
        source=module.name,
        source_value=[f.field_id for f in module.fields],
    )


def _rows(article: str, doc: Document, module: Module, found: Module) -> Iterator[Finding]:
    mine = {f.field_id: f.label for f in module.fields}
    theirs = {f.field_id: f.label for f in found.fields}
    lacking = [label for fid, label in mine.items() if fid not in theirs]
    more = [label for fid, label in theirs.items() if fid not in mine]
    if not lacking and not more:
        return
    parts = ([f"lacks {_labels(lacking)}"] if lacking else []) + (
        [f"adds {_labels(more)}"] if more else []
    )
    yield _finding(
        article,
        doc,
        module.module_id,
        severity_of(bool(lacking), bool(more)),
        f"the table of '{module.name}' {'; '.join(parts)} ({len(found.fields)} rows; the "
        f"source has {len(module.fields)})",
        source=" · ".join(lacking[:4]),
        translation=" · ".join(more[:4]),
        source_value=[fid for fid in mine if fid not in theirs],
        translation_value=[fid for fid in theirs if fid not in mine],
    )


def _labels(labels: list[str]) -> str:
    shown = ", ".join(f"'{label}'" for label in labels[:4])
    more = f" and {len(labels) - 4} more" if len(labels) > 4 else ""
    return f"{len(labels)} row{'s' * (len(labels) != 1)} ({shown}{more})"


def _finding(
    article: str,
    doc: Document,
    module_id: str,
    severity: Severity,
    message: str,
    *,
    source: str = "",
    translation: str = "",
    source_value: object = None,
    translation_value: object = None,
) -> Finding:
    return Finding.on(
        kind="fields",
        severity=severity,
        article=article,
        doc=doc,
        field=f"fields:{module_id}",
        message=message,
        source=source,
        translation=translation,
        source_value=source_value,
        translation_value=translation_value,
    )


def with_findings(app: App, findings: Sequence[Finding]) -> App:
    """``app`` (a translation's) with each module's findings on it (``module_findings``)."""
    said = [{"id": f.id, "field": f.field} for f in findings]
    return dataclasses.replace(
        app,
        modules=tuple(
            dataclasses.replace(m, findings=tuple(module_findings(app, m.module_id, said)))
            for m in app.modules
        ),
    )


def module_findings(
    app: App, module_id: str, findings: Sequence[Mapping[str, object]]
) -> list[str]:
    """The ids of ``findings`` (of one translation) about one module: its field table's,
    and the numbers of the section the module is (``numbers:<anchor>``)."""
    module = app.module(module_id)
    anchor = module.anchor if module else None
    wanted = {f"fields:{module_id}"} | ({f"numbers:{anchor}"} if anchor else set())
    return [str(f["id"]) for f in findings if f.get("field") in wanted]
