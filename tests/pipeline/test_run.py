"""lingodocs ingest end to end.

Bad content reported and the rest ingested, exit codes, re-ingest, the corpus.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from service.index import store
from service.index.builds import current_build, read_manifest
from service.index.catalog import Catalog
from service.ingest.fields import APPS
from service.ingest.join import join
from service.pipeline import run as run_module
from service.pipeline.plan import read_content
from service.pipeline.run import run as ingest
from service.quality.report import assess
from service.search.results import searcher_of
from service.settings import Settings
from tests.conftest import ARTICLE_PATH, CORPUS, HISTORY, needs_corpus


def _write(root: Path, rel: str, data: bytes | str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


GOOD = "---\ntitle: Good\nexl-id: good-1\n---\n# Good\n\nText.\n"


def _bad_content(root: Path) -> None:
    _write(root, "en/good.md", GOOD)
    _write(root, "en/latin1.md", "---\ntitle: x\n---\nline\ncaf\xe9\n".encode("latin-1"))
    _write(root, "en/binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    _write(root, "en/empty.md", "")
    _write(root, "en/unclosed.md", "---\ntitle: never closed\n# Heading\n\nBody.\n")
    _write(root, "en/list.md", "---\n- a\n- b\n---\n# Listy\n")
    _write(root, "en/scalar.md", "---\njust a string\n---\n# Scalar\n")
    _write(root, "en/huge.md", "# Huge\n\n" + "word " * (21 * 1024 * 1024 // 5))
    _write(root, "en/deep-lists.md", "# Deep\n\n" + "- " * 10_000 + "leaf\n")
    _write(root, "en/deep-quotes.md", "# Quotes\n\n" + ">" * 10_000 + " deep\n")
    _write(root, "en/later-dupe.md", "---\ntitle: Dupe\nexl-id: good-1\n---\n# Dupe\n")
    _write(root, "en/untitled.md", "Just text, no heading.\n")
    _write(root, "en/badyaml.md", "---\ntitle: Bad\nproduct_v2: id: 1\n---\n# Bad\n")
    _write(root, "en/badid.md", "---\ntitle: Slash\nexl-id: ../../etc/x\n---\n# Slash\n")
    _write(root, "xx-nonsense-tag/doc.md", GOOD)
    _write(root, "assets/doc.md", GOOD)
    outside = _write(root.parent, "outside.md", GOOD)
    os.symlink(outside, root / "en" / "link.md")


def test_bad_content_is_reported_and_the_rest_ingested(tmp_path: Path) -> None:
    content = tmp_path / "content"
    _bad_content(content)
    summary = ingest(Settings(content=content, index=tmp_path / "index"), jobs=1)
    problems = {
        p.path.split("/", 1)[-1] if p.path.startswith("en/") else p.path: p
        for p in summary.problems
    }
    expect = {
        "latin1.md": (5, "invalid UTF-8", "error"),
        "binary.md": (3, "binary", "error"),  # the NUL is on line 3
        "empty.md": (1, "empty", "error"),
        "unclosed.md": (1, "never closed", "warning"),
        "list.md": (2, "YAML list", "warning"),
        "scalar.md": (2, "YAML str", "warning"),
        "huge.md": (0, "MB limit", "error"),
        "later-dupe.md": (3, "duplicate exl-id good-1", "warning"),
        "untitled.md": (1, "no title", "warning"),
        "deep-lists.md": (3, "nested too deep", "warning"),
        "deep-quotes.md": (3, "nested too deep", "warning"),
        "badyaml.md": (3, "product_v2", "warning"),
        "badid.md": (3, "is not an id", "warning"),
        "link.md": (0, "outside the content directory", "error"),
        "xx-nonsense-tag": (0, "not a language tag", "error"),
        "assets": (0, "not a language tag", "error"),
    }
    for name, (line, words, level) in expect.items():
        assert name in problems, f"{name} not reported: {sorted(problems)}"
        problem = problems[name]
        assert (problem.line, problem.level) == (line, level), str(problem)
        assert words in problem.message, str(problem)
    assert str(problems["latin1.md"]).startswith("en/latin1.md:5: invalid UTF-8")
    ingested = {
        d.path for d in store.DocStore(current_build(tmp_path / "index") / store.DOCS).all()
    }  # type: ignore[operator]
    assert ingested == {
        "good.md",
        "unclosed.md",
        "list.md",
        "scalar.md",
        "deep-lists.md",
        "deep-quotes.md",
        "later-dupe.md",
        "untitled.md",
        "badyaml.md",
        "badid.md",
    }


def test_cli_exit_codes_and_summary(tmp_path: Path) -> None:
    content = tmp_path / "content"
    _write(content, "en/good.md", GOOD)
    _write(content, "en/binary.md", b"\x00\x01")
    lingodocs = [sys.executable, "-m", "service.cli"]
    ok = subprocess.run(
        [*lingodocs, "ingest", "--content", str(content), "--index", str(tmp_path / "ix")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ok.returncode == 0, ok.stderr
    assert "en/binary.md:1: binary file" in ok.stderr
    assert ok.stdout.startswith(
        "ingested 1 docs in 1 locales (en): 0 method records, 1 problems (1 errors)"
    )
    nothing = tmp_path / "nothing"
    _write(nothing, "en/binary.md", b"\x00")
    failed = subprocess.run(
        [*lingodocs, "ingest", "--content", str(nothing), "--index", str(tmp_path / "ix2")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert failed.returncode == 1
    missing = subprocess.run(
        [
            *lingodocs,
            "ingest",
            "--content",
            str(tmp_path / "none"),
            "--index",
            str(tmp_path / "ix3"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert missing.returncode == 2 and "does not exist" in missing.stderr


def test_reingest_unchanged_and_one_change(tmp_path: Path, content_copy: Path) -> None:
    settings = Settings(content=content_copy, index=tmp_path / "ix")
    first = ingest(settings, jobs=1)
    assert (first.parsed, first.reindexed, first.unchanged) == (5, 5, False)
    again = ingest(settings, jobs=1)
    assert again.unchanged and again.build == first.build and again.parsed == 0
    target = content_copy / "sv" / ARTICLE_PATH
    target.write_text(
        target.read_text(encoding="utf-8").replace("Skickar data", "Sänder data"), encoding="utf-8"
    )
    changed = ingest(settings, jobs=1)
    assert (changed.parsed, changed.reindexed, changed.unchanged) == (1, 1, False)
    assert changed.build != first.build
    catalog = Catalog.open(current_build(settings.index))  # type: ignore[arg-type]
    assert catalog.lookup["sv"]["POST"].summary.startswith("Sänder data")
    assert searcher_of(catalog).search("sänder", "sv", 10).total == 1
    assert searcher_of(catalog).search(
        "skickar data webbserver", "sv", 10
    ).total == 0 or catalog.lookup["sv"]["GET"].summary.startswith("Hämtar")


@needs_corpus()
def test_whole_corpus(corpus_settings: Settings) -> None:
    build = current_build(corpus_settings.index)
    assert build is not None
    catalog = Catalog.open(build)
    assert catalog.locales == ("en", "fr", "nl", "sv")
    files = {  # every Markdown file but the guide's TOC.md, which is its navigation
        loc: sum(1 for p in (CORPUS / folder).rglob("*.md") if p.name != "TOC.md")
        for loc, folder in [("en", "en"), ("fr", "fr-FR"), ("nl", "nl-NL"), ("sv", "sv-SE")]
    }
    counted = {loc: sum(1 for e in catalog.entries if e.locale == loc) for loc in files}
    assert counted == files  # every article ingested (none failed)
    assert set(catalog.navigation) == set(files)  # each language's own TOC
    manifest = read_manifest(build)
    assert manifest is not None
    assert not [p for p in manifest["problems"] if p["level"] == "error"]
    for locale in files:
        assert list(catalog.lookup[locale]) == ["GET", "POST", "PUT", "PATCH", "DELETE"]
        assert catalog.lookup[locale]["PUT"].success_status == (200, 201, 204)
    assert HISTORY.is_file() and catalog.has_history


def test_json_form_of_every_record_is_dataclasses_asdict(content_settings: Settings) -> None:
    """``Record.as_dict`` is hand-made for speed; it must say what ``asdict`` says."""
    build = current_build(content_settings.index)
    assert build is not None
    documents = list(store.DocStore(build / store.DOCS).all())
    checked = assess(join(documents, "en", None, {}), "en", None).findings
    catalog = Catalog.open(build)
    try:
        records = list(catalog.records)
    finally:
        catalog.close()
    for item in [*documents, *records, *checked]:
        assert item.as_dict() == dataclasses.asdict(item), item
    assert documents and records and checked


def test_apps_are_counted_and_kept_in_the_store(tmp_path: Path) -> None:
    """App articles' modules and fields: counted per language in the summary and the
    manifest, joined across translations, one store row per (locale, app)."""
    fixtures = Path(__file__).resolve().parent.parent / "data" / "fields"
    content = tmp_path / "content"
    for locale in ("en", "fr", "nl"):
        text = (fixtures / locale / "acme-modules.md").read_text(encoding="utf-8")
        _write(content, f"{locale}/{APPS}x/acme-modules.md", text)
    summary = ingest(Settings(content=content, index=tmp_path / "ix"), jobs=1)
    assert summary.apps == {
        "en": {"apps": 1, "modules": 3, "fields": 10},
        "fr": {"apps": 1, "modules": 3, "fields": 9},
        "nl": {"apps": 1, "modules": 2, "fields": 7},
    }
    assert "apps/modules/fields en 1/3/10, fr 1/3/9, nl 1/2/7, " in summary.line()
    assert any("rows where the source has 6" in p.message for p in summary.problems)
    build = current_build(tmp_path / "ix")
    assert build is not None
    manifest = read_manifest(build)
    assert manifest is not None and manifest["summary"]["apps"] == summary.apps
    docs = store.DocStore(build / store.DOCS)
    fr = docs.module("fr", "acme.create-a-record")
    assert fr is not None and fr.name == "Créer un enregistrement"
    assert docs.app_ids("nl") == ["acme"] and docs.module("nl", "acme.custom-api-call") is None
    records = (build / "records.json").read_text(encoding="utf-8")
    assert "Créer un enregistrement" not in records  # the server's memory keeps only counts
    again = ingest(Settings(content=content, index=tmp_path / "ix"), jobs=1)
    assert again.unchanged and again.apps == summary.apps


def test_a_full_build_forks_its_processes_before_it_reads_the_content(
    tmp_path: Path, content_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A forked process counts its parent's pages as its own: the workers of a build that
    has no live build to start from are made while the ingest holds nothing yet (a
    re-ingest, which may need none, makes them when it needs them), and none outlives it."""
    forked: list[list[str]] = []

    def reading(*args: Any, **kwargs: Any) -> Any:
        forked.append(sorted(p.name for p in multiprocessing.active_children()))
        return read_content(*args, **kwargs)

    monkeypatch.setattr(run_module, "read_content", reading)
    settings = Settings(content=content_copy, index=tmp_path / "ix")
    first = ingest(settings, jobs=2)
    assert forked[0] == [
        *(f"lingodocs-compare-{n}" for n in range(2)),
        *(f"lingodocs-index-{n}" for n in range(2)),
    ]
    target = content_copy / "sv" / ARTICLE_PATH
    target.write_text(target.read_text(encoding="utf-8") + "\nMer.\n", encoding="utf-8")
    again = ingest(settings, jobs=2)
    assert forked[1] == [] and again.build != first.build and again.parsed == 1
    assert multiprocessing.active_children() == []
