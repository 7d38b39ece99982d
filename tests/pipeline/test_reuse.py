"""A one-file ingest compares again only what changed, and builds what a full ingest builds.

On a copy of the real corpus: a full ingest, then two edits (an English
article's text; a French article's UI label, which changes the glossary that
other articles' label findings read; a Dutch file deleted), then an incremental ingest, and a full
ingest of the same content into another index: the two builds hold the same
records, findings, documents, apps and kept comparisons. Then twice more, an
edit ingested as ``serve --watch`` does (:class:`~service.pipeline.run.Memo`)
and as ``lingodocs ingest`` does: the same again.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from service.index import builds, store
from service.ingest import navigation
from service.pipeline.reuse import Kept, moved
from service.pipeline.run import Memo, remember
from service.pipeline.run import run as ingest
from service.quality.findings import Finding, SectionChange, SourceDiff
from service.settings import Settings
from tests.conftest import ARTICLE_PATH, CORPUS, CORPUS_TIMEOUT, needs_corpus

TABLES = (
    "documents",
    "findings",
    "apps",
    "places",
    "parsed",
    "compared",
    "glossary",
    "tocs",
    "joins",
)


def _tables(build: Path) -> dict[str, list[tuple[Any, ...]]]:
    db = sqlite3.connect(build / store.DOCS)
    try:
        return {t: sorted(db.execute(f"SELECT * FROM {t}")) for t in TABLES}
    finally:
        db.close()


def _records(build: Path) -> dict[str, Any]:
    found: dict[str, Any] = json.loads((build / builds.RECORDS).read_text(encoding="utf-8"))
    found.pop("created")
    return found


def _relabel(content: Path) -> str:
    """One French article's first UI label written another way; the label."""
    for path in sorted((content / "fr-FR").rglob("*.md")):
        if path.name == "TOC.md":  # navigation, not an article
            continue
        text = path.read_text(encoding="utf-8")
        found = re.search(r"\[!UICONTROL ([^\]]+)\]", text)
        if found and text.count(found.group(0)) == 1:
            path.write_text(
                text.replace(found.group(0), f"[!UICONTROL {found.group(1)} autrement]"),
                encoding="utf-8",
            )
            return found.group(1)
    raise AssertionError("no French UI label found")


@needs_corpus()
@pytest.mark.corpus
@pytest.mark.timeout(3 * CORPUS_TIMEOUT)
def test_a_one_file_ingest_builds_what_a_full_one_does(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CORPUS, content, ignore=shutil.ignore_patterns("*.bundle"))
    history = content / "en-history.tsv"
    settings = Settings(content=content, index=tmp_path / "a", history=history)
    first = ingest(settings)
    total = first.compared
    assert total > 300, first.as_dict()["compared"]  # a full build compares every article

    article = content / "en" / ARTICLE_PATH
    article.write_text(
        article.read_text(encoding="utf-8").replace("web server", "web service", 1),
        encoding="utf-8",
    )
    _relabel(content)
    gone = sorted((content / "nl-NL").rglob("*.md"))[-1]  # a deleted file: its words go
    gone.unlink()
    navigation._parse_toc.cache_clear()  # as a new process: no TOC parsed yet
    again = ingest(settings)
    assert again.parsed == 2 and again.reindexed == 2, again.as_dict()
    assert navigation._parse_toc.cache_info().misses == 0  # the TOCs' parses kept in the store
    assert 2 <= again.compared < total / 4, (again.compared, total)
    assert again.joined == first.joined  # a file deleted: every article joined again

    full = ingest(settings.with_(index=tmp_path / "b"))
    assert full.compared == total and full.build == again.build
    a, b = (builds.current_build(tmp_path / x) for x in "ab")
    assert a is not None and b is not None
    assert _records(a) == _records(b)
    kept, made = _tables(a), _tables(b)
    for table in TABLES:
        assert kept[table] == made[table], table
    assert [p.as_dict() for p in again.problems] == [p.as_dict() for p in full.problems]

    # serve --watch's way: the parses, comparisons and rows of its last build in memory
    memo = Memo()
    remember(settings, memo)
    assert memo.build == a.name and memo.compared is not None
    # the second edit: a translated app article whose app's join gave warnings (they and
    # the others' are as a join of every article gives them)
    warned = next(p.path for p in full.problems if "rows where the source has" in p.message)
    for n, edited in enumerate((article, content / warned)):
        edited.write_text(
            edited.read_text(encoding="utf-8") + f"\n\nWatched edit {n}.\n", encoding="utf-8"
        )
        watched = ingest(settings, memo=memo)
        plain = ingest(settings.with_(index=tmp_path / "b"))
        assert watched.build == plain.build == memo.build and watched.compared == 1
        assert plain.joined == 1  # the other articles as the live build joined them
        a, b = (builds.current_build(tmp_path / x) for x in "ab")
        assert a is not None and b is not None
        assert _records(a) == _records(b)
        kept, made = _tables(a), _tables(b)
        for table in TABLES:
            assert kept[table] == made[table], (n, table)


def test_moved_labels() -> None:
    before = {"fr": {"Save": {"Enregistrer": 3}, "Run": {"Exécuter": 2}}}
    now = {"fr": {"Save": {"Enregistrer": 3}, "Run": {"Exécuter": 1, "Lancer": 1}}, "nl": {}}
    assert moved(before, now) == {("fr", "Run")}
    assert moved(now, now) == set()
    assert moved({}, before) == {("fr", "Save"), ("fr", "Run")}


def test_a_kept_comparison_reads_back_as_it_was() -> None:
    """A kept comparison's row, decoded (msgspec) into the records json and from_dict
    made, and dumped again the same: the next build writes the row back as it read it."""
    change = SectionChange(
        "Limits", "limits", "changed", "facts", ("numbers",), "[-10-]{+20+}", "<del>10</del>"
    )
    diff = SourceDiff("0" * 40, "help/a.md", 2, ("c1", "c2"), "facts", (change,), ("tags",))
    found = Finding(
        *("f1", "outdated", "stale", "fr", "a1", "help/a.md", None, "sections", "m", "s", "t"),
        source_value=[10, "x", {"n": [2]}],
        translation_value=None,
        outdated=True,
        diff=diff,
    )
    kept = Kept("k", {"fr": {"Save": {"Enregistrer": 2}}}, frozenset({("fr", "Save")}), (found,))
    row = kept.dump()
    back = Kept.load("k", row)
    assert back == kept and back.findings[0].diff == diff
    assert back.findings[0].source_value == [10, "x", {"n": [2]}]
    assert json.loads(row)["findings"] == json.loads(json.dumps([found.as_dict()]))
    assert Kept(back.key, back.taught, back.uses, back.findings).dump() == row == back.dump()
