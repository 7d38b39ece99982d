"""Search latency: one sequential client over HTTP vs the same queries in-process.

The service keeps a result cache, so a fixed mix repeated on one server mostly
measures cache hits. Each run therefore uses a fresh server (or, in-process, a
fresh process opening the catalog): a few unrelated warm-up queries, then one
*cold* pass over the mix (every query a cache miss), then `rounds` *warm* passes.
"""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.inprocess import open_searcher
from bench.procs import HOST, end_cleanly_on_signals
from bench.queries import QUERIES, Query
from bench.stats import percentile

LIMIT = 10
SOURCE_LANG = "en"  # the service adds untranslated source articles to other languages' hits
WARMUP = tuple(Query(lang, "zzwarmup lingodocs", "warmup") for lang in ("en", "fr", "nl", "sv"))


@dataclass
class Samples:
    """Seconds per query of one run: the cold pass and the warm passes."""

    cold: list[float] = field(default_factory=list)
    warm: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)  # "lang:q" -> total hits


@dataclass
class Latencies:
    """Per-run p50/p99 in ms, cold and warm, over several runs."""

    cold_p50: list[float] = field(default_factory=list)
    cold_p99: list[float] = field(default_factory=list)
    warm_p50: list[float] = field(default_factory=list)
    warm_p99: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)

    def add(self, run: Samples) -> None:
        self.cold_p50.append(percentile(run.cold, 50) * 1000)
        self.cold_p99.append(percentile(run.cold, 99) * 1000)
        self.warm_p50.append(percentile(run.warm, 50) * 1000)
        self.warm_p99.append(percentile(run.warm, 99) * 1000)
        self.problems += [p for p in run.problems if p not in self.problems]
        self.totals.update(run.totals)


def check_search(query: Query, status: int, body: bytes, strict: bool) -> tuple[str, int]:
    """(problem or "", total). strict: the real corpus, where every query must hit."""
    where = f"search {query.lang}:{query.q!r}"
    if status != 200:
        return f"{where} -> HTTP {status}", 0
    try:
        data = json.loads(body)
        total = int(data["total"])
        hits = list(data["hits"])
        locale = str(data["locale"])
    except (ValueError, KeyError, TypeError):
        return f"{where} -> malformed body {body[:120]!r}", 0
    return check_hits(query, locale, total, hits, strict), total


def check_hits(
    query: Query, locale: str, total: int, hits: list[dict[str, object]], strict: bool
) -> str:
    where = f"search {query.lang}:{query.q!r}"
    if locale[:2] != query.lang:
        return f"{where} -> locale {locale!r}"
    if any(str(h.get("locale", query.lang))[:2] not in (query.lang, SOURCE_LANG) for h in hits):
        return f"{where} -> hits in a third language"
    if strict and total < 1:
        return f"{where} ({query.kind}) -> no hits"
    if strict and query.expect and not any(query.expect in str(h.get("path", "")) for h in hits):
        return f"{where} -> {query.expect} not in the first {LIMIT} hits"
    return ""


def _passes(one: Callable[[Query], float], queries: Sequence[Query], rounds: int) -> Samples:
    out = Samples()
    for query in WARMUP:
        one(query)
    out.cold = [one(query) for query in queries]
    out.warm = [one(query) for _ in range(rounds) for query in queries]
    return out


def measure_http(port: int, queries: Sequence[Query], rounds: int, strict: bool) -> Samples:
    """One run on a fresh server: warm-up, a cold pass, `rounds` warm passes; one connection."""
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    problems: list[str] = []
    totals: dict[str, int] = {}

    def one(query: Query) -> float:
        path = "/api/v1/search?" + urllib.parse.urlencode(
            {"q": query.q, "lang": query.lang, "limit": LIMIT}
        )
        start = time.perf_counter()
        conn.request("GET", path)
        resp = conn.getresponse()
        body = resp.read()
        elapsed = time.perf_counter() - start
        if query.kind != "warmup":
            problem, totals[f"{query.lang}:{query.q}"] = check_search(
                query, resp.status, body, strict
            )
            if problem and problem not in problems:
                problems.append(problem)
        return elapsed

    try:
        out = _passes(one, queries, rounds)
    finally:
        conn.close()
    out.problems, out.totals = problems, totals
    return out


def measure_inprocess(
    index: Path, queries: Sequence[Query], rounds: int, python: str = sys.executable
) -> Samples:
    """The same passes in a fresh process (as fresh as the server's): module-level
    caches of the service (stemmers, compiled patterns) start cold on both sides."""
    if list(queries) != list(QUERIES):
        raise ValueError("the in-process run uses the fixed QUERIES mix")
    done = subprocess.run(
        [python, "-m", "bench.search_latency", str(index), str(rounds)],
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    data = json.loads(done.stdout.strip().splitlines()[-1])
    return Samples(cold=data["cold"], warm=data["warm"], totals=data["totals"])


def _inprocess(index: Path, queries: Sequence[Query], rounds: int) -> Samples:
    """The passes on a freshly opened in-process searcher, in this process."""
    search, close = open_searcher(index)
    totals: dict[str, int] = {}

    def one(query: Query) -> float:
        start = time.perf_counter()
        hits = search(query.q, query.lang, LIMIT)
        elapsed = time.perf_counter() - start
        totals[f"{query.lang}:{query.q}"] = len(hits)
        return elapsed

    try:
        out = _passes(one, queries, rounds)
    finally:
        close()
    out.totals = totals
    return out


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.search_latency INDEX ROUNDS``: one in-process run, as JSON."""
    end_cleanly_on_signals()
    index, rounds = (argv if argv is not None else sys.argv[1:])[:2]
    found = _inprocess(Path(index), QUERIES, int(rounds))
    print(json.dumps({"cold": found.cold, "warm": found.warm, "totals": found.totals}))
    return 0


__all__ = ["QUERIES", "Latencies", "Samples", "check_search", "measure_http", "measure_inprocess"]


if __name__ == "__main__":
    sys.exit(main())
