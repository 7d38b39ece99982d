"""Load generation against 127.0.0.1: wrk with a Lua script, or a bounded Python client.

The request mix cycles through every (method, Accept-Language) pair. wrk's Lua
`response()` cannot tell which request a response answers (several connections
per thread), so correctness under load is checked three ways:
  * every response is 200, its Content-Language is one of en/fr/nl/sv, and its
    body carries the same `"locale":"xx"` (Lua, per response);
  * the count of responses per locale equals the count of requests sent per
    expected locale, within the requests still in flight when wrk stops (a cache
    keyed wrongly, or negotiation that ignores the header, breaks the
    distribution: the mix gives each locale a different share);
  * `exact_check` sends each pair alone before and after the load and compares
    the parsed JSON `locale` exactly.
"""

from __future__ import annotations

import http.client
import json
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench.procs import HOST, BenchError, http_get
from bench.stats import percentile

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
LOCALES = ("en", "fr", "nl", "sv")
# Accept-Language header -> locale the service must serve. Shares differ per locale
# (en 4, fr 3, nl 2, sv 1 of 10) so a mix-up shows in the per-locale counts.
ACCEPT_MIX: tuple[tuple[str, str], ...] = (
    ("en-US,en;q=0.9", "en"),
    ("de-DE", "en"),
    ("en-GB", "en"),
    ("ja,zh-CN;q=0.5", "en"),
    ("fr-CA,fr;q=0.9", "fr"),
    ("fr-FR", "fr"),
    ("de-DE,de;q=0.9,fr;q=0.8", "fr"),
    ("nl-BE", "nl"),
    ("nl-NL,nl;q=0.9,en;q=0.8", "nl"),
    ("sv-FI", "sv"),
)
BODY_LOCALE_RE = re.compile(rb'"locale"\s*:\s*"([A-Za-z-]+)"')


@dataclass(frozen=True, slots=True)
class Target:
    path: str
    accept_language: str
    locale: str


def method_targets() -> list[Target]:
    return [Target(f"/api/v1/methods/{m}", al, loc) for al, loc in ACCEPT_MIX for m in METHODS]


def help_targets(queries: Sequence[str]) -> list[Target]:
    """Field-help lookups (``?app=…&module=…&field=…``) in every Accept-Language of the mix."""
    return [Target(f"/api/v1/help{q}", al, loc) for al, loc in ACCEPT_MIX for q in queries]


@dataclass
class LoadResult:
    tool: str
    seconds: float
    requests: int
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    errors: dict[str, int] = field(default_factory=dict)
    bad: int = 0
    sent: dict[str, int] = field(default_factory=dict)
    got: dict[str, int] = field(default_factory=dict)
    cache_hits: int = 0
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _lang(value: str) -> str:
    return value.split("-")[0].split("_")[0].strip().lower()


def check_response(target: Target, status: int, headers: dict[str, str], body: bytes) -> str:
    """Empty string when the response is right for its request, else what is wrong."""
    if status != 200:
        return f"{target.path} [{target.accept_language}] -> HTTP {status}"
    try:
        data = json.loads(body)
    except ValueError:
        return f"{target.path} [{target.accept_language}] -> body is not JSON"
    got = str(data.get("locale", "")) if isinstance(data, dict) else ""
    if _lang(got) != target.locale:
        return f"{target.path} [{target.accept_language}] -> locale {got!r}, want {target.locale}"
    header = _lang(headers.get("content-language", target.locale))
    if header != target.locale:
        return f"{target.path} [{target.accept_language}] -> Content-Language {header!r}"
    return ""


def exact_check(port: int, targets: Sequence[Target]) -> list[str]:
    """Each target once on its own connection; list of problems (empty when all right)."""
    problems = []
    for t in targets:
        status, headers, body = http_get(port, t.path, {"Accept-Language": t.accept_language})
        if problem := check_response(t, status, headers, body):
            problems.append(problem)
    return problems


def keepalive_probe(port: int, target: Target, requests: int = 20) -> float:
    """Median ms of sequential requests on one keep-alive connection (one client).

    About 40 ms means every response waits for a delayed ACK: the server writes
    headers and body separately with Nagle's algorithm on (TCP_NODELAY not set).
    """
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    samples = []
    try:
        for _ in range(requests):
            start = time.perf_counter()
            conn.request("GET", target.path, headers={"Accept-Language": target.accept_language})
            conn.getresponse().read()
            samples.append(time.perf_counter() - start)
    finally:
        conn.close()
    return percentile(samples, 50) * 1000


def lua_done(extra: str) -> str:
    """wrk's ``done``: every thread's tallies summed, printed as one BENCH_JSON line with
    the latencies (``extra``: the script's own last counter). The lookup and the flood
    scripts end with it."""
    return LUA_DONE.replace("--EXTRA--", extra)


def lua_script(targets: Sequence[Target]) -> str:
    rows = ",\n".join(
        f"  {{{json.dumps(t.path)}, {json.dumps(t.accept_language)}, {json.dumps(t.locale)}}}"
        for t in targets
    )
    return LUA_TEMPLATE.replace("--TARGETS--", rows) + lua_done("hits")


LUA_TEMPLATE = r"""
local targets = {
--TARGETS--
}
local reqs, locs = {}, {}
local n, i = #targets, 0
sent_en, sent_fr, sent_nl, sent_sv = 0, 0, 0, 0
got_en, got_fr, got_nl, got_sv = 0, 0, 0, 0
bad, hits = 0, 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for k, t in ipairs(targets) do
    reqs[k] = wrk.format("GET", t[1], {["Accept-Language"] = t[2]})
    locs[k] = t[3]
  end
end

function request()
  i = i % n + 1
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
  if body_lang == nil or string.lower(body_lang) ~= lang then bad = bad + 1 return end
  if lang == "en" then got_en = got_en + 1
  elseif lang == "fr" then got_fr = got_fr + 1
  elseif lang == "nl" then got_nl = got_nl + 1
  elseif lang == "sv" then got_sv = got_sv + 1
  else bad = bad + 1 end
  local cache = headers["X-Cache-Status"] or headers["x-cache-status"]
  if cache == "HIT" then hits = hits + 1 end
end

"""


LUA_DONE = r"""
function done(summary, latency, requests)
  local t = {sent_en=0, sent_fr=0, sent_nl=0, sent_sv=0,
             got_en=0, got_fr=0, got_nl=0, got_sv=0, bad=0, --EXTRA--=0}
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do t[k] = t[k] + (thread:get(k) or 0) end
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,' ..
    '"status":%d,"timeout":%d,"p50":%.1f,"p90":%.1f,"p99":%.1f,"max":%.1f,' ..
    '"sent":{"en":%d,"fr":%d,"nl":%d,"sv":%d},"got":{"en":%d,"fr":%d,"nl":%d,"sv":%d},' ..
    '"bad":%d,"--EXTRA--":%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    t.sent_en, t.sent_fr, t.sent_nl, t.sent_sv, t.got_en, t.got_fr, t.got_nl, t.got_sv,
    t.bad, t["--EXTRA--"]))
end
"""


def distribution_problems(result: LoadResult, slack: int) -> list[str]:
    problems = []
    if result.bad:
        problems.append(f"{result.bad} wrong or non-200 responses")
    for name, count in result.errors.items():
        if count:
            problems.append(f"{count} socket {name} errors")
    for loc in LOCALES:
        sent, got = result.sent.get(loc, 0), result.got.get(loc, 0)
        if got > sent or sent - got > slack:
            problems.append(f"locale {loc}: {got} responses for {sent} requests")
    if result.requests == 0:
        problems.append("no requests completed")
    return problems


def run_wrk(
    port: int,
    targets: Sequence[Target],
    seconds: float,
    connections: int,
    threads: int = 1,
) -> LoadResult:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise BenchError("wrk not found")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua_script(targets))
    try:
        cmd = [
            wrk,
            f"-t{threads}",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "5s",
            "-s",
            script.name,
            f"http://{HOST}:{port}/",
        ]
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60)
    finally:
        Path(script.name).unlink(missing_ok=True)
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
        cache_hits=raw["hits"],
    )
    result.problems = distribution_problems(result, slack=connections)
    return result


def run_python(
    port: int,
    targets: Sequence[Target],
    seconds: float,
    connections: int,
    max_requests: int = 200_000,
) -> LoadResult:
    """Fallback load: `connections` threads with keep-alive, bounded by time and count."""
    lock = threading.Lock()
    latencies: list[float] = []
    sent: Counter[str] = Counter()
    got: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    problems: list[str] = []
    deadline = time.monotonic() + seconds
    budget = [max_requests]

    def worker(offset: int) -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=5)
        k = offset
        try:
            while time.monotonic() < deadline:
                with lock:
                    if budget[0] <= 0:
                        return
                    budget[0] -= 1
                t = targets[k % len(targets)]
                k += 1
                start = time.perf_counter()
                try:
                    conn.request("GET", t.path, headers={"Accept-Language": t.accept_language})
                    resp = conn.getresponse()
                    body = resp.read()
                except (OSError, http.client.HTTPException):
                    errors["read"] += 1
                    conn.close()
                    conn = http.client.HTTPConnection(HOST, port, timeout=5)
                    continue
                elapsed = time.perf_counter() - start
                headers = {a.lower(): b for a, b in resp.getheaders()}
                problem = check_response(t, resp.status, headers, body)
                with lock:
                    latencies.append(elapsed)
                    sent[t.locale] += 1
                    if problem:
                        problems.append(problem)
                    else:
                        got[t.locale] += 1
        finally:
            conn.close()

    start = time.monotonic()
    pool = [threading.Thread(target=worker, args=(i * 7,)) for i in range(connections)]
    for th in pool:
        th.start()
    for th in pool:
        th.join(timeout=seconds + 30)
    duration = time.monotonic() - start
    if not latencies:
        raise BenchError("python load client completed no requests")
    result = LoadResult(
        tool="python",
        seconds=duration,
        requests=len(latencies),
        rps=len(latencies) / duration,
        p50_ms=percentile(latencies, 50) * 1000,
        p90_ms=percentile(latencies, 90) * 1000,
        p99_ms=percentile(latencies, 99) * 1000,
        max_ms=max(latencies) * 1000,
        errors=dict(errors),
        bad=len(problems),
        sent=dict(sent),
        got=dict(got),
    )
    result.problems = problems[:5] + distribution_problems(result, slack=0)
    return result


def run_load(port: int, targets: Sequence[Target], seconds: float, connections: int) -> LoadResult:
    """wrk when installed (the normal case), else the bounded Python client."""
    if shutil.which("wrk"):
        return run_wrk(port, targets, seconds, connections)
    return run_python(port, targets, seconds, connections)
