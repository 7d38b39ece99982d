"""Facts and structure.

Each kind of finding, on a copy of content/ changed one way, quoting both sides.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from service.quality import report as quality
from tests.conftest import ARTICLE, ARTICLE_PATH
from tests.quality.reports import assess, of


def test_dutch_epidemisch_is_a_fact_error_quoting_both_sentences(
    content_report: quality.Report,
) -> None:
    [put] = of(content_report, locale="nl", kind="idempotency", method="PUT")
    assert put.severity == "fact" and put.article == ARTICLE and put.path == ARTICLE_PATH
    assert "PUT is idempotent" in put.source
    assert "PUT epidemisch is" in put.translation
    assert (put.source_value, put.translation_value) == (True, None)


def test_dutch_niet_dekkend_is_a_fact_error(content_report: quality.Report) -> None:
    [patch] = of(content_report, locale="nl", kind="idempotency", method="PATCH")
    assert patch.severity == "fact"
    assert "PATCH is not idempotent" in patch.source
    assert "niet dekkend" in patch.translation
    assert (patch.source_value, patch.translation_value) == (False, None)


@pytest.mark.parametrize("locale", ["fr", "sv"])
def test_french_and_swedish_seeds_agree_on_idempotency(
    content_report: quality.Report, locale: str
) -> None:
    assert of(content_report, locale=locale, kind="idempotency") == []
    assert [f for f in content_report.findings if f.locale == locale and f.article == ARTICLE] == []


def edit(root: Path, locale: str, old: str, new: str, path: str = ARTICLE_PATH) -> None:
    file = root / locale / path
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


CHANGES = [
    # (locale, old text, new text, expected (locale, kind, severity, method))
    (
        "sv",
        "är att PUT är idempotent",
        "är att PUT inte är idempotent",
        ("sv", "idempotency", "fact", "PUT"),
    ),
    (
        "fr",
        "(généralement 201 ou 204)",
        "(généralement 201 ou 206)",
        ("fr", "status", "fact", "PUT"),
    ),
    (
        "sv",
        "* **[!UICONTROL DELETE]**:",
        "* [!UICONTROL DELETE]:",
        ("sv", "methods", "missing", "DELETE"),
    ),
    (
        "nl",
        "source-wordcount: '283'",
        "source-wordcount: '900'",
        ("nl", "wordcount", "stale", None),
    ),
    ("nl", "## HTTP-methoden\n", "HTTP-methoden\n", ("nl", "headings", "missing", None)),
    (
        "sv",
        "Använd någon av följande HTTP-metoder.",
        "Använd någon av följande HTTP-metoder.\n\n## Mer om metoderna",
        ("sv", "headings", "cosmetic", None),
    ),
    ("nl", "[!UICONTROL GET] vraagt", "GET vraagt", ("nl", "labels", "cosmetic", None)),
    (
        "en",
        "Use one of the following HTTP methods.",
        "Use one of the following HTTP methods. See [Keys](keys.md).",
        ("fr", "links", "missing", None),
    ),
]


@pytest.mark.parametrize(
    ("locale", "old", "new", "expected"), CHANGES, ids=[c[3][0] + "-" + c[3][1] for c in CHANGES]
)
def test_a_change_makes_its_finding(
    content_copy: Path,
    locale: str,
    old: str,
    new: str,
    expected: tuple[str, str, str, str | None],
    content_report: quality.Report,
) -> None:
    edit(content_copy, locale, old, new)
    report = assess(content_copy)
    loc, kind, severity, method = expected
    found = of(report, locale=loc, kind=kind, method=method)
    assert [f.severity for f in found] == [severity], [f.as_dict() for f in report.findings]
    before = {f.id for f in content_report.findings}
    assert {f.id for f in report.findings} - before == {f.id for f in found} | (
        # a link added to the source is missing from every translation
        {f.id for f in of(report, kind="links")} if kind == "links" else set()
    )


def test_negated_differently_quotes_both_wordings(content_copy: Path) -> None:
    edit(content_copy, "sv", "är att PUT är idempotent", "är att PUT inte är idempotent")
    [f] = of(assess(content_copy), locale="sv", kind="idempotency")
    assert (f.source_value, f.translation_value) == (True, False)
    assert "PUT inte är idempotent" in f.translation and "PUT is idempotent" in f.source
    assert "is idempotent" in f.message and "is not idempotent" in f.message


def test_changed_status_code_says_which(content_copy: Path) -> None:
    edit(content_copy, "fr", "(généralement 201 ou 204)", "(généralement 201 ou 206)")
    [f] = of(assess(content_copy), locale="fr", kind="status")
    assert (f.source_value, f.translation_value) == ([200, 201, 204], [200, 201, 206])
    assert "lacks 204" in f.message and "adds 206" in f.message
    assert "201 or 204" in f.source and "201 ou 206" in f.translation


def test_changed_number_in_a_section(content_copy: Path) -> None:
    edit(
        content_copy,
        "en",
        "Use one of the following HTTP methods.",
        "Use one of the following HTTP methods. Requests time out after 300 seconds.",
    )
    edit(
        content_copy,
        "nl",
        "Gebruik een van de volgende HTTP-methoden.",
        "Gebruik een van de volgende HTTP-methoden. Verzoeken verlopen na 30 seconden.",
    )
    edit(
        content_copy,
        "fr",
        "Utilisez l’une des méthodes HTTP suivantes.",
        "Utilisez l’une des méthodes HTTP suivantes. Les requêtes expirent après 300 s.",
    )
    report = assess(content_copy)
    [nl] = of(report, locale="nl", kind="numbers")
    assert (nl.severity, nl.source_value, nl.translation_value) == ("fact", ["300"], ["30"])
    assert nl.field == "numbers:http-methods"
    assert "300 seconds" in nl.source and "30 seconden" in nl.translation
    [sv] = of(report, locale="sv", kind="numbers")  # Swedish has no number there
    assert (sv.severity, sv.source_value, sv.translation_value) == ("missing", ["300"], [])
    assert of(report, locale="fr", kind="numbers") == []  # 300 s: the same number


SECTIONED = """---
title: Modules
exl-id: m
---
# Modules

## Triggers

#### Watch events

Creates 2 event subscriptions and checks every 15 minutes.

#### Watch records

Returns at most 100 records.
"""
COLLAPSED = """---
title: Moduler
exl-id: m
---
# Moduler

## Utlösare

+++ Bevaka händelser

Skapar {two} händelseprenumerationer och kontrollerar var 15:e minut.

+++

+++ Bevaka poster

Returnerar högst 100 poster.

+++
"""


@pytest.mark.parametrize(("two", "found"), [("2", []), ("3", [["3"]])])
def test_numbers_under_other_section_cuts_compare_by_the_article(
    tmp_path: Path, two: str, found: list[list[str]]
) -> None:
    """The source's ``####`` modules are the translation's ``+++`` collapsibles under
    one heading: its numbers sit in another section of the pair, but the article has
    each as often as the source. No finding; a changed one is still found."""
    for locale, text in (("en", SECTIONED), ("sv-SE", COLLAPSED.format(two=two))):
        path = tmp_path / locale / "modules.md"
        path.parent.mkdir(parents=True)
        path.write_text(text, encoding="utf-8")
    findings = of(assess(tmp_path), kind="numbers")
    assert [f.translation_value for f in findings] == found, findings
