"""Field tables across translations (service.quality.fields): a module or row the source
has and a translation lacks is a finding on that module."""

from __future__ import annotations

import pytest

from service.ingest.fields import APPS
from service.ingest.join import join
from service.ingest.parse import parse_document
from service.quality.fields import module_findings
from service.quality.findings import Finding
from service.quality.report import compare
from service.records import Document
from tests.conftest import DATA

PATH = f"{APPS}acme/acme-modules.md"


def doc(locale: str) -> Document:
    text = (DATA / "fields" / locale / "acme-modules.md").read_text(encoding="utf-8")
    parsed = parse_document(text, PATH, locale)
    assert parsed.document is not None
    return parsed.document


@pytest.fixture(scope="module")
def findings() -> list[Finding]:
    docs = [doc("en"), doc("fr"), doc("nl")]
    joined = join(docs, "en", None, {(d.locale, d.path): d.path for d in docs})
    return [f for f in compare(joined, "en") if f.kind == "fields"]


def test_a_row_the_translation_lacks_is_missing(findings: list[Finding]) -> None:
    [fr] = [f for f in findings if f.locale == "fr"]
    assert fr.severity == "missing" and fr.field == "fields:acme.create-a-record"
    assert "lacks 1 row" in fr.message and fr.source


def test_a_module_the_translation_lacks_is_missing(findings: list[Finding]) -> None:
    [nl] = [f for f in findings if f.locale == "nl" and f.field == "fields:acme.custom-api-call"]
    assert nl.severity == "missing" and "lacks the module 'Custom API call'" in nl.message


def test_the_source_itself_has_none(findings: list[Finding]) -> None:
    assert not [f for f in findings if f.locale == "en"]


def test_a_modules_findings_are_its_tables_and_its_sections_numbers() -> None:
    app = doc("en").app
    assert app is not None
    anchor = next(m.anchor for m in app.modules if m.module_id == "acme.create-a-record")
    found = [
        {"id": "q-1", "field": "fields:acme.create-a-record"},
        {"id": "q-2", "field": f"numbers:{anchor}"},
        {"id": "q-3", "field": "fields:acme.watch-records"},
        {"id": "q-4", "field": "headings"},
    ]
    assert module_findings(app, "acme.create-a-record", found) == ["q-1", "q-2"]
