"""Paths and ids of content/, for the ingest tests."""

from __future__ import annotations

PATH = "help/workfront-fusion/references/modules/http-request-methods.md"
