"""A small real git repository for the history tests, made with the git CLI."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ARTICLE = "help/a.md"
EXL = "0d1c2b3a-aaaa-4bbb-8ccc-000000000001"
FRONT = f"""---
title: Set up the widget
description: How to set up the widget
exl-id: {EXL}
feature: Widgets
---
"""
BODY = """# Set up the widget

Click the button to save your widget.

## Limits

A widget holds 50 items. See [Other](other.md).

* Open the panel
* Press [!UICONTROL Save]

>[!NOTE]
>
>Widgets are kept for 30 days.
"""


class Repo:
    """A git work tree at ``root``, committing with fixed dates (one day apart)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.day = 0
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str) -> str:
        date = f"2026-01-{1 + self.day:02d}T12:00:00+00:00"
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": "Writer",
            "GIT_AUTHOR_EMAIL": "writer@example.com",
            "GIT_COMMITTER_NAME": "Writer",
            "GIT_COMMITTER_EMAIL": "writer@example.com",
            "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_DATE": date,
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
        }
        return subprocess.run(
            ["git", "-C", str(self.root), *args],
            capture_output=True,
            text=True,
            check=True,
            env=env,
            timeout=30,
        ).stdout.strip()

    def write(self, path: str, text: str) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def commit(self, message: str, files: dict[str, str] | None = None, day: int = 0) -> str:
        """Write ``files`` (path → text) and commit everything (``day`` days on, else the
        next day); its id."""
        self.day = day or self.day + 1
        for name, text in (files or {}).items():
            self.write(name, text)
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "HEAD")


def translation(commit: str, body: str = "# Configurer le widget\n\nCliquez.\n") -> str:
    """A French translation made from ``commit``."""
    return (
        f"---\ntitle: Configurer le widget\ndescription: Configurer\nexl-id: {EXL}\n"
        f"source-git-commit: {commit}\nworkflow-type: tm+mt\nsource-wordcount: 40\n---\n{body}"
    )


def content(root: Path) -> tuple[Path, Repo, str]:
    """A content folder whose ``en`` is a git checkout with :data:`ARTICLE` committed once,
    and a French translation of that commit; the folder, the repo, the commit."""
    repo = Repo(root / "en")
    first = repo.commit("first", {ARTICLE: FRONT + BODY})
    (root / "fr" / "help").mkdir(parents=True)
    (root / "fr" / ARTICLE).write_text(translation(first), encoding="utf-8")
    return root, repo, first
