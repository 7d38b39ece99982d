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
from pathlib import Path

import pytest

from service.pipeline import check
from service.settings import Settings
from tests.conftest import CORPUS
from tests.quality.reports import of

BUNDLE = CORPUS / "en-source.bundle"


@pytest.mark.slow
@pytest.mark.timeout(600)
@pytest.mark.skipif(not BUNDLE.is_file(), reason=f"no English git history at {BUNDLE}")
def test_corpus_freshness_from_git(tmp_path: Path) -> None:
    en = tmp_path / "en"
    subprocess.run(
        ["git", "clone", "-q", "--no-checkout", str(BUNDLE), str(en)], check=True, timeout=120
    )
    for args in (("sparse-checkout", "set", "--no-cone", "/help/"), ("checkout", "-q", "HEAD")):
        subprocess.run(["git", "-C", str(en), *args], check=True, timeout=120)
    for folder in ("fr-FR", "nl-NL", "sv-SE"):
        shutil.copytree(CORPUS / folder, tmp_path / folder)
    report = check.collect(Settings(content=tmp_path), jobs=2).report
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
