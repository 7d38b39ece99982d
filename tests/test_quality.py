"""Translation quality (quality, freshness, consistency) over the real content and corpus.

``content/``: the findings the issue names, and nothing else. Copies of it,
each changed in one way, show each kind of finding appear. The corpus: a
sample of findings and of articles without false findings, each verified by
reading the files (the comments say what was read).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.index import builds, store
from service.ingest import history
from service.ingest.join import join
from service.ingest.parse import parse_document
from service.ingest.sources import scan
from service.pipeline import check
from service.quality import report as quality
from service.quality.findings import SEVERITIES, Finding, at_least, finding_id
from service.settings import Settings

from .conftest import CONTENT, HISTORY, needs_corpus

ARTICLE = "481131c9-356a-4c62-a653-d6bba9be5be8"  # the HTTP methods article in every locale
LEGACY = "20b3c0f4-4a4c-4ba0-8570-ac39573ef1c0"  # the French-only legacy article
METHODS = "help/workfront-fusion/references/modules/http-request-methods.md"
CONSISTENCY = {"idempotency", "status", "methods", "numbers", "headings", "labels", "links"}


def assess(content: Path, history_file: Path | None = None) -> quality.Report:
    return check.collect(Settings(content=content, history=history_file), jobs=1).report


def of(report: quality.Report, **fields: object) -> list[Finding]:
    return [
        f
        for f in report.findings
        if all(getattr(f, name) == value for name, value in fields.items())
    ]


@pytest.fixture(scope="module")
def content_report() -> quality.Report:
    return assess(CONTENT)


# --- content/: what the issue asks --------------------------------------------------------


def test_content_has_exactly_the_known_findings(content_report: quality.Report) -> None:
    found = {(f.locale, f.kind, f.method, f.severity) for f in content_report.findings}
    assert found == {
        ("nl", "idempotency", "PUT", "fact"),
        ("nl", "idempotency", "PATCH", "fact"),
        ("fr", "orphan", None, "stale"),
    }


def test_dutch_epidemisch_is_a_fact_error_quoting_both_sentences(
    content_report: quality.Report,
) -> None:
    [put] = of(content_report, locale="nl", kind="idempotency", method="PUT")
    assert put.severity == "fact" and put.article == ARTICLE and put.path == METHODS
    assert "PUT is idempotent" in put.source
    assert "PUT epidemisch is" in put.translation
    assert (put.source_value, put.translation_value) == (True, None)


def test_dutch_niet_dekkend_is_a_fact_error(content_report: quality.Report) -> None:
    [patch] = of(content_report, locale="nl", kind="idempotency", method="PATCH")
    assert patch.severity == "fact"
    assert "PATCH is not idempotent" in patch.source
    assert "niet dekkend" in patch.translation
    assert (patch.source_value, patch.translation_value) == (False, None)


@pytest.mark.parametrize("locale", ["fr", "sv"])
def test_french_and_swedish_seeds_agree_on_idempotency(
    content_report: quality.Report, locale: str
) -> None:
    assert of(content_report, locale=locale, kind="idempotency") == []
    assert [f for f in content_report.findings if f.locale == locale and f.article == ARTICLE] == []


def test_legacy_french_article_has_no_source_counterpart(content_report: quality.Report) -> None:
    [orphan] = of(content_report, kind="orphan")
    assert (orphan.locale, orphan.article, orphan.severity) == ("fr", LEGACY, "stale")
    assert orphan.path == "help/quicksilver/workfront-fusion/modules/http-request-methods.md"
    assert "no en version" in orphan.message


def test_without_history_freshness_is_unknown(content_report: quality.Report) -> None:
    assert content_report.history is False
    assert of(content_report, kind="outdated") == []
    assert {loc: f.as_dict() for loc, f in content_report.freshness.items()} == {
        "fr": {"fresh": 0, "outdated": 0, "unknown": 1, "missing": 0, "orphans": 1},
        "nl": {"fresh": 0, "outdated": 0, "unknown": 1, "missing": 0, "orphans": 0},
        "sv": {"fresh": 0, "outdated": 0, "unknown": 1, "missing": 0, "orphans": 0},
    }


def test_report_json_counts_per_locale(content_report: quality.Report) -> None:
    data = content_report.as_dict()
    assert data["severities"] == list(SEVERITIES) == ["fact", "missing", "stale", "cosmetic"]
    assert data["locales"]["nl"]["findings"] == {"fact": 2, "missing": 0, "stale": 0, "cosmetic": 0}
    assert data["locales"]["fr"]["total"] == 1
    assert [f["id"] for f in data["findings"]] == [f.id for f in content_report.findings]
    ranks = [SEVERITIES.index(f["severity"]) for f in data["findings"]]
    assert ranks == sorted(ranks)  # worst first


def test_ids_are_a_hash_of_what_the_finding_is_about(content_report: quality.Report) -> None:
    for f in content_report.findings:
        assert f.id == finding_id(f.kind, f.article, f.locale, f.method, f.field)
        assert f.id.startswith("q-") and len(f.id) == 12
    assert len({f.id for f in content_report.findings}) == len(content_report.findings)


def test_ids_do_not_change_when_the_wording_does(
    content_report: quality.Report, content_copy: Path
) -> None:
    nl = content_copy / "nl" / METHODS
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


# --- findings on the records, the documents and the API -----------------------------------


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


# --- each kind of finding, on a copy of content/ changed one way --------------------------


def edit(root: Path, locale: str, old: str, new: str, path: str = METHODS) -> None:
    file = root / locale / path
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


CHANGES = [
    # (locale, old text, new text, expected (locale, kind, severity, method))
    (
        "sv",
        "är att PUT är idempotent",
        "är att PUT inte är idempotent",
        ("sv", "idempotency", "fact", "PUT"),
    ),
    (
        "fr",
        "(généralement 201 ou 204)",
        "(généralement 201 ou 206)",
        ("fr", "status", "fact", "PUT"),
    ),
    (
        "sv",
        "* **[!UICONTROL DELETE]**:",
        "* [!UICONTROL DELETE]:",
        ("sv", "methods", "missing", "DELETE"),
    ),
    (
        "nl",
        "source-wordcount: '283'",
        "source-wordcount: '900'",
        ("nl", "wordcount", "stale", None),
    ),
    ("nl", "## HTTP-methoden\n", "HTTP-methoden\n", ("nl", "headings", "missing", None)),
    (
        "sv",
        "Använd någon av följande HTTP-metoder.",
        "Använd någon av följande HTTP-metoder.\n\n## Mer om metoderna",
        ("sv", "headings", "cosmetic", None),
    ),
    ("nl", "[!UICONTROL GET] vraagt", "GET vraagt", ("nl", "labels", "cosmetic", None)),
    (
        "en",
        "Use one of the following HTTP methods.",
        "Use one of the following HTTP methods. See [Keys](keys.md).",
        ("fr", "links", "missing", None),
    ),
]


@pytest.mark.parametrize(
    ("locale", "old", "new", "expected"), CHANGES, ids=[c[3][0] + "-" + c[3][1] for c in CHANGES]
)
def test_a_change_makes_its_finding(
    content_copy: Path,
    locale: str,
    old: str,
    new: str,
    expected: tuple[str, str, str, str | None],
    content_report: quality.Report,
) -> None:
    edit(content_copy, locale, old, new)
    report = assess(content_copy)
    loc, kind, severity, method = expected
    found = of(report, locale=loc, kind=kind, method=method)
    assert [f.severity for f in found] == [severity], [f.as_dict() for f in report.findings]
    before = {f.id for f in content_report.findings}
    assert {f.id for f in report.findings} - before == {f.id for f in found} | (
        # a link added to the source is missing from every translation
        {f.id for f in of(report, kind="links")} if kind == "links" else set()
    )


def test_negated_differently_quotes_both_wordings(content_copy: Path) -> None:
    edit(content_copy, "sv", "är att PUT är idempotent", "är att PUT inte är idempotent")
    [f] = of(assess(content_copy), locale="sv", kind="idempotency")
    assert (f.source_value, f.translation_value) == (True, False)
    assert "PUT inte är idempotent" in f.translation and "PUT is idempotent" in f.source
    assert "is idempotent" in f.message and "is not idempotent" in f.message


def test_changed_status_code_says_which(content_copy: Path) -> None:
    edit(content_copy, "fr", "(généralement 201 ou 204)", "(généralement 201 ou 206)")
    [f] = of(assess(content_copy), locale="fr", kind="status")
    assert (f.source_value, f.translation_value) == ([200, 201, 204], [200, 201, 206])
    assert "lacks 204" in f.message and "adds 206" in f.message
    assert "201 or 204" in f.source and "201 ou 206" in f.translation


def test_changed_number_in_a_section(content_copy: Path) -> None:
    edit(
        content_copy,
        "en",
        "Use one of the following HTTP methods.",
        "Use one of the following HTTP methods. Requests time out after 300 seconds.",
    )
    edit(
        content_copy,
        "nl",
        "Gebruik een van de volgende HTTP-methoden.",
        "Gebruik een van de volgende HTTP-methoden. Verzoeken verlopen na 30 seconden.",
    )
    edit(
        content_copy,
        "fr",
        "Utilisez l’une des méthodes HTTP suivantes.",
        "Utilisez l’une des méthodes HTTP suivantes. Les requêtes expirent après 300 s.",
    )
    report = assess(content_copy)
    [nl] = of(report, locale="nl", kind="numbers")
    assert (nl.severity, nl.source_value, nl.translation_value) == ("fact", ["300"], ["30"])
    assert nl.field == "numbers:http-methods"
    assert "300 seconds" in nl.source and "30 seconden" in nl.translation
    [sv] = of(report, locale="sv", kind="numbers")  # Swedish has no number there
    assert (sv.severity, sv.source_value, sv.translation_value) == ("missing", ["300"], [])
    assert of(report, locale="fr", kind="numbers") == []  # 300 s: the same number


def test_a_source_article_without_a_translation(content_copy: Path) -> None:
    (content_copy / "fr" / METHODS).unlink()  # French keeps its legacy article
    report = assess(content_copy)
    [f] = of(report, kind="missing-translation")
    assert (f.locale, f.article, f.severity, f.path) == ("fr", ARTICLE, "missing", METHODS)
    assert report.freshness["fr"].missing == 1


# --- freshness from a history file --------------------------------------------------------

COMMIT = "77ec3c007ce7c49ff760145fafcd7f62b273a18f"  # the seeds' source-git-commit


@pytest.mark.parametrize(
    ("lines", "outdated"),
    [
        (
            [
                f"{METHODS}\t{COMMIT}\t2024-12-17T20:17:01-08:00",
                f"{METHODS}\tabc1234def5678abc1234def5678abc1234def56\t2025-02-01T10:00:00+00:00",
            ],
            True,
        ),
        ([f"{METHODS}\t{COMMIT}\t2024-12-17T20:17:01-08:00"], False),
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


# --- the corpus ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_report(corpus_settings: Settings) -> tuple[quality.Report, float]:
    """The corpus's parsed documents (from the session's build), joined and assessed here."""
    build = builds.current_build(corpus_settings.index)
    assert build is not None
    docs = [
        store.load_parsed(row).document for _, row in store.read_parsed(build / store.DOCS).values()
    ]
    found, _ = history.from_file(HISTORY)
    joined = join(docs, "en", found)
    started = time.perf_counter()
    report = quality.assess(joined, "en", found)
    return report, time.perf_counter() - started


def corpus_path(name: str) -> str:
    return f"help/workfront-fusion/{name}"


@needs_corpus()
def test_corpus_report_takes_seconds(corpus_report: tuple[quality.Report, float]) -> None:
    report, seconds = corpus_report
    assert set(report.freshness) == {"fr", "nl", "sv"}
    assert seconds < 15, f"{seconds:.1f} s"  # about 2 s measured; it runs in every ingest


@needs_corpus()
def test_corpus_freshness(corpus_report: tuple[quality.Report, float]) -> None:
    report, _ = corpus_report
    # 31 English articles have no Dutch or Swedish file (comm -23 of the file lists);
    # notepad.md is in nl-NL and sv-SE only; every English article has a French file.
    assert report.freshness["fr"].as_dict() == {
        "fresh": 425,
        "outdated": 3,
        "unknown": 6,
        "missing": 0,
        "orphans": 0,
    }
    for locale in ("nl", "sv"):
        assert report.freshness[locale].as_dict() == {
            "fresh": 3,
            "outdated": 385,
            "unknown": 15,
            "missing": 31,
            "orphans": 1,
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
        "cosmetic",
        None,
        "2 UI labels",
        "1 UI labels",
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
    served = corpus_client.get("/api/v1/quality").json()
    assert {f["id"] for loc in served["locales"] for f in loc["findings"]} == {
        f.id for f in report.findings
    }
    assert served["history"] is True
    put = corpus_client.get("/api/v1/methods/PUT", params={"lang": "nl"}).json()
    assert put["translation"]["outdated"] is True
    assert set(put["translation"]["findings"]) >= {
        f.id for f in of(report, locale="nl", kind="idempotency", method="PUT")
    }
