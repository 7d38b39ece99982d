"""Freshness.

Outdated only from the history, orphans, missing translations, unknown without history.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from service.quality import report as quality
from tests.conftest import ARTICLE, ARTICLE_PATH, CONTENT, LEGACY
from tests.quality.reports import assess, of


def test_legacy_french_article_has_no_source_counterpart(content_report: quality.Report) -> None:
    [orphan] = of(content_report, kind="orphan")
    assert (orphan.locale, orphan.article, orphan.severity) == ("fr", LEGACY, "stale")
    assert orphan.path == "help/quicksilver/workfront-fusion/modules/http-request-methods.md"
    assert "no en version" in orphan.message


def test_without_history_freshness_is_unknown(content_report: quality.Report) -> None:
    assert content_report.history is False
    assert of(content_report, kind="outdated") == []
    assert {loc: f.as_dict() for loc, f in content_report.freshness.items()} == {
        "fr": {
            "fresh": 0,
            "outdated": 0,
            "unknown": 1,
            "missing": 0,
            "orphans": 1,
            "metadata_only": 0,
        },
        "nl": {
            "fresh": 0,
            "outdated": 0,
            "unknown": 1,
            "missing": 0,
            "orphans": 0,
            "metadata_only": 0,
        },
        "sv": {
            "fresh": 0,
            "outdated": 0,
            "unknown": 1,
            "missing": 0,
            "orphans": 0,
            "metadata_only": 0,
        },
    }


def test_a_source_article_without_a_translation(content_copy: Path) -> None:
    (content_copy / "fr" / ARTICLE_PATH).unlink()  # French keeps its legacy article
    report = assess(content_copy)
    [f] = of(report, kind="missing-translation")
    assert (f.locale, f.article, f.severity, f.path) == ("fr", ARTICLE, "missing", ARTICLE_PATH)
    assert report.freshness["fr"].missing == 1


COMMIT = "77ec3c007ce7c49ff760145fafcd7f62b273a18f"  # the seeds' source-git-commit


@pytest.mark.parametrize(
    ("lines", "outdated"),
    [
        (
            [
                f"{ARTICLE_PATH}\t{COMMIT}\t2024-12-17T20:17:01-08:00",
                f"{ARTICLE_PATH}\tabc1234def5678abc1234def5678abc1234def56\t2025-02-01T10:00:00+00:00",
            ],
            True,
        ),
        ([f"{ARTICLE_PATH}\t{COMMIT}\t2024-12-17T20:17:01-08:00"], False),
        ([f"help/other.md\t{COMMIT}\t2024-12-17T20:17:01-08:00"], None),  # the article not in it
    ],
)
def test_outdated_comes_from_the_history_only(
    tmp_path: Path, lines: list[str], outdated: bool | None
) -> None:
    tsv = tmp_path / "en-history.tsv"
    tsv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = assess(CONTENT, tsv)
    assert report.history is True
    stale = of(report, kind="outdated")
    for locale in ("fr", "nl", "sv"):
        counts = report.freshness[locale]
        assert (counts.outdated, counts.fresh, counts.unknown) == (
            (1, 0, 0) if outdated else (0, 1, 0) if outdated is False else (0, 0, 1)
        )
    assert {f.locale for f in stale} == ({"fr", "nl", "sv"} if outdated else set())
    if outdated:
        assert (
            "changed 1 time since the commit this translation was made from (77ec3c0"
            in stale[0].message
        )
        assert stale[0].source_value == ["abc1234def5678abc1234def5678abc1234def56"]
