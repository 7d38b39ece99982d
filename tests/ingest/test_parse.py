"""One file → one Document: the seed articles parsed, held to snapshots of their records.

``tests/data/records/`` holds the JSON form (``Record.as_dict()``) of each seed
article's document and problems, as ``parse_document`` makes it. A change to
parsing shows here as a diff of records a person can read. After a change
you mean, write the snapshots anew and read the diff before committing::

    LINGODOCS_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/ingest/test_parse.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from service.ingest.methods import capitalized
from service.ingest.parse import parse_document, parse_file
from service.ingest.sources import SourceFile, scan
from service.records import Document
from tests.conftest import CONTENT, DATA

SNAPSHOTS = DATA / "records"
SEEDS = sorted(CONTENT.rglob("*.md"))


def snapshot_of(path: Path) -> Path:
    rel = path.relative_to(CONTENT)
    return SNAPSHOTS / f"{rel.parts[0]}-{'-'.join(rel.parts[1:]).removesuffix('.md')}.json"


def parsed_form(path: Path) -> dict[str, Any]:
    rel = path.relative_to(CONTENT)
    locale, inside = rel.parts[0], "/".join(rel.parts[1:])
    parsed = parse_document(path.read_text(encoding="utf-8"), inside, locale, str(rel))
    assert parsed.document is not None
    return {
        "document": parsed.document.as_dict(),
        "problems": [p.as_dict() for p in parsed.problems],
    }


def test_every_seed_has_a_snapshot() -> None:
    assert len(SEEDS) == 5
    assert sorted(p.name for p in SNAPSHOTS.glob("*.json")) == sorted(
        snapshot_of(p).name for p in SEEDS
    )


@pytest.mark.parametrize("path", SEEDS, ids=[str(p.relative_to(CONTENT)) for p in SEEDS])
def test_seed_records_are_their_snapshot(path: Path) -> None:
    found = json.loads(json.dumps(parsed_form(path), ensure_ascii=False))  # tuples as lists
    target = snapshot_of(path)
    if os.environ.get("LINGODOCS_UPDATE_SNAPSHOTS"):
        SNAPSHOTS.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(found, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert found == json.loads(target.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", SEEDS, ids=[str(p.relative_to(CONTENT)) for p in SEEDS])
def test_the_json_form_reads_back_as_the_same_record(path: Path) -> None:
    form = parsed_form(path)["document"]
    assert Document.from_dict(form).as_dict() == form


def test_a_source_file_parses_as_its_text_does() -> None:
    files, problems = scan(CONTENT)
    assert problems == [] and len(files) == len(SEEDS)
    for item in files:
        parsed = parse_file(item)
        alone = parse_document(item.text, item.path, item.locale, item.where)
        assert parsed.document == alone.document and parsed.problems == alone.problems
        assert parsed.document is not None and parsed.document.content_hash == item.digest


def test_what_cannot_be_shown_is_a_problem_with_its_file_and_line() -> None:
    deep = SourceFile("en", "en", "deep.md", "> " * 100_000 + "x", "")
    parsed = parse_file(deep)
    assert parsed.document is not None  # the rest of the file is kept
    assert [str(p) for p in parsed.problems] == [
        "en/deep.md:1: lists or quotes nested too deep (over 10 levels); what lies deeper "
        "is not shown",
        "en/deep.md:1: document has no title (no front matter title and no '# ' heading); "
        "its file name is used",
    ]


@pytest.mark.parametrize(
    ("sentence", "shown"),
    [
        ("récupère les données d’un serveur.", "Récupère les données d’un serveur."),
        ("haalt gegevens op via de API.", "Haalt gegevens op via de API."),
        ("Hämtar data via HTTP.", "Hämtar data via HTTP."),  # the rest as written
        ("élimine les doublons.", "Élimine les doublons."),
        ("`GET` requests data.", "`GET` requests data."),
        ("", ""),
    ],
)
def test_a_method_summary_starts_with_a_capital(sentence: str, shown: str) -> None:
    assert capitalized(sentence) == shown
