"""Scale: synthetic corpora at 1x, 5x and 20x the real one; growth against linear."""

from __future__ import annotations

import shutil
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bench.config import Config
from bench.gen_corpus import REAL_EN_ARTICLES, generate
from bench.procs import Procs, RssSampler, tree_rss_mb
from bench.queries import QUERIES
from bench.report import Goal, Report, Row
from bench.search_latency import Latencies, measure_http
from bench.servers import ingest, serve
from bench.stats import Spread

SECTION = "scale"


@dataclass(frozen=True, slots=True)
class Point:
    factor: int
    files: int
    corpus_mb: float
    ingest_s: Spread
    ingest_rss_mb: float  # the peak of a full ingest, its worker processes counted
    index_mb: float
    p50_ms: Spread
    p99_ms: Spread
    rss_mb: float
    start_s: Spread  # from `lingodocs serve` to its first 200 on /readyz


def dir_mb(path: Path) -> float:
    """Bytes of distinct files under path (hard links counted once), in MB."""
    seen: set[int] = set()
    total = 0
    for item in path.rglob("*"):
        if item.is_file() and not item.is_symlink():
            st = item.stat()
            if st.st_ino not in seen:
                seen.add(st.st_ino)
                total += st.st_size
    return total / 1e6


def measure_point(cfg: Config, procs: Procs, factor: int, report: Report) -> Point:
    corpus = cfg.workdir / f"gen-{factor}x"
    index = cfg.workdir / f"gen-{factor}x-index"
    shutil.rmtree(corpus, ignore_errors=True)
    start = time.perf_counter()
    counts = generate(cfg.corpus, corpus, REAL_EN_ARTICLES * factor, cfg.seed)
    print(
        f"  generated {factor}x: {counts['files']} files, {counts['bytes'] / 1e6:.0f} MB "
        f"in {time.perf_counter() - start:.0f} s",
        flush=True,
    )
    try:
        runs = 2 if factor == 1 and not cfg.quick else 1  # the big ones dominate the budget
        times, peaks = [], []
        for _ in range(runs):
            shutil.rmtree(index, ignore_errors=True)
            timed = ingest(cfg, corpus, index)
            times.append(timed.seconds)
            peaks.append(timed.peak_rss_mb)
        size = dir_mb(index / "current") if (index / "current").exists() else dir_mb(index)
        lat = Latencies()
        rss = 0.0
        starts = []
        for _ in range(runs):
            server = serve(procs, cfg, corpus, index, timeout=600)
            starts.append(server.ready_s)
            try:
                with RssSampler(server.pid) as sampler:
                    lat.add(measure_http(server.port, QUERIES, cfg.search_rounds, strict=False))
                rss = max(rss, sampler.peak_mb, tree_rss_mb(server.pid))
            finally:
                procs.stop(server)
        for problem in lat.problems:
            report.fail(SECTION, f"{factor}x: {problem}")
        return Point(
            factor,
            counts["files"],
            counts["bytes"] / 1e6,
            Spread.of(times),
            max(peaks),
            size,
            Spread.of(lat.cold_p50),
            Spread.of(lat.cold_p99),
            rss,
            Spread.of(starts),
        )
    finally:
        shutil.rmtree(corpus, ignore_errors=True)
        shutil.rmtree(index, ignore_errors=True)


def linear(base: Spread, factor: float) -> Spread:
    return Spread.of([v * factor for v in base.runs])


def run(
    report: Report, cfg: Config, procs: Procs, real: Mapping[str, Spread] | None = None
) -> list[dict[str, object]]:
    """Rows per factor. 1x is set beside the real corpus's figures (when the other
    sections measured them); larger factors beside 1x, scaled linearly for time and size."""
    points: list[Point] = []
    for factor in cfg.scale_factors:
        points.append(measure_point(cfg, procs, factor, report))
        point, one = points[-1], points[0]
        k = point.factor / one.factor
        top = point.factor == max(cfg.scale_factors) and point.factor >= 20
        figures = {
            "ingest": (point.ingest_s, one.ingest_s, "s", True, None),
            "ingest peak RSS": (
                Spread.of([point.ingest_rss_mb]),
                Spread.of([one.ingest_rss_mb]),
                "MB",
                False,
                500.0,
            ),
            "index size": (
                Spread.of([point.index_mb]),
                Spread.of([one.index_mb]),
                "MB",
                True,
                None,
            ),
            "search p50 (cold)": (point.p50_ms, one.p50_ms, "ms", False, None),
            "search p99 (cold)": (point.p99_ms, one.p99_ms, "ms", False, 30.0),  # issue 20 (14: 50)
            "serve RSS": (Spread.of([point.rss_mb]), Spread.of([one.rss_mb]), "MB", False, 200.0),
            "server start": (point.start_s, one.start_s, "s", False, 1.0),
        }
        tag = f"{point.factor}x ({point.files} files, {point.corpus_mb:.0f} MB)"
        for name, (value, base, unit, grows, limit) in figures.items():
            goals: tuple[Goal, ...] = ()
            if k == 1:
                baseline, base_name = (real or {}).get(name), "real corpus"
            elif grows:
                baseline, base_name = linear(base, k), f"{one.factor}x scaled linearly"
                goals = (Goal("ratio", "<=", 1.25),)
            else:
                baseline, base_name = base, f"{one.factor}x"
            if top and limit is not None:
                goals += (Goal("value", "<=", limit),)
            report.add(Row(SECTION, f"{tag} {name}", unit, value, baseline, base_name, goals))
    return [
        {
            "factor": p.factor,
            "files": p.files,
            "corpus_mb": p.corpus_mb,
            "ingest_s": p.ingest_s.as_dict(),
            "ingest_rss_mb": p.ingest_rss_mb,
            "index_mb": p.index_mb,
            "p50_ms": p.p50_ms.as_dict(),
            "p99_ms": p.p99_ms.as_dict(),
            "rss_mb": p.rss_mb,
            "start_s": p.start_s.as_dict(),
        }
        for p in points
    ]
