"""What a person sees: Debian's headless Chromium, driven by Playwright, on a real server.

The server is ``uvicorn service.app:app_from_env`` in a subprocess, over
``content/`` plus the hostile fixture ``tests/data/xss``. Screenshots go to
``tests/artifacts/`` (kept by CI as test artifacts, ignored by git).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from service.i18n.catalogs import gettext_for
from service.i18n.locales import display_name
from service.pipeline.run import run as ingest
from service.settings import Settings
from tests.conftest import ARTICLE, CONTENT, DATA, ROOT

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = ROOT / "tests" / "artifacts"
HOSTILE = "9f0c0de0-0000-4000-8000-00000000a11c"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed"),
]
sync_api = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.load(response)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("browser")
    content = root / "content"
    shutil.copytree(CONTENT, content)
    shutil.copytree(DATA / "xss", content, dirs_exist_ok=True)
    settings = Settings(content=content, index=root / "index", reload_interval=0)
    summary = ingest(settings, jobs=1)
    assert summary.docs == 7, summary.line()
    port = _free_port()
    env = {
        **os.environ,
        "LINGODOCS_CONTENT": str(content),
        "LINGODOCS_INDEX": str(root / "index"),
        "LINGODOCS_RELOAD_INTERVAL": "0",
        "LINGODOCS_LOG_LEVEL": "warning",
    }
    log = open(root / "server.log", "wb")  # noqa: SIM115 - closed at teardown
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "service.app:app_from_env",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if _get_json(f"{base}/readyz")["status"] == "ready":
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    "server did not start: " + (root / "server.log").read_text(errors="replace")
                )
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Debian's chromium through Playwright, closed however the tests end (every browser
    test module's one way to start it)."""
    with sync_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield instance
        finally:
            instance.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as instance:
        yield instance


class Watched:
    """A page with its console errors, page errors and dialogs recorded."""

    def __init__(self, browser: Any, **options: Any) -> None:
        self.context = browser.new_context(**options)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    w = Watched(browser, viewport={"width": 1100, "height": 900})
    yield w
    w.close()


def test_french_method_page(server: str, watched: Watched) -> None:
    page = watched.page
    response = page.goto(f"{server}/fr/methods/PUT")
    assert response is not None and response.status == 200
    _ = gettext_for("fr")
    record = _get_json(f"{server}/api/v1/methods/PUT?lang=fr")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == "PUT"
    assert page.locator("main p.lead").inner_text() == record["summary"]
    assert page.get_by_text(_("Success status codes")).is_visible()
    codes = page.locator("ul.codes code").all_inner_texts()
    assert [int(c) for c in codes] == record["success_status"]
    notice = page.get_by_role("note").filter(
        has_text=_("Read the original in %(language)s") % {"language": display_name("en", "fr")}
    )
    assert notice.is_visible()
    # the stylesheet is applied (the CSP lets our own CSS in): notes are tinted
    background = notice.evaluate("n => getComputedStyle(n).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    watched.shot("fr-methods-PUT")
    assert watched.errors == [] and watched.dialogs == []


def test_dutch_article_and_language_switch_by_click_and_keyboard(
    server: str, watched: Watched
) -> None:
    page = watched.page
    page.goto(f"{server}/nl/docs/{ARTICLE}")
    nl, sv = (_get_json(f"{server}/api/v1/docs/{ARTICLE}?lang={loc}") for loc in ("nl", "sv"))
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("article h1").inner_text().removesuffix(" #").strip() == nl["title"]
    toc = page.get_by_role("navigation", name=gettext_for("nl")("On this page"))
    first = next(s for s in nl["sections"] if s["level"] == 2)
    toc.get_by_role("link", name=first["heading"]).click()
    page.wait_for_url(f"**#{first['anchor']}")
    assert page.locator(f"[id='{first['anchor']}']").is_visible()
    watched.shot("nl-docs")

    switcher = page.get_by_role("navigation", name=gettext_for("nl")("Languages of this page"))
    assert switcher.get_by_role("link").all_inner_texts() == [
        display_name(loc) for loc in ("en", "fr", "nl", "sv")
    ]
    switcher.get_by_role("link", name=display_name("sv")).click()
    page.wait_for_url(f"{server}/sv/docs/{ARTICLE}")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.locator("article h1").inner_text().removesuffix(" #").strip() == sv["title"]
    assert page.get_by_role("navigation", name=gettext_for("sv")("On this page")).is_visible()
    watched.shot("sv-docs-after-switch")

    # keyboard: focus the English link and press Enter
    link = page.get_by_role(
        "navigation", name=gettext_for("sv")("Languages of this page")
    ).get_by_role("link", name=display_name("en"))
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server}/en/docs/{ARTICLE}")
    assert page.locator("html").get_attribute("lang") == "en"
    assert watched.errors == [] and watched.dialogs == []


def test_search_from_the_home_page(server: str, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{server}/sv/")
    _ = gettext_for("sv")
    field = page.get_by_role("search").get_by_label(_("Search the help"))  # the one form
    field.fill("idempotnt")
    field.press("Enter")
    page.wait_for_url("**/sv/search?q=idempotnt")
    expected = _get_json(f"{server}/api/v1/search?q=idempotnt&lang=sv")
    assert expected["suggestion"]
    suggestion = page.locator("p.suggestion a")
    assert suggestion.inner_text() == expected["suggestion"]
    suggestion.click()
    page.wait_for_url(f"**/sv/search?q={expected['suggestion']}")
    found = _get_json(f"{server}/api/v1/search?q={expected['suggestion']}&lang=sv")
    titles = page.locator("ol.results h3").all_inner_texts()
    assert titles == [h["title"] for h in found["hits"]] and titles
    assert page.locator("ol.results mark").first.is_visible()
    watched.shot("sv-search")
    page.goto(f"{server}/sv/search?q=zqxjkvw")
    assert page.get_by_text(_("Nothing matches “%(query)s”.") % {"query": "zqxjkvw"}).is_visible()
    assert watched.errors == [] and watched.dialogs == []


@pytest.mark.parametrize("path", ["/fr/methods/PUT", f"/nl/docs/{ARTICLE}", "/en/"])
def test_readable_on_a_phone(server: str, browser: Any, path: str) -> None:
    w = Watched(
        browser, viewport={"width": 360, "height": 740}, is_mobile=True, device_scale_factor=2
    )
    try:
        w.page.goto(server + path)
        overflow = w.page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"
        size = w.page.locator("main p").first.evaluate(
            "n => parseFloat(getComputedStyle(n).fontSize)"
        )
        assert size >= 16
        w.shot("phone" + path.replace("/", "-").rstrip("-"))
        assert w.errors == []
    finally:
        w.close()


_HANDLERS = """() => [...document.querySelectorAll('body, body *')].flatMap(el =>
    [...el.attributes].filter(a => a.name.startsWith('on') ||
        /^\\s*(javascript|data|vbscript):/i.test(a.value) && a.name !== 'content')
      .map(a => el.tagName + ' ' + a.name + '=' + a.value))"""


@pytest.mark.parametrize(
    "path", [f"/en/docs/{HOSTILE}", "/en/methods/OPTIONS", "/en/search?q=window", "/en/"]
)
def test_hostile_content_executes_nothing(server: str, watched: Watched, path: str) -> None:
    page = watched.page
    response = page.goto(server + path)
    assert response is not None and response.status == 200
    assert "script-src 'none'" in response.headers["content-security-policy"]
    page.wait_for_load_state("load")
    main = page.locator("main")
    # poke everything a person could poke
    for selector in ("summary", "b", "p", "a[href='#']"):
        for element in main.locator(selector).all()[:20]:
            if element.is_visible():
                element.hover()
    for summary in main.locator("details > summary").all():
        summary.click()
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.__xss") is None
    assert watched.dialogs == []
    assert page.locator("script").count() == 0
    assert (
        page.locator(
            "main iframe, main object, main embed, main svg, main form:not("
            "[role=search]), main style, main math"
        ).count()
        == 0
    )
    assert page.evaluate(_HANDLERS) == [], "no handler or script URL survives"
    # the payloads' words are still there, as text
    if path.startswith("/en/docs/"):
        assert "nothing on it may run" in main.inner_text()
    unexpected = [e for e in watched.errors if "Failed to load resource" not in e]
    assert unexpected == [], unexpected
    watched.shot("hostile" + path.split("?")[0].replace("/", "-"))


_CONTRAST = """() => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
  const background = el => { for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || c[3] > 0) return c.slice(0, 3); }
    return [255, 255, 255]; };
  const low = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || el.closest('.visually-hidden, .skip')) continue;
    const [a, b] = [lum(rgb(style.color)), lum(background(el))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) low.push(el.tagName + '.' + el.className + ' ' + ratio.toFixed(2));
  }
  return low;
}"""


@pytest.mark.parametrize(
    "path",
    ["/fr/methods/PUT", f"/nl/docs/{ARTICLE}", "/sv/search?q=put", "/en/", "/en/methods/BREW"],
)
def test_text_contrast_is_sufficient(server: str, watched: Watched, path: str) -> None:
    """Every piece of visible text has a contrast of at least 4.5:1 (WCAG AA)."""
    watched.page.goto(server + path)
    assert watched.page.evaluate(_CONTRAST) == []


def test_the_quality_filters_work_without_javascript(server: str, browser: Any) -> None:
    """The quality page's form is a plain GET form: with scripts off, choosing a language
    and a kind and sending it lists those findings, and the next search starts from them."""
    w = Watched(browser, viewport={"width": 1100, "height": 900}, java_script_enabled=False)
    try:
        page = w.page
        page.goto(f"{server}/en/quality")
        page.select_option("#filter-of", "fr")
        page.select_option("#filter-kind", "orphan")
        page.click("form.quality-filters button[type=submit]")
        page.wait_for_url("**/en/quality?of=fr&severity=&kind=orphan&path=")
        orphans = _get_json(f"{server}/api/v1/quality?locale=fr&kind=orphan")
        ids = [f["id"] for f in orphans["locales"][0]["findings"]]
        assert (
            ids
            and page.locator("ol.findings > li").evaluate_all("items => items.map(i => i.id)")
            == ids
        )
        assert page.locator("#filter-kind").input_value() == "orphan"
        page.fill("#filter-path", "help/nowhere/")
        page.click("form.quality-filters button[type=submit]")
        page.wait_for_url("**/en/quality?of=fr&severity=&kind=orphan&path=help%2Fnowhere%2F")
        assert page.locator("ol.findings > li").count() == 0
        assert page.get_by_text(gettext_for("en")("No findings.")).is_visible()
        assert w.errors == [] and w.dialogs == []
    finally:
        w.close()


def test_api_docs_work_offline(server: str, watched: Watched) -> None:
    """``/api/docs`` with every request off this host refused: Swagger UI comes from the
    service itself, lists the operations, and breaks no rule of the page's CSP."""
    page = watched.page
    elsewhere: list[str] = []

    def only_here(route: Any) -> None:
        url = route.request.url
        if url.startswith(server + "/"):
            route.continue_()
        else:
            elsewhere.append(url)
            route.abort()

    page.route("**/*", only_here)
    response = page.goto(f"{server}/api/docs")
    assert response is not None and response.status == 200
    assert "'self'" in response.headers["content-security-policy"]
    operations = page.locator(".opblock-summary-operation-id")
    operations.first.wait_for(state="visible", timeout=20_000)
    ids = operations.all_inner_texts()
    assert {"listMethods", "getMethod", "search", "getDocument"} <= set(ids), ids
    assert page.get_by_text("/api/v1/methods/{method}").first.is_visible()
    watched.shot("api-docs-offline")
    assert elsewhere == []
    assert watched.errors == []
