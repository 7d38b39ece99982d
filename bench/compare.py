"""Throughput and latency of a subject server against a baseline, runs interleaved."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bench.load import LoadResult, Target, exact_check, run_load
from bench.report import Goal, Report, Row
from bench.stats import Spread


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
    for side in (subject, base):
        for problem in exact_check(side.port, targets):
            report.fail(section, f"{side.name}: {problem}")
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
    return {name: [r.as_dict() for r in rs] for name, rs in results.items()}
