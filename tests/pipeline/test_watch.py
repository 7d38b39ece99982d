"""The content watcher of ``serve --watch``: a real folder, real edits, real ingests."""

from __future__ import annotations

import queue
from collections.abc import Iterator
from pathlib import Path

import pytest
import watchfiles

from service.index import builds
from service.index.live import Live
from service.pipeline.run import run as ingest
from service.pipeline.watch import Outcome, Watcher, relevant
from service.search.results import searcher_of
from service.settings import Settings
from tests.conftest import ARTICLE_PATH

WAIT = 30.0  # seconds an ingest may take on a loaded machine (a bound, not a goal)


@pytest.fixture
def watched(content_copy: Path, tmp_path: Path) -> Iterator[tuple[Settings, queue.Queue[Outcome]]]:
    settings = Settings(content=content_copy, index=tmp_path / "index", reload_interval=0)
    assert ingest(settings, jobs=1).docs == 5
    outcomes: queue.Queue[Outcome] = queue.Queue()
    watcher = Watcher(settings, outcomes.put)
    watcher.start()
    try:
        yield settings, outcomes
    finally:
        watcher.stop()
        assert watcher._thread is None  # joined


def _searched(settings: Settings, word: str) -> list[str]:
    live = Live(settings.index, 0)
    assert live.catalog is not None
    try:
        return [hit.path for hit in searcher_of(live.catalog).search(word, "en", 10).hits]
    finally:
        live.catalog.close()


def test_an_edit_is_ingested_and_becomes_current(
    watched: tuple[Settings, queue.Queue[Outcome]],
) -> None:
    settings, outcomes = watched
    before = builds.current_build(settings.index)
    article = settings.content / "en" / ARTICLE_PATH
    article.write_text(article.read_text() + "\n\nA watched edit: zanzibarish.\n")
    outcome = outcomes.get(timeout=WAIT)
    assert outcome.changed == (f"en/{ARTICLE_PATH}",)
    assert outcome.problems == ()
    current = builds.current_build(settings.index)
    assert current is not None and current != before and current.name == outcome.build
    assert _searched(settings, "zanzibarish") == [ARTICLE_PATH]


def test_a_broken_file_is_a_problem_and_the_watch_goes_on(
    watched: tuple[Settings, queue.Queue[Outcome]],
) -> None:
    settings, outcomes = watched
    article = settings.content / "en" / ARTICLE_PATH
    text = article.read_text()
    article.write_bytes(b"# Broken\x00 file\n")
    broken = outcomes.get(timeout=WAIT)
    assert broken.changed == (f"en/{ARTICLE_PATH}",)
    assert len(broken.problems) == 1 and "NUL byte" in broken.problems[0]
    assert broken.problems[0].startswith(f"en/{ARTICLE_PATH}:")
    # mended: ingested again, no problem left
    article.write_text(text + "\nMended: quokkaesque.\n")
    mended = outcomes.get(timeout=WAIT)
    assert mended.problems == () and mended.build != broken.build
    assert _searched(settings, "quokkaesque") == [ARTICLE_PATH]


def test_an_unusable_content_folder_is_a_problem_not_a_stop(
    watched: tuple[Settings, queue.Queue[Outcome]], tmp_path: Path
) -> None:
    settings, outcomes = watched
    for folder in settings.content.iterdir():  # every locale folder gone: nothing to ingest
        folder.rename(tmp_path / f"away-{folder.name}")
    before = builds.current_build(settings.index)
    gone = outcomes.get(timeout=WAIT)
    assert any("no document could be ingested" in p for p in gone.problems), gone
    assert before is not None and gone.build == before.name  # the last good build serves
    for folder in tmp_path.glob("away-*"):
        folder.rename(settings.content / folder.name.removeprefix("away-"))
    back = outcomes.get(timeout=WAIT)
    while back.problems:  # the folders may come back in more than one batch
        back = outcomes.get(timeout=WAIT)
    assert back.build == before.name  # the same content: the same build


@pytest.mark.parametrize(
    ("change", "path", "wanted"),
    [
        (watchfiles.Change.modified, "/c/en/help/a.md", True),
        (watchfiles.Change.added, "/c/en/help/TOC.md", True),
        (watchfiles.Change.deleted, "/c/en/help/old-folder", True),
        (watchfiles.Change.modified, "/c/en/help/.a.md.swp", False),
        (watchfiles.Change.modified, "/c/en/help/a.md~", False),
        (watchfiles.Change.added, "/c/en/.git/index", False),
        (watchfiles.Change.modified, "/c/en/help/assets/a.png", False),
        (watchfiles.Change.added, str(Path(__file__).parent), True),  # a folder moved in
    ],
)
def test_which_changes_are_ingested(change: watchfiles.Change, path: str, wanted: bool) -> None:
    assert relevant(change, path) is wanted
