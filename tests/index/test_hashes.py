"""No file is hashed twice while it stays as it was (``index.builds.hashes``): the ingest
records what it hashed; the next ingest hashes only its new files, and a server that
starts hashes nothing it was told of, but everything changed since."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from service.index.builds import current_build, hashes
from service.index.builds.checked import Checker
from service.index.builds.manifest import Previous, verify
from service.pipeline.run import run as ingest
from service.settings import Settings
from tests.conftest import ARTICLE_PATH, CONTENT
from tests.damage import garbage


def _ingested(tmp_path: Path) -> tuple[Settings, Path]:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    settings = Settings(content=content, index=tmp_path / "ix", reload_interval=0)
    summary = ingest(settings, jobs=1)
    return settings, settings.index / "builds" / summary.build


def _files(build: Path) -> list[Path]:
    return [p for p in build.rglob("*") if p.is_file() and p.name != "build.json"]


def test_a_server_hashes_nothing_the_ingest_hashed(tmp_path: Path) -> None:
    settings, build = _ingested(tmp_path)
    told = Checker(settings.index)
    assert told.check(build).damage is None and told.hashed == 0
    alone = Checker()  # what a server did before: every file
    assert alone.check(build).damage is None and alone.hashed == len(_files(build))


def test_an_ingest_verifies_the_live_build_by_the_record(tmp_path: Path) -> None:
    """What the next ingest (``builds.Previous``) and ``serve``'s first look
    (``builds.version.servable``) verify the live build with: nothing hashed while it is as it was;
    a file written into since is hashed, and the damage found."""
    settings, build = _ingested(tmp_path)
    hasher = hashes.Hasher(settings.index)
    assert verify(build, True, None, hasher) is None and hasher.hashed == 0
    assert Previous(settings.index).damage is None
    records = build / "records.json"
    st = records.stat()
    garbage(records)
    os.utime(records, ns=(st.st_atime_ns, st.st_mtime_ns))
    hasher = hashes.Hasher(settings.index)
    assert verify(build, True, None, hasher) == (
        "records.json does not have the checksum its manifest gives"
    )
    assert hasher.hashed == 1
    assert Previous(settings.index).damage is not None


def test_a_change_since_is_hashed_and_refused(tmp_path: Path) -> None:
    """Garbage written in place with the times put back: the change time tells the
    record is not of this file as it is now."""
    settings, build = _ingested(tmp_path)
    store = build / "docs.sqlite"
    st = store.stat()
    garbage(store)
    os.utime(store, ns=(st.st_atime_ns, st.st_mtime_ns))
    checker = Checker(settings.index)
    damage = checker.check(build).damage
    assert damage == "docs.sqlite does not have the checksum its manifest gives"
    assert checker.hashed == 1


def test_a_copied_index_is_hashed_whole(tmp_path: Path) -> None:
    """A copy (a backup restored, an image's volume) has other inodes: nothing recorded
    applies to it."""
    settings, build = _ingested(tmp_path)
    copy = tmp_path / "copy"
    shutil.copytree(settings.index, copy, symlinks=True)
    assert (copy / hashes.HASHES).is_file()
    checker = Checker(copy)
    copied = copy / "builds" / build.name
    assert checker.check(copied).damage is None and checker.hashed == len(_files(copied))


def test_the_next_ingest_hashes_only_its_new_files(tmp_path: Path) -> None:
    settings, first = _ingested(tmp_path)
    article = settings.content / "en" / ARTICLE_PATH
    article.write_text(article.read_text(encoding="utf-8") + "\n\nOne more line.\n")
    summary = ingest(settings, jobs=1)
    second = settings.index / "builds" / summary.build
    old = {p.stat().st_ino for p in _files(first)}
    new = [p for p in _files(second) if p.stat().st_ino not in old]
    assert 0 < len(new) < len(_files(second))  # the unchanged segments are linked
    assert summary.hashed == len(new)
    checker = Checker(settings.index)
    assert checker.check(second).damage is None and checker.hashed == 0


def test_an_unreadable_record_is_no_record(tmp_path: Path) -> None:
    settings, build = _ingested(tmp_path)
    (settings.index / hashes.HASHES).write_text("[[1, 2], {", encoding="utf-8")
    assert hashes.load(settings.index) == {}
    checker = Checker(settings.index)
    assert checker.check(build).damage is None and checker.hashed == len(_files(build))
    (settings.index / hashes.HASHES).write_text('[[["x"], 3], 7]', encoding="utf-8")
    assert hashes.load(settings.index) == {}


def test_an_unchanged_ingest_of_a_copied_index_hashes_it_once(tmp_path: Path) -> None:
    """A copied (or restored) index has other inodes: the first ingest that changes
    nothing hashes its live build, and records it, so that the next hashes none."""
    settings, _ = _ingested(tmp_path)
    copied = settings.with_(index=tmp_path / "copy")
    shutil.copytree(settings.index, copied.index, symlinks=True)
    build = hashes.Hasher(copied.index)
    assert verify(builds_of(copied.index), True, None, build) is None and build.hashed > 0
    assert ingest(copied, jobs=1).unchanged
    again = hashes.Hasher(copied.index)
    assert verify(builds_of(copied.index), True, None, again) is None and again.hashed == 0
    server = Checker(copied.index)  # a server trusts that record as well
    assert server.check(builds_of(copied.index)).damage is None and server.hashed == 0


def builds_of(index: Path) -> Path:
    found = current_build(index)
    assert found is not None
    return found
