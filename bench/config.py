"""Harness settings, declared once: paths, the lingodocs command, run counts per mode."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECTIONS = ("lookup", "cache", "search", "flood", "ingest", "scale", "memory")


@dataclass(frozen=True, slots=True)
class Config:
    quick: bool
    corpus: Path
    history: Path | None
    workdir: Path  # temp root for indexes, corpora, logs (removed at the end)
    runs: int  # repetitions of every measured figure
    ingest_runs: int  # repetitions of a full ingest (the slowest figure)
    load_seconds: float  # wrk duration per run
    connections: int  # wrk connections
    search_rounds: int  # passes of the query mix per run
    scale_factors: tuple[int, ...]
    seed: int

    @property
    def python(self) -> str:
        return sys.executable

    def lingodocs(self) -> list[str]:
        """The `lingodocs` command: BENCH_LINGODOCS, else the venv's script, else -m."""
        if override := os.environ.get("BENCH_LINGODOCS"):
            return shlex.split(override)
        script = Path(sys.executable).parent / "lingodocs"
        if script.exists():
            return [str(script)]
        if found := shutil.which("lingodocs"):
            return [found]
        return [sys.executable, "-m", "service.cli"]


def make_config(quick: bool, workdir: Path, corpus: Path | None = None) -> Config:
    corpus = corpus or Path(
        os.environ.get("BENCH_CORPUS", ROOT.parent / "shared/corpus/workfront-fusion")
    )
    history = corpus / "en-history.tsv"
    return Config(
        quick=quick,
        corpus=corpus,
        history=history if history.exists() else None,
        workdir=workdir,
        runs=3 if quick else 5,
        ingest_runs=2 if quick else 3,
        load_seconds=4.0 if quick else 10.0,
        connections=32,
        search_rounds=3 if quick else 10,
        scale_factors=(1, 5) if quick else (1, 5, 20),
        seed=7,
    )
