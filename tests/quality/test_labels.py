"""UI labels against the language's glossary, learnt from the content itself.

Two articles: one names the *Templates* control five times, the other *Scenarios*
five times; French writes them ``Modèles`` and ``Scénarios``, Dutch and Swedish keep
them. A use of *Scenarios* written as the language writes *Templates* (another
control, named in another article) is a swap: a ``labels`` fact.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.quality.reports import assess, of

ARTICLE = """---
title: {title}
exl-id: {id}
---
# {title}

## {heading}

{items}
"""
STEPS = {
    "en": ("Open", "Steps", ["Click [!UICONTROL {label}] in step {n}."]),
    "fr-FR": ("Ouvrir", "Étapes", ["Cliquez sur [!UICONTROL {label}] à l’étape {n}."]),
    "nl-NL": ("Openen", "Stappen", ["Klik op [!UICONTROL {label}] in stap {n}."]),
    "sv-SE": ("Öppna", "Steg", ["Klicka på [!UICONTROL {label}] i steg {n}."]),
}
LABELS = {
    "templates": {"en": "Templates", "fr-FR": "Modèles"},
    "scenarios": {"en": "Scenarios", "fr-FR": "Scénarios"},
}


def write(root: Path, garbled: str | None = None) -> Path:
    for name, forms in LABELS.items():
        for locale, (title, heading, [step]) in STEPS.items():
            label = forms.get(locale, forms["en"])
            items = []
            for n in range(11, 16):
                written = label
                if locale == garbled and name == "scenarios" and n == 15:
                    written = LABELS["templates"].get(locale, "Templates")
                items.append("* " + step.format(label=written, n=n))
            path = root / locale / f"{name}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(
                ARTICLE.format(title=title, id=name, heading=heading, items="\n".join(items)),
                encoding="utf-8",
            )
    return root


def test_labels_written_as_the_language_writes_them_make_no_finding(tmp_path: Path) -> None:
    assert of(assess(write(tmp_path)), kind="labels") == []


@pytest.mark.parametrize("locale", ["fr-FR", "nl-NL", "sv-SE"])
def test_a_label_written_as_another_articles_label_is_a_swap(tmp_path: Path, locale: str) -> None:
    [f] = of(assess(write(tmp_path, locale)), kind="labels")
    assert (f.locale, f.path, f.severity) == (locale[:2], "scenarios.md", "fact")
    assert "as it names “templates”" in f.message
