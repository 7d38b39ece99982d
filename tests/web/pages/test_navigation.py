"""The guide's own navigation on the pages: home, breadcrumbs, section lists, neighbours.

Over ``content/`` and the TOC fixture of ``tests/data/toc`` (an English and a
French TOC.md, two English-only articles, one of them hidden from the TOC);
Dutch has no TOC and borrows the English one; ``content/`` alone has none
and is browsed by folders. And the real corpus's TOCs, when it is there.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.i18n.catalogs import gettext_for
from service.pipeline.run import run as ingest
from service.pipeline.summary import Summary
from service.settings import Settings
from tests.conftest import ARTICLE, CONTENT, DATA, LEGACY, needs_corpus
from tests.web.pages.dom import Node, Page, assert_accessible, get

WEBHOOKS = "0c0ffee0-0000-4000-8000-00000000beef"  # English only, in both TOCs
OLD = "0c0ffee0-0000-4000-8000-00000000dead"  # English only, {hide-from-toc}
TOC = "help/workfront-fusion/TOC.md"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Summary]]:
    root = tmp_path_factory.mktemp("toc")
    content = root / "content"
    shutil.copytree(CONTENT, content)
    shutil.copytree(DATA / "toc", content, dirs_exist_ok=True)
    settings = Settings(content=content, index=root / "index", reload_interval=0)
    summary = ingest(settings, jobs=1)
    with TestClient(create_app(settings)) as client:
        yield client, summary


@pytest.fixture(scope="module")
def toc_client(built: tuple[TestClient, Summary]) -> TestClient:
    return built[0]


def crumbs(page: Page) -> list[tuple[str, str | None, str | None]]:
    """The breadcrumb: (text, link, lang) of each step."""
    out = []
    for li in page.main.find("nav", class_="crumbs").find_all("li"):
        link = li.find_all("a")
        node: Node = link[0] if link else li
        out.append((li.text(), node.attrs.get("href"), node.attrs.get("lang")))
    return out


def test_toc_md_is_navigation_not_an_article(
    built: tuple[TestClient, Summary], toc_client: TestClient
) -> None:
    client, summary = built
    catalog = client.app.state.live.catalog  # type: ignore[attr-defined]
    assert summary.docs == 7  # content/'s five and the two English articles: no TOC.md
    assert not [k for k in catalog.by_path if k[1] == TOC]
    assert client.get(f"/en/path/{TOC}", follow_redirects=False).status_code == 404
    hits = client.get("/api/v1/search", params={"q": "Adobe Workfront Fusion documentation"})
    assert TOC not in {h["path"] for h in hits.json()["hits"]}
    # the entry that leads nowhere is a warning naming the TOC's line; the rest stays
    gone = [p for p in summary.problems if p.path == f"en/{TOC}"]
    assert [(p.line, p.level) for p in gone] == [(13, "warning")]
    assert "Fusion modules we never wrote" in gone[0].message
    assert "help/workfront-fusion/references/modules/gone.md" in gone[0].message


def test_home_shows_the_top_of_the_tree_in_the_readers_language(toc_client: TestClient) -> None:
    page = get(toc_client, "/fr/")
    assert_accessible(page)
    contents = page.main.find("section", class_="contents")
    heads = [(h.text(), h.find("a").attrs["href"]) for h in contents.find_all("h3")]
    assert heads == [
        ("Références 2 articles", "/fr/sections/references"),
        ("Prise en main 1 article", "/fr/sections/get-started"),
    ]
    first = contents.find("section", class_="guide-section").find("ul", class_="entries")
    assert [li.text() for li in first.find_all("li")] == ["Modules 2 articles"]
    # the article no TOC lists is still reachable: the legacy French one
    others = page.main.find("section", **{"aria-labelledby": "others-heading"})
    assert [a.attrs["href"] for a in others.find_all("a")] == [f"/fr/docs/{LEGACY}"]
    assert f"/fr/docs/{OLD}" not in {a.attrs.get("href") for a in page.root.find_all("a")}


def test_an_article_shows_where_it_is(toc_client: TestClient) -> None:
    page = get(toc_client, f"/fr/docs/{ARTICLE}")
    assert_accessible(page)
    _ = gettext_for("fr")
    assert crumbs(page) == [
        (_("Home"), "/fr/", None),
        ("Références", "/fr/sections/references", None),
        ("Modules", "/fr/sections/modules", None),
        ("Méthodes de requête HTTP", None, None),  # the French TOC's own title
    ]
    listed = page.main.find("details", class_="section-list")
    assert "open" not in listed.attrs  # closed: no script needed to open it
    assert listed.find("summary").text() == f"{_('In this section:')} Modules"
    items = listed.find_all("a")
    assert [(a.text(), a.attrs.get("hreflang"), a.attrs.get("aria-current")) for a in items] == [
        ("Webhooks (déclencheurs instantanés)", "en", None),
        ("Méthodes de requête HTTP", None, "page"),
    ]
    badge = listed.find("span", class_="badge").text()
    assert badge == _("in %(language)s") % {"language": "anglais"}
    pager = page.main.find("nav", class_="pager")
    assert [(a.attrs["rel"], a.attrs["href"]) for a in pager.find_all("a")] == [
        ("prev", f"/fr/docs/{WEBHOOKS}")  # the hidden article after it is no neighbour
    ]


def test_an_untranslated_entry_leads_to_the_source_and_says_so(toc_client: TestClient) -> None:
    page = get(toc_client, f"/fr/docs/{WEBHOOKS}")
    assert page.main.find("article").attrs["lang"] == "en"
    assert "notice-fallback" in page.notices
    assert crumbs(page)[-1] == ("Webhooks (déclencheurs instantanés)", None, None)
    pager = page.main.find("nav", class_="pager")
    assert [(a.attrs["rel"], a.attrs["href"]) for a in pager.find_all("a")] == [
        ("next", f"/fr/docs/{ARTICLE}")
    ]
    hidden = get(toc_client, f"/fr/docs/{OLD}")  # hidden from lists, not from its section
    assert [c[0] for c in crumbs(hidden)][1:3] == ["Références", "Modules"]


def test_a_language_without_a_toc_borrows_the_sources_with_its_own_titles(
    toc_client: TestClient,
) -> None:
    page = get(toc_client, f"/nl/docs/{ARTICLE}")
    steps = crumbs(page)
    assert steps[1:3] == [
        ("References", "/nl/sections/references", "en"),
        ("Modules", "/nl/sections/modules", "en"),
    ]
    assert steps[3] == ("Methoden van HTTP-aanvragen", None, None)  # the article's Dutch title


def test_a_section_page_lists_its_whole_section(toc_client: TestClient) -> None:
    page = get(toc_client, "/fr/sections/references")
    assert_accessible(page)
    assert page.main.find("h1").text() == "Références"
    assert [a.text() for a in page.main.find("div", class_="contents").find_all("a")] == [
        "Modules",
        "Webhooks (déclencheurs instantanés)",
        "Méthodes de requête HTTP",
    ]
    assert set(page.hreflang) >= {"en", "fr", "nl", "sv"}
    missing = toc_client.get("/fr/sections/nothing-here")
    assert missing.status_code == 404


def test_content_without_a_toc_is_browsed_by_folders(client: TestClient) -> None:
    page = get(client, "/en/")
    heads = [h.text() for h in page.main.find("section", class_="contents").find_all("h3")]
    assert heads == [
        "Quicksilver / Workfront fusion / Modules 1 article",
        "Workfront fusion / References / Modules 1 article",
    ]
    article = get(client, f"/en/docs/{ARTICLE}")
    assert [c[0] for c in crumbs(article)][1] == "Workfront fusion / References / Modules"


@needs_corpus()
def test_the_corpus_home_is_its_guides_top(corpus_client: TestClient) -> None:
    catalog: Any = corpus_client.app.state.live.catalog  # type: ignore[attr-defined]
    assert not [k for k in catalog.by_path if k[1] == TOC]
    response = corpus_client.get("/en/")
    assert len(response.content) < 40_000  # it listed all 434 articles: 120 KB
    page = get(corpus_client, "/fr/")
    heads = [h.find("a").text() for h in page.main.find_all("h3")]
    assert heads[:3] == [
        "Activité de publication de Fusion",
        "Commencer avec Workfront\u00a0Fusion",  # the French TOC's own no-break space
        "Configurer et gérer Workfront\u00a0Fusion",
    ]
    article = get(corpus_client, f"/fr/docs/{ARTICLE}")
    assert [c[0] for c in crumbs(article)][1:] == [
        "Références",
        "Modules",
        "Méthodes de requête HTTP",
    ]
    pager = [a.attrs["rel"] for a in article.main.find("nav", class_="pager").find_all("a")]
    assert pager == ["prev", "next"]


@pytest.mark.parametrize(
    ("path", "status", "name"),
    [
        ("/en/", 200, "Adobe Workfront Fusion documentation"),
        (f"/fr/docs/{ARTICLE}", 200, "Documentation d’Adobe Workfront Fusion"),  # its own TOC's
        ("/nl/methods/PUT", 200, "Adobe Workfront Fusion documentation"),  # no TOC: English's
        ("/sv/nowhere", 404, "Adobe Workfront Fusion documentation"),
    ],
)
def test_the_site_is_named_by_its_guide(
    toc_client: TestClient, path: str, status: int, name: str
) -> None:
    """With no ``LINGODOCS_SITE_NAME``, the header and ``<title>`` name the guide as the
    page language's TOC.md titles it (else the source language's)."""
    page = get(toc_client, path, status=status)
    assert page.root.find("a", class_="brand").text() == name
    assert page.root.find("title").text().endswith(f" · {name}")
    assert "HTTP methods help" not in page.response.text
