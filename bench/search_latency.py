"""Search latency: one sequential client over HTTP vs the same queries in-process."""

from __future__ import annotations

import http.client
import json
import time
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.inprocess import open_searcher
from bench.procs import HOST
from bench.queries import QUERIES, Query
from bench.stats import percentile

LIMIT = 10


@dataclass
class Latencies:
    p50_ms: list[float] = field(default_factory=list)  # one per run
    p99_ms: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)  # query -> total hits


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
    if locale[:2] != query.lang:
        return f"{where} -> locale {locale!r}", total
    if any(str(h.get("locale", query.lang))[:2] != query.lang for h in hits):
        return f"{where} -> hits in another language", total
    if strict and total < 1:
        return f"{where} ({query.kind}) -> no hits", total
    if strict and query.expect and not any(query.expect in str(h.get("path", "")) for h in hits):
        return f"{where} -> {query.expect} not in the first {LIMIT} hits", total
    return "", total


def measure_http(
    port: int, queries: Sequence[Query], rounds: int, runs: int, strict: bool
) -> Latencies:
    """`runs` runs of `rounds` passes over the mix, one keep-alive connection, in order."""
    out = Latencies()
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:

        def one(query: Query) -> float:
            path = "/api/v1/search?" + urllib.parse.urlencode(
                {"q": query.q, "lang": query.lang, "limit": LIMIT}
            )
            start = time.perf_counter()
            conn.request("GET", path)
            resp = conn.getresponse()
            body = resp.read()
            elapsed = time.perf_counter() - start
            problem, total = check_search(query, resp.status, body, strict)
            out.totals[f"{query.lang}:{query.q}"] = total
            if problem and problem not in out.problems:
                out.problems.append(problem)
            return elapsed

        for query in queries:  # warm-up pass, not recorded
            one(query)
        for _ in range(runs):
            samples = [one(query) for _ in range(rounds) for query in queries]
            out.p50_ms.append(percentile(samples, 50) * 1000)
            out.p99_ms.append(percentile(samples, 99) * 1000)
    finally:
        conn.close()
    return out


def measure_inprocess(index: Path, queries: Sequence[Query], rounds: int, runs: int) -> Latencies:
    out = Latencies()
    search, close = open_searcher(index)
    try:
        for query in queries:
            search(query.q, query.lang, LIMIT)
        for _ in range(runs):
            samples = []
            for _ in range(rounds):
                for query in queries:
                    start = time.perf_counter()
                    hits = search(query.q, query.lang, LIMIT)
                    samples.append(time.perf_counter() - start)
                    out.totals[f"{query.lang}:{query.q}"] = len(hits)
            out.p50_ms.append(percentile(samples, 50) * 1000)
            out.p99_ms.append(percentile(samples, 99) * 1000)
    finally:
        close()
    return out


__all__ = ["QUERIES", "Latencies", "check_search", "measure_http", "measure_inprocess"]
