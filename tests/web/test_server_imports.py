"""What a server process imports: the app over a ready build, never the ingest's parser.

A server that opens a ready build needs no Markdown parser, pipeline or quality checks:
each is start time and memory in every worker (``docs/deployment.md``: a replica's
start). The app is made and a page and an article served in a fresh interpreter (this
process has imported everything the other tests use), and its modules are listed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from service.settings import Settings
from tests.conftest import ARTICLE

PROBE = """
import json, sys
from fastapi.testclient import TestClient
from service.app import app_from_env
with TestClient(app_from_env()) as client:
    pages = ("/fr/docs/{id}", "/api/v1/docs/{id}?lang=nl", "/sv/search?q=idempotent")
    for url in (*pages, "/api/v1/search?q=put&lang=nl"):
        assert client.get(url).status_code == 200, url
print(json.dumps(sorted(sys.modules)))
"""
NOT_IN_A_SERVER = (
    "markdown_it",
    "mdurl",
    "lxml",
    "yaml",
    "service.pipeline",
    "service.quality.since",
)


def test_a_server_imports_no_parser_pipeline_or_assessment(content_settings: Settings) -> None:
    env = {
        **os.environ,
        "LINGODOCS_CONTENT": str(content_settings.content),
        "LINGODOCS_INDEX": str(content_settings.index),
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(id=ARTICLE)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    modules = json.loads(done.stdout.strip().splitlines()[-1])
    assert "service.web.pages.docs" in modules  # the probe did serve a page
    found = [m for m in modules if m.startswith(NOT_IN_A_SERVER)]
    assert found == [], found
