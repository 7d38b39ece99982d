"""The content scan: a file read again only when its stat changed (``serve --watch``)."""

from __future__ import annotations

import dataclasses
import os
import pickle
import shutil
from pathlib import Path

from service.ingest.sources import RACY_NS, Seen, SourceFile, scan

CONTENT = Path(__file__).resolve().parents[2] / "content"


def _aged(root: Path) -> None:
    """Every file modified well before now (so a scan may trust its stat)."""
    old = (os.stat(root).st_mtime_ns - 10 * RACY_NS) // 1_000_000_000
    for path in root.rglob("*.md"):
        os.utime(path, (old, old))


def test_an_unchanged_file_is_not_read_again(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    _aged(content)
    seen: Seen = {}
    first, _ = scan(content, earlier=seen)
    again, _ = scan(content, earlier=seen)
    assert again == first and all(a is b for a, b in zip(again, first, strict=True))

    edited, deleted = first[0], first[-1]
    path = content / edited.folder / edited.path
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(text[-2], "#" if text[-2] != "#" else "%"), encoding="utf-8")
    (content / deleted.folder / deleted.path).unlink()
    then, _ = scan(content, earlier=seen)
    assert then == scan(content)[0]  # what a scan with nothing kept reads
    assert then[0].digest != edited.digest and deleted not in then
    assert str(content / deleted.folder / deleted.path) not in seen


def test_a_file_changed_just_before_it_was_read_is_read_again(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    seen: Seen = {}
    first, _ = scan(content, earlier=seen)  # the copies are new: their stat is not trusted
    path = content / first[0].folder / first[0].path
    before = os.stat(path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(text[-2], "#" if text[-2] != "#" else "%"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # the same time, same size
    again, _ = scan(content, earlier=seen)
    assert again[0].digest != first[0].digest


def test_a_files_text_is_kept_compressed_and_read_back_as_it_was() -> None:
    text = "Réglages ’UICONTROL’ — " * 2000 + "\ud800"  # a lone surrogate survives too
    one = SourceFile("fr", "fr-FR", "help/a.md", text, "d")
    assert one.text == text
    assert len(one.packed) < len(text) // 20  # what an ingest holds of it meanwhile
    moved = dataclasses.replace(one, version="0123abc")
    assert moved.text == text and moved.version == "0123abc" and moved.digest == "d"
    assert pickle.loads(pickle.dumps(one)) == one  # as workers are sent it
