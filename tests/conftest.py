"""Shared fixtures: the real content, built into a real index, served by the real app."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service import ingest
from service.app import create_app
from service.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SHARED = Path(os.environ.get("LINGODOCS_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus" / "workfront-fusion"
HISTORY = CORPUS / "en-history.tsv"
DATA = Path(__file__).resolve().parent / "data"


def needs_corpus() -> pytest.MarkDecorator:
    return pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS}")


@pytest.fixture(scope="session")
def content_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """``content/`` ingested once into a session index."""
    index = tmp_path_factory.mktemp("index")
    settings = Settings(content=CONTENT, index=index, reload_interval=0)
    summary = ingest.run(settings, jobs=1)
    assert summary.docs == 5, summary.line()
    return settings


@pytest.fixture(scope="session")
def client(content_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(content_settings)) as c:
        yield c


@pytest.fixture(scope="session")
def corpus_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The whole real corpus ingested once (skipped when the corpus is absent)."""
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")
    index = tmp_path_factory.mktemp("corpus-index")
    settings = Settings(content=CORPUS, index=index, history=HISTORY, reload_interval=0)
    summary = ingest.run(settings)
    assert summary.docs > 1600, summary.line()
    return settings


@pytest.fixture(scope="session")
def corpus_client(corpus_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(corpus_settings)) as c:
        yield c


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of ``content/`` for tests that break or change it."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target
