"""Every kind of page in Chromium: axe-core finds nothing serious, in two languages; each
is readable at a phone's width and a desktop's, and is screenshot at both.

The server is ``lingodocs serve`` over ``content/``, the TOC fixture (sections) and the
Acme app articles (module pages). axe-core comes from the npm registry by
``tests/js/package-lock.json`` (``make test`` runs ``npm ci`` there); without it, the axe
test is skipped. It is injected with Playwright in a context that bypasses the pages'
CSP (``script-src 'none'``: no script of ours runs on them).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from service.i18n.catalogs import gettext_for
from service.ingest.fields import APPS
from service.pipeline.run import run as ingest
from service.settings import Settings
from tests.conftest import APP_FIXTURES, ARTICLE, CONTENT, DATA, ROOT
from tests.servers import serve

from .test_browser import CHROMIUM, Watched, chromium

AXE = ROOT / "tests" / "js" / "node_modules" / "axe-core" / "axe.min.js"
PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 900}}
PAGES = {  # each kind of page, in a language
    "home": "/{lang}/",
    "article": f"/{{lang}}/docs/{ARTICLE}",
    "section": "/{lang}/sections/references",
    "method": "/{lang}/methods/PUT",
    "module": "/{lang}/modules/acme.create-a-record",
    "search": "/{lang}/search?q=idempotent",
    "quality": "/{lang}/quality",
    "error": "/{lang}/docs/no-such-article",
}
LANGUAGES = ("fr", "nl")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed"),
]
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("pages")
    content = root / "content"
    shutil.copytree(CONTENT, content)
    shutil.copytree(DATA / "toc", content, dirs_exist_ok=True)
    for loc in ("en", "fr", "nl"):
        target = content / loc / APPS / "acme" / "acme-modules.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(APP_FIXTURES / loc / "acme-modules.md", target)
    settings = Settings(content=content, index=root / "index", reload_interval=0)
    assert ingest(settings, jobs=1).docs == 10
    with serve(root / "index", content, log=root / "server.log") as running:
        yield f"http://127.0.0.1:{running.port}"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as instance:
        yield instance


def visit(w: Watched, url: str, kind: str) -> None:
    response = w.page.goto(url)
    assert response is not None and response.status == (404 if kind == "error" else 200), url


def errors(w: Watched, kind: str) -> list[str]:
    """The console's errors but the error page's own status."""
    return [e for e in w.errors if not (kind == "error" and "status of 404" in e)]


_AXE_RUN = """() => axe.run(document, {resultTypes: ['violations']}).then(r =>
  r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' + n.failureSummary)})))"""


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", PAGES)
def test_axe_finds_no_serious_violation(site: str, browser: Any, kind: str, lang: str) -> None:
    """axe-core's rules (WCAG 2.x A and AA, and its best practices) on the page as it is,
    with every fold open, and at a phone's width: nothing serious or critical."""
    if not AXE.exists():
        pytest.skip(f"{AXE} is not installed (make test-js: npm ci in tests/js)")
    w = Watched(browser, bypass_csp=True, **DESKTOP)
    try:
        visit(w, site + PAGES[kind].format(lang=lang), kind)
        w.page.add_script_tag(path=str(AXE))
        found = w.page.evaluate(_AXE_RUN)
        w.page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
        found += w.page.evaluate(_AXE_RUN)
        w.page.set_viewport_size(PHONE["viewport"])
        found += w.page.evaluate(_AXE_RUN)
        grave = [v for v in found if v["impact"] in ("serious", "critical")]
        assert grave == [], "\n".join(f"{v['id']} ({v['impact']}): {v['nodes']}" for v in grave)
        assert errors(w, kind) == []
    finally:
        w.close()


_SMALLEST_TEXT = """() => {
  let smallest = [Infinity, ''];
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length || el.closest('.visually-hidden, .skip')) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    let size = parseFloat(style.fontSize);
    if (el instanceof SVGElement && el.getScreenCTM()) size *= el.getScreenCTM().a;
    if (size < smallest[0]) smallest = [size, el.tagName + '.' + el.className];
  }
  return smallest;
}"""
_SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.mark.parametrize("kind", PAGES)
@pytest.mark.parametrize(("screen", "options"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_every_page_kind_reads_on_a_phone_and_a_desktop(
    site: str, browser: Any, kind: str, screen: str, options: dict[str, Any]
) -> None:
    """No sideways scroll of the page, no text under 12 px, one search form, at most one
    notice; a screenshot of each in tests/artifacts/ to look at."""
    w = Watched(browser, **options)
    try:
        visit(w, site + PAGES[kind].format(lang="nl"), kind)
        page = w.page
        assert page.evaluate(_SIDEWAYS) <= 0, f"{kind} scrolls sideways on a {screen}"
        size, where = page.evaluate(_SMALLEST_TEXT)
        assert size >= 12, f"{where} is {size:.1f} px on a {screen}"
        assert page.locator("[role=search], search").count() == 1
        assert page.locator(".notice").count() <= 1
        w.shot(f"{kind}-{screen}")
        assert errors(w, kind) == []
    finally:
        w.close()


def test_search_results_are_on_a_phones_first_screen(site: str, browser: Any) -> None:
    w = Watched(browser, **PHONE)
    try:
        visit(w, f"{site}/nl/search?q=idempotent", "search")
        first = w.page.locator("ol.results > li h3").first.bounding_box()
        assert first is not None and first["y"] + first["height"] <= 844, first
    finally:
        w.close()


def test_one_notice_on_the_dutch_article(site: str, browser: Any) -> None:
    """Machine-translated, with fact findings folded under one line: one box, one link to
    the original; the findings open on a click."""
    w = Watched(browser, **PHONE)
    try:
        visit(w, f"{site}/nl/docs/{ARTICLE}", "article")
        page = w.page
        _ = gettext_for("nl")
        notes = page.get_by_role("note")
        assert notes.count() == 1
        original = _("Read the original in %(language)s") % {"language": "Engels"}
        assert notes.get_by_role("link", name=original).count() == 1
        quoted = notes.locator(".quoted-findings")
        assert not quoted.is_visible()
        notes.locator("summary").click()
        assert quoted.is_visible() and "epidemisch" in quoted.inner_text()
        box = notes.bounding_box()
        assert box is not None and box["y"] < 844 / 2, "the notice is high on the first screen"
    finally:
        w.close()


def test_heading_anchors_show_on_hover_and_keyboard_focus(site: str, browser: Any) -> None:
    w = Watched(browser, **DESKTOP)
    try:
        visit(w, f"{site}/en/docs/{ARTICLE}", "article")
        page = w.page
        heading = page.locator("article h2").first
        anchor = heading.locator("a.anchor")

        def opacity() -> float:
            return float(anchor.evaluate("a => getComputedStyle(a).opacity"))

        assert opacity() == 0
        heading.hover()
        assert opacity() == 1
        page.mouse.move(0, 0)
        assert opacity() == 0
        # the keyboard reaches it: Tab through the page until it has the focus
        for _ in range(60):
            page.keyboard.press("Tab")
            if anchor.evaluate("a => a === document.activeElement"):
                break
        else:
            pytest.fail("Tab never reached the heading's anchor")
        assert opacity() == 1
    finally:
        w.close()


@pytest.mark.parametrize(("screen", "options"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_the_quality_table_scrolls_inside_the_page(
    site: str, browser: Any, screen: str, options: dict[str, Any]
) -> None:
    """The table fits or scrolls in its own box (which the keyboard can focus to scroll);
    the page never scrolls sideways."""
    w = Watched(browser, **options)
    try:
        visit(w, f"{site}/fr/quality", "quality")
        page = w.page
        box = page.locator(".table-scroll")
        assert box.get_attribute("tabindex") == "0"
        inner, outer = box.evaluate("b => [b.scrollWidth, b.clientWidth]")
        table = page.locator(".quality-table").bounding_box()
        main = page.locator("main").bounding_box()
        assert table is not None and main is not None
        if inner <= outer:  # it fits: wholly inside the page's column
            assert table["x"] + table["width"] <= main["x"] + main["width"] + 1
        assert page.evaluate(_SIDEWAYS) <= 0
        # each legend entry is named in words, each colour its own
        legend = page.locator(".legend li")
        assert legend.count() == 9
        fills = legend.locator("rect").evaluate_all("rs => rs.map(r => r.getAttribute('fill'))")
        assert len(set(fills)) == 9
    finally:
        w.close()
