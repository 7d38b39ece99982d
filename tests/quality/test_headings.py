"""Headed sections paired across languages for the ``headings`` finding
(``service.quality.headings``): the finding names the sections the translation really
lacks, in French, Dutch and Swedish.

* A section lacking in the middle, with nothing but its shape to tell it (no number,
  code or link in the section after it): the section after it is not named in its place.
* A source that put sections one level deeper under a new grouping heading: the
  translation's ``###`` are the source's ``####``, and the grouping heading and its new
  sibling are the ones lacking, not the ``####`` the translation has at ``###``.
* With the git history, a source section added since the translation was made is
  worth less to pair than the one that was there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from service.quality import headings
from service.records import Section
from tests.quality.reports import assess, of

SETTINGS = """---
title: Settings
exl-id: s
---
# Settings

## Options

### Description

Describes the scenario in a few words for the people who run it.

### Notify on error

To override a notification for this scenario, check the box next to it.

For the options of the team, see [Notifications](/help/notifications.md).

### Worker pool

>[!NOTE]
>
>This setting is visible only if:
>
>* You are an organization admin
>* More than one worker pool belongs to your organization

This setting assigns the scenario to one worker pool of your organization, for scenarios
of high priority.
"""
SETTINGS_TRANSLATED = {
    "fr-FR": ("Paramètres", "Options", "Description",
              "Décrit le scénario en quelques mots pour les personnes qui l’exécutent.",
              "Pool de travail", "Ce paramètre n’est visible que si :",
              "Vous êtes administrateur de l’organisation",
              "Plus d’un pool de travail appartient à votre organisation",
              "Ce paramètre attribue le scénario à un pool de travail de votre organisation, "
              "pour les scénarios de haute priorité."),
    "nl-NL": ("Instellingen", "Opties", "Beschrijving",
              "Beschrijft het scenario in een paar woorden voor de mensen die het uitvoeren.",
              "Werkgroep", "Deze instelling is alleen zichtbaar als:",
              "U een organisatiebeheerder bent",
              "Meer dan één werkgroep bij uw organisatie hoort",
              "Deze instelling wijst het scenario toe aan één werkgroep van uw organisatie, "
              "voor scenario's met hoge prioriteit."),
    "sv-SE": ("Inställningar", "Alternativ", "Beskrivning",
              "Beskriver scenariot med några ord för dem som kör det.",
              "Arbetarpool", "Inställningen visas bara om:",
              "Du är organisationsadministratör",
              "Mer än en arbetarpool hör till din organisation",
              "Inställningen tilldelar scenariot en arbetarpool i din organisation, för "
              "scenarier med hög prioritet."),
}  # fmt: skip


def settings(title: str, options: str, desc: str, describes: str, pool: str, visible: str,
             admin: str, more: str, assigns: str) -> str:  # fmt: skip
    return (
        f"---\ntitle: {title}\nexl-id: s\n---\n# {title}\n\n## {options}\n\n### {desc}\n\n"
        f"{describes}\n\n### {pool}\n\n>[!NOTE]\n>\n>{visible}\n>\n>* {admin}\n>* {more}\n\n"
        f"{assigns}\n"
    )


FUNCTIONS = """---
title: Custom functions
exl-id: c
---
# Custom functions

## Configure a custom function

You can create a custom function for many scenarios, or within one scenario.

### Create a custom function for many scenarios

Functions for many scenarios are configured in the Functions area.

* [Initialize your runtime](#initialize-your-runtime)
* [Create a function in the Functions area](#create-a-function-in-the-functions-area)

#### Initialize your runtime

Before you create custom functions, initialize your runtime once for your team.

>[!IMPORTANT]
>
>Only a developer or a system administrator can initialize it.

1. Click the **Functions** ![Functions](assets/functions.png) tab in the left panel.
1. Click **Initialize runtime**.

   A list of functions appears, with two sample functions.

#### Create a function in the Functions area

After your runtime is initialized, you can create custom functions.

1. Click the **Functions** ![Functions](assets/functions.png) tab in the left panel.
1. Click **Add function**.
1. Enter a name for the function.
1. Enter the code of the function.
1. Click **Save**.

### Create a custom function within a scenario

Use the **Run a custom code block** module, described in [App Builder](/help/app-builder.md).

## Add a custom function to a scenario

Add it in the mapping panel.
"""
FUNCTIONS_TRANSLATED = {
    "fr-FR": ("Fonctions personnalisées", "Configurer une fonction personnalisée",
              "Les fonctions personnalisées sont configurées dans la zone Fonctions.",
              "Initialiser votre environnement",
              "Avant de créer des fonctions, initialisez votre environnement une fois pour "
              "votre équipe.",
              "Seul un développeur ou un administrateur système peut l’initialiser.",
              "Cliquez sur l’onglet **Fonctions**", "Cliquez sur **Initialiser**.",
              "Une liste de fonctions apparaît, avec deux fonctions d’exemple.",
              "Créer une fonction",
              "Une fois l’environnement initialisé, vous pouvez créer des fonctions.",
              ("Cliquez sur **Ajouter une fonction**.", "Saisissez un nom pour la fonction.",
               "Saisissez le code de la fonction.", "Cliquez sur **Enregistrer**."),
              "Ajouter une fonction personnalisée à un scénario",
              "Ajoutez-la dans le panneau de mappage."),
    "nl-NL": ("Aangepaste functies", "Een aangepaste functie configureren",
              "Aangepaste functies worden geconfigureerd in het gebied Functies.",
              "De runtimeomgeving initialiseren",
              "Voordat u aangepaste functies maakt, initialiseert u de runtime eenmaal voor "
              "uw team.",
              "Alleen een ontwikkelaar of een systeembeheerder kan dit doen.",
              "Klik op het tabblad **Functies**", "Klik **initialiseren runtime**.",
              "Er verschijnt een lijst met functies, met twee voorbeeldfuncties.",
              "Een aangepaste functie maken",
              "Nadat de runtime is geïnitialiseerd, kunt u aangepaste functies maken.",
              ("Klik **toevoegen functie**.", "Voer een naam in voor de functie.",
               "Voer de code van de functie in.", "Klik **sparen**."),
              "Een aangepaste functie toevoegen aan een scenario",
              "Voeg deze toe in het toewijzingspaneel."),
    "sv-SE": ("Anpassade funktioner", "Konfigurera en anpassad funktion",
              "Anpassade funktioner konfigureras i området Funktioner.",
              "Initiera körningsmiljön",
              "Innan du skapar anpassade funktioner initierar du körningsmiljön en gång för "
              "ditt team.",
              "Bara en utvecklare eller en systemadministratör kan initiera den.",
              "Klicka på fliken **Funktioner**", "Klicka på **Initiera körningsmiljö**.",
              "En lista med funktioner visas, med två exempelfunktioner.",
              "Skapa en anpassad funktion",
              "När körningsmiljön är initierad kan du skapa anpassade funktioner.",
              ("Klicka på **Lägg till funktion**.", "Ange ett namn på funktionen.",
               "Ange funktionens kod.", "Klicka på **Spara**."),
              "Lägga till en anpassad funktion i ett scenario",
              "Lägg till den i mappningspanelen."),
}  # fmt: skip


def functions(title: str, configure: str, configured: str, init: str, before: str,
              only: str, click: str, initialize: str, appears: str, create: str, after: str,
              steps: tuple[str, ...], add: str, add_it: str) -> str:  # fmt: skip
    image = "![](assets/functions.png)"
    return (
        f"---\ntitle: {title}\nexl-id: c\n---\n# {title}\n\n## {configure}\n\n{configured}\n\n"
        f"### {init}\n\n{before}\n\n>[!IMPORTANT]\n>\n>{only}\n\n"
        f"1. {click} {image}.\n1. {initialize}\n\n   {appears}\n\n"
        f"### {create}\n\n{after}\n\n1. {click} {image}.\n"
        + "".join(f"1. {step}\n" for step in steps)
        + f"\n## {add}\n\n{add_it}\n"
    )


def _content(tmp_path: Path, source: str, locale: str, translated: str) -> Path:
    for folder, text in (("en", source), (locale, translated)):
        path = tmp_path / folder / "article.md"
        path.parent.mkdir(parents=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("locale", sorted(SETTINGS_TRANSLATED))
def test_a_section_lacking_in_the_middle_is_the_one_named(tmp_path: Path, locale: str) -> None:
    translated = settings(*SETTINGS_TRANSLATED[locale])
    [f] = of(assess(_content(tmp_path, SETTINGS, locale, translated)), kind="headings")
    assert (f.source, f.translation, f.severity) == ("### Notify on error", "", "missing")
    assert f.message.startswith("the translation lacks 1 of the source's sections")


@pytest.mark.parametrize("locale", sorted(FUNCTIONS_TRANSLATED))
def test_sections_one_level_deeper_in_the_source(tmp_path: Path, locale: str) -> None:
    translated = functions(*FUNCTIONS_TRANSLATED[locale])
    [f] = of(assess(_content(tmp_path, FUNCTIONS, locale, translated)), kind="headings")
    assert f.source == (
        "### Create a custom function for many scenarios · "
        "### Create a custom function within a scenario"
    )
    assert (f.translation, f.severity) == ("", "missing")
    assert f.message.startswith("the translation lacks 2 of the source's sections")


def _section(heading: str, level: int, paragraphs: int, items: int, words: str) -> Section:
    html = "".join(f"<p>{words}</p>" for _ in range(paragraphs))
    html += "<ol>" + "".join(f"<li>{words}</li>" for _ in range(items)) + "</ol>" if items else ""
    text = " ".join([words] * (paragraphs + items))
    anchor = heading.lower().replace(" ", "-")
    return Section(heading=heading, anchor=anchor, level=level, text=text, html=html)


def test_a_section_added_since_the_translation_is_worth_less_to_pair() -> None:
    """A translation's section that stands for one the source no longer has (its
    "Set notification options", now commented out) pairs with the section that was
    there, not with one added since that happens to have its shape."""
    source = [
        _section("Team-level settings", 2, 1, 4, "Click the tab."),
        _section("Scenario-level settings", 2, 1, 7, "Click the tab."),
        _section("Restore defaults", 2, 2, 3, "Click the tab."),
    ]
    theirs = [_section("Ange meddelandealternativ", 2, 2, 3, "Klicka på fliken.")]
    _pairs, lacking, _extra = headings.pair(source, theirs)
    assert [s.heading for s in lacking] == ["Team-level settings", "Scenario-level settings"]
    added = frozenset({"scenario-level-settings", "restore-defaults"})
    _pairs, lacking, _extra = headings.pair(source, theirs, added)
    assert [s.heading for s in lacking] == ["Scenario-level settings", "Restore defaults"]
