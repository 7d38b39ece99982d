"""Ingest: full build vs bare Whoosh, re-ingest with no change, one changed file."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from bench.config import ROOT, Config
from bench.inprocess import new_segment_keys, open_searcher
from bench.procs import BenchError, Timed, run_timed
from bench.report import Goal, Report, Row
from bench.servers import ingest
from bench.stats import Spread

SECTION = "ingest"
CHANGE_RE = re.compile(
    r"(\d+)\s+(?:files?\s+|documents?\s+|docs?\s+)?(?:changed|updated|re-?indexed|modified)", re.I
)


@dataclass
class IngestFigures:
    full: list[Timed] = field(default_factory=list)
    bare: list[Timed] = field(default_factory=list)
    summary: str = ""


def bare_ingest(cfg: Config, content: Path, index: Path) -> Timed:
    cmd = [cfg.python, "-m", "bench.bare_ingest", "--content", str(content), "--index", str(index)]
    timed = run_timed(cmd, cwd=ROOT)
    if timed.returncode != 0:
        tail = " | ".join(ln.strip() for ln in timed.output.strip().splitlines()[-3:])
        raise BenchError(f"bare ingest failed (rc={timed.returncode}): {tail}")
    return timed


def full_vs_bare(cfg: Config, content: Path, runs: int, out: IngestFigures) -> None:
    """Interleaved from-scratch builds; leaves the last lingodocs index in workdir/ingest."""
    for _ in range(runs):
        bare_dir = cfg.workdir / "bare-index"
        shutil.rmtree(bare_dir, ignore_errors=True)
        out.bare.append(bare_ingest(cfg, content, bare_dir))
        shutil.rmtree(bare_dir, ignore_errors=True)
        index = cfg.workdir / "ingest"
        shutil.rmtree(index, ignore_errors=True)
        timed = ingest(cfg, content, index)
        out.full.append(timed)
        out.summary = summary_line(timed.output)


def summary_line(output: str) -> str:
    """The `lingodocs ingest` summary among its output (problems go to stderr, interleaved)."""
    lines = [ln.strip() for ln in output.splitlines() if ln.strip()]
    found = [ln for ln in lines if ln.startswith("ingested ")]
    return (found or lines or [""])[-1]


def touch_one(corpus: Path, n: int) -> tuple[Path, str]:
    """Append a paragraph with a unique word to the n-th French article."""
    files = sorted(p for p in (corpus / "fr-FR").rglob("*.md") if p.name != "TOC.md")
    target = files[(37 * n + 11) % len(files)]
    token = f"zqbenchmot{n}x"
    with target.open("a", encoding="utf-8") as fh:
        fh.write(f"\n\nParagraphe ajouté par le banc d’essai : {token}.\n")
    return target, token


def run(report: Report, cfg: Config, runs: int, figures: IngestFigures) -> None:
    """Fills `figures` as it goes, so a later failure keeps the full-build runs."""
    full_vs_bare(cfg, cfg.corpus, runs, figures)
    full = Spread.of([t.seconds for t in figures.full])
    bare = Spread.of([t.seconds for t in figures.bare])
    report.add(
        Row(
            SECTION,
            "full ingest (real corpus)",
            "s",
            full,
            bare,
            "bare Whoosh",
            (Goal("ratio", "<=", 1.3),),
            figures.summary,
        )
    )

    index = cfg.workdir / "ingest"
    again = [ingest(cfg, cfg.corpus, index) for _ in range(runs)]
    report.add(
        Row(
            SECTION,
            "re-ingest, nothing changed",
            "s",
            Spread.of([t.seconds for t in again]),
            full,
            "full ingest",
            (Goal("value", "<=", 3.0),),
            summary_line(again[-1].output),
        )
    )

    # One changed file, on a private copy of the corpus.
    copy = cfg.workdir / "corpus-copy"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(cfg.corpus, copy)
    index = cfg.workdir / "ingest-copy"
    shutil.rmtree(index, ignore_errors=True)
    ingest(cfg, copy, index)
    changed: list[float] = []
    for n in range(runs):
        target, token = touch_one(copy, n)
        timed = ingest(cfg, copy, index)
        changed.append(timed.seconds)
        _check_one_change(report, index, copy, target, token, timed.output)
    report.add(
        Row(
            SECTION,
            "re-ingest, one file changed",
            "s",
            Spread.of(changed),
            Spread.of([t.seconds for t in again]),
            "no change",
        )
    )
    shutil.rmtree(copy, ignore_errors=True)
    shutil.rmtree(index, ignore_errors=True)


def _check_one_change(
    report: Report, index: Path, corpus: Path, target: Path, token: str, output: str
) -> None:
    rel = target.relative_to(corpus / "fr-FR").as_posix()
    search, close = open_searcher(index)
    try:
        hits = search(token, "fr", 10)
    finally:
        close()
    paths = {str(h.get("doc_key") or h.get("key") or h.get("path")) for h in hits}
    if not hits or not all(rel in p for p in paths):
        report.fail(SECTION, f"changed file {rel}: word {token} found in {sorted(paths)}")
    keys = new_segment_keys(index)
    if keys is not None and (len(keys) != 1 or rel not in next(iter(keys), "")):
        report.fail(SECTION, f"one changed file ({rel}), new segment holds {len(keys)} documents")
    summary = summary_line(output)
    counts = [int(m) for m in CHANGE_RE.findall(summary)]
    if counts and sum(counts) != 1:
        report.fail(SECTION, f"one changed file ({rel}), summary says: {summary}")
    if keys is None and not counts:
        report.notes.append("ingest: could not verify that only the changed file was re-indexed")
