"""Source history from a real git checkout: what changed since a translation's commit.

Each repository is made with the git CLI in ``tmp_path`` (``tests/gitrepo.py``).
"""

from __future__ import annotations

from pathlib import Path

from service.ingest import history
from service.ingest.gitlog import GitLog
from tests.gitrepo import ARTICLE, BODY, FRONT, Repo


def test_a_front_matter_change_leaves_the_translation_up_to_date(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "en")
    first = repo.commit("first", {ARTICLE: FRONT + BODY})
    # a bulk commit: tags added, a key changed, trailing spaces and a blank line in the body
    front = FRONT.replace("feature: Widgets", "feature: Widgets, Apps\nTQID: 12\ntags: [a]")
    repo.commit("bulk", {ARTICLE: front + BODY.replace("widget.\n", "widget.   \n\n")})
    found = history.from_git(repo.root)
    assert found is not None and found.kind == "git"
    behind = found.behind(ARTICLE, first[:7])
    assert behind is not None and behind.commit == first
    assert (behind.outdated, behind.metadata_only, behind.text_changes) == (False, True, ())
    assert len(behind.changes) == 1
    assert found.outdated(ARTICLE, first) is False


def test_a_body_change_is_counted_and_renames_are_followed(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "en")
    first = repo.commit("first", {ARTICLE: FRONT + BODY})
    repo.commit("tags", {ARTICLE: FRONT.replace("Widgets", "Gadgets") + BODY})
    repo.git("mv", ARTICLE, "help/b.md")
    repo.commit("move", {"help/b.md": FRONT + BODY.replace("50 items", "80 items")})
    repo.commit("again", {"help/b.md": FRONT + BODY.replace("50 items", "90 items")})
    found = history.from_git(repo.root)
    assert found is not None
    behind = found.behind("help/b.md", first)
    assert behind is not None and behind.outdated is True
    assert behind.old_path == ARTICLE  # the path the translator had
    assert "50 items" in behind.old_text and "90 items" in behind.text
    assert [c.status for c in behind.changes] == ["M", "R", "M"]  # newest first
    assert len(behind.text_changes) == 2  # the tags commit changed nothing translated


def test_ancestry_not_dates_says_what_came_since(tmp_path: Path) -> None:
    """A change made on a branch before the translation's commit (by date) but merged after
    it is a change since: the translator never saw it. Dates alone say it is older."""
    repo = Repo(tmp_path / "en")
    repo.commit("first", {ARTICLE: FRONT + BODY}, day=1)
    repo.git("checkout", "-q", "-b", "side")
    side = repo.commit("side edit", {ARTICLE: FRONT + BODY.replace("30 days", "60 days")}, day=2)
    repo.git("checkout", "-q", "main")
    made = repo.commit("other file", {"help/other.md": "# Other\n"}, day=3)
    repo.day = 4
    repo.git("merge", "-q", "--no-ff", "-m", "merge", "side")
    found = history.from_git(repo.root)
    assert found is not None
    behind = found.behind(ARTICLE, made)
    assert behind is not None and behind.outdated is True
    assert [c.commit for c in behind.text_changes] == [side]


def test_unknown_commit_or_article_is_unknown(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "en")
    first = repo.commit("first", {ARTICLE: FRONT + BODY})
    found = history.from_git(repo.root)
    assert found is not None
    assert found.outdated(ARTICLE, "abcdef1234567") is None  # not in the history
    assert found.outdated("help/none.md", first) is None  # not there then
    assert found.outdated(ARTICLE, None) is None


def test_texts_come_from_one_batch_process(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "en")
    first = repo.commit("first", {ARTICLE: FRONT + BODY, "help/c.md": "# C\n"})
    log = GitLog(repo.root)
    blob = log.blob_at(first, ARTICLE)
    assert blob is not None and log.text(blob) == FRONT + BODY
    assert log.blob_at(first, "help/missing.md") is None
    assert log.blob_at(first, "help/c.md") is not None  # the same process answers again
    log.close()


def test_a_folder_that_is_not_a_checkout_has_no_git_history(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    assert history.from_git(tmp_path / "en") is None
