"""The module-help API (``/apps``, ``/apps/{id}``, ``/modules/{id}``, ``/help``) and the
module page, over content/ plus the app fixture articles of tests/data/fields."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.web.routes import assert_problem

PICKER = ["GET", "POST", "PUT", "PATCH", "DELETE"]


@pytest.fixture(scope="module")
def client(apps_client: TestClient) -> TestClient:
    return apps_client


def test_apps_are_listed_in_the_readers_language(client: TestClient) -> None:
    body = client.get("/api/v1/apps", params={"lang": "fr"}).json()
    assert body["locale"] == "fr" and body["fallback"] is False
    [acme] = [a for a in body["apps"] if a["app_id"] == "acme"]
    assert acme["url"] == "/api/v1/apps/acme" and acme["modules"] >= 3 and acme["fields"] > 5


def test_an_app_has_its_modules_by_group(client: TestClient) -> None:
    body = client.get("/api/v1/apps/acme", params={"lang": "en"}).json()
    groups = {g["group"]: [m["module_id"] for m in g["modules"]] for g in body["groups"]}
    assert "acme.create-a-record" in groups["Actions"]
    assert "acme.watch-records" in groups["Triggers"]
    assert [f["label"] for f in body["connection_fields"]]
    assert body["source"]["url"].startswith("/en/docs/")


@pytest.mark.parametrize("lang", ["en", "fr", "nl"])
def test_a_module_has_its_fields_with_help(client: TestClient, lang: str) -> None:
    body = client.get("/api/v1/modules/acme.create-a-record", params={"lang": lang}).json()
    assert body["locale"] == lang and body["module_id"] == "acme.create-a-record"
    ids = [f["field_id"] for f in body["fields"]]
    assert "connection" in ids and "method" in ids  # the source's ids in every language
    assert all(f["help"] for f in body["fields"])
    assert body["source"]["url"].endswith("#" + body["source"]["anchor"])
    assert "<script" not in str(body)  # help_html is sanitized


@pytest.mark.parametrize(
    ("params", "field_id"),
    [
        ({"app": "Acme", "module": "Create a record", "field": "Method"}, "method"),
        ({"app": "acme modules", "module": "CREATE A RECORD", "field": " method "}, "method"),
        ({"app": "acme", "module": "create-a-record", "field": "connection"}, "connection"),
        ({"app": "acme", "module": "acme.watch-records", "field": "Webhook"}, "webhook"),
    ],
)
def test_help_finds_the_field_from_what_the_editor_shows(
    client: TestClient, params: dict[str, str], field_id: str
) -> None:
    reply = client.get("/api/v1/help", params=params)
    assert reply.status_code == 200, reply.text
    assert reply.json()["field_id"] == field_id
    assert reply.headers["etag"] and "Accept-Language" in reply.headers["vary"]


@pytest.mark.parametrize("lang", ["en", "fr", "nl", "sv"])
def test_the_method_field_carries_the_method_records(client: TestClient, lang: str) -> None:
    params = {"app": "Acme", "module": "Create a record", "field": "Method", "lang": lang}
    body = client.get("/api/v1/help", params=params).json()
    assert [m["method"] for m in body["methods"]] == PICKER
    assert {m["locale"] for m in body["methods"]} == {lang}  # the records in the reader's
    # Swedish has no Acme article: the field falls back to English, and says so
    assert body["locale"] == ("en" if lang == "sv" else lang)
    assert body["fallback"] is (lang == "sv")


def test_other_fields_carry_no_methods(client: TestClient) -> None:
    params = {"app": "Acme", "module": "Create a record", "field": "Connection"}
    assert client.get("/api/v1/help", params=params).json()["methods"] == []


def test_help_is_negotiated_and_cached(client: TestClient) -> None:
    params = {"app": "Acme", "module": "Create a record", "field": "Method"}
    first = client.get("/api/v1/help", params=params, headers={"Accept-Language": "fr-CA"})
    assert first.json()["locale"] == "fr"
    again = client.get(
        "/api/v1/help",
        params=params,
        headers={"Accept-Language": "fr-CA", "If-None-Match": first.headers["etag"]},
    )
    assert again.status_code == 304


@pytest.mark.parametrize(
    ("params", "near"),
    [
        ({"app": "Acmee", "module": "x", "field": "y"}, "Acme modules"),
        ({"app": "Acme", "module": "Create a recrd", "field": "Method"}, "Create a record"),
        ({"app": "Acme", "module": "Create a record", "field": "Methd"}, "Method"),
    ],
)
def test_unknown_names_are_404_with_near_matches(
    client: TestClient, params: dict[str, str], near: str
) -> None:
    body = assert_problem(client.get("/api/v1/help", params=params), 404)
    assert near in body["did_you_mean"] and near in body["detail"]


def test_help_needs_all_three_names(client: TestClient) -> None:
    body = assert_problem(client.get("/api/v1/help", params={"app": "Acme"}), 400)
    assert "module" in body["detail"] and "field" in body["detail"]


@pytest.mark.parametrize(
    "path", ["/api/v1/apps/nope", "/api/v1/modules/acme.nope", "/api/v1/modules/nope.x"]
)
def test_unknown_apps_and_modules_are_404(client: TestClient, path: str) -> None:
    assert_problem(client.get(path), 404)


def test_the_module_page_lists_its_fields(client: TestClient) -> None:
    reply = client.get("/fr/modules/acme.create-a-record")
    assert reply.status_code == 200 and reply.headers["etag"]
    html = reply.text
    assert '<dl class="fields">' in html and 'id="field-method"' in html
    assert "Champs" in html  # the page's UI in its language
    assert "<script>alert" not in html
    assert client.get("/fr/modules/acme.nope").status_code == 404


def test_search_names_the_module_and_field(client: TestClient) -> None:
    body = client.get("/api/v1/search", params={"q": "capping limit", "lang": "en"}).json()
    hit = next(h for h in body["hits"] if h["module"])
    assert hit["module"]["module_id"].startswith("acme.")
    assert hit["field"]["label"] in {"Limit", "Name"}


def test_a_module_carries_the_findings_on_its_table(client: TestClient) -> None:
    fr = client.get("/api/v1/modules/acme.create-a-record", params={"lang": "fr"}).json()
    assert fr["findings"]  # the French table is a row short
    assert set(fr["findings"]) <= set(fr["translation"]["findings"])  # the article's, too
    en = client.get("/api/v1/modules/acme.create-a-record", params={"lang": "en"}).json()
    assert en["findings"] == []


def test_a_row_the_translation_lacks_falls_back_to_the_source(client: TestClient) -> None:
    en = client.get("/api/v1/modules/acme.create-a-record", params={"lang": "en"}).json()
    fr = client.get("/api/v1/modules/acme.create-a-record", params={"lang": "fr"}).json()
    [lacking] = {f["field_id"] for f in en["fields"]} - {f["field_id"] for f in fr["fields"]}
    params = {"app": "acme", "module": "acme.create-a-record", "field": lacking, "lang": "fr"}
    body = client.get("/api/v1/help", params=params).json()
    assert body["field_id"] == lacking and body["locale"] == "en" and body["fallback"] is True
