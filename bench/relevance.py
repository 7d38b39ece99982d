"""Search relevance on judged query sets: recall@1/@3, MRR@10, nDCG@10 per language and kind.

`python -m bench.relevance [--lingodocs CMD] [--corpus DIR] [--part tune|heldout|all]`
(or `make relevance`) ingests the whole corpus with one build of the service,
serves it, and asks `GET /api/v1/search` every judged query, so the same harness
measures any commit (give that checkout's `.venv/bin/lingodocs`). The sets:

* **hard** (`bench/relevance/*.tsv`): 224 queries, 56 per language, written from a
  user's need before the answer was looked up (questions, tasks, what an HTTP
  method does, ambiguous short queries, English terms in a French, Dutch or Swedish
  UI), each with the article a person would want (and, when two answer equally,
  a second). 72 are marked `heldout`: never looked at while tuning (a quarter of
  the first 160; half of a second round of 24, notes "new round 2", and half of a
  third of 40, "new round 3", each written and split before the service was asked
  them).
* **easy** (`tests/data/search_cases.tsv`): inflections, accents, typos, method names.
* **judged** (`bench/judged/search_heldout.tsv`): the earlier held-out set.

A hit counts when its path is the expected one, in whatever locale the service
answers it (the reader's translation, or the English article when there is none).
`--misses` lists each miss with what ranked above it. Nothing is tuned here.

`--in-process` asks this checkout's own search code instead (``inprocess.open_searcher``:
what ``GET /api/v1/search`` runs, minus HTTP) on the same index, with no server: the
same figures, quicker to repeat while trying a change, and the mean time per query
(a first pass: every ranking is made, none is looked up).
"""

from __future__ import annotations

import argparse
import csv
import http.client
import json
import math
import os
import shutil
import signal
import sys
import tempfile
import time
import urllib.parse
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.config import ROOT
from bench.inprocess import open_searcher
from bench.judged import CORPUS, ingest, serve
from bench.procs import end_cleanly_on_signals

DEPTH = 10
HARD = ROOT / "bench" / "relevance"
SETS = {
    "easy": [ROOT / "tests" / "data" / "search_cases.tsv"],
    "judged": [ROOT / "bench" / "judged" / "search_heldout.tsv"],
}


def load(paths: list[Path]) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for path in paths:
        with path.open(encoding="utf-8") as fh:
            out += csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
    return out


def wanted(case: dict[str, str]) -> list[str]:
    """The acceptable paths: the expected one, then a second (``also_path``, or ``a|b``)."""
    paths = case["expected_path"].split("|") + [p for p in [case.get("also_path") or ""] if p]
    return list(dict.fromkeys(p.strip() for p in paths if p.strip()))


Ask = Callable[[dict[str, str]], list[dict[str, Any]]]


def over_http(conn: http.client.HTTPConnection) -> Ask:
    """A served build's hits for a case, from ``GET /api/v1/search``."""

    def ask(case: dict[str, str]) -> list[dict[str, Any]]:
        query = urllib.parse.urlencode({"q": case["query"], "lang": case["lang"], "limit": DEPTH})
        conn.request("GET", f"/api/v1/search?{query}")
        reply = conn.getresponse()
        body = json.loads(reply.read())
        if reply.status != 200:
            raise RuntimeError(f"{case['query']!r}: {reply.status} {body}")
        hits: list[dict[str, Any]] = body["hits"]
        return hits

    return ask


def measures(paths: list[str], good: list[str]) -> dict[str, float]:
    rank = next((n for n, p in enumerate(paths, 1) if p in good), None)
    gains = [1.0 if p in good else 0.0 for p in dict.fromkeys(paths)]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(good), DEPTH)))
    return {
        "recall@1": float(rank == 1),
        "recall@3": float(rank is not None and rank <= 3),
        "mrr@10": 1 / rank if rank else 0.0,
        "ndcg@10": dcg / ideal,
    }


def measure(ask: Ask, name: str, cases: list[dict[str, str]]) -> Any:
    groups: dict[str, list[dict[str, float]]] = defaultdict(list)
    misses = []
    for case in cases:
        hits = ask(case)
        good = wanted(case)
        paths = [h["path"] for h in hits]
        got = measures(paths, good)
        part = case.get("part") or name
        for key in ("all", case["lang"], f"kind/{case['kind']}", f"{case['lang']}/{case['kind']}"):
            groups[key].append(got)
            groups[f"{part}: {key}"].append(got)
        if not got["recall@3"]:
            above = [f"{h['locale']}:{h['title']}" for h in hits[:3]]
            misses.append(
                {
                    **case,
                    "above": above,
                    "rank": round(1 / got["mrr@10"]) if got["mrr@10"] else None,
                }
            )
    table = {
        key: {"n": len(v), **{m: sum(x[m] for x in v) / len(v) for m in v[0]}}
        for key, v in sorted(groups.items())
    }
    return table, misses


def render(name: str, table: dict[str, Any]) -> str:
    lines = [
        f"### {name}",
        "",
        "| group | n | R@1 | R@3 | MRR@10 | nDCG@10 |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for key, v in table.items():
        lines.append(
            f"| {key} | {v['n']} | {v['recall@1']:.2f} | {v['recall@3']:.2f} | "
            f"{v['mrr@10']:.3f} | {v['ndcg@10']:.3f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    end_cleanly_on_signals()
    parser = argparse.ArgumentParser(prog="python -m bench.relevance", description=__doc__)
    parser.add_argument("--lingodocs", default=str(ROOT / ".venv" / "bin" / "lingodocs"))
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--index", type=Path, default=None, help="reuse (or build once) this index")
    parser.add_argument("--port", type=int, default=18124)
    parser.add_argument("--part", choices=("tune", "heldout", "all"), default="all")
    parser.add_argument("--sets", default="hard,easy,judged", help="comma-separated set names")
    parser.add_argument("--misses", action="store_true", help="list the hard set's misses")
    parser.add_argument("--out", type=Path, default=None, help="write the figures as JSON here")
    parser.add_argument(
        "--in-process", action="store_true", help="this checkout's search code, no server"
    )
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    work = None if args.index else Path(tempfile.mkdtemp(prefix="lingodocs-relevance-"))
    try:
        return _measure(args, args.index if work is None else work / "index")
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)


def _measure(args: argparse.Namespace, index: Path) -> int:
    """Each set asked of ``index`` (built first from the corpus when it has no build)."""
    if not (index / "current").exists():
        ingest(args.lingodocs, args.corpus, index)
    result: dict[str, Any] = {"lingodocs": "in-process" if args.in_process else args.lingodocs}
    if args.in_process:
        search, close = open_searcher(index)
        try:
            run(args, lambda case: search(case["query"], case["lang"], DEPTH), result)
        finally:
            close()
    else:
        proc = serve(args.lingodocs, index, args.corpus, args.port)
        try:
            conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
            run(args, over_http(conn), result)
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(30)
    if args.out is not None:
        args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


def run(args: argparse.Namespace, ask: Ask, result: dict[str, Any]) -> None:
    """Each set asked, its table printed (and its misses when asked for) into ``result``."""
    sets = {"hard": sorted(HARD.glob("*.tsv")), **SETS}
    for name in args.sets.split(","):
        cases = load(sets[name])
        if name == "hard" and args.part != "all":
            cases = [c for c in cases if c["part"] == args.part]
        started = time.perf_counter()
        table, misses = measure(ask, name, cases)
        each = (time.perf_counter() - started) / max(len(cases), 1)
        result[name] = {"table": table, "misses": misses, "seconds_per_query": each}
        print(render(name, table), end="\n\n")
        if args.in_process:
            print(f"{each * 1000:.1f} ms a query (in-process, first pass)\n")
        if args.misses and misses:
            print(f"misses ({name}):")
            for m in misses:
                print(
                    f"  [{m['lang']}/{m['kind']}] {m['query']!r} → want "
                    f"{m['expected_path'].rsplit('/', 1)[-1]}"
                    f" (rank {m['rank']}); above: {' · '.join(m['above'])}"
                )
            print()


if __name__ == "__main__":
    sys.exit(main())
