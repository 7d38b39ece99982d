"""Findings: stable ids from what they are about, severities in order."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.quality import report as quality
from service.quality.findings import SHORT_MAX, at_least, finding_id, short
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


SHA = "ed3d7397eec7b94453035b67ba4468c883ee3bedeb57137f7371f2e0cf5e2bbc"
EXAMPLE = (
    'Supported encodings: "hex" (default), "base64" or "latin1". Example: sha256( workfront ) '
    f"Returns: {SHA}"
)
DATES = (
    "The new API will be available in the Workfront connector on the following dates: EU: "
    "Thursday, November 13, 2023 US: Friday, November 17, 2023 For a list of new changes to "
    "the API, see What's new in API version 17."
)


@pytest.mark.parametrize(
    ("text", "focus", "holds", "starts", "ends"),
    [
        ("PATCH is not idempotent.", ("PATCH",), "PATCH is not idempotent.", "P", "."),
        (EXAMPLE, (SHA,), SHA, "…", SHA[-4:]),  # the compared value, at the end: kept whole
        (EXAMPLE, ("nowhere",), "Supported encodings", "S", "…"),  # else from the start
        (DATES, ("13",), "November 13, 2023", "…", "…"),  # 13 as a word, not in 2023
        # after a long word: some of it kept before the focus, not only the focus
        (f"Returns: {SHA}{SHA[:40]} {SHA}", (SHA,), f"{SHA[30:40]} {SHA}", "…", SHA[-4:]),
        (DATES, ("17",), "November 17, 2023", "…", "17."),  # near the end: to the end
    ],
)
def test_a_summary_quote_is_cut_short_around_what_was_compared(
    text: str, focus: tuple[str, ...], holds: str, starts: str, ends: str
) -> None:
    cut = short(text, focus)
    assert len(cut) <= SHORT_MAX and holds in cut
    assert cut.startswith(starts) and cut.endswith(ends)
    assert cut.strip("…") in text  # a piece of the text, no word invented


def test_a_finding_summary_is_the_finding_in_short(content_report: quality.Report) -> None:
    [put] = of(content_report, locale="nl", method="PUT")
    summary = put.summary()
    assert (summary.id, summary.kind, summary.severity, summary.method, summary.message) == (
        put.id,
        put.kind,
        put.severity,
        put.method,
        put.message,
    )
    assert "PUT epidemisch is" in summary.translation and "PUT is idempotent" in summary.source
    assert len(summary.source) <= SHORT_MAX and len(summary.translation) <= SHORT_MAX
