"""An app article's modules and fields, read at parse time (``service.ingest.fields``).

Fixture articles of each table shape the corpus uses are in ``tests/data/fields/``
(its README says which shape is where); they are parsed as if they lay under the
app articles' folder.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from service.ingest.fields import APPS, app_slug
from service.ingest.parse import parse_document, parse_file
from service.ingest.sources import SourceFile, content_hash
from service.records import App, Document, Problem
from tests.conftest import DATA

FIXTURES = DATA / "fields"


def parse(locale: str, name: str) -> tuple[Document, list[Problem]]:
    text = (FIXTURES / locale / name).read_text(encoding="utf-8")
    parsed = parse_document(text, f"{APPS}x/{name}", locale, f"{locale}/{name}")
    assert parsed.document is not None
    return parsed.document, parsed.problems


def app_of(locale: str, name: str) -> App:
    app = parse(locale, name)[0].app
    assert app is not None
    return app


def lines_of(locale: str, name: str) -> list[str]:
    return (FIXTURES / locale / name).read_text(encoding="utf-8").split("\n")


def test_an_app_article_has_its_modules_in_order_with_their_groups() -> None:
    app = app_of("en", "acme-modules.md")
    assert (app.app_id, app.title, app.locale) == ("acme", "Acme modules", "en")
    assert app.exl_id == "0a5f0c9e-acme-4000-8000-000000000001"
    assert [(m.module_id, m.name, m.group) for m in app.modules] == [
        ("acme.create-a-record", "Create a record", "Actions"),
        ("acme.custom-api-call", "Custom API call", "Actions"),
        ("acme.watch-records", "Watch records", "Triggers"),  # a +++ collapsible
    ]


def test_a_module_has_its_anchor_description_and_heading_line() -> None:
    doc, _ = parse("en", "acme-modules.md")
    assert doc.app is not None
    create, custom, watch = doc.app.modules
    anchors = {s.anchor for s in doc.sections}
    assert create.anchor == "create-a-record" and custom.anchor == "custom-api-call"
    assert watch.anchor == "triggers"  # a collapsible links to the heading it sits under
    assert {m.anchor for m in doc.app.modules} <= anchors
    assert create.description == "This action module creates a record in Acme."
    lines = lines_of("en", "acme-modules.md")
    assert lines[create.line - 1].startswith("#### [!UICONTROL Create a record]")
    assert lines[watch.line - 1].startswith("+++ **[!UICONTROL Watch records]**")


@pytest.mark.parametrize(
    ("name", "module", "labels"),
    [
        # <p> in cells; a row commented out; a table and nested lists inside cells
        ("acme-modules.md", 0, ["Connection", "Record type", "Region", "Method", "Name", "Limit"]),
        # a table cut in two by a blank line; a cell whose "<" was lost
        ("acme-modules.md", 1, ["Connection", "URL"]),
        ("acme-modules.md", 2, ["Webhook", "Limit"]),
        ("tools-modules.md", 0, ["Delay", "Unit"]),  # a Markdown table
        ("tools-modules.md", 1, ["Variable name", "Variable lifetime"]),
    ],
)
def test_each_table_shape_gives_its_rows_as_fields(
    name: str, module: int, labels: list[str]
) -> None:
    app = app_of("en", name)
    fields = app.modules[module].fields
    assert [f.label for f in fields] == labels
    lines = lines_of("en", name)
    for f in fields:  # each field's line is its label's
        assert f.label in lines[f.line - 1].replace("[!UICONTROL ", "").replace("]", "")


def test_field_groups_below_a_module_are_its_fields_with_a_group() -> None:
    create = app_of("en", "acme-modules.md").modules[0]
    assert [(f.field_id, f.group) for f in create.fields] == [
        ("connection", None),
        ("record-type", None),
        ("region", None),
        ("method", None),
        ("capping-fields.name", "Capping fields"),
        ("capping-fields.limit", "Capping fields"),
    ]


def test_help_is_plain_text_and_sanitized_html_with_its_links() -> None:
    create = app_of("en", "acme-modules.md").modules[0]
    record_type, region, method = create.fields[1:4]
    assert record_type.help == "Select the type of record: Project Task Subtask"
    assert "<ul>" in record_type.help_html and "<strong>Task</strong>" in record_type.help_html
    assert region.help == "Select the region: EU Europe US United States"  # its own rows' words
    assert method.links == ("help/workfront-fusion/references/modules/http-request-methods.md",)
    assert "<script" not in method.help_html and "alert" not in method.help
    assert (
        'href="/en/path/help/workfront-fusion/references/modules/http-request-methods.md"'
        in method.help_html
    )
    assert create.fields[0].links == ()  # an anchor in the article is no link to keep


def test_notes_beside_a_ui_label_are_notes() -> None:
    app = app_of("en", "acme-modules.md")
    assert [(f.label, f.notes) for f in app.connection_fields] == [
        ("Connection name", ()),
        ("Organization ID", ("(JWT only)",)),
    ]
    unit = app_of("en", "tools-modules.md").modules[0].fields[1]
    assert (unit.label, unit.notes, unit.field_id) == ("Unit", ("(optional)",), "unit")
    assert (
        "<strong>seconds</strong>"
        in app_of("en", "tools-modules.md").modules[0].fields[0].help_html
    )


def test_a_broken_table_is_a_problem_with_its_line_never_a_stop() -> None:
    doc, problems = parse("en", "broken-modules.md")
    assert doc.app is not None
    assert [[f.label for f in m.fields] for m in doc.app.modules] == [["Connection"], ["Name"]]
    lines = lines_of("en", "broken-modules.md")
    found = {(p.line, p.message.split(" (")[0].split(";")[0]) for p in problems}
    assert found == {
        (11, "field table not closed before the next heading"),
        (18, "field table row has one cell"),
        (21, "field table row has no label"),
    }
    assert lines[10].startswith("<table") and "Only a label" in lines[17]
    assert all(p.level == "warning" and p.path == "en/broken-modules.md" for p in problems)


def test_a_lost_angle_bracket_is_read_as_the_cell_and_reported() -> None:
    _doc, problems = parse("en", "acme-modules.md")
    lines = lines_of("en", "acme-modules.md")
    assert [(lines[p.line - 1].strip()[:4], p.message[:20]) for p in problems] == [
        ("td> ", "'<' missing before '")
    ]


def test_a_translation_is_read_by_its_own_wording() -> None:
    app = app_of("fr", "acme-modules.md")
    assert [m.name for m in app.modules] == [
        "Créer un enregistrement",
        "Appel API personnalisé",
        "Surveiller les enregistrements",
    ]
    assert app.connection_fields[1].notes == ("(JWT uniquement)",)
    assert app_of("nl", "acme-modules.md").modules[0].group == "Handelingen"


def test_a_document_that_is_no_app_article_has_no_app(tmp_path: Path) -> None:
    text = (FIXTURES / "en" / "acme-modules.md").read_text(encoding="utf-8")
    elsewhere = parse_document(text, "help/other/acme-modules.md", "en")
    assert elsewhere.document is not None and elsewhere.document.app is None
    plain = parse_document("# Title\n\nNo modules here.\n", f"{APPS}x/plain.md", "en")
    assert plain.document is not None and plain.document.app is None


def test_the_app_round_trips_through_its_json_form() -> None:
    doc, _ = parse("en", "acme-modules.md")
    assert Document.from_dict(doc.as_dict()) == doc
    assert doc.app is not None and App.from_dict(doc.app.as_dict()) == doc.app


@pytest.mark.parametrize(
    ("path", "slug"),
    [
        ("help/x/airtable-modules.md", "airtable"),
        ("help/x/adobe-campaign-classic-connector.md", "adobe-campaign-classic"),
        ("help/x/frame-io-modules-new.md", "frame-io-new"),
        ("help/x/jwt-module.md", "jwt"),
        ("help/x/csv.md", "csv"),
        ("help/x/modules.md", "modules"),
    ],
)
def test_the_app_id_is_the_slug_of_its_file_name(path: str, slug: str) -> None:
    assert app_slug(path) == slug


def test_an_older_version_of_a_source_file_is_parsed_without_its_field_tables() -> None:
    """``check`` parses the source as a translation's commit had it only to tell what changed
    since: all of it as the content's file is parsed, but its field tables."""
    text = (FIXTURES / "en" / "acme-modules.md").read_text(encoding="utf-8")
    now = SourceFile("en", "en", f"{APPS}x/acme-modules.md", text, content_hash(text))
    older = dataclasses.replace(now, version="0123abc")
    full, then = parse_file(now), parse_file(older)
    assert full.document is not None and then.document is not None
    assert full.document.app is not None and then.document.app is None
    assert then.document == dataclasses.replace(full.document, app=None)
