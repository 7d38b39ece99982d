"""Numbers beside code and links.

A code span's words are cut once for each time they are code: the source's heading
names an error as its text has it in code; the translations translate the heading and
keep the code: the heading's number is a number of both. A web address written out in
the text (the translation broke a link's markup) is an address, not numbers.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.quality.reports import assess, of

ARTICLE = """---
title: {title}
exl-id: e
---
# {title}

## {heading}

{text}
"""
TEXTS = {
    "en": (
        "Errors",
        "Possible error message: 403 Forbidden",
        "If the `403 Forbidden` error message displays, enable the API.",
    ),
    "fr-FR": (
        "Erreurs",
        "Message d’erreur possible : {n} Interdit",
        "Si le message d’erreur `403 Forbidden` s’affiche, activez l’API.",
    ),
    "nl-NL": (
        "Fouten",
        "Mogelijk foutbericht: {n} Verboden",
        "Als het foutbericht `403 Forbidden` wordt weergegeven, schakelt u de API in.",
    ),
    "sv-SE": (
        "Fel",
        "Möjligt felmeddelande: {n} Förbjuden",
        "Om felmeddelandet `403 Forbidden` visas aktiverar du API:t.",
    ),
}


def write(root: Path, garbled: str | None) -> Path:
    for locale, (title, heading, text) in TEXTS.items():
        n = "404" if locale == garbled else "403"
        path = root / locale / "errors.md"
        path.parent.mkdir(parents=True)
        path.write_text(
            ARTICLE.format(title=title, heading=heading.format(n=n), text=text), encoding="utf-8"
        )
    return root


def test_a_heading_with_the_codes_words_keeps_its_number(tmp_path: Path) -> None:
    assert of(assess(write(tmp_path, None)), kind="numbers") == []


@pytest.mark.parametrize("locale", ["fr-FR", "nl-NL", "sv-SE"])
def test_a_number_changed_in_that_heading_is_found(tmp_path: Path, locale: str) -> None:
    [f] = of(assess(write(tmp_path, locale)), kind="numbers")
    assert (f.locale, f.source_value, f.translation_value) == (locale[:2], ["403"], ["404"])


LINKED = {
    "en": "See [the webinar](https://example.com/t5/td-p/754182) in 3 parts.",
    "fr-FR": "Voir [ le webinaire (https://example.com/t5/td-p/754182?profile.language=fr) ] "
    "en {n} parties.",
    "nl-NL": "Zie [ het webinar (https://example.com/t5/td-p/754182?profile.language=nl) ] "
    "in {n} delen.",
    "sv-SE": "Se [webbinariet (https://example.com/t5/td-p/754182?profile.language=sv)] "
    "i {n} delar.",
}


def write_linked(root: Path, garbled: str | None) -> Path:
    for locale, text in LINKED.items():
        path = root / locale / "webinar.md"
        path.parent.mkdir(parents=True)
        body = text.format(n="4" if locale == garbled else "3")
        path.write_text(
            ARTICLE.format(title="Webinar", heading="Resources", text=body), encoding="utf-8"
        )
    return root


def test_a_web_address_written_out_is_not_numbers(tmp_path: Path) -> None:
    assert of(assess(write_linked(tmp_path, None)), kind="numbers") == []


@pytest.mark.parametrize("locale", ["fr-FR", "nl-NL", "sv-SE"])
def test_a_number_beside_the_address_is_still_compared(tmp_path: Path, locale: str) -> None:
    [f] = of(assess(write_linked(tmp_path, locale)), kind="numbers")
    assert (f.locale, f.source_value, f.translation_value) == (locale[:2], ["3"], ["4"])


# The source typed a percentage without its shift key (`%` and `5` are one key): the
# translations write what is meant. A real `1005`, or another percentage, is still compared.
PERCENT = {
    "en": "Complete at 100% complete. It updates projects that have all tasks at 1005 complete.",
    "fr-FR": "Terminé à 100 %. Il met à jour les projets dont les tâches sont à {n} terminées.",
    "nl-NL": "Voltooid bij 100%. Het werkt projecten bij waarvan alle taken {n} voltooid zijn.",
    "sv-SE": "Slutförd vid 100 %. Den uppdaterar projekt där alla uppgifter är {n} slutförda.",
}


def write_percent(root: Path, written: dict[str, str]) -> Path:
    for locale, text in PERCENT.items():
        path = root / locale / "complete.md"
        path.parent.mkdir(parents=True)
        body = text.format(n=written.get(locale, "100 %"))
        path.write_text(
            ARTICLE.format(title="Complete", heading="Projects", text=body), encoding="utf-8"
        )
    return root


def test_a_percent_typed_as_5_is_the_percentage(tmp_path: Path) -> None:
    assert of(assess(write_percent(tmp_path, {"nl-NL": "100%"})), kind="numbers") == []


@pytest.mark.parametrize("locale", ["fr-FR", "nl-NL", "sv-SE"])
def test_another_number_there_is_still_compared(tmp_path: Path, locale: str) -> None:
    [f] = of(assess(write_percent(tmp_path, {locale: "90 %"})), kind="numbers")
    assert (f.locale, f.source_value, f.translation_value) == (locale[:2], ["1005"], ["90"])
