"""Throughput and latency of a subject server against a baseline, runs interleaved."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bench.load import LoadResult, Target, exact_check, keepalive_probe, run_load
from bench.report import Goal, Report, Row
from bench.stats import Spread

STALL_MS = 30.0  # a keep-alive request this slow is a delayed-ACK stall, not work


@dataclass(frozen=True, slots=True)
class Side:
    name: str
    port: int


def compare_load(
    report: Report,
    section: str,
    label: str,
    subject: Side,
    base: Side,
    targets: Sequence[Target],
    runs: int,
    seconds: float,
    connections: int,
    rps_goal: float,
    p99_goal: float | None,
) -> dict[str, object]:
    """Warm up both, then `runs` interleaved wrk runs each (A B A B ...).

    Any wrong response (before, during or after the load) is a failure of the run.
    """
    results: dict[str, list[LoadResult]] = {subject.name: [], base.name: []}
    probes: dict[str, float] = {}
    for side in (subject, base):
        for problem in exact_check(side.port, targets):
            report.fail(section, f"{side.name}: {problem}")
        probes[side.name] = keepalive_probe(side.port, targets[0])
        if probes[side.name] >= STALL_MS:
            report.notes.append(
                f"{section} {label} {side.name}: {probes[side.name]:.0f} ms per request on one "
                "keep-alive connection: responses wait for a delayed ACK (TCP_NODELAY not set "
                "on accepted sockets)"
            )
        run_load(side.port, targets, 1.0, connections)  # warm-up, not recorded
    for _ in range(runs):
        for side in (base, subject):
            result = run_load(side.port, targets, seconds, connections)
            for problem in result.problems:
                report.fail(section, f"{side.name} under load: {problem}")
            results[side.name].append(result)
    for side in (subject, base):
        for problem in exact_check(side.port, targets):
            report.fail(section, f"{side.name} after load: {problem}")

    def spread(name: str, attr: str) -> Spread:
        return Spread.of([float(getattr(r, attr)) for r in results[name]])

    tool = results[subject.name][0].tool
    note = f"{tool}, {connections} connections, {seconds:g} s x {runs}"
    done = sum(r.requests for r in results[subject.name])
    hits = sum(r.cache_hits for r in results[subject.name])
    if hits:
        note += f"; {100 * hits / max(1, done):.1f}% cache HIT"
    report.add(
        Row(
            section,
            f"{label} requests/s",
            "req/s",
            spread(subject.name, "rps"),
            spread(base.name, "rps"),
            base.name,
            (Goal("ratio", ">=", rps_goal),),
            note,
        )
    )
    report.add(
        Row(
            section,
            f"{label} p99",
            "ms",
            spread(subject.name, "p99_ms"),
            spread(base.name, "p99_ms"),
            base.name,
            (Goal("ratio", "<=", p99_goal),) if p99_goal else (),
            note,
        )
    )
    report.add(
        Row(
            section,
            f"{label} p50",
            "ms",
            spread(subject.name, "p50_ms"),
            spread(base.name, "p50_ms"),
            base.name,
            (),
            note,
        )
    )
    out: dict[str, object] = {name: [r.as_dict() for r in rs] for name, rs in results.items()}
    out["keepalive_probe_ms"] = probes
    return out
