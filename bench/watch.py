"""The writer's loop on the corpus: one-file ingest vs a full one, and edit → visible.

    .venv/bin/python -m bench.watch [--corpus DIR] [--edits N] [--runs N] [--keep]

In one run, on a copy of the corpus in a temporary folder (never the repo):

1. **full**: ``lingodocs ingest`` from nothing (``--runs`` times, median);
2. **one file**: one article edited (a paragraph appended), ``lingodocs ingest``
   again (``--runs`` times, each a new edit, median); the goal is at most 10%
   of the full ingest's time;
3. **edit → visible**: ``lingodocs serve --watch`` over the copy, the edited
   article open in Debian's headless Chromium (Playwright): ``--edits`` times,
   a new sentence is written into the file and the time until the open page
   shows it is taken (the page reloads itself: no navigation by the harness).
   The server's own log says how long each watched ingest took. Goal: ≤ 1.5 s.

Every process it starts is ended in ``finally``; every wait is bounded.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.procs import end_cleanly_on_signals

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("BENCH_CORPUS", ROOT.parent / "shared/corpus/workfront-fusion"))
ARTICLE = "help/workfront-fusion/references/modules/http-request-methods.md"
ARTICLE_ID = "481131c9-356a-4c62-a653-d6bba9be5be8"
CHROMIUM = Path("/usr/bin/chromium")
SUMMARY = re.compile(r"in ([0-9.]+) s → ")
WATCHED = re.compile(r"1 re-indexed in ([0-9.]+) s")
GOAL_VISIBLE = 1.5  # seconds from a save to the edit in the open page
GOAL_SHARE = 0.10  # a one-file ingest's share of a full ingest's time


def lingodocs(*args: str) -> list[str]:
    return [sys.executable, "-m", "service.cli", *args]


def ingest(content: Path, index: Path) -> tuple[float, float]:
    """``lingodocs ingest``: (wall seconds, the seconds its summary reports)."""
    history = content / "en-history.tsv"
    cmd = lingodocs("ingest", "--content", str(content), "--index", str(index))
    cmd += ["--history", str(history)] if history.is_file() else []
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"ingest failed ({done.returncode}): {done.stderr[-2000:]}")
    found = SUMMARY.search(done.stdout)
    return wall, float(found.group(1)) if found else wall


def edit(path: Path, sentence: str) -> None:
    """A writer's save: the article with one more paragraph."""
    text = path.read_text(encoding="utf-8")
    path.write_text(f"{text.rstrip()}\n\n{sentence}\n", encoding="utf-8")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(base: str, proc: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("the server ended early")
        try:
            with urllib.request.urlopen(f"{base}/readyz", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"the server was not ready in {timeout} s")


def visible(content: Path, index: Path, edits: int, log: Path) -> tuple[list[float], list[float]]:
    """Seconds from each save to the open page showing it; the watched ingests' own."""
    from playwright.sync_api import sync_playwright

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    history = content / "en-history.tsv"
    cmd = lingodocs("serve", "--watch", "--content", str(content), "--index", str(index))
    cmd += ["--port", str(port)] + (["--history", str(history)] if history.is_file() else [])
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    seconds: list[float] = []
    try:
        wait_ready(base, proc, 600)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--headless"])
            try:
                page = browser.new_page()
                page.goto(f"{base}/en/docs/{ARTICLE_ID}")
                for n in range(edits):
                    time.sleep(1.0)  # the page settled, its event stream connected
                    marker = f"Watched edit number {n} ({time.time_ns()})."
                    started = time.perf_counter()
                    edit(content / "en" / ARTICLE, marker)
                    page.get_by_text(marker).wait_for(timeout=60_000)
                    seconds.append(time.perf_counter() - started)
                    print(f"  edit {n + 1}: visible after {seconds[-1]:.2f} s", flush=True)
            finally:
                browser.close()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(5)
    text = log.read_text(encoding="utf-8", errors="replace")
    return seconds, [float(s) for s in WATCHED.findall(text)]


def main(argv: list[str] | None = None) -> int:
    end_cleanly_on_signals()
    parser = argparse.ArgumentParser(prog="python -m bench.watch", description=__doc__)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--edits", type=int, default=5, help="watched edits timed (0: none)")
    parser.add_argument("--runs", type=int, default=3, help="full and one-file ingests timed")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"bench.watch: no corpus at {args.corpus}", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="lingodocs-watch-"))
    try:
        content = work / "content"
        shutil.copytree(args.corpus, content, ignore=shutil.ignore_patterns("*.bundle"))
        full = []
        for _ in range(args.runs):
            shutil.rmtree(work / "index", ignore_errors=True)
            full.append(ingest(content, work / "index"))
            print(f"  full ingest: {full[-1][0]:.2f} s", flush=True)
        one = []
        for n in range(args.runs):
            edit(content / "en" / ARTICLE, f"One-file ingest edit {n}.")
            one.append(ingest(content, work / "index"))
            print(f"  one-file ingest: {one[-1][0]:.2f} s", flush=True)
        full_s = statistics.median(w for w, _ in full)
        one_s = statistics.median(w for w, _ in one)
        print(f"full ingest      {full_s:6.2f} s (median of {args.runs}, wall)")
        met = "met" if one_s <= GOAL_SHARE * full_s else "missed"
        print(
            f"one-file ingest  {one_s:6.2f} s = {100 * one_s / full_s:.1f}% of a full one "
            f"(goal ≤ {100 * GOAL_SHARE:.0f}%: {met})"
        )
        if args.edits == 0 or not CHROMIUM.exists():
            why = "--edits 0" if args.edits == 0 else f"{CHROMIUM} is not installed"
            print(f"edit → visible: skipped ({why})")
            return 0
        shown, watched = visible(content, work / "index", args.edits, work / "serve.log")
        median = statistics.median(shown)
        print(
            f"edit → visible   {median:6.2f} s median, {max(shown):.2f} s max of {len(shown)} "
            f"(goal ≤ {GOAL_VISIBLE} s: {'met' if median <= GOAL_VISIBLE else 'missed'}); "
            f"the watched ingest {statistics.median(watched or [0.0]):.2f} s median"
        )
        return 0
    finally:
        if args.keep:
            print(f"work directory kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
