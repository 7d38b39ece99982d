"""Fixtures of the quality tests."""

from __future__ import annotations

import pytest

from service.quality import report as quality
from tests.conftest import CONTENT
from tests.quality.reports import assess


@pytest.fixture(scope="module")
def content_report() -> quality.Report:
    return assess(CONTENT)
