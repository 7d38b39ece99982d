"""Search under a flood of distinct queries (issue 20, item 3): no query is sent twice,
so no cache of the service helps.

Queries are drawn with a fixed seed from the build's own vocabulary (the folded
words of each language's docs, as ingest counted them): a language at random,
then 1 to 4 distinct words of it, sent with ``lang=`` that language. wrk sends
them from a file (a Lua script reads it; a Python client would eat the cores it
measures), 16 connections, against ``lingodocs serve --workers 2``. Every run of
the service gets queries of its own (a server never sees one twice, warm-up
included).

The baseline is the same wrk run, same files, against the bare FastAPI app of
the lookup section answering every search with a real search response of the
query's language (captured from the service): the ceiling of the HTTP stack at
this concurrency, what the service would reach if a search cost nothing.

Correctness: each query's language is checked per response as the lookup mix
is (status 200, ``Content-Language`` and the body's ``locale`` the same, counts
per language equal to what was sent, within the requests in flight), and a few
queries are sent alone before the load and checked whole (``check_search``).
"""

from __future__ import annotations

import json
import math
import random
import shutil
import subprocess
import urllib.parse
from pathlib import Path

from bench.inprocess import vocabulary_of
from bench.load import LOCALES, LoadResult, distribution_problems, lua_done
from bench.procs import HOST, BenchError, Procs, http_get
from bench.queries import Query
from bench.report import Goal, Report, Row
from bench.search_latency import check_search
from bench.sections import Shared
from bench.servers import baseline, serve, write_fixture
from bench.stats import Spread

CONNECTIONS = 16
WORKERS = 2
SEED = 2020
PER_SECOND = 5000  # queries per second of load a run's file holds (more than any side sends)
WARMUP_S = 1.0
CHECKED = 2  # queries of each language sent alone and checked whole before the load
GOAL_RPS, GOAL_P99 = 400.0, 60.0


def unique_queries(vocab: dict[str, dict[str, int]], count: int, seed: int = SEED) -> list[Query]:
    """``count`` distinct (language, query) pairs: 1-4 distinct words of a language's
    vocabulary, languages and words drawn with ``seed``."""
    rng = random.Random(seed)
    langs = [lang for lang in LOCALES if vocab.get(lang)]
    words = {lang: sorted(vocab[lang]) for lang in langs}
    seen: set[tuple[str, str]] = set()
    out: list[Query] = []
    while len(out) < count:
        lang = rng.choice(langs)
        q = " ".join(rng.sample(words[lang], rng.randint(1, 4)))
        if (lang, q) not in seen:
            seen.add((lang, q))
            out.append(Query(lang, q, "unique"))
    return out


def path_of(query: Query) -> str:
    return "/api/v1/search?" + urllib.parse.urlencode(
        {"q": query.q, "lang": query.lang, "limit": 10}
    )


def write_queries(path: Path, queries: list[Query]) -> Path:
    path.write_text("".join(f"{path_of(q)}\t{q.lang}\n" for q in queries), encoding="utf-8")
    return path


LUA = r"""
local reqs, locs = {}, {}
local n, i = 0, 0
sent_en, sent_fr, sent_nl, sent_sv = 0, 0, 0, 0
got_en, got_fr, got_nl, got_sv = 0, 0, 0, 0
bad, wrapped = 0, 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  local f = assert(io.open(args[1], "r"))
  for line in f:lines() do
    local path, lang = string.match(line, "^(%S+)\t(%a+)$")
    n = n + 1
    reqs[n] = wrk.format("GET", path)
    locs[n] = lang
  end
  f:close()
end

function request()
  i = i + 1
  if i > n then i, wrapped = 1, wrapped + 1 end
  local loc = locs[i]
  if loc == "en" then sent_en = sent_en + 1
  elseif loc == "fr" then sent_fr = sent_fr + 1
  elseif loc == "nl" then sent_nl = sent_nl + 1
  else sent_sv = sent_sv + 1 end
  return reqs[i]
end

function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 return end
  local cl = headers["Content-Language"] or headers["content-language"] or ""
  local lang = string.lower(string.sub(cl, 1, 2))
  local body_lang = string.match(body, '"locale"%s*:%s*"(%a%a)')
  if body_lang == nil or string.lower(body_lang) ~= lang
     or not string.find(body, '"hits"', 1, true) then bad = bad + 1 return end
  if lang == "en" then got_en = got_en + 1
  elseif lang == "fr" then got_fr = got_fr + 1
  elseif lang == "nl" then got_nl = got_nl + 1
  elseif lang == "sv" then got_sv = got_sv + 1
  else bad = bad + 1 end
end

"""


def run_file(
    port: int, script: Path, queries: Path, seconds: float, repeats_ok: bool
) -> LoadResult:
    """One wrk run sending the file's requests in order (one thread, ``CONNECTIONS``)."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise BenchError("wrk not found: the flood needs it (a Python client would eat the cores)")
    cmd = [wrk, "-t1", f"-c{CONNECTIONS}", f"-d{max(1, round(seconds))}s", "--timeout", "5s"]
    cmd += ["-s", str(script), f"http://{HOST}:{port}/", "--", str(queries)]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60)
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("BENCH_JSON ")), None)
    if out.returncode != 0 or line is None:
        raise BenchError(f"wrk failed (rc={out.returncode}): {out.stderr.strip()[-500:]}")
    raw = json.loads(line.removeprefix("BENCH_JSON "))
    duration = raw["duration_us"] / 1e6
    result = LoadResult(
        tool="wrk",
        seconds=duration,
        requests=raw["requests"],
        rps=raw["requests"] / duration if duration else 0.0,
        p50_ms=raw["p50"] / 1000,
        p90_ms=raw["p90"] / 1000,
        p99_ms=raw["p99"] / 1000,
        max_ms=raw["max"] / 1000,
        errors={k: raw[k] for k in ("connect", "read", "write", "status", "timeout")},
        bad=raw["bad"],
        sent=raw["sent"],
        got=raw["got"],
    )
    result.problems = distribution_problems(result, slack=CONNECTIONS)
    if raw["wrapped"] and not repeats_ok:
        result.problems.append("the query file ran out: queries were sent again")
    return result


def capture_search(port: int, queries: list[Query]) -> dict[str, str]:
    """The service's response to one query per language (the baseline's bodies)."""
    bodies: dict[str, str] = {}
    for query in queries:
        if query.lang not in bodies:
            status, _, body = http_get(port, path_of(query))
            if status != 200:
                raise BenchError(f"{path_of(query)} -> HTTP {status}")
            bodies[query.lang] = body.decode("utf-8")
    return bodies


def flood(report: Report, shared: Shared, procs: Procs) -> dict[str, object]:
    """Interleaved runs (baseline, service, ...): each service run on queries of its own."""
    cfg = shared.cfg
    index = shared.real_index()
    work = cfg.workdir / "flood"
    work.mkdir(parents=True, exist_ok=True)
    script = work / "flood.lua"
    script.write_text(LUA + lua_done("wrapped"), encoding="utf-8")
    per_run = math.ceil(cfg.load_seconds * PER_SECOND)
    warm = math.ceil(WARMUP_S * PER_SECOND)
    pool = unique_queries(vocabulary_of(index), warm + cfg.runs * per_run + 4 * CHECKED)
    checked = [q for lang in LOCALES for q in [q for q in pool if q.lang == lang][:CHECKED]]
    pool = [q for q in pool if q not in checked]
    warm_file = write_queries(work / "warm.tsv", pool[:warm])
    files = [
        write_queries(work / f"run{n}.tsv", pool[warm + n * per_run : warm + (n + 1) * per_run])
        for n in range(cfg.runs)
    ]
    subject = serve(procs, cfg, cfg.corpus, index, workers=WORKERS)
    results: dict[str, list[LoadResult]] = {"lingodocs": [], "bare FastAPI": []}
    try:
        for query in checked:  # each alone, checked whole (a cold search each)
            status, _, body = http_get(subject.port, path_of(query))
            if problem := check_search(query, status, body, strict=False)[0]:
                report.fail("flood", problem)
        fixture = work / "fixture.json"
        shared.fixture(procs)
        write_fixture(
            fixture,
            shared.bodies or {},
            help_bodies=shared.help_bodies,
            search_bodies=capture_search(subject.port, checked),
        )
        base = baseline(procs, cfg, fixture, workers=WORKERS)
        try:
            run_file(subject.port, script, warm_file, WARMUP_S, repeats_ok=False)
            run_file(base.port, script, warm_file, WARMUP_S, repeats_ok=True)
            for queries in files:
                for name, port in (("bare FastAPI", base.port), ("lingodocs", subject.port)):
                    found = run_file(
                        port, script, queries, cfg.load_seconds, repeats_ok=name != "lingodocs"
                    )
                    for problem in found.problems:
                        report.fail("flood", f"{name} under load: {problem}")
                    results[name].append(found)
        finally:
            procs.stop(base)
    finally:
        procs.stop(subject)
    _rows(report, results, cfg.load_seconds, cfg.runs)
    return {name: [r.as_dict() for r in rs] for name, rs in results.items()}


def _rows(report: Report, results: dict[str, list[LoadResult]], seconds: float, runs: int) -> None:
    def spread(name: str, attr: str) -> Spread:
        return Spread.of([float(getattr(r, attr)) for r in results[name]])

    note = (
        f"wrk, {CONNECTIONS} connections, {WORKERS} workers, {seconds:g} s x {runs}; "
        f"distinct queries of 1-4 vocabulary words (seed {SEED}), none sent twice"
    )
    for attr, label, unit, goals in (
        ("rps", "searches/s", "req/s", (Goal("value", ">=", GOAL_RPS),)),
        ("p99_ms", "p99", "ms", (Goal("value", "<=", GOAL_P99),)),
        ("p50_ms", "p50", "ms", ()),
    ):
        report.add(
            Row(
                "flood",
                f"unique queries, {WORKERS} workers, {label}",
                unit,
                spread("lingodocs", attr),
                spread("bare FastAPI", attr),
                "bare FastAPI, same bytes",
                goals,
                note,
            )
        )
