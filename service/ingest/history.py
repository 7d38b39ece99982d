"""Source history: has each source article changed since a translation was made from it?

Read from a history file (``path<TAB>commit<TAB>ISO date`` per change, newest
or oldest first, as ``en-history.tsv``) or from git when the source locale's
folder is a git checkout. Without either, freshness is unknown (``None``),
never guessed.

The two tell different things. A history file has only dates: an article is
outdated when it changed after the translation's commit, whatever changed.
Git has the texts (:mod:`.gitlog`): an article is outdated when what the
translator translated differs from what the source says now, that is its
body (whitespace aside), its title or its description; a change to the
rest of the front matter only (tags, ids, product keys) leaves the
translation up to date (:class:`Behind` says what changed and in which
commits).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Literal

from service.dialect.frontmatter import split_front_matter
from service.records import Problem

from .gitlog import Change, GitError, GitLog

TRANSLATED_KEYS = ("title", "description")  # front matter a translator translates


_FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)


@lru_cache(maxsize=8192)
def _split(text: str) -> tuple[str, str]:
    """(front matter block, body whitespace made single spaces) of a source text, as
    ``split_front_matter`` cuts them (without reading the YAML: most texts compared have
    the same front matter or another body, and YAML is most of the cost)."""
    text = text.replace("\r\n", "\n")
    first = _FENCE.match(text.lstrip("\ufeff"))
    end = _FENCE.search(text, text.index("\n") + 1) if first and "\n" in text else None
    if end is None:
        return "", " ".join(text.split())
    return text[: end.end()], " ".join(text[end.end() :].split())


@lru_cache(maxsize=4096)
def _translated(front: str) -> tuple[str, ...]:
    meta = split_front_matter(front + "\n").meta
    return tuple(" ".join(str(meta.get(k) or "").split()) for k in TRANSLATED_KEYS)


def _lines(front: str) -> list[str]:
    """The lines of the translated keys (each with its indented continuation), as written."""
    out, keep = [], False
    for line in front.split("\n"):
        if line[:1] not in (" ", "\t"):
            keep = line.split(":", 1)[0].strip() in TRANSLATED_KEYS
        if keep:
            out.append(line)
    return out


def text_differs(old: str, new: str) -> bool:
    """True if ``new`` says something other than ``old``: its body (whitespace aside), title
    or description differ. False for a change of the rest of the front matter only."""
    (old_front, old_body), (new_front, new_body) = _split(old), _split(new)
    if old_body != new_body:
        return True
    if old_front == new_front or _lines(old_front) == _lines(new_front):
        return False  # the same lines: the same values (YAML read only when they differ)
    return _translated(old_front) != _translated(new_front)


@dataclass(frozen=True, slots=True)
class Behind:
    """How a source article changed since the commit a translation was made from (git)."""

    commit: str  # the translation's commit, in full
    date: datetime
    old_path: str  # the article's path at that commit (renames followed)
    old_text: str  # the article then
    text: str  # the article now (the work tree's file)
    changes: tuple[Change, ...]  # every commit since that changed the file, newest first
    text_changes: tuple[Change, ...]  # those that changed what is translated
    outdated: bool  # the text then and now differ (not only the front matter)

    @property
    def metadata_only(self) -> bool:
        """The file changed since, but only in what a translator does not translate."""
        return not self.outdated and self.old_text != self.text


@dataclass(slots=True)
class History:
    commits: dict[str, datetime] = field(default_factory=dict)  # commit → date
    changes: dict[str, list[tuple[datetime, str]]] = field(default_factory=dict)  # path → changes
    digest: str = ""
    git: GitLog | None = None  # the texts, when read from a git checkout
    where: str = ""  # the file or folder it was read from
    _behind: dict[tuple[str, str], Behind | None] = field(default_factory=dict)

    @property
    def kind(self) -> Literal["git", "file"]:
        return "git" if self.git is not None else "file"

    def outdated(self, path: str, source_commit: str | None) -> bool | None:
        """True if ``path`` changed since ``source_commit``; None if we cannot tell.

        From git, only a change of what is translated counts (see :class:`Behind`); from
        a history file, any change after the commit's date."""
        if self.git is not None:
            found = self.behind(path, source_commit)
            return found.outdated if found is not None else None
        if not source_commit or path not in self.changes:
            return None
        made = self.commit_date(source_commit)
        if made is None:
            return None
        return any(date > made for date, _ in self.changes[path])

    def behind(self, path: str, source_commit: str | None) -> Behind | None:
        """What changed in ``path`` since ``source_commit`` (git only; None if unknown)."""
        git = self.git
        if git is None or not source_commit:
            return None
        key = (path, source_commit)
        if key not in self._behind:
            self._behind[key] = _behind(git, path, source_commit)
        return self._behind[key]

    def commit_date(self, commit: str) -> datetime | None:
        if commit in self.commits:
            return self.commits[commit]
        if len(commit) >= 7:
            matches = [d for c, d in self.commits.items() if c.startswith(commit)]
            if len(matches) == 1:
                return matches[0]
        return None


def _add(history: History, path: str, commit: str, date: datetime) -> None:
    history.commits[commit] = date
    history.changes.setdefault(path, []).append((date, commit))


def from_file(path: Path) -> tuple[History, list[Problem]]:
    history, problems = History(), []
    data = path.read_bytes()
    history.digest = hashlib.sha256(data).hexdigest()
    for n, line in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        try:
            if len(parts) != 3:
                raise ValueError(f"expected 3 tab-separated fields, found {len(parts)}")
            _add(history, parts[0].strip(), parts[1].strip(), datetime.fromisoformat(parts[2]))
        except ValueError as exc:
            problems.append(Problem(str(path), n, f"history line ignored: {exc}", "warning"))
    return history, problems


def from_git(folder: Path) -> History | None:
    """History of every Markdown file under ``folder`` if it is inside a git work tree."""
    try:
        git = GitLog(folder)
    except (GitError, ValueError):
        return None
    history = History(
        digest=hashlib.sha256(f"{git.head}\n{git.log}".encode()).hexdigest(),
        git=git,
        where=str(folder),
    )
    history.commits.update(git.dates)
    for path, changes in git.by_path.items():
        history.changes[path] = [(c.date, c.commit) for c in changes]
    return history if history.commits else None


def _behind(git: GitLog, path: str, source_commit: str) -> Behind | None:
    commit = git.resolve(source_commit)
    if commit is None:
        return None
    changes, names = git.since(path, commit)
    old = next(((n, b) for n in names if (b := git.blob_at(commit, n)) is not None), None)
    if old is None:  # the article was not there then, under any of its names
        return None
    try:
        now = (git.folder / path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        head = git.blob_at(git.head, path)
        if head is None:
            return None
        now = git.text(head)
    old_text = git.text(old[1])
    text_changes = tuple(
        c
        for c in changes
        if c.blob is not None
        and text_differs(git.text(c.old_blob) if c.old_blob else "", git.text(c.blob))
    )
    return Behind(
        commit=commit,
        date=git.dates[commit],
        old_path=old[0],
        old_text=old_text,
        text=now,
        changes=tuple(changes),
        text_changes=text_changes,
        outdated=text_differs(old_text, now),
    )
