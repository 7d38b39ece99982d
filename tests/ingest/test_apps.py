"""Apps joined across translations (``service.ingest.apps``): the source's ids everywhere,
and a problem where a translation's tables do not line up."""

from __future__ import annotations

import dataclasses

import pytest

from service.ingest import apps
from service.ingest.fields import APPS
from service.ingest.join import Joined, join
from service.ingest.parse import parse_document
from service.records import App, Document, Field, Module, Problem
from tests.conftest import DATA

FIXTURES = DATA / "fields"
PATH = f"{APPS}x/acme-modules.md"


def doc(locale: str, name: str = "acme-modules.md", path: str = PATH) -> Document:
    text = (FIXTURES / locale / name).read_text(encoding="utf-8")
    parsed = parse_document(text, path, locale, f"{locale}/{name}")
    assert parsed.document is not None
    return parsed.document


@pytest.fixture(scope="module")
def joined() -> Joined:
    docs = [doc("en"), doc("fr"), doc("nl"), doc("en", "tools-modules.md", f"{APPS}x/tools.md")]
    wheres = {(d.locale, d.path): f"{d.locale}/{d.path}" for d in docs}
    return join(docs, "en", None, wheres)


def app(joined: Joined, locale: str, app_id: str = "acme") -> App:
    return next(a for _doc_id, a in joined.apps if a.locale == locale and a.app_id == app_id)


def test_every_translation_gets_the_source_ids(joined: Joined) -> None:
    en, fr = app(joined, "en"), app(joined, "fr")
    assert [m.module_id for m in fr.modules] == [m.module_id for m in en.modules]
    assert fr.modules[0].name == "Créer un enregistrement"
    assert [f.field_id for f in fr.connection_fields] == ["connection-name", "organization-id"]
    watch_en, watch_fr = en.modules[2], fr.modules[2]
    assert [f.field_id for f in watch_fr.fields] == [f.field_id for f in watch_en.fields]
    assert [f.label for f in watch_fr.fields] == ["Webhook", "Limite"]  # its own words


def test_a_row_missing_in_a_translation_is_a_problem_and_the_rest_joins(joined: Joined) -> None:
    fr = app(joined, "fr")
    assert [f.field_id for f in fr.modules[0].fields] == [
        "connection",
        "record-type",
        "method",  # joined by its label, left in English
        "capping-fields.name",
        "capping-fields.limit",
    ]
    (problem,) = [
        p
        for p in joined.problems
        if p.path.startswith("fr/") and "missing article" not in p.message
    ]
    assert problem.line == fr.modules[0].line and problem.level == "warning"
    assert "5 rows where the source has 6; missing: 'Region'" in problem.message


def test_a_module_missing_in_a_translation_is_a_problem(joined: Joined) -> None:
    nl = app(joined, "nl")
    assert [m.module_id for m in nl.modules] == ["acme.create-a-record", "acme.watch-records"]
    problems = [p for p in joined.problems if p.path.startswith("nl/")]
    assert any(
        "2 modules where the source has 3; not here: 'Custom API call'" in p.message
        and p.line == nl.modules[0].line
        for p in problems
    )


def test_the_apps_of_a_join_are_its_documents(joined: Joined) -> None:
    assert sorted((a.locale, a.app_id) for _d, a in joined.apps) == [
        ("en", "acme"),
        ("en", "tools"),
        ("fr", "acme"),
        ("nl", "acme"),
    ]
    doc_ids = {d for d, a in joined.apps if a.app_id == "acme"}
    assert doc_ids == {"0a5f0c9e-acme-4000-8000-000000000001"}
    assert apps.counts(joined.documents) == {
        "en": {"apps": 2, "modules": 5, "fields": 14},
        "fr": {"apps": 1, "modules": 3, "fields": 9},
        "nl": {"apps": 1, "modules": 2, "fields": 7},
    }


def test_links_in_help_point_at_the_article_when_it_is_known(joined: Joined) -> None:
    method = app(joined, "en").modules[0].fields[3]
    assert method.field_id == "method"
    assert "/en/path/help/workfront-fusion/references/modules/http-request-methods.md" in (
        method.help_html
    )  # the methods article is not in this join: the link stays a path link


def test_two_apps_of_one_file_name_get_ids_of_their_own() -> None:
    one = doc("en", path=f"{APPS}a/acme-modules.md")
    two = dataclasses.replace(
        doc("en", path=f"{APPS}b/acme-modules.md"), doc_id="other", exl_id="other"
    )
    found = apps.assign([one, two], "en", {}, [])
    assert [d.app.app_id for d in found if d.app] == ["acme", "acme-2"]
    assert found[1].app is not None and found[1].app.modules[0].module_id.startswith("acme-2.")


def field(label: str, group: str | None = None) -> Field:
    return Field(label, label.lower(), "", "", group=group)


def module(name: str, anchor: str, *labels: str) -> Module:
    return Module(f"a.{anchor}", name, None, anchor, "", tuple(field(x) for x in labels))


@pytest.mark.parametrize(
    ("source", "target", "pairs"),
    [
        (["a", "b", "c"], ["A", "B", "C"], [(0, 0), (1, 1), (2, 2)]),
        (["a", "b", "c"], ["a", "c"], [(0, 0), (2, 1)]),
        (["a", "c"], ["a", "x", "c"], [(0, 0), (1, 2)]),
    ],
)
def test_rows_align_by_order_guided_by_labels(
    source: list[str], target: list[str], pairs: list[tuple[int, int]]
) -> None:
    found = apps.align([field(x) for x in source], [field(x) for x in target], apps._field_score)
    assert found == pairs


def test_modules_align_by_anchor_and_rows() -> None:
    source = [module("One", "one", "x"), module("Two", "two", "x", "y"), module("Three", "t", "z")]
    target = [module("Un", "one", "x"), module("Trois", "t", "z")]
    problems: list[Problem] = []

    def report(line: int, message: str) -> None:
        problems.append(Problem("fr/x.md", line, message, "warning"))

    app_src = App("a", "A", None, "x.md", "en", tuple(source))
    app_fr = App("a", "A", None, "x.md", "fr", tuple(target))
    joined = apps.join_app(app_src, app_fr, report)
    assert [m.module_id for m in joined.modules] == ["a.one", "a.t"]
    assert len(problems) == 1 and "not here: 'Two'" in problems[0].message


@pytest.mark.parametrize(
    ("moved", "expected"),
    [
        # a translation of an older layout (no "New") lists "Remove" last: joined by its rows
        (
            [
                module("Oud", "oud", "c", "k"),
                module("Aanroep", "call", "u", "m"),
                module("Verwijderen", "verwijderen", "c", "i", "o"),
            ],
            ["a.old", "a.call", "a.remove"],
        ),
        # two left with the same rows: which is which cannot be told, neither is joined
        (
            [
                module("Oud", "oud", "c", "k"),
                module("Aanroep", "call", "u", "m"),
                module("Verwijderen", "verwijderen", "c", "i", "o"),
                module("Wissen", "wissen", "c", "i", "o"),
                module("Leeg", "leeg", "x"),
            ],
            ["a.old", "a.call", "a.verwijderen", "a.wissen", "a.leeg"],
        ),
    ],
)
def test_a_module_moved_elsewhere_joins_by_its_rows(
    moved: list[Module], expected: list[str]
) -> None:
    source = [
        module("Remove", "remove", "c", "i", "o"),
        module("New", "new", "n", "e", "w"),
        module("Old", "old", "c", "k"),
        module("Call", "call", "u", "m"),
    ]
    app_src = App("a", "A", None, "x.md", "en", tuple(source))
    app_nl = App("a", "A", None, "x.md", "nl", tuple(moved))
    joined = apps.join_app(app_src, app_nl, lambda line, message: None)
    assert [m.module_id for m in joined.modules] == expected


def test_a_join_again_of_the_same_parses_takes_the_apps_it_joined() -> None:
    """``serve --watch`` joins the same parses again: a translation's app joined before
    (the same source and translation objects) is taken as it was, its warnings said
    again; a translation parsed anew is joined anew; with nothing kept, nothing is
    shared."""
    docs = [doc("en"), doc("fr"), doc("nl")]
    wheres = {(d.locale, d.path): f"{d.locale}/{d.path}" for d in docs}

    def assigned(docs: list[Document], last: apps.Translated | None) -> tuple[list[App], list[str]]:
        said: list[Problem] = []
        out = apps.assign(docs, "en", wheres, said, last)
        return [d.app for d in out if d.app is not None], [p.message for p in said]

    last = apps.Translated()
    (_en, fr, nl), said = assigned(docs, last)
    assert said  # the fixtures' rows and modules that do not line up
    (_en, fr_again, nl_again), said_again = assigned(docs, last)
    assert fr_again is fr and nl_again is nl and said_again == said
    (_en, fr_new, nl_kept), _said = assigned([docs[0], doc("fr"), docs[2]], last)
    assert fr_new is not fr and fr_new == fr and nl_kept is nl
    (_en, _fr, nl_alone), _said = assigned(docs, None)
    assert nl_alone is not nl and nl_alone == nl
