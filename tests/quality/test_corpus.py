"""The quality report on the real corpus.

Findings verified by reading the files, and articles read as clean.
"""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from service.index import builds, rows, store
from service.ingest import history
from service.ingest.join import Joined, join
from service.pipeline import comparing
from service.quality import report as quality
from service.settings import Settings
from tests.conftest import HISTORY, needs_corpus
from tests.quality.reports import of

CONSISTENCY = {"idempotency", "status", "methods", "numbers", "headings", "labels", "links"}


@pytest.fixture(scope="module")
def corpus_joined(corpus_settings: Settings) -> tuple[Joined, history.History]:
    """The corpus's parsed documents (from the session's build), joined here."""
    build = builds.current_build(corpus_settings.index)
    assert build is not None
    kept = rows.read_reusable(build / store.DOCS).parsed
    read = rows.parses(build / store.DOCS, (rowid for _, rowid in kept.values()))
    docs = [read[rowid].document for _, rowid in kept.values()]
    found, _ = history.from_file(HISTORY)
    return join(docs, "en", found), found


@pytest.fixture(scope="module")
def corpus_report(corpus_joined: tuple[Joined, history.History]) -> tuple[quality.Report, float]:
    """The corpus's joined documents assessed here, in this process."""
    joined, found = corpus_joined
    started = time.perf_counter()
    report = quality.assess(joined, "en", found)
    return report, time.perf_counter() - started


@needs_corpus()
def test_corpus_compared_in_processes_as_in_one(
    corpus_joined: tuple[Joined, history.History], corpus_report: tuple[quality.Report, float]
) -> None:
    """The ingest and the check share the articles among processes: same findings, same
    order, each label judged by the glossary of every article (merged)."""
    joined, found = corpus_joined
    assert len(comparing.shares(joined, "en", 2)) == 2
    shared = quality.assess(joined, "en", found, comparing.comparer(2))
    alone = corpus_report[0]
    assert any(f.kind == "labels" for f in alone.findings)  # the glossary was used
    assert [f.as_dict() for f in shared.findings] == [f.as_dict() for f in alone.findings]


def corpus_path(name: str) -> str:
    return f"help/workfront-fusion/{name}"


@needs_corpus()
def test_corpus_report_covers_every_translation_locale(
    corpus_report: tuple[quality.Report, float],
) -> None:
    # how long it takes is measured by the benchmarks (bench/freshness.py, ingest), not here
    report, _ = corpus_report
    assert set(report.freshness) == {"fr", "nl", "sv"}


@needs_corpus()
def test_corpus_freshness(corpus_report: tuple[quality.Report, float]) -> None:
    report, _ = corpus_report
    # 31 English articles have no Dutch or Swedish file (comm -23 of the file lists);
    # notepad.md is in nl-NL and sv-SE only; every English article has a French file.
    # (TOC.md is navigation, not an article: it is not judged)
    assert report.freshness["fr"].as_dict() == {
        "fresh": 424,
        "outdated": 3,
        "unknown": 6,
        "missing": 0,
        "orphans": 0,
        "metadata_only": 0,  # a history file has dates only
    }
    for locale in ("nl", "sv"):
        assert report.freshness[locale].as_dict() == {
            "fresh": 3,
            "outdated": 385,
            "unknown": 14,
            "missing": 31,
            "orphans": 1,
            "metadata_only": 0,
        }
    assert len(of(report, kind="missing-translation", locale="nl")) == 31
    assert {(f.locale, f.path) for f in of(report, kind="orphan")} == {
        ("nl", corpus_path("notepad.md")),
        ("sv", corpus_path("notepad.md")),
    }


# Findings verified by reading both files (grep of the quoted text in each):
FOUND = [
    # nl http-request-methods.md: "PUT epidemisch is", "PATCH is niet dekkend"
    (
        "nl",
        "references/modules/http-request-methods.md",
        "idempotency",
        "fact",
        "PUT",
        "PUT is idempotent",
        "epidemisch",
    ),
    (
        "nl",
        "references/modules/http-request-methods.md",
        "idempotency",
        "fact",
        "PATCH",
        "PATCH is not idempotent",
        "niet dekkend",
    ),
    # sha256 example: en …68c883ee3bed…, fr …68c83ee3bed… (a digit dropped)
    (
        "fr",
        "references/mapping-panel/functions/string-functions.md",
        "numbers",
        "fact",
        None,
        "4468c883ee3bedeb",
        "4468c83ee3bedeb",
    ),
    # the example project ID: en 625ef2ef0006036…, nl 625ef2ef006036…
    (
        "nl",
        "manage-scenarios/view-scenario-execution-history.md",
        "numbers",
        "fact",
        None,
        "625ef2ef0006036bd1794b6e52d737c5",
        "625ef2ef006036bd1794b6e52d737c5",
    ),
    # API tag: en v1.11.1, sv v1.1.1
    (
        "sv",
        "references/apps-and-modules/third-party-connectors/openai-chatgpt-modules.md",
        "numbers",
        "fact",
        None,
        "v1.11.1",
        "v1.1.1",
    ),
    # IP addresses: en 52.30.133.50, nl 52 30 133 50
    (
        "nl",
        "set-up-and-manage-workfront-fusion/set-up-and-manage-orgs-and-teams/"
        "set-up-orgs-teams-and-users/set-up-ip-addresses-for-fusion.md",
        "numbers",
        "fact",
        None,
        "52.30.133.50",
        "52 30 133 50",
    ),
    # endOfMonth: en 2016-06-30T23:59:59.999Z, fr 2016-06-:59:59.999Z
    (
        "fr",
        "references/mapping-panel/functions/date-and-time-functions.md",
        "numbers",
        "missing",
        None,
        "2016-06-30T23:59:59.999Z",
        "2016-06-:59:59.999Z",
    ),
    # serial dates: en "at noon would be 2.5", sv "kl. 12.5"
    (
        "sv",
        "references/apps-and-modules/third-party-connectors/google-sheets-modules.md",
        "numbers",
        "fact",
        None,
        "at noon would be 2.5",
        "kl. 12.5",
    ),
    # [!UICONTROL Finalization] and [!UICONTROL Ultimate] in en; only [!UICONTROL Finalisation]
    (
        "fr",
        "set-up-and-manage-workfront-fusion/licensing-operations-overview/"
        "operations-in-workfront-fusion.md",
        "labels",
        "missing",
        None,
        "ultimate",
        "",
    ),
    # source-wordcount: '1959' in nl; the English article is 6727 words long now
    (
        "nl",
        "references/apps-and-modules/adobe-connectors/workfront-planning-modules.md",
        "wordcount",
        "stale",
        None,
        "6727 words",
        "source-wordcount: '1959'",
    ),
    # nl made from 77ec3c0 (2024-12-17); the source changed in 219b9db (2026-05-13)
    (
        "nl",
        "references/modules/http-request-methods.md",
        "outdated",
        "stale",
        None,
        "HTTP request methods",
        "Methoden van HTTP-aanvragen",
    ),
]


@needs_corpus()
@pytest.mark.parametrize(
    ("locale", "path", "kind", "severity", "method", "source", "translation"),
    FOUND,
    ids=[f"{f[0]}-{f[2]}-{f[1].rsplit('/', 1)[-1]}" for f in FOUND],
)
def test_corpus_finds_what_reading_the_files_found(
    corpus_report: tuple[quality.Report, float],
    locale: str,
    path: str,
    kind: str,
    severity: str,
    method: str | None,
    source: str,
    translation: str,
) -> None:
    report, _ = corpus_report
    found = [
        f
        for f in of(report, locale=locale, path=corpus_path(path), kind=kind, method=method)
        if source in f.source and translation in f.translation
    ]
    assert found, [f.as_dict() for f in of(report, locale=locale, path=corpus_path(path))]
    assert {f.severity for f in found} == {severity}


@needs_corpus()
def test_corpus_french_methods_article_is_fresh(
    corpus_report: tuple[quality.Report, float],
) -> None:
    report, _ = corpus_report
    # fr-FR was made from 219b9db, the source's last change; French words idempotent right
    assert (
        of(report, locale="fr", path=corpus_path("references/modules/http-request-methods.md"))
        == []
    )
    assert of(report, kind="idempotency", locale="sv") == []


# Articles read in full in all four languages (headings, links, [!UICONTROL]/[!DNL] markers,
# numbers): the translations state the source's facts. Freshness is what the history says
# (checked with grep in en-history.tsv): None where the translation's commit is not in it.
AGREE = {
    "references/modules/modules-toc.md": {"fr": False, "nl": True, "sv": True},
    "references/references-toc.md": {"fr": False, "nl": True, "sv": True},
    "get-started-with-fusion/understand-fusion/understand-fusion-toc.md": {
        "fr": False,
        "nl": True,
        "sv": True,
    },
    "set-up-and-manage-workfront-fusion/set-up-and-manage-orgs-and-teams/"
    "manage-users-and-teams/manage-users-and-teams.md": {"fr": False, "nl": True, "sv": True},
    "fusion-product-releases/fusion-releases-2021/fusion-apr-12.md": {
        "fr": None,
        "nl": None,
        "sv": None,
    },  # bc4c5c0 is not in the history
    "fusion-product-releases/fusion-releases-2020/fusion-aug-17.md": {
        "fr": False,
        "nl": True,
        "sv": True,
    },
    "fusion-product-releases/fusion-releases-2024/fusion-2024-10-21.md": {
        "fr": False,
        "nl": True,
        "sv": True,
    },
    "fusion-product-releases/fusion-releases-2022/fusion-feb-28-22.md": {
        "fr": False,
        "nl": True,
        "sv": True,
    },
    "fusion-product-releases/fusion-releases-2026/fusion-2026-3-30.md": {
        "fr": False,
        "nl": True,
        "sv": True,
    },  # fr from a48a7f5, its last change
    "references/apps-and-modules/universal-connectors/http-modules-1.md": {
        "fr": False,
        "nl": False,
        "sv": False,
    },  # all from 34dad92, its last change
    "references/apps-and-modules/tools-and-transformers/markdown-modules.md": {
        "fr": False,
        "nl": True,
        "sv": True,
    },
    "references/apps-and-modules/tools-and-transformers/jsonata-module.md": {
        "fr": False,
        "nl": True,
        "sv": True,
    },
}


@needs_corpus()
@pytest.mark.parametrize("path", sorted(AGREE), ids=[p.rsplit("/", 1)[-1] for p in sorted(AGREE)])
@pytest.mark.parametrize("locale", ["fr", "nl", "sv"])
def test_corpus_no_false_findings(
    corpus_report: tuple[quality.Report, float], path: str, locale: str
) -> None:
    report, _ = corpus_report
    found = of(report, locale=locale, path=corpus_path(path))
    outdated = AGREE[path][locale]
    assert [f.kind for f in found] == (["outdated"] if outdated else []), [
        f.as_dict() for f in found
    ]
    assert all(f.kind not in CONSISTENCY for f in found)


@needs_corpus()
def test_corpus_report_is_what_the_build_serves(
    corpus_client: TestClient, corpus_report: tuple[quality.Report, float]
) -> None:
    report, _ = corpus_report
    served = corpus_client.get("/api/v1/quality", params={"limit": 500}).json()
    pages = [served]
    while pages[-1]["next"] is not None and len(pages) < 10:  # the whole report, page by page
        pages.append(corpus_client.get(pages[-1]["next"]).json())
    ids = [f["id"] for page in pages for loc in page["locales"] for f in loc["findings"]]
    assert len(ids) == len(set(ids)) == served["matched"]
    assert set(ids) == {f.id for f in report.findings}
    assert served["history"] is True
    put = corpus_client.get("/api/v1/methods/PUT", params={"lang": "nl"}).json()
    assert put["translation"]["outdated"] is True
    assert set(put["translation"]["findings"]) >= {
        f.id for f in of(report, locale="nl", kind="idempotency", method="PUT")
    }
