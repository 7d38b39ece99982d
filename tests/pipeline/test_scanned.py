"""The next ingest reads only the files whose stat differs from what the last one recorded.

On a copy of ``content/``, aged (a file modified just before it was read is not
trusted by its stat): an ingest reads every file and records them; an ingest
with no change reads none; an edit, a file rewritten with its size and
modification time restored, and a deleted file are each read (or gone), and
the build is what a full ingest of the same content into a new index builds.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from service.index import builds
from service.ingest.sources import RACY_NS
from service.pipeline import scanned
from service.pipeline.run import run as ingest
from service.settings import Settings
from tests.conftest import ARTICLE_PATH


def _aged(root: Path) -> None:
    for path in root.rglob("*.md"):
        _age(path)


def _age(path: Path) -> None:
    """Modified well before now: a scan may trust its stat (else it reads it again)."""
    old = (os.stat(path).st_mtime_ns - 10 * RACY_NS) // 1_000_000_000
    os.utime(path, (old, old))


def _records(index: Path) -> dict[str, Any]:
    build = builds.current_build(index)
    assert build is not None
    found: dict[str, Any] = json.loads((build / builds.RECORDS).read_text(encoding="utf-8"))
    found.pop("created")
    return found


def _same_as_a_full_ingest(settings: Settings, tmp_path: Path, name: str) -> None:
    full = ingest(settings.with_(index=tmp_path / name), jobs=1)
    assert full.read == full.parsed == full.docs  # nothing recorded there: all read
    assert builds.current_build(settings.index) is not None
    assert _records(settings.index) == _records(tmp_path / name)


def test_only_files_whose_stat_changed_are_read(tmp_path: Path, content_copy: Path) -> None:
    _aged(content_copy)
    settings = Settings(content=content_copy, index=tmp_path / "ix")
    first = ingest(settings, jobs=1)
    assert first.read == first.parsed == 5 and (tmp_path / "ix" / scanned.SCANNED).is_file()
    again = ingest(settings, jobs=1)
    assert again.unchanged and again.read == 0

    target = content_copy / "sv" / ARTICLE_PATH
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("Skickar data", "Sänder data"), encoding="utf-8")
    _age(target)
    edited = ingest(settings, jobs=1)
    assert (edited.read, edited.parsed, edited.unchanged) == (1, 1, False), edited.as_dict()
    _same_as_a_full_ingest(settings, tmp_path, "full-1")

    # the same size and modification time, other text: its change time tells
    before = os.stat(target)
    now = target.read_text(encoding="utf-8")
    target.write_text(now.replace("Sänder data", "Sände7 data"), encoding="utf-8")
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(target).st_size == before.st_size
    sneaky = ingest(settings, jobs=1)
    assert (sneaky.read, sneaky.parsed) == (1, 1), sneaky.as_dict()
    _same_as_a_full_ingest(settings, tmp_path, "full-2")

    gone = sorted((content_copy / "fr").rglob("*.md"))[-1]
    gone.unlink()
    deleted = ingest(settings, jobs=1)
    assert deleted.read == 0 and not deleted.unchanged and deleted.docs == 4
    _same_as_a_full_ingest(settings, tmp_path, "full-3")


def test_a_record_is_only_trusted_for_its_own_content_folder(
    tmp_path: Path, content_copy: Path
) -> None:
    _aged(content_copy)
    settings = Settings(content=content_copy, index=tmp_path / "ix")
    ingest(settings, jobs=1)
    assert scanned.load(settings.index, content_copy)  # recorded
    assert scanned.load(settings.index, tmp_path) == {}  # another folder: no record
    (settings.index / scanned.SCANNED).write_text("{not json", encoding="utf-8")
    assert scanned.load(settings.index, content_copy) == {}  # unreadable: no record
    again = ingest(settings, jobs=1)
    assert again.unchanged and again.read == 5  # everything read, nothing rebuilt
    assert ingest(settings, jobs=1).read == 0
