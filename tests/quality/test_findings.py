"""Findings: stable ids from what they are about, severities in order."""

from __future__ import annotations

from pathlib import Path

from service.quality import report as quality
from service.quality.findings import at_least, finding_id
from tests.conftest import ARTICLE_PATH
from tests.quality.reports import assess, of


def test_ids_are_a_hash_of_what_the_finding_is_about(content_report: quality.Report) -> None:
    for f in content_report.findings:
        assert f.id == finding_id(f.kind, f.article, f.locale, f.method, f.field)
        assert f.id.startswith("q-") and len(f.id) == 12
    assert len({f.id for f in content_report.findings}) == len(content_report.findings)


def test_ids_do_not_change_when_the_wording_does(
    content_report: quality.Report, content_copy: Path
) -> None:
    nl = content_copy / "nl" / ARTICLE_PATH
    text = nl.read_text(encoding="utf-8")
    nl.write_text(
        text.replace("is dat PUT epidemisch is", "is dat PUT pandemisch blijft"), encoding="utf-8"
    )
    [before] = of(content_report, locale="nl", method="PUT")
    [after] = of(assess(content_copy), locale="nl", method="PUT")
    assert "pandemisch" in after.translation and after.translation != before.translation
    assert after.id == before.id


def test_at_least_orders_severities() -> None:
    assert at_least("fact", "missing") and at_least("missing", "missing")
    assert not at_least("cosmetic", "stale") and not at_least("stale", "fact")
