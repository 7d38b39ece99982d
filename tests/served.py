"""A small content folder written from a dict, ingested, and served by the real app."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from pathlib import Path

from fastapi.testclient import TestClient

from service.app import create_app
from service.pipeline.run import run as ingest
from service.settings import Settings


def write_content(root: Path, files: Mapping[str, str]) -> Path:
    """``files`` (path under the content folder → text) written under ``root``."""
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


@contextlib.contextmanager
def served(tmp_path: Path, files: Mapping[str, str]) -> Iterator[TestClient]:
    """``files`` as a content folder, ingested into a build of its own, and served."""
    content = write_content(tmp_path / "content", files)
    settings = Settings(content=content, index=tmp_path / "ix", reload_interval=0)
    ingest(settings, jobs=1)
    with TestClient(create_app(settings)) as client:
        yield client
