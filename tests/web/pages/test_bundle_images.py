"""The real screenshots: the English history's checkout (the corpus in ``../shared`` has
none), with the French translations beside it, which use the English images.

Slow (a clone of the bundle, a parse of every article): ``make test-slow``.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from service.ingest.sources import scan
from service.ingest.toc import is_toc
from service.pipeline.parse import parse_files
from service.pipeline.run import run as ingest
from service.settings import Settings
from service.web.pages.images import find
from tests.servers import Server, serve

from .test_browser import ARGS, ARTIFACTS, CHROMIUM

pytestmark = pytest.mark.slow
MODULES = "help/workfront-fusion/references/modules"  # six articles with their screenshots
ITERATOR = "help/workfront-fusion/references/modules/iterator-module.md"
_SRC = re.compile(r'<img\b[^>]*?\ssrc="([^"]+)"')


def test_every_image_an_article_uses_is_found(bundle_content: Path) -> None:
    """Every image the English articles and their French translations use is served
    (the French ones from the English folder): 532 of 532 each, when this was written."""
    files, _ = scan(bundle_content)
    # an article with an image says "![" or "<img" somewhere: only those need parsing
    articles = [
        f for f in files if not is_toc(f.path) and ("![" in f.text or "<img" in f.text.lower())
    ]
    used: dict[str, list[str]] = {}
    for parsed in parse_files(articles, jobs=4):
        doc = parsed.document
        if doc is None:
            continue
        prefix = f"/{doc.locale}/assets/"
        for section in doc.sections:
            for src in _SRC.findall(section.html):
                assert src.startswith(prefix), (doc.path, src)  # none left relative
                used.setdefault(doc.locale, []).append(unquote(src.removeprefix(prefix)))
    assert set(used) == {"en", "fr"} and min(len(v) for v in used.values()) > 400
    for locale, paths in used.items():
        missing = [p for p in paths if find(bundle_content, locale, "en", p) is None]
        assert missing == [], (locale, len(missing), len(paths), missing[:5])


@pytest.fixture(scope="module")
def modules_server(
    bundle_content: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """The references/modules articles in English (with their images) and French."""
    root = tmp_path_factory.mktemp("modules")
    content = root / "content"
    for folder in ("en", "fr-FR"):
        shutil.copytree(bundle_content / folder / MODULES, content / folder / MODULES)
    settings = Settings(content=content, index=root / "index", reload_interval=0)
    assert ingest(settings, jobs=1).docs == 12
    with serve(root / "index", content, log=root / "server.log") as running:
        yield running


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed")
def test_screenshots_load_in_the_browser(modules_server: Server) -> None:
    sync_api: Any = pytest.importorskip("playwright.sync_api")
    url = f"http://127.0.0.1:{modules_server.port}/fr/path/{ITERATOR}"  # → its page
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            response = page.goto(url)
            assert response is not None and response.status == 200
            page.wait_for_load_state("load")  # bounded by Playwright's own timeout
            sizes = page.eval_on_selector_all(
                "article img",
                "imgs => imgs.map(i => [i.getAttribute('src'), i.complete, i.naturalWidth])",
            )
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "doc-fr-with-images.png"), full_page=True)
        finally:
            browser.close()
    assert len(sizes) >= 3, sizes
    assert all(src.startswith("/fr/assets/") for src, _, _ in sizes)
    assert [s for s in sizes if not (s[1] and s[2] > 0)] == []  # every one decoded
