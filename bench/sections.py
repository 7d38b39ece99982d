"""Items 1-3 and 6 of the harness: lookup, cache, search latency, memory."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bench import nginx
from bench.compare import Side, compare_load
from bench.config import Config
from bench.load import ACCEPT_MIX, Target, help_targets, method_targets, run_load
from bench.procs import Procs, RssSampler, Timed, free_port, tree_rss_mb
from bench.queries import QUERIES
from bench.report import Goal, Report, Row
from bench.search_latency import Latencies, measure_http, measure_inprocess
from bench.servers import (
    Bodies,
    baseline,
    capture_bodies,
    capture_help,
    ingest,
    serve,
    write_fixture,
)
from bench.stats import Spread


@dataclass
class Shared:
    """What several sections need: the real corpus's index and the method records."""

    cfg: Config
    index: Path | None = None
    bodies: Bodies | None = None
    help_bodies: Bodies | None = None  # field-help query → locale → body
    ingest_runs: list[Timed] = field(default_factory=list)
    bare_runs: list[Timed] = field(default_factory=list)
    real: dict[str, Spread] = field(default_factory=dict)  # real-corpus figures, for scale 1x

    def real_index(self) -> Path:
        if self.index is None:
            index = self.cfg.workdir / "real-index"
            self.ingest_runs.append(ingest(self.cfg, self.cfg.corpus, index))
            self.index = index
        return self.index

    def fixture(self, procs: Procs) -> Path:
        """The service's records for every method and locale, as the baselines serve them."""
        if self.bodies is None:
            server = serve(procs, self.cfg, self.cfg.corpus, self.real_index())
            try:
                self.bodies = capture_bodies(server.port)
                self.help_bodies = capture_help(server.port)
            finally:
                procs.stop(server)
        path = self.cfg.workdir / "fixture.json"
        write_fixture(path, self.bodies, help_bodies=self.help_bodies)
        return path


def lookup(report: Report, shared: Shared, procs: Procs) -> dict[str, object]:
    """Method lookups on 1 and 2 workers, and field-help lookups, each beside the bare
    framework serving the same bytes."""
    cfg = shared.cfg
    fixture = shared.fixture(procs)
    quiet = {"LINGODOCS_LOG_LEVEL": "warning"}  # the service's access log off
    runs: list[tuple[str, str, list[Target], int, dict[str, str] | None]] = [
        (f"workers={n}", f"methods, {n} worker{'s' if n > 1 else ''},", method_targets(), n, None)
        for n in (1, 2)
    ]
    runs += [
        ("help", "field help, 1 worker,", help_targets(sorted(shared.help_bodies or {})), 1, None),
        # the same as the first, without the access log: what the log costs of the gap
        ("workers=1 no log", "methods, 1 worker, access log off,", method_targets(), 1, quiet),
    ]
    out: dict[str, object] = {}
    for key, label, targets, workers, env in runs:
        subject = serve(procs, cfg, cfg.corpus, shared.real_index(), workers=workers, env=env)
        base = baseline(procs, cfg, fixture, workers=workers)
        try:
            out[key] = compare_load(
                report,
                "lookup",
                label,
                Side("lingodocs", subject.port),
                Side("bare FastAPI", base.port),
                targets,
                cfg.runs,
                cfg.load_seconds,
                cfg.connections,
                rps_goal=0.9,
                p99_goal=1.2,
            )
        finally:
            procs.stop(base)
            procs.stop(subject)
    return out


def cache(report: Report, shared: Shared, procs: Procs) -> dict[str, object]:
    cfg = shared.cfg
    shared.fixture(procs)
    assert shared.bodies is not None
    origin = serve(procs, cfg, cfg.corpus, shared.real_index())
    ports = nginx.NginxPorts(cache=free_port(), static=free_port(), origin=origin.port)
    proxy, static = nginx.start(
        procs, cfg.workdir / "nginx", ports, dict(ACCEPT_MIX), shared.bodies
    )
    try:
        return compare_load(
            report,
            "cache",
            "nginx proxy_cache,",
            Side("lingodocs+cache", ports.cache),
            Side("nginx static", ports.static),
            method_targets(),
            cfg.runs,
            cfg.load_seconds,
            cfg.connections,
            rps_goal=0.8,
            p99_goal=None,
        )
    finally:
        procs.stop(static)
        procs.stop(proxy)
        procs.stop(origin)


def search(report: Report, shared: Shared, procs: Procs) -> dict[str, object]:
    """Each run: a fresh server (cold pass + warm passes), then a fresh process
    searching in-process (a catalog opened there)."""
    cfg = shared.cfg
    index = shared.real_index()
    http, local = Latencies(), Latencies()
    for _ in range(cfg.runs):
        server = serve(procs, cfg, cfg.corpus, index)
        try:
            http.add(measure_http(server.port, QUERIES, cfg.search_rounds, strict=True))
        finally:
            procs.stop(server)
        local.add(measure_inprocess(index, QUERIES, cfg.search_rounds, cfg.python))
    for problem in http.problems:
        report.fail("search", problem)
    shared.real["search p50 (cold)"] = Spread.of(http.cold_p50)
    shared.real["search p99 (cold)"] = Spread.of(http.cold_p99)
    note = f"{len(QUERIES)} queries; cold pass + {cfg.search_rounds} warm passes per run"
    for phase in ("cold", "warm"):
        for name, limit in (("p50", 5.0), ("p99", 20.0)):
            attr = f"{phase}_{name}"
            # Warm queries are result-cache hits: in-process that is a dict lookup, so the
            # ratio goal (HTTP overhead on a search) applies to cold queries only.
            goals: tuple[Goal, ...] = (Goal("value", "<=", limit),)
            if phase == "cold":
                goals += (Goal("ratio", "<=", 1.5),)
            row = Row(
                "search",
                f"search {name}, {phase} (HTTP)",
                "ms",
                Spread.of(getattr(http, attr)),
                Spread.of(getattr(local, attr)),
                "in-process",
                goals,
                note,
            )
            report.add(row)
    return {"http_totals": http.totals, "inprocess_totals": local.totals}


def memory(report: Report, shared: Shared, procs: Procs) -> None:
    """Peak RSS of `lingodocs serve` (real corpus, under lookup + search load) and ingest."""
    cfg = shared.cfg
    fixture = shared.fixture(procs)
    peaks: dict[str, list[float]] = {"serve": [], "base": []}
    for _ in range(max(1, cfg.runs // 2)):
        subject = serve(procs, cfg, cfg.corpus, shared.real_index())
        base = baseline(procs, cfg, fixture)
        try:
            for key, item in (("serve", subject), ("base", base)):
                with RssSampler(item.pid) as sampler:
                    run_load(item.port, method_targets(), min(cfg.load_seconds, 5.0), 16)
                    if key == "serve":
                        measure_http(item.port, QUERIES, 1, strict=False)
                peaks[key].append(max(sampler.peak_mb, tree_rss_mb(item.pid)))
        finally:
            procs.stop(base)
            procs.stop(subject)
    shared.real["serve RSS"] = Spread.of(peaks["serve"])
    report.add(
        Row(
            "memory",
            "serve peak RSS (real corpus)",
            "MB",
            Spread.of(peaks["serve"]),
            Spread.of(peaks["base"]),
            "bare FastAPI",
        )
    )
    if not shared.ingest_runs:
        shared.real_index()
    if not shared.bare_runs:
        from bench.ingest_bench import bare_ingest

        bare_dir = cfg.workdir / "bare-memory"
        shared.bare_runs.append(bare_ingest(cfg, cfg.corpus, bare_dir))
    report.add(
        Row(
            "memory",
            "ingest peak RSS (real corpus)",
            "MB",
            Spread.of([t.peak_rss_mb for t in shared.ingest_runs]),
            Spread.of([t.peak_rss_mb for t in shared.bare_runs]),
            "bare Whoosh",
        )
    )
