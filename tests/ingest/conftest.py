"""Fixtures of the ingest tests."""

from __future__ import annotations

import pytest

from service.index.builds import current_build
from service.index.catalog import Catalog
from service.settings import Settings


@pytest.fixture(scope="module")
def catalog(content_settings: Settings) -> Catalog:
    build = current_build(content_settings.index)
    assert build is not None
    return Catalog.open(build)
