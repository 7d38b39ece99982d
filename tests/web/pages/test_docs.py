"""/{locale}/docs/{doc_id}.

The article, its notices, its links, hostile content inert, titles translated.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.i18n.catalogs import gettext_for, ngettext_for
from service.i18n.formats import formatters
from service.i18n.locales import display_name
from service.pipeline.run import run as ingest
from service.settings import Settings
from tests.conftest import ARTICLE, ARTICLE_PATH, CONTENT, DATA, LEGACY
from tests.web.pages.dom import (
    LOCALES,
    Node,
    api,
    assert_accessible,
    assert_page_headers,
    assert_switcher,
    get,
    norm,
)


@pytest.fixture(scope="module")
def outdated_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """``content/`` with a history in which the English article changed after translation."""
    root = tmp_path_factory.mktemp("outdated")
    history = root / "history.tsv"
    history.write_text(
        f"{ARTICLE_PATH}\t77ec3c007ce7c49ff760145fafcd7f62b273a18f\t2024-05-01T10:00:00+00:00\n"
        f"{ARTICLE_PATH}\t{'ab' * 20}\t2025-02-01T10:00:00+00:00\n",
        encoding="utf-8",
    )
    settings = Settings(content=CONTENT, index=root / "index", history=history, reload_interval=0)
    ingest(settings, jobs=1)
    with TestClient(create_app(settings)) as c:
        yield c


@pytest.fixture(scope="module")
def xss_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(
        content=DATA / "xss", index=tmp_path_factory.mktemp("xss-index"), reload_interval=0
    )
    summary = ingest(settings, jobs=1)
    assert summary.docs == 2, summary.line()
    with TestClient(create_app(settings)) as c:
        yield c


@pytest.mark.parametrize("locale", LOCALES)
def test_doc_page(client: TestClient, locale: str) -> None:
    page = get(client, f"/{locale}/docs/{ARTICLE}")
    doc = api(client, f"/api/v1/docs/{ARTICLE}?lang={locale}")
    _ = gettext_for(locale)
    assert page.lang == locale and doc["locale"] == locale
    assert set(page.hreflang) == {*LOCALES, "x-default"}
    assert page.hreflang["x-default"] == f"/en/docs/{ARTICLE}"
    assert_switcher(page, list(LOCALES), locale)
    assert_page_headers(page, locale)
    assert_accessible(page)
    article = page.main.find("article")
    assert "lang" not in article.attrs
    assert article.find("h1").text().removesuffix(" #") == doc["title"]
    # every heading has an anchor link to itself; the TOC points at the sections
    for section in doc["sections"]:
        if section["anchor"]:
            heading = article.find(f"h{section['level']}", id=section["anchor"])
            link = heading.find("a", class_="anchor")
            assert link.attrs["href"] == f"#{section['anchor']}"
            assert link.attrs["aria-label"] == _("Link to this section")
    toc = page.main.find("nav", class_="toc")
    assert toc.find("h2").text() == _("On this page")
    assert [(a.attrs["href"], a.text()) for a in toc.find_all("a")] == [
        (f"#{s['anchor']}", norm(s["heading"])) for s in doc["sections"] if 2 <= s["level"] <= 3
    ]
    # UI labels marked, method entries rendered
    assert article.by_class("uicontrol")
    assert {"GET", "POST", "PUT", "PATCH", "DELETE"} <= {
        n.text() for n in article.by_class("uicontrol")
    }
    machine = doc["translation"]["machine_translated"]
    assert ("notice-machine" in page.notices) == machine
    assert "notice-fallback" not in page.notices and "notice-outdated" not in page.notices
    if machine:
        pct = doc["translation"]["human_translated_percent"]
        text = page.notices["notice-machine"].find("p").text()
        if pct:
            assert formatters(locale)["percent"](pct) in text
        meta = page.main.find("p", class_="doc-meta").text()
        words = doc["translation"]["source_wordcount"]
        expected = ngettext_for(locale)(
            "The original article has %(words)s word.",
            "The original article has %(words)s words.",
            words,
        )
        assert meta == expected % {"words": formatters(locale)["number"](words)}


@pytest.mark.parametrize("locale", ["en", "nl", "sv"])
def test_doc_missing_in_the_locale_shows_another_with_a_notice(
    client: TestClient, locale: str
) -> None:
    page = get(client, f"/{locale}/docs/{LEGACY}")
    _ = gettext_for(locale)
    assert page.lang == locale  # the UI is the reader's…
    article = page.main.find("article")
    assert article.attrs["lang"] == "fr"  # …the article says it is French
    assert page.main.find("nav", class_="toc").find("ol").attrs["lang"] == "fr"
    # one notice says both: the article is in French, and it was translated by machine
    assert page.said == [
        _("This article is not available in %(requested)s; showing %(shown)s.")
        % {"requested": display_name(locale), "shown": display_name("fr", locale)},
        _("This article was translated by machine and may contain errors."),
    ]
    assert "lang" not in page.notice.attrs  # type: ignore[union-attr]
    assert page.notice_links == []  # it has no original to read
    assert set(page.hreflang) == {"fr", "x-default"}
    assert page.hreflang["x-default"].endswith(f"/fr/docs/{LEGACY}")
    assert_switcher(page, ["fr"], None)
    assert {"notice-fallback", "notice-machine"} == set(page.notices)


def test_unknown_doc_is_a_404_page(client: TestClient) -> None:
    page = get(client, "/sv/docs/no-such-article", status=404)
    assert page.lang == "sv"
    assert page.root.find("h1").text() == gettext_for("sv")("Page not found")


def test_repo_links_redirect_to_the_article(client: TestClient) -> None:
    response = client.get(f"/nl/path/{ARTICLE_PATH}", follow_redirects=False)
    assert response.status_code == 302
    assert response.headers["location"] == f"/nl/docs/{ARTICLE}"
    assert client.get("/nl/path/help/nowhere.md").status_code == 404


@pytest.mark.parametrize(("locale", "shown"), [("fr", "fr"), ("nl", "nl"), ("sv", "sv")])
def test_outdated_translation_notice(outdated_client: TestClient, locale: str, shown: str) -> None:
    doc = api(outdated_client, f"/api/v1/docs/{ARTICLE}?lang={locale}")
    assert doc["translation"]["outdated"] is True
    page = get(outdated_client, f"/{locale}/docs/{ARTICLE}")
    _ = gettext_for(locale)
    # one notice: machine-translated, then outdated (the TSV history counts no changes),
    # then the findings where the check has some; the original linked once
    assert page.said[-1] == _(
        "The original has changed since this translation was made; this translation may be "
        "out of date."
    )
    assert "notice-outdated" in page.notices and len(page.said) == 2
    assert ("notice-findings" in page.notices) == (locale == "nl")
    original, changed = page.notice_links
    assert original == (
        f"/en/docs/{ARTICLE}",
        _("Read the original in %(language)s") % {"language": display_name("en", locale)},
    )
    assert changed[0].startswith(f"/{locale}/quality?of={locale}&kind=outdated&")
    assert changed[1] == _("See what changed in the original")
    method = get(outdated_client, f"/{locale}/methods/PUT")
    assert "notice-outdated" in method.notices
    assert [href for href, _label in method.notice_links] == ["/en/methods/PUT", changed[0]]
    assert "notice-outdated" not in get(outdated_client, f"/en/docs/{ARTICLE}").notices


DANGEROUS_TAGS = {
    "script",
    "iframe",
    "object",
    "embed",
    "style",
    "svg",
    "math",
    "form",
    "base",
    "meta",
    "noscript",
    "frame",
    "frameset",
    "applet",
}


def assert_inert(root: Node) -> None:
    body = root.find("body")
    for node in body.iter():
        if node.tag == "form" and node.attrs.get("role") == "search":
            assert re.fullmatch(r"/[a-z]{2}/search", node.attrs["action"])  # our own
            continue
        assert node.tag not in DANGEROUS_TAGS, node.tag
        for name, value in node.attrs.items():
            assert not name.startswith("on"), (node.tag, name)
            assert name != "style", node.tag
            if name in ("href", "src", "action", "formaction", "data"):
                scheme = value.strip().lower()
                assert not scheme.startswith(("javascript:", "data:", "vbscript:")), (
                    node.tag,
                    name,
                    value,
                )


@pytest.mark.parametrize(
    "path",
    [
        "/en/",
        "/en/docs/9f0c0de0-0000-4000-8000-00000000a11c",
        "/en/docs/9f0c0de0-0000-4000-8000-00000000b22c",
        "/en/methods/OPTIONS",
        "/en/search?q=payloads",
        "/en/search?q=window",
        "/en/search?q=<script>alert(1)</script>",
    ],
)
def test_hostile_content_renders_inert(xss_client: TestClient, path: str) -> None:
    page = get(xss_client, path)
    assert_inert(page.root)
    assert "<script" not in page.response.text.lower()


def test_hostile_content_keeps_its_words_and_links(xss_client: TestClient) -> None:
    doc = get(xss_client, "/en/docs/9f0c0de0-0000-4000-8000-00000000a11c")
    text = doc.main.text()
    assert "nothing on it may run" in text
    assert doc.main.find("details")  # the collapsible section survives, without its handler
    notes = doc.main.by_class("admonition-note")
    assert notes and notes[0].find("p", class_="admonition-title")
    links = get(xss_client, "/en/docs/9f0c0de0-0000-4000-8000-00000000b22c").main
    hrefs = [
        a.attrs["href"] for a in links.find("article").find_all("a") if not a.has_class("anchor")
    ]
    assert "/en/docs/9f0c0de0-0000-4000-8000-00000000a11c#links" in hrefs
    missing = next(h for h in hrefs if "missing" in h)
    assert missing.startswith("/en/path/")
    assert xss_client.get(missing).status_code == 404
    title = get(xss_client, "/en/").main.find("section", class_="contents").text()
    # the title is the text of its sanitized rendering: the script is gone, not shown
    assert "Hostile payloads" in title and "window.__xss" not in title and "<script" not in title


def test_admonition_titles_are_in_the_articles_language(content_copy: Path, tmp_path: Path) -> None:
    notes = ">[!NOTE]\n>\n>{0}\n\n>[!CAUTION]\n>\n>{0}\n\n>[!VIDEO](https://video.example/v/1)\n"
    for locale, words in (("fr", "Des mots."), ("en", "Some words.")):
        (content_copy / locale / "notes.md").write_text(
            f"---\ntitle: Notes {locale}\nexl-id: 0000notes-{locale}\n---\n# Notes\n\n"
            + notes.format(words),
            encoding="utf-8",
        )
    settings = Settings(content=content_copy, index=tmp_path / "index", reload_interval=0)
    ingest(settings, jobs=1)
    with TestClient(create_app(settings)) as c:
        for locale, ui in (("fr", "fr"), ("fr", "en"), ("en", "sv")):
            article = get(c, f"/{ui}/docs/0000notes-{locale}").main.find("article")
            _ = gettext_for(locale)
            titles = [n.text() for n in article.by_class("admonition-title")]
            assert titles == [_("Note"), _("Caution"), _("Video")]
            assert article.find("a", class_="video-link").text() == _("Video")
            assert (titles[0] == "Note") == (locale == "en")
