"""The report on content/.

Exactly the known findings, their counts, and their ids on the records.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from service.ingest.join import join
from service.ingest.parse import parse_document
from service.ingest.sources import scan
from service.pipeline import check
from service.quality import report as quality
from service.quality.findings import SEVERITIES
from service.settings import Settings
from tests.conftest import ARTICLE, CONTENT, LEGACY
from tests.quality.reports import of


def test_content_has_exactly_the_known_findings(content_report: quality.Report) -> None:
    found = {(f.locale, f.kind, f.method, f.severity) for f in content_report.findings}
    assert found == {
        ("nl", "idempotency", "PUT", "fact"),
        ("nl", "idempotency", "PATCH", "fact"),
        ("fr", "orphan", None, "stale"),
    }


def test_report_json_counts_per_locale(content_report: quality.Report) -> None:
    data = content_report.as_dict()
    assert data["severities"] == list(SEVERITIES) == ["fact", "missing", "stale", "cosmetic"]
    assert data["locales"]["nl"]["findings"] == {"fact": 2, "missing": 0, "stale": 0, "cosmetic": 0}
    assert data["locales"]["fr"]["total"] == 1
    assert [f["id"] for f in data["findings"]] == [f.id for f in content_report.findings]
    ranks = [SEVERITIES.index(f["severity"]) for f in data["findings"]]
    assert ranks == sorted(ranks)  # worst first


@pytest.mark.parametrize(
    ("method", "lang", "kinds"),
    [
        ("PUT", "nl", {("idempotency", "PUT")}),
        ("PATCH", "nl", {("idempotency", "PATCH")}),
        ("GET", "nl", set()),
        ("PUT", "sv", set()),
        ("PUT", "fr", set()),
        ("PUT", "en", set()),
    ],
)
def test_method_records_carry_their_findings(
    client: TestClient,
    content_report: quality.Report,
    method: str,
    lang: str,
    kinds: set[tuple[str, str]],
) -> None:
    record = client.get(f"/api/v1/methods/{method}", params={"lang": lang}).json()
    assert record["locale"] == lang
    expected = {
        f.id for f in content_report.findings if f.locale == lang and (f.kind, f.method) in kinds
    }
    assert set(record["translation"]["findings"]) == expected
    assert record["translation"]["outdated"] is None  # no history: never guessed


def test_documents_carry_all_their_findings(
    client: TestClient, content_report: quality.Report
) -> None:
    doc = client.get(f"/api/v1/docs/{ARTICLE}", params={"lang": "nl"}).json()
    assert set(doc["translation"]["findings"]) == {
        f.id for f in of(content_report, locale="nl", article=ARTICLE)
    }
    legacy = client.get(f"/api/v1/docs/{LEGACY}", params={"lang": "fr"}).json()
    assert legacy["translation"]["findings"] == [of(content_report, kind="orphan")[0].id]


def test_apply_keeps_lookups_pointing_at_the_new_records() -> None:
    checked = check.collect(Settings(content=CONTENT), jobs=1)
    files, _ = scan(CONTENT)
    docs = [parse_document(f.text, f.path, f.locale).document for f in files]
    joined = join([d for d in docs if d is not None], "en", None)
    applied = quality.apply(joined, checked.report)
    assert all(
        any(r is rec for rec in applied.records)
        for by_method in applied.lookup.values()
        for r in by_method.values()
    )
    assert applied.lookup["nl"]["PUT"].translation.findings == tuple(
        f.id for f in of(checked.report, locale="nl", method="PUT")
    )
    assert joined.lookup["nl"]["PUT"].translation.findings == ()  # the input is unchanged
