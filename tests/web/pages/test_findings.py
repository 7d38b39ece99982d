"""The notice of a translation's fact findings, on its article and method pages.

On the real corpus: the Dutch HTTP methods article calls PUT "epidemisch" and
PATCH "niet dekkend" where English says (not) idempotent; the French and Swedish
string functions articles garble a SHA-256 example; the Dutch Workfront
Planning article lacks dozens of the source's modules and fields.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.i18n.catalogs import ngettext_for
from service.pipeline.run import run as ingest
from service.quality.findings import SHORT_MAX
from service.settings import Settings
from tests.conftest import ARTICLE, ARTICLE_PATH, needs_corpus
from tests.web.pages.dom import Node, Page, api, get

PATCH, PUT = "q-2ff7ed5215", "q-5c7f15d634"  # the Dutch idempotency findings
FUNCTIONS = "help/workfront-fusion/references/mapping-panel/functions/string-functions.md"
PLANNING = (
    "help/workfront-fusion/references/apps-and-modules/adobe-connectors/"
    "workfront-planning-modules.md"
)
# the line the findings are folded under, and how a quote pair reads, in the page's language
INTRO = (
    "A check against the original found %(num)s place where this translation differs from it.",
    "A check against the original found %(num)s places where this translation differs from it.",
)
SAYS = {
    "nl": ("Deze vertaling zegt", "het origineel in het Engels zegt"),
    "fr": ("Cette traduction dit", "l’original en anglais dit"),
    "sv": ("Den här översättningen säger", "originalet på engelska säger"),
}


def doc_id(client: TestClient, locale: str, path: str) -> str:
    found: str = client.app.state.live.catalog.by_path[locale, path].doc_id  # type: ignore[attr-defined]
    return found


def notice(page: Page) -> Node:
    """The findings' part of the page's one notice: folded under a line that counts them."""
    [folded] = [n for n in page.notices["notice-findings"].iter() if n.has_class("quoted-details")]
    assert folded.tag == "details" and "open" not in folded.attrs
    return folded


def intro(locale: str, n: int) -> str:
    return ngettext_for(locale)(*INTRO, n) % {"num": n}


def items(page: Page) -> list[Node]:
    return notice(page).find("ul").find_all("li")


def quotes(item: Node) -> dict[str, str]:
    """The quotes of one listed finding by their language."""
    return {q.attrs["lang"]: q.text() for q in item.find_all("q")}


def finding_link(item: Node) -> tuple[str, dict[str, list[str]], str]:
    parts = urlsplit(item.find_all("a")[-1].attrs["href"])
    return parts.path, parse_qs(parts.query), parts.fragment


def shown_findings(client: TestClient, locale: str, doc: str) -> list[dict[str, Any]]:
    summaries = api(client, f"/api/v1/docs/{doc}?lang={locale}")["translation"]
    return [s for s in summaries["finding_summaries"] if s["severity"] in ("fact", "missing")]


@needs_corpus()
@pytest.mark.parametrize(
    ("path", "found"),
    [
        (f"/nl/docs/{ARTICLE}", [PATCH, PUT]),
        ("/nl/methods/PATCH", [PATCH]),
        ("/nl/methods/PUT", [PUT]),
    ],
)
def test_a_dutch_page_quotes_what_the_translation_and_the_original_say(
    corpus_client: TestClient, path: str, found: list[str]
) -> None:
    page = get(corpus_client, path)
    box = notice(page)
    assert box.find("summary").text() == intro("nl", len(found))
    listed = items(page)
    assert [finding_link(li)[2] for li in listed] == found
    for li in listed:
        said, original = SAYS["nl"]
        text = li.text()
        assert said in text and original in text, text
        method = li.find("span", class_="method-name").text()
        assert text.startswith(method) and method in ("PATCH", "PUT")
        words = quotes(li)
        assert set(words) == {"nl", "en"}
        if method == "PATCH":
            assert "PATCH is niet dekkend" in words["nl"]
            assert "PATCH is not idempotent" in words["en"]
        else:
            assert "PUT epidemisch is" in words["nl"]
            assert "PUT is idempotent" in words["en"]
        assert all(len(q) <= SHORT_MAX for q in words.values())
        where, query, anchor = finding_link(li)
        assert where == "/nl/quality" and query["of"] == ["nl"]
        assert query["path"] == [ARTICLE_PATH] and query["severity"] == ["missing"]
        report = get(corpus_client, f"{where}?{urlsplit(li.find_all('a')[-1].attrs['href']).query}")
        assert report.root.find("li", id=anchor).has_class("finding-fact")
    assert box.find_all("p") == []  # no "N more"
    # the original has no such notice, nor the faithful French translation
    for other in ("en", "fr"):
        assert (
            "notice-findings" not in get(corpus_client, path.replace("/nl/", f"/{other}/")).notices
        )


@needs_corpus()
@pytest.mark.parametrize(
    ("locale", "source", "translation"),
    [  # a SHA-256 example with a digit dropped; a SHA-512 one cut in two
        (
            "fr",
            "Returns: ed3d7397eec7b94453035b67ba4468c883ee3bedeb57137f7371f2e0cf5e2bbc",
            "Renvoie : ed3d7397eec7b94453035b67ba4468c83ee3bedeb57137f7371f2e0cf5e2bbc",
        ),
        ("sv", "Returns: 789ae41b9456357e4f27c6a0", "cd119 b85e1e19db58bb44b"),
    ],
)
def test_a_garbled_example_is_quoted_in_the_readers_language(
    corpus_client: TestClient, locale: str, source: str, translation: str
) -> None:
    doc = doc_id(corpus_client, locale, FUNCTIONS)
    expected = shown_findings(corpus_client, locale, doc)
    page = get(corpus_client, f"/{locale}/docs/{doc}")
    assert notice(page).find("summary").text() == intro(locale, len(expected))
    [first, *_] = items(page)
    said, original = SAYS[locale]
    assert said in first.text() and original in first.text()
    words = quotes(first)  # cut around the compared hash
    assert source in words["en"] and translation in words[locale]
    assert finding_link(first)[2] == expected[0]["id"]
    assert len(items(page)) == min(3, len(expected))
    assert "notice-findings" not in get(corpus_client, f"/en/docs/{doc}").notices


@needs_corpus()
def test_many_findings_show_the_worst_three_and_link_the_rest(corpus_client: TestClient) -> None:
    doc = doc_id(corpus_client, "nl", PLANNING)
    expected = shown_findings(corpus_client, "nl", doc)
    assert len(expected) > 30
    page = get(corpus_client, f"/nl/docs/{doc}")
    assert [finding_link(li)[2] for li in items(page)] == [s["id"] for s in expected[:3]]  # worst
    more = notice(page).find_all("p")[-1].find("a")
    assert more.text() == f"en nog {len(expected) - 3} bevindingen: zie het kwaliteitsrapport"
    parts = urlsplit(more.attrs["href"])
    assert parts.path == "/nl/quality" and not parts.fragment
    assert parse_qs(parts.query) == {"of": ["nl"], "severity": ["missing"], "path": [PLANNING]}
    # a lacking module is quoted from the original alone
    lacking = next(li for li in items(page) if set(quotes(li)) == {"en"})
    assert lacking.text().startswith("Het origineel in het Engels bevat")


def test_quotes_are_text_never_markup(content_copy: Path, tmp_path: Path) -> None:
    nl = content_copy / "nl" / ARTICLE_PATH
    text = nl.read_text(encoding="utf-8")
    hostile = "is dat PUT epidemisch `<script>alert(1)</script>` <b onclick=x()>is</b>"
    nl.write_text(text.replace("is dat PUT epidemisch is", hostile), encoding="utf-8")
    settings = Settings(content=content_copy, index=tmp_path / "index", reload_interval=0)
    ingest(settings, jobs=1)
    with TestClient(create_app(settings)) as client:
        page = get(client, "/nl/methods/PUT")
    [item] = items(page)
    assert "alert(1)" in quotes(item)["nl"]
    box = notice(page)
    assert not [n for n in box.iter() if n.tag in ("script", "b") or "onclick" in n.attrs]
    assert "<script" not in page.response.text.split("notice-findings")[1].split("</ul>")[0]
