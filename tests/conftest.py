"""Shared fixtures: the real content, built into a real index, served by the real app."""

from __future__ import annotations

import faulthandler
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.pipeline.run import run as ingest
from service.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SHARED = Path(os.environ.get("LINGODOCS_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus" / "workfront-fusion"
HISTORY = CORPUS / "en-history.tsv"
DATA = Path(__file__).resolve().parent / "data"
# content/'s articles, as the tests name them
ARTICLE = "481131c9-356a-4c62-a653-d6bba9be5be8"  # the HTTP methods article in four locales (id)
LEGACY = "20b3c0f4-4a4c-4ba0-8570-ac39573ef1c0"  # the legacy French-only article (id)
ARTICLE_PATH = "help/workfront-fusion/references/modules/http-request-methods.md"
LEGACY_PATH = "help/quicksilver/workfront-fusion/modules/http-request-methods.md"


CORPUS_TIMEOUT = 300  # seconds for a test that may be the one to ingest the whole corpus
_RUNNING = ["(no test yet)"]
_CONFIG: list[pytest.Config] = []


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests over the whole corpus get a longer limit than pyproject's default."""
    for item in items:
        uses = set(getattr(item, "fixturenames", ()))
        explicit = item.get_closest_marker("timeout") is not None
        if uses & {"corpus_settings", "corpus_client"} and not explicit:
            item.add_marker(pytest.mark.timeout(CORPUS_TIMEOUT))


def pytest_runtest_logstart(nodeid: str, location: tuple[str, int | None, str]) -> None:
    _RUNNING[0] = nodeid


def _stopped(signum: int, frame: FrameType | None) -> None:
    """SIGTERM (``.ci/run``'s overall ``timeout``): say which test was running, and where
    every thread was, then stop the run."""
    capture = _CONFIG[0].pluginmanager.getplugin("capturemanager") if _CONFIG else None
    if capture is not None:  # the test's output is captured: write to the real stderr
        capture.suspend_global_capture(in_=True)
    sys.stderr.write(f"\n*** SIGTERM while running {_RUNNING[0]}; every thread:\n")
    sys.stderr.flush()
    faulthandler.dump_traceback(all_threads=True)
    raise KeyboardInterrupt(f"SIGTERM while running {_RUNNING[0]}")


def pytest_configure(config: pytest.Config) -> None:
    _CONFIG.append(config)
    signal.signal(signal.SIGTERM, _stopped)


def needs_corpus() -> pytest.MarkDecorator:
    return pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS}")


@pytest.fixture(scope="session")
def content_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """``content/`` ingested once into a session index."""
    index = tmp_path_factory.mktemp("index")
    settings = Settings(content=CONTENT, index=index, reload_interval=0)
    summary = ingest(settings, jobs=1)
    assert summary.docs == 5, summary.line()
    return settings


@pytest.fixture(scope="session")
def client(content_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(content_settings)) as c:
        yield c


APP_FIXTURES = DATA / "fields"  # app articles of each field-table shape (en, fr, nl)
DATADOG = (
    "help/workfront-fusion/references/apps-and-modules/third-party-connectors/datadog-modules.md"
)


def _content_with(root: Path, articles: dict[tuple[str, str], Path]) -> Path:
    """A copy of ``content/`` with ``articles`` ((locale, path) → file) added."""
    content = root / "content"
    shutil.copytree(CONTENT, content)
    for (locale, path), source in articles.items():
        target = content / locale / path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target)
    return content


@pytest.fixture(scope="session")
def apps_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """``content/`` and the Acme app articles of tests/data/fields (en, fr, nl), ingested."""
    from service.ingest.fields import APPS

    root = tmp_path_factory.mktemp("apps")
    content = _content_with(
        root,
        {
            (loc, f"{APPS}acme/acme-modules.md"): APP_FIXTURES / loc / "acme-modules.md"
            for loc in ("en", "fr", "nl")
        },
    )
    settings = Settings(content=content, index=root / "index", reload_interval=0)
    ingest(settings, jobs=1)
    return settings


@pytest.fixture(scope="session")
def apps_client(apps_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(apps_settings)) as c:
        yield c


@pytest.fixture(scope="session")
def datadog_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """``content/`` and the corpus's Datadog app article in its four languages (the
    README's module-help example); skipped when the corpus is absent."""
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")
    folders = {"en": "en", "fr": "fr-FR", "nl": "nl-NL", "sv": "sv-SE"}
    root = tmp_path_factory.mktemp("datadog")
    content = _content_with(
        root, {(loc, DATADOG): CORPUS / folder / DATADOG for loc, folder in folders.items()}
    )
    settings = Settings(content=content, index=root / "index", reload_interval=0)
    ingest(settings, jobs=1)
    with TestClient(create_app(settings)) as c:
        yield c


@pytest.fixture(scope="session")
def corpus_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The whole real corpus ingested once (skipped when the corpus is absent)."""
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")
    index = tmp_path_factory.mktemp("corpus-index")
    settings = Settings(content=CORPUS, index=index, history=HISTORY, reload_interval=0)
    summary = ingest(settings)
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


BUNDLE = CORPUS / "en-source.bundle"  # the English docs' git history, images included


@pytest.fixture(scope="session")
def bundle_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A content directory of the English history's checkout (``en/``, with its images)
    and the corpus's French translations (``fr-FR/``, which have none); cloned once."""
    if not BUNDLE.is_file() or shutil.which("git") is None:
        pytest.skip(f"no English history bundle at {BUNDLE} (or no git)")
    content = tmp_path_factory.mktemp("bundle") / "content"
    content.mkdir()
    subprocess.run(
        ["git", "clone", "--quiet", str(BUNDLE), str(content / "en")],
        check=True,
        timeout=120,
        capture_output=True,
    )
    shutil.copytree(CORPUS / "fr-FR", content / "fr-FR")
    return content
