"""Freshness on the corpus from its English git history (``en-source.bundle``).

Slow (a clone and a whole check): ``make test-slow``. Skipped without the bundle.
The truth these numbers hold to is ``bench/freshness.py``'s, computed with
``git show`` per translation: 126 Dutch and 126 Swedish translations whose
English body changed since their commit; 269 of each whose English changed in
front matter only (two more in whitespace only), and none in French.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from service.pipeline import check
from service.quality import report as quality
from service.settings import Settings
from tests.conftest import CORPUS
from tests.quality.reports import of

BUNDLE = CORPUS / "en-source.bundle"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> quality.Report:
    """The check of the corpus with its English git history: ``en/`` a checkout of the bundle."""
    if not BUNDLE.is_file():
        pytest.skip(f"no English git history at {BUNDLE}")
    tmp_path = tmp_path_factory.mktemp("git-corpus")
    en = tmp_path / "en"
    subprocess.run(
        ["git", "clone", "-q", "--no-checkout", str(BUNDLE), str(en)], check=True, timeout=120
    )
    for args in (("sparse-checkout", "set", "--no-cone", "/help/"), ("checkout", "-q", "HEAD")):
        subprocess.run(["git", "-C", str(en), *args], check=True, timeout=120)
    for folder in ("fr-FR", "nl-NL", "sv-SE"):
        shutil.copytree(CORPUS / folder, tmp_path / folder)
    return check.collect(Settings(content=tmp_path), jobs=2).report


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_corpus_freshness_from_git(report: quality.Report) -> None:
    assert report.history_source == "git"
    counts = {loc: f.as_dict() for loc, f in report.freshness.items()}
    assert counts["fr"]["outdated"] == 0 and counts["fr"]["metadata_only"] == 2
    for locale in ("nl", "sv"):
        # 126 body-changed translations (bench/freshness.py's truth), less TOC.md (41 English
        # commits since the Dutch and Swedish were made): navigation, not an article
        assert (counts[locale]["outdated"], counts[locale]["metadata_only"]) == (125, 271)
        found = of(report, kind="outdated", locale=locale)
        assert {f.severity for f in found} == {"stale", "cosmetic"}
        assert all(f.diff is not None and f.diff.sections for f in found)


_FUNCTIONS = "help/workfront-fusion/create-scenarios/map-data/map-using-custom-functions.md"
_SETTINGS = (
    "help/workfront-fusion/create-scenarios/config-scenarios-settings/"
    "configure-scenario-settings.md"
)
_NOTIFICATIONS = (
    "help/workfront-fusion/set-up-and-manage-workfront-fusion/set-up-and-manage-orgs-and-teams/"
    "set-up-orgs-teams-and-users/set-team-notification-options.md"
)
_APP_BUILDER = (
    "help/workfront-fusion/references/apps-and-modules/adobe-connectors/adobe-app-builder.md"
)
NAMED = [
    # (article, the sections its Dutch and Swedish translations lack, as the finding names them)
    # the source put its two sections one level deeper under a new grouping heading
    (_FUNCTIONS, "### Create a custom function to use in multiple scenarios · "
                 "### Create a custom function within a scenario"),
    # a section added in the middle, next to one of the same shape
    (_SETTINGS, "### Notify on warning / Notify on error / Notify when scenario is disabled"),
    # the translation's one section stands for one the source has commented out since
    (_NOTIFICATIONS, "## Set scenario-level notification settings · "
                     "## Restore notification defaults"),
    # three modules added before the one the translation has (its labels tell it)
    (_APP_BUILDER, "### Run a custom code block · ### Run a custom function from package · "
                   "### Use variable from package"),
]  # fmt: skip


@pytest.mark.slow
@pytest.mark.timeout(600)
@pytest.mark.parametrize(("path", "lacking"), NAMED)
def test_corpus_headings_name_the_sections_lacking(
    report: quality.Report, path: str, lacking: str
) -> None:
    for locale in ("nl", "sv"):
        [f] = of(report, kind="headings", locale=locale, path=path)
        assert (f.source, f.severity) == (lacking, "missing")
