"""Entry point: `python -m bench.run [--quick] [--only lookup,cache,...] [--keep]`.

Runs the chosen sections, prints every figure beside its baseline and the ratio,
writes bench/results/latest.json and the table in bench/README.md. Exits 1 when
any response was wrong (correctness failure); missed goals are reported only.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

from bench import flood, ingest_bench, scale, sections
from bench.config import ROOT, SECTIONS, make_config
from bench.procs import BenchError, Neighbours, Procs, end_cleanly_on_signals
from bench.report import Report, print_table, update_readme, write_json
from bench.stats import Spread

RESULTS = ROOT / "bench" / "results" / "latest.json"
README = ROOT / "bench" / "README.md"
NOISY = 0.10  # share of the machine's CPU used by others above which a section is flagged


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer, shorter runs; no 20x")
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections")
    parser.add_argument("--corpus", type=Path, default=None, help="real corpus directory")
    parser.add_argument(
        "--index", type=Path, default=None, help="a built index of the real corpus to use"
    )
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument("--no-write", action="store_true", help="do not write results/README")
    args = parser.parse_args(argv)
    chosen = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = sorted(set(chosen) - set(SECTIONS))
    if unknown:
        parser.error(f"unknown section(s) {unknown}; choose from {', '.join(SECTIONS)}")
    args.sections = [s for s in SECTIONS if s in chosen]
    return args


def main(argv: list[str] | None = None) -> int:
    end_cleanly_on_signals()
    args = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="lingodocs-bench-"))
    cfg = make_config(args.quick, workdir, args.corpus)
    report = Report("quick" if args.quick else "full")
    shared = sections.Shared(cfg, index=args.index)
    print(f"bench: {', '.join(args.sections)} ({report.mode}); work dir {workdir}", flush=True)
    order = ["ingest", "lookup", "cache", "search", "flood", "memory", "scale"]
    began = time.monotonic()
    try:
        with Procs(workdir / "logs") as procs:
            for name in (s for s in order if s in args.sections):
                start = time.monotonic()
                neighbours = Neighbours()
                print(f"[{name}]", flush=True)
                try:
                    report.extra[name] = run_section(name, report, shared, procs)
                except BenchError as exc:
                    report.fail(name, str(exc))
                except Exception as exc:  # a broken section must not hide the others
                    traceback.print_exc()
                    report.fail(name, f"{type(exc).__name__}: {exc}")
                busy = neighbours.share()
                report.extra.setdefault("neighbour_cpu_share", {})[name] = round(busy, 3)  # type: ignore[index]
                if busy > NOISY:
                    report.notes.append(
                        f"{name}: other processes used {100 * busy:.0f}% of the machine's CPU "
                        "while it ran; its figures are noisy"
                    )
                print(f"[{name}] {time.monotonic() - start:.0f} s", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    report.extra["elapsed_s"] = round(time.monotonic() - began)
    print_table(report)
    print(f"elapsed {report.extra['elapsed_s']} s")
    if not args.no_write:
        write_json(report, RESULTS)
        update_readme(report, README)
        print(f"wrote {RESULTS.relative_to(ROOT)} and {README.relative_to(ROOT)}")
    return 1 if report.failures else 0


def run_section(name: str, report: Report, shared: sections.Shared, procs: Procs) -> object:
    cfg = shared.cfg
    if name == "ingest":
        figures = ingest_bench.IngestFigures()
        try:
            ingest_bench.run(report, cfg, cfg.ingest_runs, figures)
        finally:
            shared.ingest_runs.extend(figures.full)
            shared.bare_runs.extend(figures.bare)
            if figures.full:
                shared.index = cfg.workdir / "ingest"
                shared.real["ingest"] = Spread.of([t.seconds for t in figures.full])
                shared.real["ingest peak RSS"] = Spread.of([t.peak_rss_mb for t in figures.full])
                shared.real["index size"] = Spread.of([scale.dir_mb(shared.index / "current")])
        return {"summary": figures.summary}
    if name == "lookup":
        return sections.lookup(report, shared, procs)
    if name == "cache":
        return sections.cache(report, shared, procs)
    if name == "search":
        return sections.search(report, shared, procs)
    if name == "flood":
        return flood.flood(report, shared, procs)
    if name == "memory":
        sections.memory(report, shared, procs)
        return None
    if name == "scale":
        return scale.run(report, cfg, procs, shared.real)
    raise ValueError(name)


if __name__ == "__main__":
    sys.exit(main())
