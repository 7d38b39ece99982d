"""Passages: notes, list items, code, web addresses, negation and UI labels, block by block.

On a copy of content/ where the source and its three translations gain the same
passage (a negated sentence with a web address and code, a note, a list of UI
labels), written faithfully: no finding. Then one error per translation and
kind, as machine translation makes them: exactly that finding.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from service.quality import report as quality
from tests.quality.reports import assess, of
from tests.quality.test_facts import edit

GUIDE = "https://experienceleague.adobe.com/{}/docs/workfront-fusion/using/get-started"
PASSAGES = {
    "en": (
        "Use one of the following HTTP methods.",
        "Requests do not follow redirects. See [the guide]({url}) and set "
        "`followRedirects` to `true`.\n\nOutputs are not kept beyond the run, and the module does "
        "not log them.\n\n>[!NOTE]\n>\n>The [!UICONTROL Timeout] field is in "
        "seconds.\n\n* [!UICONTROL Headers]\n* [!UICONTROL Query String]\n",
    ),
    "fr": (
        "Utilisez l’une des méthodes HTTP suivantes.",
        "Les requêtes ne suivent pas les redirections. Voir [le guide]({url}) et définissez "
        "`followRedirects` sur `true`.\n\nLes sorties ne sont pas conservées au-delà de "
        "l’exécution, et le module ne les journalise pas.\n\n>[!NOTE]\n>\n>Le champ "
        "[!UICONTROL Délai] est en "
        "secondes.\n\n* [!UICONTROL En-têtes]\n* [!UICONTROL Chaîne de requête]\n",
    ),
    "nl": (
        "Gebruik een van de volgende HTTP-methoden.",
        "Verzoeken volgen geen omleidingen. Zie [de gids]({url}) en stel `followRedirects` "
        "in op `true`.\n\nUitvoer wordt niet bewaard buiten de uitvoering, en de module logt "
        "ze niet.\n\n>[!NOTE]\n>\n>Het veld [!UICONTROL Timeout] is in seconden.\n\n"
        "* [!UICONTROL Headers]\n* [!UICONTROL Query String]\n",
    ),
    "sv": (
        "Använd någon av följande HTTP-metoder.",
        "Begäranden följer inte omdirigeringar. Se [guiden]({url}) och ange "
        "`followRedirects` till `true`.\n\nUtdata sparas inte utanför körningen, och modulen "
        "loggar dem inte.\n\n>[!NOTE]\n>\n>Fältet [!UICONTROL Timeout] anges i "
        "sekunder.\n\n* [!UICONTROL Headers]\n* [!UICONTROL Query String]\n",
    ),
}

BREAKS = [
    # (locale, old, new, kind, severity)
    ("fr", "ne suivent pas les", "suivent les", "negation", "fact"),
    ("nl", "volgen geen omleidingen", "volgen omleidingen", "negation", "fact"),
    ("sv", "följer inte omdirigeringar", "följer omdirigeringar", "negation", "fact"),
    # beside a word that negates by meaning, the same in both (*beyond*, *au-delà*,
    # *buiten*, *utanför*); in Swedish the sentence's other clause still negates
    ("fr", "ne sont pas conservées au-delà", "sont conservées au-delà", "negation", "fact"),
    ("nl", "wordt niet bewaard buiten", "wordt bewaard buiten", "negation", "fact"),
    ("sv", "sparas inte utanför", "sparas utanför", "negation", "fact"),
    ("fr", ">[!NOTE]\n>\n>Le champ", "Le champ", "notes", "missing"),
    ("nl", ">[!NOTE]\n>\n>Het veld", "Het veld", "notes", "missing"),
    ("sv", ">[!NOTE]\n>\n>Fältet", ">[!WARNING]\n>\n>Fältet", "notes", "fact"),
    ("fr", "* [!UICONTROL Chaîne de requête]\n", "", "items", "missing"),
    ("nl", "* [!UICONTROL Headers]\n", "", "items", "missing"),
    ("sv", "* [!UICONTROL Query String]\n", "", "items", "missing"),
    ("fr", "using/get-started", "using/overview", "links", "fact"),
    ("nl", "experienceleague.adobe.com/nl", "example.com/nl", "links", "fact"),
    ("sv", "using/get-started", "using/kom-igang", "links", "fact"),
    # the same page at another address of its site (a host of the same domain, or the
    # same page name in another folder): no fact, the reader reaches the page
    ("fr", "//experienceleague.adobe.com", "//learn.adobe.com", "links", "cosmetic"),
    ("nl", "using/get-started", "using/basics/get-started", "links", "cosmetic"),
    ("sv", "workfront-fusion/using", "workfront/fusion-guide", "links", "cosmetic"),
    # another site with the same path, or another page of the site: still a fact
    ("fr", "//experienceleague.adobe.com", "//experienceleague.example.com", "links", "fact"),
    ("nl", "workfront-fusion/using/get-started", "workfront-fusion/started", "links", "fact"),
    ("fr", "sur `true`", "sur `vrai`", "code", "fact"),
    ("nl", "`followRedirects`", "`volgRedirects`", "code", "fact"),
    ("sv", "till `true`", "till `false`", "code", "fact"),
    # a label dropped with its words: missing; its marker only, its words kept (translated,
    # written as a name mid-sentence, or the whole list item): cosmetic
    ("fr", "champ [!UICONTROL Délai] est", "champ est", "labels", "missing"),
    ("nl", "veld [!UICONTROL Timeout] is", "veld is", "labels", "missing"),
    ("sv", "Fältet [!UICONTROL Timeout] anges", "Fältet anges", "labels", "missing"),
    ("fr", "[!UICONTROL Délai]", "Délai", "labels", "cosmetic"),
    ("nl", "veld [!UICONTROL Timeout] is", "veld Time-out is", "labels", "cosmetic"),
    ("sv", "Fältet [!UICONTROL Timeout] anges", "Fältet Tidsgräns anges", "labels", "cosmetic"),
    ("fr", "* [!UICONTROL En-têtes]", "* En-têtes", "labels", "cosmetic"),
    ("nl", "* [!UICONTROL Headers]", "* Kopteksten", "labels", "cosmetic"),
    ("sv", "* [!UICONTROL Query String]", "* Frågesträng", "labels", "cosmetic"),
    (
        "nl",
        "* [!UICONTROL Headers]\n* [!UICONTROL Query String]",
        "* [!UICONTROL Query String]\n* [!UICONTROL Headers]",
        "labels",
        "fact",
    ),
    ("sv", "* [!UICONTROL Headers]", "* [!UICONTROL Query String]", "labels", "fact"),
]


@pytest.fixture
def passages(content_copy: Path) -> Path:
    for locale, (after, passage) in PASSAGES.items():
        url = GUIDE.format(locale)
        edit(content_copy, locale, after, f"{after}\n\n{passage.format(url=url)}")
    return content_copy


def test_a_faithful_passage_makes_no_finding(
    passages: Path, content_report: quality.Report
) -> None:
    before = {f.id for f in content_report.findings}
    new = [f.as_dict() for f in assess(passages).findings if f.id not in before]
    assert new == []


@pytest.mark.parametrize(
    ("locale", "old", "new", "kind", "severity"),
    BREAKS,
    ids=[f"{b[0]}-{b[3]}-{n}" for n, b in enumerate(BREAKS)],
)
def test_a_broken_passage_makes_its_finding(
    passages: Path,
    content_report: quality.Report,
    locale: str,
    old: str,
    new: str,
    kind: str,
    severity: str,
) -> None:
    edit(passages, locale, old, new)
    before = {f.id for f in content_report.findings}
    report = assess(passages)
    found = [f for f in report.findings if f.id not in before]
    assert [(f.locale, f.kind, f.severity) for f in found] == [(locale, kind, severity)], [
        f.as_dict() for f in found
    ]
    [f] = found
    assert f.source and f.message


def test_negation_quotes_both_sentences(passages: Path) -> None:
    edit(passages, "nl", "volgen geen omleidingen", "volgen omleidingen")
    [f] = of(assess(passages), locale="nl", kind="negation")
    assert "Requests do not follow redirects." in f.source
    assert "Verzoeken volgen omleidingen." in f.translation
    assert "the source says not" in f.message
