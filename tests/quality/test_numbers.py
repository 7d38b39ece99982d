"""Numbers beside code: a code span's words are cut once for each time they are code.

The source's heading names an error as its text has it in code; the translations
translate the heading and keep the code: the heading's number is a number of both.
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
