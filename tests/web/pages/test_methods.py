"""/{locale}/methods/{method}.

The record in the page's language, availability, caution, the RFC's word.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.i18n.catalogs import gettext_for
from service.i18n.locales import display_name
from service.web.edge import SECURITY
from tests.web.pages.dom import (
    LOCALES,
    api,
    assert_accessible,
    assert_page_headers,
    assert_switcher,
    get,
    norm,
)


def _yes_no(locale: str, value: bool | None) -> str:
    _ = gettext_for(locale)
    return _("not stated") if value is None else _("yes") if value else _("no")


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "DELETE"])
def test_method_page(client: TestClient, catalog: Any, locale: str, method: str) -> None:
    page = get(client, f"/{locale}/methods/{method}")
    record = api(client, f"/api/v1/methods/{method}?lang={locale}")
    _ = gettext_for(locale)
    assert page.lang == locale and record["locale"] == locale
    documented = [loc for loc in LOCALES if method in catalog.lookup.get(loc, {})]
    assert set(page.hreflang) == {*documented, "x-default"}
    assert page.hreflang["x-default"] == f"/en/methods/{method}"
    assert_switcher(page, documented, locale)
    assert_page_headers(page, locale)
    assert_accessible(page)
    main = page.main
    assert main.find("h1").text() == method
    assert main.find("p", class_="lead").text() == norm(record["summary"])
    assert norm(record["description"]) in main.find("article").text()
    codes = [int(c.text()) for c in main.find("ul", class_="codes").find_all("code")]
    assert codes == record["success_status"] and codes
    rows = {
        tr.find("th").text(): [td.text() for td in tr.find_all("td")]
        for tr in main.find("table", class_="compare").find("tbody").find_all("tr")
    }
    assert rows[_("Idempotent")] == [
        _yes_no(locale, record["idempotent"]),
        _yes_no(locale, record["spec"]["idempotent"]),
    ]
    assert rows[_("Safe")][1] == _yes_no(locale, record["spec"]["safe"])
    assert rows[_("Cacheable")][1] == _yes_no(locale, record["spec"]["cacheable"])
    mismatch = main.by_class("mismatch")
    assert bool(mismatch) == (
        record["idempotent"] is not None and record["idempotent"] != record["spec"]["idempotent"]
    )
    for kind, title in (("availability", _("Availability")), ("caution", _("Caution"))):
        boxes = main.by_class(f"admonition-{kind}")
        assert bool(boxes) == bool(record[kind])
        if record[kind]:
            assert boxes[0].text() == f"{title} {record[kind]}"
    more = main.find("p", class_="more").find("a")
    assert more.attrs["href"] == f"/{locale}/docs/{record['source']['doc_id']}"
    assert more.text() == record["source"]["title"]
    machine = record["translation"]["machine_translated"]
    assert ("notice-machine" in page.notices) == machine
    if machine:
        assert page.notice_links == [
            (
                f"/en/methods/{method}",
                _("Read the original in %(language)s") % {"language": display_name("en", locale)},
            )
        ]


def test_method_with_availability_and_caution_shows_both(client: TestClient) -> None:
    """PATCH carries an availability note in the content; POST a cautionary sentence."""
    patch = get(client, "/en/methods/PATCH").main
    assert patch.by_class("admonition-availability")
    post = api(client, "/api/v1/methods/POST?lang=en")
    assert post["caution"], "the content's POST entry has a caution"
    assert get(client, "/en/methods/POST").main.by_class("admonition-caution")


def test_method_name_is_case_insensitive_and_unknown_is_a_localized_404(client: TestClient) -> None:
    response = client.get("/fr/methods/put", follow_redirects=False)
    assert response.status_code == 301 and response.headers["location"] == "/fr/methods/PUT"
    page = get(client, "/fr/methods/BREW", status=404)
    _ = gettext_for("fr")
    assert page.lang == "fr"
    assert page.root.find("h1").text() == _("Page not found")
    assert page.main.find("p", class_="error-status").text() == _("Error %(code)s") % {"code": 404}
    assert page.response.headers["cache-control"] == "no-store"
    assert page.response.headers["content-security-policy"] == SECURITY["Content-Security-Policy"]
