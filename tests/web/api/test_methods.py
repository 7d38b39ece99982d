"""GET /api/v1/methods and /methods/{method}: every way of asking, the facts, the order."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import ARTICLE, needs_corpus
from tests.web.api.asks import get

METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]


FACTS = {
    "GET": ([200], None, None),
    "POST": ([200], None, None),
    "PUT": ([200, 201, 204], True, None),
    "PATCH": ([200, 204], False, "available"),
    "DELETE": ([200], None, None),
}


AVAILABILITY_WORD = {
    "en": "available",
    "fr": "disponible",
    "nl": "beschikbaar",
    "sv": "tillgängligt",
}


# (how the client asks, served locale, requested_locale, fallback)
ASKS = [
    ({"lang": "en"}, "en", "en", False),
    ({"lang": "fr"}, "fr", "fr", False),
    ({"lang": "nl"}, "nl", "nl", False),
    ({"lang": "sv"}, "sv", "sv", False),
    ({"lang": "fr-CA"}, "fr", "fr", False),
    ({"al": "fr-CA,fr;q=0.9"}, "fr", "fr", False),
    ({"al": "nl-BE"}, "nl", "nl", False),
    ({"al": "sv-FI"}, "sv", "sv", False),
    ({"al": "en-GB"}, "en", "en", False),
    ({"al": "de-DE,de;q=0.9"}, "en", "de", True),
    ({"al": "de, fr;q=0.5"}, "fr", "de", True),
    ({"al": "fr;q=0.2, sv;q=0.8"}, "sv", "sv", False),
    ({"al": "*"}, "en", None, False),
    ({"al": ""}, "en", None, False),
    ({"al": "garbage;;q=zz,,,"}, "en", None, False),
    ({"al": "fr;q=0"}, "en", None, False),
    ({"al": "x" * 10_000}, "en", None, False),
    ({"al": "de-DE", "lang": "nl"}, "nl", "nl", False),
]


ASK_IDS = [str(a[0])[:40] for a in ASKS]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(("ask", "locale", "requested", "fallback"), ASKS, ids=ASK_IDS)
def test_method_lookup(
    client: TestClient,
    method: str,
    ask: dict[str, str],
    locale: str,
    requested: str | None,
    fallback: bool,
) -> None:
    r = get(client, f"/api/v1/methods/{method.lower()}", ask)
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["locale"], body["requested_locale"], body["fallback"]) == (
        locale,
        requested,
        fallback,
    )
    assert r.headers["content-language"] == locale
    assert "Accept-Language" in r.headers["vary"]
    assert r.headers["etag"].startswith('"') and r.headers["cache-control"].startswith("public")
    status, idempotent, note = FACTS[method]
    assert body["method"] == method
    assert (body["success_status"], body["idempotent"]) == (status, idempotent)
    if note:
        assert AVAILABILITY_WORD[locale] in body["availability"].lower()
    else:
        assert body["availability"] is None
    assert body["source"]["doc_id"] == ARTICLE
    assert body["source"]["url"] == f"/{locale}/docs/{ARTICLE}"
    assert (
        body["spec"]
        == {
            "GET": {"safe": True, "idempotent": True, "cacheable": True},
            "POST": {"safe": False, "idempotent": False, "cacheable": True},
            "PUT": {"safe": False, "idempotent": True, "cacheable": False},
            "PATCH": {"safe": False, "idempotent": False, "cacheable": False},
            "DELETE": {"safe": False, "idempotent": True, "cacheable": False},
        }[method]
    )
    assert set(body["translation"]) >= {
        "machine_translated",
        "human_translated_percent",
        "source_commit",
        "outdated",
    }


def test_methods_list_in_picker_order(client: TestClient) -> None:
    body = client.get("/api/v1/methods", headers={"Accept-Language": "sv-SE"}).json()
    assert (body["locale"], body["requested_locale"], body["fallback"]) == ("sv", "sv", False)
    assert [m["method"] for m in body["methods"]] == METHODS
    assert all(m["locale"] == "sv" for m in body["methods"])


@needs_corpus()
@pytest.mark.parametrize(
    ("method", "finding", "translation", "source"),
    [
        ("PATCH", "q-2ff7ed5215", "PATCH is niet dekkend", "PATCH is not idempotent"),
        ("PUT", "q-5c7f15d634", "PUT epidemisch is", "PUT is idempotent"),
    ],
)
def test_a_dutch_record_says_what_its_fact_finding_is(
    corpus_client: TestClient, method: str, finding: str, translation: str, source: str
) -> None:
    record = corpus_client.get(f"/api/v1/methods/{method}?lang=nl").json()
    said = {s["id"]: s for s in record["translation"]["finding_summaries"]}[finding]
    assert (said["kind"], said["severity"], said["method"]) == ("idempotency", "fact", method)
    assert said["message"].startswith(f"the source says {method} is ")
    assert translation in said["translation"] and source in said["source"]


@needs_corpus()
@pytest.mark.parametrize("locale", ["fr", "nl", "sv"])
def test_every_record_carries_its_findings_short_text(
    corpus_client: TestClient, locale: str
) -> None:
    article = "help/workfront-fusion/references/modules/http-request-methods.md"
    report = corpus_client.get(
        "/api/v1/quality", params={"locale": locale, "path": article, "limit": 500}
    ).json()
    [listed] = report["locales"]
    findings = {f["id"]: f for f in listed["findings"]}
    records = corpus_client.get(f"/api/v1/methods?lang={locale}").json()["methods"]
    # the French methods article is fresh and faithful; the Dutch and Swedish ones are not
    assert any(r["translation"]["findings"] for r in records) == (locale != "fr")
    for record in records:
        status = record["translation"]
        summaries = status["finding_summaries"]
        assert [s["id"] for s in summaries] == status["findings"]  # the same, in order
        for said in summaries:
            whole = findings[said["id"]]
            assert said["method"] in (None, record["method"])
            for key in ("kind", "severity", "method", "message"):
                assert said[key] == whole[key], key
            for key in ("source", "translation"):  # a piece of the report's quote
                assert len(said[key]) <= 120
                assert said[key].strip("…") in whole[key], (said[key], whole[key])
