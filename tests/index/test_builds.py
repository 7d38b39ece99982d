"""The index stage: atomic builds, incremental re-ingest, live swaps under searches."""

from __future__ import annotations

import gc
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType

import pytest

from service.index import builds
from service.index.live import Live
from service.pipeline.run import run as ingest
from service.records import Document
from service.search.results import searcher_of
from service.settings import Settings
from tests.conftest import ARTICLE_PATH, CORPUS


def test_build_layout_and_current_link(tmp_path: Path, content_copy: Path) -> None:
    settings = Settings(content=content_copy, index=tmp_path / "ix")
    summary = ingest(settings, jobs=1)
    root = settings.index
    assert os.readlink(root / "current") == f"builds/{summary.build}"
    build = builds.current_build(root)
    assert build is not None
    assert {p.name for p in build.iterdir()} >= {
        "records.json",
        "build.json",
        "docs.sqlite",
        "whoosh",
    }
    assert not list((root / "builds").glob(".tmp-*"))


def _cyclic_garbage_of(step: Callable[[], object]) -> list[object]:
    """The frames and documents that only the cyclic collector could free after ``step``
    (run with the collector off, as an ingest runs)."""
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        step()
        gc.collect()
        return [o for o in gc.garbage if isinstance(o, (FrameType, Document))]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if enabled:
            gc.enable()


def test_a_build_leaves_nothing_for_the_cyclic_collector(
    tmp_path: Path, content_copy: Path
) -> None:
    """Whoosh's writer kept an exception in a frame (a cycle through its traceback), and
    so every calling frame: the whole build, freed only by the first collection after it
    (a tenth of a one-file ingest of the corpus). Full and incremental builds."""
    settings = Settings(content=content_copy, index=tmp_path / "ix")
    assert _cyclic_garbage_of(lambda: ingest(settings, jobs=1)) == []
    target = content_copy / "en" / ARTICLE_PATH
    target.write_text(target.read_text(encoding="utf-8") + "\n\nOne more line.\n", "utf-8")
    assert _cyclic_garbage_of(lambda: ingest(settings, jobs=1)) == []


def test_same_content_same_results(tmp_path: Path, content_copy: Path) -> None:
    a = Settings(content=content_copy, index=tmp_path / "a")
    b = Settings(content=content_copy, index=tmp_path / "b")
    assert ingest(a, jobs=1).build == ingest(b, jobs=1).build
    live_a, live_b = Live(a.index, 0), Live(b.index, 0)
    assert live_a.catalog and live_b.catalog
    for q, lang in [("idempotent", "fr"), ("begaran", "sv"), ("PATCH", "nl")]:
        hits_a = searcher_of(live_a.catalog).search(q, lang, 10).hits
        hits_b = searcher_of(live_b.catalog).search(q, lang, 10).hits
        assert hits_a == hits_b and hits_a


def test_deleted_file_leaves_the_index(tmp_path: Path, content_copy: Path) -> None:
    settings = Settings(content=content_copy, index=tmp_path / "ix")
    ingest(settings, jobs=1)
    (content_copy / "sv" / ARTICLE_PATH).unlink()
    summary = ingest(settings, jobs=1)
    assert summary.locales == ("en", "fr", "nl")
    live = Live(settings.index, 0)
    assert live.catalog is not None
    assert searcher_of(live.catalog).search("begäran", "sv", 10).total == 0
    assert searcher_of(live.catalog).search("requête", "fr", 10).total == 2


def test_swap_during_concurrent_searches(tmp_path: Path, content_copy: Path) -> None:
    settings = Settings(content=content_copy, index=tmp_path / "ix", reload_interval=0.05)
    ingest(settings, jobs=1)
    live = Live(settings.index, settings.reload_interval)
    live.start()
    errors: list[BaseException] = []
    seen: set[str] = set()
    stop = threading.Event()

    def searcher() -> None:
        deadline = time.monotonic() + 120
        while not stop.is_set() and time.monotonic() < deadline:
            catalog = live.catalog
            assert catalog is not None
            try:
                found = searcher_of(catalog).search("idempotent", "en", 10)
                assert found.total >= 1
                assert catalog.lookup["en"]["PUT"].success_status == (200, 201, 204)
                seen.add(catalog.build_id)
            except BaseException as exc:
                errors.append(exc)
                return

    threads = [threading.Thread(target=searcher) for _ in range(3)]
    for t in threads:
        t.start()
    target = content_copy / "en" / ARTICLE_PATH
    original = target.read_text(encoding="utf-8")
    builds = set()
    try:
        for n in range(3):
            target.write_text(original + f"\nEdit number {n}.\n", encoding="utf-8")
            builds.add(ingest(settings, jobs=1).build)
            time.sleep(0.2)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=30)
        live.stop()
    assert not errors, errors[:3]
    assert live.catalog is not None and live.catalog.build_id in builds
    assert len(seen) >= 2  # the readers moved to new builds while searching


@pytest.mark.skipif(not CORPUS.is_dir(), reason="needs the real corpus for a long ingest")
def test_killed_ingest_leaves_the_previous_index(tmp_path: Path, content_copy: Path) -> None:
    settings = Settings(content=content_copy, index=tmp_path / "ix")
    first = ingest(settings, jobs=1)
    # a bigger content dir makes the next ingest long enough to be killed half-way
    shutil.copytree(CORPUS / "fr-FR", content_copy / "fr-FR")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "service.cli",
            "ingest",
            "--content",
            str(content_copy),
            "--index",
            str(settings.index),
            "--jobs",
            "1",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not list((settings.index / "builds").glob(".tmp-*")):
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.05)
        time.sleep(0.5)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert builds.current_build(settings.index) == settings.index / "builds" / first.build
    live = Live(settings.index, 0)
    assert live.catalog is not None and live.catalog.build_id == first.build
    assert searcher_of(live.catalog).search("requête", "fr", 10).total == 2
    # the next ingest cleans what the killed one left and completes
    (content_copy / "fr-FR").rename(tmp_path / "moved-away")
    again = ingest(settings, jobs=1)
    assert (
        again.unchanged and not list((settings.index / "builds").glob(".tmp-*"))
    ) or again.build == first.build


def test_read_only_index_dir_is_a_clear_error(tmp_path: Path, content_copy: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root ignores directory permissions; see index/test_failures")
    settings = Settings(content=content_copy, index=tmp_path / "ix")
    ingest(settings, jobs=1)
    (settings.index / "builds").chmod(0o500)
    try:
        (content_copy / "en" / ARTICLE_PATH).write_text("# changed\n", encoding="utf-8")
        with pytest.raises(builds.BuildError, match="previous index is still serving"):
            ingest(settings, jobs=1)
    finally:
        (settings.index / "builds").chmod(0o700)
