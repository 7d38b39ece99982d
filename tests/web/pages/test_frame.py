"""What every page shares.

The fallback notice, ETags per language and reader, nothing from elsewhere, the
site's name, one search form, the language switcher on error pages too.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.i18n.catalogs import gettext_for
from service.i18n.locales import display_name
from service.settings import Settings
from tests.conftest import ARTICLE
from tests.web.pages.dom import LOCALES, assert_accessible, assert_switcher, get


@pytest.mark.parametrize(
    ("path", "accept", "notice_lang", "what"),
    [
        ("/en/", "de", "en", "page"),
        (f"/en/docs/{ARTICLE}", "de-AT, de;q=0.9", "en", "article"),
        ("/fr/", "de, fr;q=0.5", "fr", "page"),
        ("/en/search?q=idempotent", "ja", "en", "page"),
        ("/en/methods/PUT", "de", "en", "page"),
    ],
)
def test_fallback_notice_for_a_language_we_do_not_have(
    client: TestClient, path: str, accept: str, notice_lang: str, what: str
) -> None:
    page = get(client, path, **{"Accept-Language": accept})
    _ = gettext_for(notice_lang)
    requested = accept.split(",")[0].split(";")[0].split("-")[0]
    served = path.split("/")[1]
    message = (
        _("This article is not available in %(requested)s; showing %(shown)s.")
        if what == "article"
        else _("This page is not available in %(requested)s; showing %(shown)s.")
    )
    assert page.notices["notice-fallback"].text() == message % {
        "requested": display_name(requested),
        "shown": display_name(served, notice_lang),
    }


@pytest.mark.parametrize(
    ("path", "accept"),
    [
        ("/fr/", "de"),  # the reader chose French: no notice
        ("/en/", "en-US"),
        ("/nl/", "nl, de;q=0.5"),
        ("/sv/", ""),
    ],
)
def test_no_fallback_notice_when_the_page_is_in_a_language_asked_for(
    client: TestClient, path: str, accept: str
) -> None:
    assert "notice-fallback" not in get(client, path, **{"Accept-Language": accept}).notices


@pytest.mark.parametrize(
    "path", ["/fr/", f"/nl/docs/{ARTICLE}", "/sv/methods/GET", "/en/search?q=put"]
)
def test_pages_revalidate_with_their_etag(client: TestClient, path: str) -> None:
    first = client.get(path)
    etag = first.headers["etag"]
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag and "Accept-Language" in again.headers["vary"]
    assert client.get(path, headers={"If-None-Match": '"other"'}).status_code == 200


def test_a_fallback_notice_changes_the_etag(client: TestClient) -> None:
    plain = client.get("/en/methods/PUT").headers["etag"]
    assert (
        client.get("/en/methods/PUT", headers={"Accept-Language": "en-GB"}).headers["etag"] == plain
    )
    assert client.get("/en/methods/PUT", headers={"Accept-Language": "de"}).headers["etag"] != plain


def test_etags_differ_between_languages(client: TestClient) -> None:
    tags = {client.get(f"/{loc}/docs/{ARTICLE}").headers["etag"] for loc in LOCALES}
    assert len(tags) == len(LOCALES)


def test_pages_load_nothing_from_elsewhere(client: TestClient) -> None:
    for path in ("/en/", f"/fr/docs/{ARTICLE}", "/nl/methods/PUT", "/sv/search?q=put"):
        root = get(client, path).root
        for node in root.iter():
            for name in ("src", "href"):
                value = node.attrs.get(name, "")
                if node.tag in ("link", "script", "img") and value:
                    assert value.startswith(("/", "data:,", "/")), value
        assert not root.find_all("script") and not root.find_all("style")


@pytest.mark.parametrize("path", ["/en/", f"/sv/docs/{ARTICLE}", "/fr/nowhere"])
def test_a_site_without_a_toc_is_lingodocs_unless_named(
    client: TestClient, tmp_path: Path, content_settings: Settings, path: str
) -> None:
    status = 404 if path.endswith("nowhere") else 200
    page = get(client, path, status=status)
    assert page.root.find("a", class_="brand").text() == "Lingodocs"
    assert page.root.find("title").text().endswith(" · Lingodocs")
    named = content_settings.with_(site_name="Acme help centre")
    with TestClient(create_app(named)) as c:
        page = get(c, path, status=status)
    assert page.root.find("a", class_="brand").text() == "Acme help centre"
    assert page.root.find("title").text().endswith(" · Acme help centre")


def test_the_site_name_is_a_setting() -> None:
    assert Settings.from_env({"LINGODOCS_SITE_NAME": "  Acme help  "}).site_name == "Acme help"
    assert Settings.from_env({}).site_name is None


@pytest.mark.parametrize(
    ("path", "lang", "links"),
    [  # the same address in each language (the same error there), else the home pages
        ("/fr/docs/nope", "fr", [f"/{loc}/docs/nope" for loc in LOCALES]),
        ("/sv/methods/BREW", "sv", [f"/{loc}/methods/BREW" for loc in LOCALES]),
        ("/nowhere/at/all", "en", [f"/{loc}/" for loc in LOCALES]),
        ("/de/", "en", [f"/{loc}/" for loc in LOCALES]),
    ],
)
def test_an_error_page_has_the_language_switcher(
    client: TestClient, path: str, lang: str, links: list[str]
) -> None:
    page = get(client, path, status=404)
    assert page.lang == lang
    assert [a.attrs["href"] for a in page.switcher] == links
    assert_switcher(page, list(LOCALES), lang)
    assert not page.hreflang  # an error has no alternates for search engines
    if links[0] != "/en/":  # following it shows the same error in the other language
        other = get(client, page.switcher[-1].attrs["href"], status=404)
        assert other.lang == "sv"
        assert other.root.find("h1").text() == gettext_for("sv")("Page not found")


@pytest.mark.parametrize(
    "path",
    [
        "/en/",
        "/fr/sections/workfront-fusion-references-modules",
        f"/nl/docs/{ARTICLE}",
        "/sv/methods/PUT",
        "/fr/modules/acme.create-a-record",
        "/nl/search?q=put",
        "/sv/search",
        "/fr/quality",
        "/nl/nowhere",
    ],
)
def test_one_search_form_and_at_most_one_notice_on_every_page_kind(
    apps_client: TestClient, path: str
) -> None:
    status = 404 if path.endswith("nowhere") else 200
    page = get(apps_client, path, status=status)
    searches = page.root.find_all("form", role="search")
    assert len(searches) == 1, f"{len(searches)} search forms on {path}"
    assert searches[0].attrs["action"] == f"/{page.lang}/search"
    assert len(page.root.by_class("notice")) <= 1
    assert_accessible(page)
