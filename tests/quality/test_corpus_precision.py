"""False alarms on the real corpus, read in both files and judged false, that the check no
longer makes (the judged samples' rows in ``tests/data/quality_judged*.tsv``; each case
is what a rule of ``service/quality`` is for, see docs/quality.md)."""

from __future__ import annotations

import pytest

from service.quality import report as quality
from tests.conftest import needs_corpus
from tests.quality.reports import of
from tests.quality.test_corpus import corpus_joined, corpus_path, corpus_report  # noqa: F401

GOOGLE = "create-scenarios/connect-to-apps/connect-fusion-to-google-using-oauth.md"
STORAGE = "references/apps-and-modules/adobe-connectors/adobe-storage-modules.md"
PHOTOSHOP = "references/apps-and-modules/adobe-connectors/adobe-photoshop-modules.md"
WORKFRONT = "references/apps-and-modules/adobe-connectors/workfront-modules.md"
TEMPLATES = "create-and-manage-templates/currently-available-fusion-templates.md"

GONE = [
    # heading "[403 Access Not Configured]", the text's code `403 Access Not Configured`
    *(("numbers", locale, GOOGLE, "403") for locale in ("fr", "nl", "sv")),
    # "a system external to the service" / "een systeem dat geen deel uitmaakt van"
    ("negation", "nl", STORAGE, "geen deel"),
    # "Remove background" is the translations' last module, the source's in Actions
    *(("fields", locale, PHOTOSHOP, "Remove background") for locale in ("nl", "sv")),
    ("fields", "nl", PHOTOSHOP, "Achtergrond verwijderen"),
    ("fields", "sv", PHOTOSHOP, "Ta bort bakgrund"),
    # a broken link's address written out: …/td-p/754182?profile.language=nl
    *(("numbers", locale, WORKFRONT, "754182") for locale in ("nl", "sv")),
    # "all tasks at 1005 complete" (the % typed unshifted) / "terminées à 100 %"
    ("numbers", "fr", TEMPLATES, "1005"),
]


@needs_corpus()
@pytest.mark.parametrize(
    ("kind", "locale", "path", "said"),
    GONE,
    ids=[f"{g[1]}-{g[0]}-{g[3]}" for g in GONE],
)
def test_corpus_false_alarm_is_gone(
    corpus_report: tuple[quality.Report, float],  # noqa: F811
    kind: str,
    locale: str,
    path: str,
    said: str,
) -> None:
    report, _ = corpus_report
    found = of(report, locale=locale, path=corpus_path(path), kind=kind)
    assert [f.as_dict() for f in found if said in f"{f.message} {f.source} {f.translation}"] == []


BASIC = "build-practice-scenarios/create-basic-scenario.md"
DEVOPS = "references/apps-and-modules/third-party-connectors/azure-dev-ops.md"

COSMETIC = [
    # "In the [!UICONTROL Outputs] list" / "Dans la liste Sorties": translated, unmarked
    ("labels", "fr", BASIC, "outputs"),
    # docs.microsoft.com/azure/devops/… / learn.microsoft.com/azure/devops/…: the same page
    ("links", "fr", DEVOPS, "learn.microsoft.com/azure/devops"),
]


@needs_corpus()
@pytest.mark.parametrize(
    ("kind", "locale", "path", "said"),
    COSMETIC,
    ids=[f"{c[1]}-{c[0]}-{c[3]}" for c in COSMETIC],
)
def test_corpus_form_only_is_cosmetic(
    corpus_report: tuple[quality.Report, float],  # noqa: F811
    kind: str,
    locale: str,
    path: str,
    said: str,
) -> None:
    """What only a marker or an address's form tells apart is a cosmetic finding, never a
    fact or a missing one that a reader's page would show."""
    report, _ = corpus_report
    found = [
        f
        for f in of(report, locale=locale, path=corpus_path(path), kind=kind)
        if said in f"{f.message} {f.source} {f.translation}"
    ]
    assert found
    assert {f.severity for f in found} == {"cosmetic"}, [f.as_dict() for f in found]
