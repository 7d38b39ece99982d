"""``lingodocs check``'s parse cache: a second check parses only what changed, reports
the same, and a cache it cannot use costs a warning, never the check."""

from __future__ import annotations

import dataclasses
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from service.cli import main
from service.ingest.parse import parse_file
from service.ingest.sources import SourceFile, content_hash
from service.pipeline import parsecache
from tests import gitrepo
from tests.conftest import ARTICLE_PATH, CONTENT


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    return root


def check(
    capsys: pytest.CaptureFixture[str], content: Path, cache: Path | str, *args: str
) -> tuple[str, str]:
    main(["check", "--content", str(content), "--cache", str(cache), "--jobs", "1", *args])
    out, err = capsys.readouterr()
    return out, err


def test_a_second_check_reads_the_cache_and_reports_the_same(
    capsys: pytest.CaptureFixture[str], content: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    first, _ = check(capsys, content, cache, "--format", "json")
    assert (cache / parsecache.FILE).is_file()
    second, _ = check(capsys, content, cache, "--format", "json")
    assert json.loads(second)["findings"] == json.loads(first)["findings"]
    assert json.loads(second)["findings"]  # the seeds' Dutch PUT is "epidemisch"
    text, _ = check(capsys, content, cache)
    files = sum(1 for _ in content.rglob("*.md"))
    assert f"({files} parses from the cache)" in text.splitlines()[0]


def test_a_changed_file_is_parsed_again(
    capsys: pytest.CaptureFixture[str], content: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    before, _ = check(capsys, content, cache)
    assert "epidemisch" in before
    dutch = content / "nl" / ARTICLE_PATH
    dutch.write_text(
        dutch.read_text(encoding="utf-8").replace("epidemisch", "idempotent"), encoding="utf-8"
    )
    after, _ = check(capsys, content, cache)
    files = sum(1 for _ in content.rglob("*.md"))
    assert f"({files - 1} parses from the cache)" in after.splitlines()[0]
    assert "epidemisch" not in after


def test_a_cache_of_other_code_is_not_read(
    capsys: pytest.CaptureFixture[str], content: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    check(capsys, content, cache)
    db = sqlite3.connect(cache / parsecache.FILE)
    db.execute("UPDATE meta SET value = 'format 1, code 0' WHERE key = 'written_by'")
    db.execute("UPDATE parsed SET data = '{}'")  # would fail to load if it were read
    db.commit()
    db.close()
    out, err = check(capsys, content, cache)
    assert "parses from the cache" not in out.splitlines()[0]
    assert "epidemisch" in out and "cache" not in err
    again, _ = check(capsys, content, cache)
    assert "parses from the cache" in again.splitlines()[0]


def test_a_damaged_cache_is_made_anew(
    capsys: pytest.CaptureFixture[str], content: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / parsecache.FILE).write_bytes(b"not a database" * 100)
    out, err = check(capsys, content, cache)
    assert "epidemisch" in out
    assert f"check cache {cache / parsecache.FILE} was damaged; made anew" in err
    again, err = check(capsys, content, cache)
    assert "parses from the cache" in again.splitlines()[0] and "cache" not in err


def test_a_cache_where_none_can_be_written_is_a_warning(
    capsys: pytest.CaptureFixture[str], content: Path, tmp_path: Path
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    out, err = check(capsys, content, blocked / "cache")
    assert "epidemisch" in out
    assert "check cache" in err and "not read" in err


def test_no_cache_when_off(
    capsys: pytest.CaptureFixture[str],
    content: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    out, _ = check(capsys, content, "off")
    assert "epidemisch" in out
    assert not (tmp_path / "off").exists() and not (tmp_path / ".lingodocs-cache").exists()


def test_two_older_versions_of_one_source_file_are_kept_apart(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Translations made from two commits of one source file: each older version is kept
    by its own text, so a second check reports each one's changes as the first did."""
    root, repo, _first = gitrepo.content(tmp_path / "content")
    second = repo.commit(
        "limit", {gitrepo.ARTICLE: gitrepo.FRONT + gitrepo.BODY.replace("50", "80")}
    )
    repo.commit(
        "reword",
        {gitrepo.ARTICLE: gitrepo.FRONT + gitrepo.BODY.replace("50", "80").replace("save", "keep")},
    )
    (root / "nl" / "help").mkdir(parents=True)
    (root / "nl" / gitrepo.ARTICLE).write_text(gitrepo.translation(second), encoding="utf-8")
    cache = tmp_path / "cache"
    cold, _ = check(capsys, root, cache, "--format", "json")
    warm, _ = check(capsys, root, cache, "--format", "json")
    diffs = {
        f["locale"]: f["diff"] for f in json.loads(cold)["findings"] if f["kind"] == "outdated"
    }
    assert (diffs["fr"]["behind"], diffs["nl"]["behind"]) == (2, 1)
    assert diffs["fr"]["sections"] != diffs["nl"]["sections"]  # fr's source had 50 items
    assert json.loads(warm)["findings"] == json.loads(cold)["findings"]


def test_an_older_versions_parse_is_never_a_files_parse(tmp_path: Path) -> None:
    """An older version of a source file is parsed without its field tables: were the file
    to have that text again (a change undone), its own parse is the one it gets."""
    text = "---\ntitle: A\n---\n# A\n\nText.\n"
    now = SourceFile("en", "en", "help/a.md", text, content_hash(text))
    older = dataclasses.replace(now, version="0123abc")
    cache = parsecache.ParseCache(tmp_path / "cache")
    cache.keep([older], [(older, parse_file(older))])
    assert cache.get([older]).keys() == {0}
    assert cache.get([now]) == {}
