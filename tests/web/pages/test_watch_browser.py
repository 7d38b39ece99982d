"""``serve --watch`` as a writer sees it: edit a file, the open page shows the edit.

A real ``lingodocs serve --watch`` over a copy of ``content/``, Debian's
headless Chromium through Playwright. Waits are bounded (a loaded machine
may take seconds); how fast it is, is measured in ``bench/watch.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from service.i18n.catalogs import gettext_for
from tests.conftest import ARTICLE, ARTICLE_PATH
from tests.servers import Server, serve
from tests.web.pages.test_browser import ARGS, CHROMIUM, Watched

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed"),
]
sync_api = pytest.importorskip("playwright.sync_api")
WAIT_MS = 30_000  # a bound on each wait, not a goal


@pytest.fixture
def watching(tmp_path: Path, content_copy: Path) -> Iterator[tuple[Server, Path]]:
    env = {"LINGODOCS_WATCH": "1", "LINGODOCS_LOG_LEVEL": "warning"}
    with serve(tmp_path / "index", content_copy, log=tmp_path / "server.log", env=env) as server:
        yield server, content_copy


@pytest.fixture
def page(watching: tuple[Server, Path]) -> Iterator[Watched]:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            watched = Watched(browser, viewport={"width": 1000, "height": 800})
            yield watched
            watched.close()
        finally:
            browser.close()


def test_an_edit_shows_in_the_open_page_and_its_problems_too(
    watching: tuple[Server, Path], page: Any
) -> None:
    server, content = watching
    tab = page.page
    base = f"http://127.0.0.1:{server.port}"
    tab.goto(f"{base}/fr/docs/{ARTICLE}")
    tab.wait_for_function("() => window.performance.getEntriesByType('resource').length > 0")
    tab.evaluate("() => { window.notReloaded = true; }")
    assert tab.get_by_text("Une modification surveillée").count() == 0

    article = content / "fr" / ARTICLE_PATH
    original = article.read_text(encoding="utf-8")
    article.write_text(original + "\n\nUne modification surveillée.\n", encoding="utf-8")
    tab.get_by_text("Une modification surveillée").wait_for(timeout=WAIT_MS)
    assert tab.evaluate("() => window.notReloaded") is None  # the page reloaded itself
    assert tab.locator("#watch-problems").count() == 0

    # a link to an article that is not there: the page says so, in its language
    article.write_text(original + "\n\nVoir [la page perdue](perdue.md).\n", encoding="utf-8")
    box = tab.locator("#watch-problems")
    box.wait_for(timeout=WAIT_MS)
    _ = gettext_for("fr")
    assert _("The last ingest found problems in the edited files:") in box.inner_text()
    assert f"fr/{ARTICLE_PATH}:" in box.inner_text()
    assert "perdue.md" in box.inner_text()
    assert tab.get_by_text("la page perdue").is_visible()  # the rest of the edit is shown
    page.shot("watch-problems-fr")

    article.write_text(original, encoding="utf-8")  # mended: the box goes
    box.wait_for(state="detached", timeout=WAIT_MS)
    assert tab.get_by_text("la page perdue").count() == 0
    assert page.errors == [] and page.dialogs == []  # no CSP violation, no script error
