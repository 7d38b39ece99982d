"""Freshness from the source's git history, measured on the corpus (not part of make test).

    .venv/bin/python -m bench.freshness [--corpus DIR] [--work DIR] [--lingodocs CMD]

Lays out a content folder whose ``en`` is a clone of ``en-source.bundle`` (its
``help/`` only, as the corpus's ``en/``) beside copies of the translations,
then:

* **truth**, computed here without the code under test: per translation, the
  English file at the translation's path, ``git show COMMIT:PATH`` (renames
  followed with ``git log --follow``), the front matter cut off with a regex;
  ``body`` if the bodies differ beyond whitespace, ``front matter`` if only
  the front matter differs (whitespace-only body changes counted here too,
  shown apart), ``same`` if the file is the same;
* **before**: the finding as the history file reports it (``--history
  en-history.tsv``, dates only), and **after**: as git reports it, both by
  running ``lingodocs check --format json`` (the command given: an older
  checkout's ``lingodocs`` measures that commit);
* recall (body-changed translations reported outdated), the share of
  front-matter-only ones still reported, per locale, and the wall time of
  ``lingodocs check`` with the git history (three runs, median), cold (no parse
  cache) and with its parse cache filled by a run before.

No list of paths is used anywhere: every translation of the corpus counts.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench.procs import end_cleanly_on_signals

ROOT = Path(__file__).resolve().parent.parent
_FRONT = re.compile(r"\A---[ \t]*\n.*?\n---[ \t]*\n", re.DOTALL)
_COMMIT = re.compile(r"^source-git-commit:\s*(\S+)", re.MULTILINE)
LOCALES = {"fr-FR": "fr", "nl-NL": "nl", "sv-SE": "sv"}


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True)


def lay_out(corpus: Path, work: Path) -> Path:
    content = work / "content"
    if content.exists():
        shutil.rmtree(content)
    content.mkdir(parents=True)
    en = content / "en"
    subprocess.run(
        ["git", "clone", "-q", "--no-checkout", str(corpus / "en-source.bundle"), str(en)],
        check=True,
    )
    git(en, "sparse-checkout", "set", "--no-cone", "/help/")
    git(en, "checkout", "-q", git(en, "rev-parse", "HEAD").stdout.strip())
    for folder in LOCALES:
        shutil.copytree(corpus / folder, content / folder)
    return content


def body(text: str) -> str:
    return _FRONT.sub("", text.replace("\r\n", "\n"), count=1)


def truth(content: Path) -> dict[tuple[str, str], str]:
    """(locale, path) → body / front matter / whitespace / same / unknown."""
    en = content / "en"
    out: dict[tuple[str, str], str] = {}
    for folder, locale in LOCALES.items():
        for file in sorted((content / folder).rglob("*.md")):
            rel = file.relative_to(content / folder).as_posix()
            found = _COMMIT.search(file.read_text("utf-8", "replace")[:5000])
            source = en / rel
            if found is None or not source.is_file():
                out[locale, rel] = "unknown"
                continue
            commit, now = found.group(1), source.read_text("utf-8", "replace")
            old = git(en, "show", f"{commit}:{rel}")
            if old.returncode:
                names = git(en, "log", "--follow", "--name-only", "--format=", f"{commit}..HEAD",
                            "--", rel).stdout.split()  # fmt: skip
                for name in reversed(names):
                    old = git(en, "show", f"{commit}:{name}")
                    if not old.returncode:
                        break
            if old.returncode:
                out[locale, rel] = "unknown"
                continue
            a, b = body(old.stdout), body(now)
            out[locale, rel] = (
                "same" if old.stdout == now
                else "front matter" if a == b
                else "whitespace" if a.split() == b.split()
                else "body"
            )  # fmt: skip
    return out


def reported(
    lingodocs: list[str], content: Path, history: Path | None, cache: Path | str = "off"
) -> tuple[dict, float]:
    """The check's report and its wall time: with no parse cache (cold: ``off``, which an
    older lingodocs without one ignores), or with the cache in ``cache``."""
    cmd = [*lingodocs, "check", "--content", str(content), "--format", "json"]
    cmd += ["--history", str(history)] if history else []
    env = {**os.environ, "LINGODOCS_CHECK_CACHE": str(cache)}
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - started
    data = json.loads(done.stdout)
    return data, seconds


def outdated(data: dict) -> dict[tuple[str, str], str]:
    return {
        (f["locale"], f["path"]): f["severity"] for f in data["findings"] if f["kind"] == "outdated"
    }


def main() -> None:
    end_cleanly_on_signals()
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--corpus", type=Path, default=ROOT.parent / "shared/corpus/workfront-fusion"
    )
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--lingodocs", default=str(ROOT / ".venv/bin/lingodocs"))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="freshness-"))
    content = lay_out(args.corpus, work)
    real = truth(content)
    command = args.lingodocs.split()
    before, _ = reported(command, content, args.corpus / "en-history.tsv")
    runs = [reported(command, content, None) for _ in range(args.runs)]
    after = runs[0][0]
    reported(command, content, None, work / "cache")  # fills the cache
    warm = [reported(command, content, None, work / "cache")[1] for _ in range(args.runs)]
    source = (before.get("history_source", "file"), after.get("history_source"))
    print(f"history: before {source[0]}, after {source[1]}")
    median = statistics.median(s for _, s in runs)
    print(f"check with git history: {median:.1f} s (median of {args.runs}, no parse cache)")
    print(
        f"check with git history and its parse cache filled: "
        f"{statistics.median(warm):.1f} s (median of {args.runs})"
    )
    print("locale | truth body / front matter / whitespace / same / unknown | "
          "outdated before | after | body reported before / after | front matter reported after | "
          "after: facts (stale) / wording (cosmetic)")  # fmt: skip
    for locale in LOCALES.values():
        kinds = Counter(v for (loc, _), v in real.items() if loc == locale)
        old = {k for k in outdated(before) if k[0] == locale}
        new = outdated(after)
        new_here = {k: v for k, v in new.items() if k[0] == locale}
        changed = {k for k, v in real.items() if k[0] == locale and v == "body"}
        front = {k for k, v in real.items() if k[0] == locale and v == "front matter"}
        sev = Counter(new_here.values())
        print(
            f"{locale} | {kinds['body']} / {kinds['front matter']} / {kinds['whitespace']} / "
            f"{kinds['same']} / {kinds['unknown']} | {len(old)} | {len(new_here)} | "
            f"{len(changed & old)} / {len(changed & new_here.keys())} of {len(changed)} | "
            f"{len(front & new_here.keys())}/{len(front)} ({len(front & old)} before) | "
            f"{sev['stale']} / {sev['cosmetic']}"
        )
        missed = sorted(changed - new_here.keys())
        if missed:
            print(f"  body changed, not reported: {', '.join(p for _, p in missed[:10])}")


if __name__ == "__main__":
    main()
