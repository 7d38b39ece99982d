"""Full builds in worker processes (service.pipeline.workers): same index, nothing lost.

A full build of 64 files or more parses and indexes in ``--jobs`` worker
processes, each writing a Whoosh segment of its own. These tests hold it to
the single-process build: the same documents, the same answers, and a clear
failure (the previous build still serving) when a worker dies or the disk
fills up under it.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
from pathlib import Path

import pytest

from service.index import builds
from service.index.catalog import Catalog
from service.ingest.parse import Parsed
from service.ingest.sources import SourceFile
from service.pipeline import workers
from service.pipeline.run import run as ingest
from service.search.results import searcher_of
from service.settings import Settings
from tests.conftest import CONTENT
from tests.index.test_failures import (
    assert_previous_serves,
    fingerprint,
    grow,
    refusal,
    run_ingest,
    size_of,
    tmpfs,
)
from tests.pipeline.test_crashes import outdated

QUERIES = [("en", "idempotent"), ("en", "marker7word"), ("fr", "requête"), ("en", "method:PUT")]


@pytest.fixture
def grown(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    grow(content, 120)
    return content


def answers(root: Path) -> tuple[int, int, list[list[tuple[float, str, str]]]]:
    build = builds.current_build(root)
    assert build is not None
    catalog = Catalog.open(build)
    try:
        reader = searcher_of(catalog).ix.reader()
        try:
            segments, entries = len(list(reader.leaf_readers())), reader.doc_count()
        finally:
            reader.close()
        found = [  # equal scores may come in either order: docnums differ
            sorted(
                (-h.score, h.path, h.anchor) for h in searcher_of(catalog).search(q, lang, 200).hits
            )
            for lang, q in QUERIES
        ]
    finally:
        catalog.close()
    return segments, entries, found


def test_workers_build_the_same_index_as_one_process(grown: Path, tmp_path: Path) -> None:
    one = ingest(Settings(content=grown, index=tmp_path / "one"), jobs=1)
    two = ingest(Settings(content=grown, index=tmp_path / "two"), jobs=2)
    assert (one.docs, one.reindexed, one.errors) == (two.docs, two.reindexed, two.errors)
    assert one.docs == 5 + 120
    seg_one, entries_one, found_one = answers(tmp_path / "one")
    seg_two, entries_two, found_two = answers(tmp_path / "two")
    assert (seg_one, seg_two) == (1, 2)  # one segment per worker
    assert entries_one == entries_two == one.docs
    assert found_one == found_two and all(found_one)
    # the records are the same too, built in the same (file) order
    a, b = (
        json.loads((tmp_path / name / "current" / builds.RECORDS).read_text())
        for name in ("one", "two")
    )
    assert a["entries"] == b["entries"] and a["records"] == b["records"]


def test_a_dying_worker_fails_the_build_and_the_previous_serves(
    grown: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "ix"
    settings = Settings(content=CONTENT, index=root)
    ingest(settings, jobs=1)
    outdated(root)
    build = builds.current_build(root)
    assert build is not None
    before = fingerprint(build)
    real = workers.parse_file

    def dies_on_one_file(item: SourceFile) -> Parsed:
        if item.path.endswith("article-42.md"):
            os._exit(3)  # as an OOM kill would: no exception, no message
        return real(item)

    monkeypatch.setattr(workers, "parse_file", dies_on_one_file)  # the workers are forked
    with pytest.raises(builds.BuildError) as failed:
        ingest(Settings(content=grown, index=root), jobs=2)
    assert str(failed.value) == (
        f"could not write the index build in {root}: indexing process lingodocs-index-"
        f"{str(failed.value).split('lingodocs-index-')[1][0]} died (exit code 3); "
        "the previous index is still serving"
    )
    assert_previous_serves(root, build, before)
    assert not [p for p in multiprocessing.active_children() if "index" in p.name]


def test_disk_full_under_the_workers(grown: Path, tmp_path: Path) -> None:
    """ENOSPC inside a worker's segment: the same one-line answer as in one process."""
    probe = tmp_path / "probe"
    assert run_ingest(grown, probe).returncode == 0
    needed = size_of(probe)
    with tmpfs(tmp_path / "mnt", needed // 2 // 1024) as mnt:
        root = mnt / "ix"
        failed = run_ingest(grown, root, jobs=2)
        assert refusal(failed) == (  # and no previous index to serve
            f"lingodocs ingest: could not write the index build in {root}: the disk is full; "
            "there is no previous index to serve"
        )
        assert builds.current_build(root) is None
        assert not list((root / "builds").glob(".tmp-*")), "a partial build was left behind"
