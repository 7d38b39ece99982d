"""Sections paired across languages (``service.quality.alignment``): a heading the
translation kept in the source's words (a function's name) pairs with its own.

The translation lacks one section in the middle; the sections after it are paired
with their own, not shifted by one, so the finding names only the section lacking.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.quality.reports import assess, of

SOURCE = """---
title: Functions
exl-id: f
---
# Functions

## join (array; separator)

Joins the items.

### element (array; index)

Returns one item.

## deduplicate

Removes the repeats.

## Keywords

Words of the language.

## emptyarray

An array with no items.
"""
TRANSLATED = {
    "fr-FR": ("Fonctions", "Joint les éléments.", "Supprime les doublons.", "Mots-clés",
              "Mots du langage.", "Un tableau sans éléments."),
    "nl-NL": ("Functies", "Voegt de items samen.", "Verwijdert de herhalingen.", "Trefwoorden",
              "Woorden van de taal.", "Een array zonder items."),
    "sv-SE": ("Funktioner", "Sammanfogar objekten.", "Tar bort upprepningarna.", "Nyckelord",
              "Språkets ord.", "En matris utan objekt."),
}  # fmt: skip


def translation(title: str, joins: str, dedupes: str, keywords: str, words: str, empty: str) -> str:
    return (
        f"---\ntitle: {title}\nexl-id: f\n---\n# {title}\n\n## join (array; separator)\n\n"
        f"{joins}\n\n## deduplicate\n\n{dedupes}\n\n## {keywords}\n\n{words}\n\n"
        f"## emptyarray\n\n{empty}\n"
    )


@pytest.mark.parametrize("locale", sorted(TRANSLATED))
def test_a_section_lacking_does_not_shift_the_others(tmp_path: Path, locale: str) -> None:
    for folder, text in (("en", SOURCE), (locale, translation(*TRANSLATED[locale]))):
        path = tmp_path / folder / "functions.md"
        path.parent.mkdir(parents=True)
        path.write_text(text, encoding="utf-8")
    [f] = of(assess(tmp_path), kind="headings")
    assert (f.source, f.translation) == ("### element (array; index)", "")
    assert f.message.startswith("the translation lacks 1 of the source's sections")
