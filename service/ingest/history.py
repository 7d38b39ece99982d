"""Source history: when did each source article last change, and after which commit?

Read from a history file (``path<TAB>commit<TAB>ISO date`` per change, newest
or oldest first, as ``en-history.tsv``) or from git when the source locale's
folder is a git checkout. Without either, freshness is unknown (``None``),
never guessed.
"""

from __future__ import annotations

import hashlib
import subprocess
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from service.records import Problem


@dataclass(slots=True)
class History:
    commits: dict[str, datetime] = field(default_factory=dict)  # commit → date
    changes: dict[str, list[tuple[datetime, str]]] = field(default_factory=dict)  # path → changes
    digest: str = ""

    def outdated(self, path: str, source_commit: str | None) -> bool | None:
        """True if ``path`` changed after ``source_commit``; None if we cannot tell."""
        if not source_commit or path not in self.changes:
            return None
        made = self.commit_date(source_commit)
        if made is None:
            return None
        return any(date > made for date, _ in self.changes[path])

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
    """History of every file under ``folder`` if it is inside a git work tree."""
    try:
        out = subprocess.run(
            [
                "git",
                "-C",
                str(folder),
                "log",
                "--format=%x00%H%x09%cI",
                "--name-only",
                "--relative",
                "--",
                ".",
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    history = History(digest=hashlib.sha256(out.encode()).hexdigest())
    for block in out.split("\x00")[1:]:
        head, *names = block.strip("\n").split("\n")
        commit, _, date = head.partition("\t")
        for name in names:
            if name.strip():
                _add(history, name.strip(), commit, datetime.fromisoformat(date))
    return history if history.commits else None
