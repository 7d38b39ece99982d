"""The two builds the search's exactness tests run on: the content's and the whole
corpus's (the latter may be the test that ingests the corpus: a fixture asked for by name
inside another is not seen by conftest's per-item timeout rule, so it has its own)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from service.index import builds
from service.index.catalog import Catalog
from service.settings import Settings
from tests.conftest import CORPUS_TIMEOUT

BOTH = ["content", pytest.param("corpus", marks=pytest.mark.timeout(CORPUS_TIMEOUT))]


@contextmanager
def opened(request: pytest.FixtureRequest, content_settings: Settings) -> Iterator[Catalog]:
    """The catalog of the build ``request.param`` names (one of :data:`BOTH`)."""
    settings = (
        content_settings
        if request.param == "content"
        else request.getfixturevalue("corpus_settings")
    )
    build = builds.current_build(settings.index)
    assert build is not None
    catalog = Catalog.open(build)
    try:
        yield catalog
    finally:
        catalog.close()
