"""The module-editor API over the real app and content/: language, facts, caching, errors."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from service.web.errors import PROBLEM_JSON

ARTICLE = "481131c9-356a-4c62-a653-d6bba9be5be8"
LEGACY = "20b3c0f4-4a4c-4ba0-8570-ac39573ef1c0"
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


def get(client: TestClient, path: str, ask: dict[str, str], **headers: str):  # type: ignore[no-untyped-def]
    params = {"lang": ask["lang"]} if "lang" in ask else {}
    if "al" in ask:
        headers["Accept-Language"] = ask["al"]
    return client.get(path, params=params, headers=headers)


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


def test_responses_are_byte_identical_and_revalidate(client: TestClient) -> None:
    headers = {"Accept-Language": "nl-BE"}
    first = client.get("/api/v1/methods/PUT", headers=headers)
    second = client.get("/api/v1/methods/PUT", headers=headers)
    assert first.content == second.content and first.headers["etag"] == second.headers["etag"]
    other = client.get("/api/v1/methods/PUT", headers={"Accept-Language": "sv"})
    assert other.headers["etag"] != first.headers["etag"]
    etag = first.headers["etag"]
    for inm in (etag, f"W/{etag}", f'"nope", {etag}', "*"):
        cached = client.get("/api/v1/methods/PUT", headers={**headers, "If-None-Match": inm})
        assert cached.status_code == 304 and cached.content == b""
        assert cached.headers["etag"] == etag and "Accept-Language" in cached.headers["vary"]
    stale = client.get("/api/v1/methods/PUT", headers={**headers, "If-None-Match": '"old"'})
    assert stale.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/methods",
        "/api/v1/methods/get",
        f"/api/v1/docs/{ARTICLE}",
        "/api/v1/locales",
        "/api/v1/search?q=put",
    ],
)
def test_every_cacheable_get_has_etag_and_vary(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200
    assert r.headers["etag"] and r.headers["vary"] == "Accept-Language"
    again = client.get(path, headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/api/v1/methods/TRACE", 404, "GET, POST, PUT, PATCH, DELETE"),
        ("/api/v1/methods/FOO", 404, "documented methods"),
        ("/api/v1/methods/" + "x" * 10_000 + "?lang=en", 404, "documented methods"),
        ("/api/v1/methods/put?lang=de", 400, "en, fr, nl, sv"),
        ("/api/v1/methods/put?lang=not-a-tag!", 400, "available"),
        ("/api/v1/methods?lang=", 400, "available"),
        ("/api/v1/docs/no-such-doc", 404, "no document"),
        ("/api/v1/search", 400, "q"),
        ("/api/v1/search?q=put&limit=abc", 400, "limit"),
        ("/api/v1/nothing-here", 404, "nothing at"),
    ],
)
def test_errors_are_problem_json(client: TestClient, path: str, status: int, words: str) -> None:
    r = client.get(path)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == PROBLEM_JSON
    body = r.json()
    assert body["status"] == status and body["type"].startswith("https://")
    assert body["title"] and words in body["detail"]
    assert "Traceback" not in r.text


def test_invalid_lang_lists_available_locales(client: TestClient) -> None:
    body = client.get("/api/v1/methods/put?lang=de").json()
    assert body["available"] == ["en", "fr", "nl", "sv"]


def test_method_not_allowed_says_allow(client: TestClient) -> None:
    r = client.post("/api/v1/methods/put")
    assert r.status_code == 405
    assert r.headers["content-type"] == PROBLEM_JSON and "GET" in r.headers["allow"]


@pytest.mark.parametrize(
    ("ask", "locale", "fallback"),
    [
        ({"lang": "nl"}, "nl", False),
        ({"al": "sv"}, "sv", False),
        ({"al": "de"}, "en", True),
    ],
)
def test_doc(client: TestClient, ask: dict[str, str], locale: str, fallback: bool) -> None:
    body = get(client, f"/api/v1/docs/{ARTICLE}", ask).json()
    assert (body["doc_id"], body["locale"], body["fallback"]) == (ARTICLE, locale, fallback)
    assert all(s["anchor"] for s in body["sections"])
    assert '<span class="uicontrol">PUT</span>' in body["sections"][-1]["html"]
    assert [t["locale"] for t in body["translations"]] == ["en", "fr", "nl", "sv"]
    assert body["translations"][1]["url"] == f"/fr/docs/{ARTICLE}"
    assert body["translations"][2]["translation"]["human_translated_percent"] == 0


def test_doc_only_in_french_falls_back_honestly(client: TestClient) -> None:
    body = client.get(f"/api/v1/docs/{LEGACY}?lang=en").json()
    assert (body["locale"], body["requested_locale"], body["fallback"]) == ("fr", "en", True)
    assert [t["locale"] for t in body["translations"]] == ["fr"]


def test_locales_names_from_babel(client: TestClient) -> None:
    assert client.get("/api/v1/locales").json() == [
        {"code": "en", "name": "English", "english_name": "English"},
        {"code": "fr", "name": "français", "english_name": "French"},
        {"code": "nl", "name": "Nederlands", "english_name": "Dutch"},
        {"code": "sv", "name": "svenska", "english_name": "Swedish"},
    ]


def test_health_and_readiness(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/api/v1/readyz").json()
    assert ready["status"] == "ready" and ready["documents"] == 5 and ready["records"] == 25
    assert ready["locales"] == ["en", "fr", "nl", "sv"]


def test_openapi_documents_every_endpoint(client: TestClient) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/methods",
        "/api/v1/methods/{method}",
        "/api/v1/docs/{doc_id}",
        "/api/v1/locales",
        "/api/v1/search",
        "/api/v1/healthz",
        "/api/v1/readyz",
    ):
        assert "get" in paths[path], path
    method = paths["/api/v1/methods/{method}"]["get"]
    assert {p["name"] for p in method["parameters"]} == {"method", "lang"}
    assert "404" in method["responses"] and "400" in method["responses"]
    props = schema["components"]["schemas"]["MethodOut"]["properties"]
    for field in (
        "locale",
        "requested_locale",
        "fallback",
        "summary",
        "success_status",
        "idempotent",
        "availability",
        "caution",
        "spec",
        "source",
        "translation",
    ):
        assert field in props


def test_cors_off_by_default(client: TestClient) -> None:
    r = client.get("/api/v1/methods/put", headers={"Origin": "https://editor.example"})
    assert "access-control-allow-origin" not in r.headers


def test_cors_when_configured(content_settings) -> None:  # type: ignore[no-untyped-def]
    from service.app import create_app

    settings = content_settings.with_(cors_origins=("https://editor.example",))
    with TestClient(create_app(settings)) as c:
        r = c.get("/api/v1/methods/put", headers={"Origin": "https://editor.example"})
        assert r.headers["access-control-allow-origin"] == "https://editor.example"
        other = c.get("/api/v1/methods/put", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers
