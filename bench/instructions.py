"""CPU per uncached search, counted in instructions (the machine is shared: seconds vary
with the neighbours, an instruction count of the same binary, inputs and environment
does not).

``python -m bench.instructions --index DIR [--queries N]`` runs, under
``valgrind --tool=callgrind``, a fresh process that opens the build in-process
(``inprocess.open_searcher``), searches a few warm-up queries, then N distinct
queries of the flood (``flood.unique_queries``, its seed) once each, every cache
emptied before each (the build's and the process's: a count that does not depend
on the order). It runs it again with no queries and prints the difference per
query: the work of a search alone, opening the build left out.
``--words K`` measures only queries of K words; ``--base COUNT`` skips the run with
no queries when its count is known. ``--run N`` is the inner process itself (also for a profiler:
``pyinstrument -m bench.instructions --index DIR --run N``).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

from bench.flood import unique_queries
from bench.inprocess import empty_caches, open_catalog_searcher, vocabulary_of
from bench.procs import end_cleanly_on_signals
from bench.queries import Query

WARMUP = 8  # queries searched first in both runs (imports, lazily made tables)
DEFAULT_QUERIES = 200
_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")


def queries(index: Path, count: int, words: int = 0) -> tuple[list[Query], list[Query]]:
    """(warm-up, measured): the flood's first queries, the same on every run; only
    those of ``words`` words measured when it is given (the warm-up as always)."""
    if not words:
        drawn = unique_queries(vocabulary_of(index), WARMUP + count)
        return drawn[:WARMUP], drawn[WARMUP:]
    drawn = unique_queries(vocabulary_of(index), WARMUP + 8 * count)
    fit = [q for q in drawn[WARMUP:] if len(q.q.split()) == words]
    return drawn[:WARMUP], fit[:count]


def run(index: Path, count: int, words: int = 0) -> int:
    """The inner process: open, warm up, search ``count`` queries; hits per query out."""
    warm, measured = queries(index, count, words)
    search, close, catalog = open_catalog_searcher(index)
    try:
        for query in warm:
            search(query.q, query.lang, 10)
        hits = 0
        for query in measured:
            empty_caches(catalog)
            hits += len(search(query.q, query.lang, 10))
    finally:
        close()
    print(f"searched {len(measured)} queries, {hits} hits")
    return 0


def counted(index: Path, count: int, words: int = 0) -> int:
    """Instructions of one inner run under callgrind."""
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
    cmd += [sys.executable, "-m", "bench.instructions", "--index", str(index), "--run", str(count)]
    cmd += ["--words", str(words)]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=3600, check=False)
    found = _COLLECTED.search(done.stderr)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"callgrind failed (rc={done.returncode}): {done.stderr[-800:]}")
    return int(found.group(1))


def main(argv: list[str] | None = None) -> int:
    end_cleanly_on_signals()
    parser = argparse.ArgumentParser(prog="python -m bench.instructions", description=__doc__)
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--queries", type=int, default=DEFAULT_QUERIES)
    parser.add_argument("--words", type=int, default=0, help="only queries of this many words")
    parser.add_argument("--base", type=int, default=None, help="the no-query count, if known")
    parser.add_argument("--run", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.run is not None:
        return run(args.index, args.run, args.words)
    base = args.base if args.base is not None else counted(args.index, 0)
    total = counted(args.index, args.queries, args.words)
    per = (total - base) / max(1, args.queries)
    print(f"open + warm-up: {base:,} instructions")
    print(f"{args.queries} queries: {total - base:,} instructions, {per / 1e6:.2f} M per query")
    return 0


if __name__ == "__main__":
    sys.exit(main())
