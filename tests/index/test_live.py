"""Only verified builds are served: a damaged build never serves, whenever it is damaged.

Each case breaks one file of the live build of two (``tests/damage.py``:
truncated, 64 KB of garbage in its middle, deleted; the document store, the
largest Whoosh segment, the records), with an older good build beside it or
without one, before the server opens the index or under it. Either the older
build serves, with one log line naming both, or nothing does and
:attr:`Live.down` says why, truthfully. (A Whoosh segment cut short under a
process that maps it kills that process when it reads the lost pages, so that
case runs only under real servers: ``web/test_damaged_builds``.)
"""

from __future__ import annotations

import gc
import logging
import os
import re
import shutil
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from whoosh.query import Term

from service.index import mapped
from service.index.builds.checked import Checker, changed, stamps
from service.index.builds.layout import swap_current
from service.index.builds.manifest import read_manifest
from service.index.catalog import Catalog
from service.index.live import Live
from service.index.readerrors import read_error
from service.search.results import search, searcher_of
from tests.damage import (
    DAMAGES,
    FILES,
    WORD,
    Builds,
    copy_of,
    garbage,
    garbage_in_postings,
    truncate,
    two_builds,
)

CASES = [(damage, name) for damage in DAMAGES for name in FILES]
FAST_ALONE = {  # the cases without another build in `make test` (the rest: the slow suite)
    ("truncated", "segment"),
    ("truncated", "records.json"),
    ("garbage", "docs.sqlite"),
    ("deleted", "records.json"),
}


def matrix(cases: list[tuple[str, str]]) -> list[Any]:
    """Each case with an older good build, and alone (some of those in the slow suite)."""
    return [
        pytest.param(
            damage,
            name,
            fallback,
            id=f"{damage}-{name}-{'older good build' if fallback else 'no other build'}",
            marks=[]
            if fallback or (name in FAST_ALONE) == (damage != "garbage")
            else [pytest.mark.slow],
        )
        for damage, name in cases
        for fallback in (True, False)
    ]


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    return two_builds(tmp_path_factory.mktemp("pair"), fallback=True)


def said(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def assert_outcome(live: Live, b: Builds, said: list[str]) -> None:
    """The older build serves (one line naming both), or nothing does and ``down`` says
    why; the refused build is named either way."""
    if b.old is not None:
        assert live.catalog is not None and live.catalog.build_id == b.old.name
    else:
        assert live.catalog is None
    assert live.refused is not None and live.refused.build.name == b.live.name
    reason = re.escape(live.refused.reason)
    assert len(said) == 1, said
    if b.old is not None:
        assert re.fullmatch(
            rf"the index build \S+{b.live.name} is damaged: {reason}; serving {b.old.name} "
            r"instead, the newest good build",
            said[0],
        ), said
        searcher = searcher_of(live.catalog)
        assert searcher.search(WORD, "en", 10).total == 0  # only the live build has it
        assert searcher.search("requête", "fr", 10).total >= 1
    else:
        assert live.down == (
            f"the index build {b.live.name} is damaged: {live.refused.reason}; "
            "no good build to fall back to"
        )
        assert said == [live.down]


@pytest.mark.parametrize(("damage", "name", "fallback"), matrix(CASES))
def test_a_damaged_current_never_serves_at_start(
    pair: Builds,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    damage: str,
    name: str,
    fallback: bool,
) -> None:
    b = copy_of(pair, tmp_path, fallback)
    DAMAGES[damage](b.file(name))
    with caplog.at_level(logging.INFO, logger="lingodocs"):
        live = Live(b.root, 0)
    assert_outcome(live, b, said(caplog))
    assert live.refused is not None
    assert (b.file(name).relative_to(b.live).as_posix() if name != "segment" else "whoosh/") in (
        live.refused.reason
    )


@pytest.mark.parametrize(
    ("damage", "name", "fallback"), matrix([c for c in CASES if c != ("truncated", "segment")])
)  # that one kills a process that maps the segment (SIGBUS): under real servers only
def test_the_live_build_damaged_under_the_server(
    pair: Builds,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    damage: str,
    name: str,
    fallback: bool,
) -> None:
    b = copy_of(pair, tmp_path, fallback)
    live = Live(b.root, 0)
    assert live.catalog is not None and live.catalog.build_id == b.live.name
    DAMAGES[damage](b.file(name))
    with caplog.at_level(logging.INFO, logger="lingodocs"):
        assert live.refresh() is True  # one interval of the watcher
        assert not live.refresh()  # and the next: nothing new, nothing said again
    assert_outcome(live, b, said(caplog))


def test_a_refused_build_serves_once_it_is_mended(
    pair: Builds, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    b = copy_of(pair, tmp_path)
    store = b.file("docs.sqlite")
    kept = tmp_path / "docs.sqlite"
    shutil.copy2(store, kept)
    garbage(store)
    with caplog.at_level(logging.INFO, logger="lingodocs"):
        live = Live(b.root, 0)
        assert live.catalog is not None and live.catalog.build_id == b.old.name  # type: ignore[union-attr]
        for _ in range(3):
            assert not live.refresh()  # not checked, nor said, again while unchanged
        assert len(said(caplog)) == 1
        shutil.copy2(kept, store)  # mended in place
        assert live.refresh()
    assert live.catalog.build_id == b.live.name
    assert live.refused is None
    assert searcher_of(live.catalog).search(WORD, "en", 10).total == 1


def test_a_change_that_puts_size_and_time_back_is_noticed(pair: Builds, tmp_path: Path) -> None:
    """Garbage written in place, the modification time set back: the change time tells."""
    b = copy_of(pair, tmp_path)
    store = b.file("docs.sqlite")
    checker = Checker()  # it remembers what it hashed: that must not hide the change
    assert checker.check(b.live).damage is None
    before = stamps(b.live, read_manifest(b.live))
    st = store.stat()
    garbage(store)
    os.utime(store, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert store.stat().st_size == st.st_size and store.stat().st_mtime_ns == st.st_mtime_ns
    assert changed(b.live, before) == "docs.sqlite changed on disk"
    assert checker.check(b.live).damage == (
        "docs.sqlite does not have the checksum its manifest gives"
    )


def test_a_hard_link_made_or_removed_is_not_a_change(pair: Builds, tmp_path: Path) -> None:
    """Every ingest links the live build's segments into the next one and prunes old
    builds: each moves the shared files' change time. A build checked meanwhile is
    sound, and stays served."""
    b = copy_of(pair, tmp_path)
    segment = b.file("segment")
    before = stamps(b.live, read_manifest(b.live))
    os.link(segment, tmp_path / "another-build-of-it")  # the next build links it
    assert changed(b.live, before) is None
    linked = stamps(b.live, read_manifest(b.live))
    (tmp_path / "another-build-of-it").unlink()  # an old build pruned
    assert changed(b.live, linked) is None
    assert Checker().check(b.live).damage is None
    with segment.open("r+b") as fh:  # but a write is, link or not
        fh.write(b"\0")
    os.link(segment, tmp_path / "again")
    assert changed(b.live, before) == f"whoosh/{segment.name} changed on disk"


def test_a_file_not_its_manifest_size_is_never_mapped(pair: Builds) -> None:
    """The size is checked on the very descriptor mapped, whatever was checked before."""
    whoosh = pair.live / "whoosh"
    manifest = read_manifest(pair.live)
    assert manifest is not None
    sizes = {
        name.removeprefix("whoosh/"): int(want["size"])
        for name, want in manifest["files"].items()
        if name.startswith("whoosh/")
    }
    mapped.open_mapped(str(whoosh), sizes).reader().close()
    segment = pair.file("segment").name
    wrong = mapped.open_mapped(str(whoosh), {**sizes, segment: sizes[segment] + 1})
    with pytest.raises(mapped.SizeMismatch, match=rf"whoosh/{segment} is \d+ bytes"):
        wrong.reader()  # its segments are opened (mapped) here


def test_what_a_damaged_build_raises_is_a_read_error(pair: Builds, tmp_path: Path) -> None:
    """Whoosh failing on a damaged segment and SQLite on a cut store are read errors (a
    503 and a check); an error of the service's own is not (a 500)."""
    b = copy_of(pair, tmp_path)
    catalog = Catalog.open(b.live)
    searcher = catalog.whoosh.searcher()
    try:
        garbage_in_postings(b.file("segment"))
        with pytest.raises(Exception) as whoosh_failed:
            searcher.search(Term("text_en", "method"))
        assert read_error(whoosh_failed.value), whoosh_failed.value
        truncate(b.file("docs.sqlite"))
        with pytest.raises(sqlite3.DatabaseError) as store_failed:
            list(catalog.docs.all())
        assert read_error(store_failed.value)
        with pytest.raises(KeyError) as ours:
            {}["no such key"]
        assert not read_error(ours.value)
    finally:
        searcher.close()
        catalog.close()


def test_a_build_is_opened_with_the_collector_paused_and_served_frozen(pair: Builds) -> None:
    """No cyclic collection while a build is opened and prepared (its objects are none of
    them garbage), the collector back on afterwards, even when preparing fails, and what
    serves frozen out of the collector's generations."""
    seen: list[bool] = []

    def prepare(catalog: Catalog) -> None:
        seen.append(gc.isenabled())
        searcher_of(catalog)

    assert gc.isenabled()
    gc.unfreeze()
    live = Live(pair.root, 0, prepare=prepare)
    try:
        assert seen == [False] and gc.isenabled()
        assert live.catalog is not None and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        if live.catalog is not None:
            live.catalog.close()

    def failing(_catalog: Catalog) -> None:
        raise RuntimeError("prepare failed")

    refused = Live(pair.root, 0, prepare=failing)
    assert refused.catalog is None and gc.isenabled()
    assert refused.refused is not None and "prepare failed" in refused.refused.reason
    gc.unfreeze()


def test_the_first_build_serves_before_it_is_warm_a_new_one_only_once_warm(
    pair: Builds, tmp_path: Path
) -> None:
    """``warm`` (the search's tables) does not hold up the first build a server serves:
    it serves at once, warmed in a thread of its own, and a search meanwhile is
    answered (the searcher made once, by whichever comes first). A later build is
    warmed before it replaces the one serving."""
    b = copy_of(pair, tmp_path)
    assert b.old is not None
    swap_current(b.root, b.old)
    gate = threading.Event()
    calls: list[tuple[str, bool]] = []  # the thread warming, whether its build serves yet
    holder: list[Live] = []

    def warm(catalog: Catalog) -> None:
        served = bool(holder) and holder[0].catalog is catalog
        calls.append((threading.current_thread().name, served))
        assert gate.wait(30)
        searcher_of(catalog)

    live = Live(b.root, 0, warm=warm)
    holder.append(live)
    try:
        first = live.catalog
        assert first is not None and first.build == b.old.resolve()
        found = search(first, "module", "en", 5)  # answered while the warm-up waits
        assert found.total > 0 and found.results
        gate.set()
        warmer = next(t for t in threading.enumerate() if t.name == "index-warm")
        warmer.join(30)
        assert not warmer.is_alive()
        assert calls[0][0] == "index-warm"

        swap_current(b.root, b.live)
        assert live.refresh()
        assert live.catalog is not None and live.catalog.build == b.live.resolve()
        assert calls[1] == (threading.current_thread().name, False)  # before it served
    finally:
        gate.set()
        if live.catalog is not None:
            live.catalog.close()
