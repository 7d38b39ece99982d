"""Rows of figures beside their baselines: terminal table, results JSON, README table."""

from __future__ import annotations

import json
import os
import platform
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bench.stats import Spread

README_START = "<!-- results:start -->"
README_END = "<!-- results:end -->"


@dataclass(frozen=True, slots=True)
class Goal:
    """`ratio` goals compare value/baseline; `value` goals compare the figure itself."""

    on: str  # "ratio" | "value"
    op: str  # ">=" | "<="
    limit: float

    def met(self, value: float, ratio: float | None) -> bool | None:
        subject = ratio if self.on == "ratio" else value
        if subject is None:
            return None
        return subject >= self.limit if self.op == ">=" else subject <= self.limit

    def __str__(self) -> str:
        unit = "x" if self.on == "ratio" else ""
        return f"{self.op} {self.limit:g}{unit}"


@dataclass(frozen=True, slots=True)
class Row:
    section: str
    name: str
    unit: str
    value: Spread
    baseline: Spread | None = None
    baseline_name: str = ""
    goals: tuple[Goal, ...] = ()
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline.median == 0:
            return None
        return self.value.median / self.baseline.median

    @property
    def met(self) -> bool | None:
        verdicts = [g.met(self.value.median, self.ratio) for g in self.goals]
        if not verdicts or None in verdicts:
            return None
        return all(verdicts)

    @property
    def goal_text(self) -> str:
        return ", ".join(str(g) for g in self.goals)

    def as_dict(self) -> dict[str, object]:
        return {
            "section": self.section,
            "name": self.name,
            "unit": self.unit,
            "value": self.value.as_dict(),
            "baseline": self.baseline.as_dict() if self.baseline else None,
            "baseline_name": self.baseline_name,
            "ratio": self.ratio,
            "goal": self.goal_text or None,
            "met": self.met,
            "note": self.note,
        }


@dataclass
class Report:
    mode: str
    rows: list[Row] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # correctness: fail the run
    notes: list[str] = field(default_factory=list)
    extra: dict[str, object] = field(default_factory=dict)
    started: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    def add(self, row: Row) -> None:
        self.rows.append(row)
        print("  " + format_row(row), flush=True)

    def fail(self, section: str, message: str) -> None:
        self.failures.append(f"{section}: {message}")
        print(f"  FAIL {section}: {message}", flush=True)


def fmt(value: float) -> str:
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def fmt_spread(s: Spread) -> str:
    return f"{fmt(s.median)} [{fmt(s.low)}–{fmt(s.high)}]"


def _verdict(row: Row) -> str:
    return {True: "ok", False: "MISS", None: ""}[row.met]


def format_row(row: Row) -> str:
    base = f"{fmt_spread(row.baseline)} ({row.baseline_name})" if row.baseline else "-"
    ratio = f"{row.ratio:.2f}x" if row.ratio is not None else "-"
    goal = f"goal {row.goal_text} {_verdict(row)}" if row.goals else ""
    value = f"{fmt_spread(row.value):>24} {row.unit:5}"
    return f"{row.section:7} {row.name:44} {value} vs {base} = {ratio} {goal}"


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    python = platform.python_version()
    return f"{os.cpu_count()} cores, {mem_gb:.0f} GiB, {cpu or platform.machine()}, Python {python}"


def print_table(report: Report) -> None:
    print(f"\n== Lingodocs bench ({report.mode}) {report.started} on {machine()} ==")
    for row in report.rows:
        print(format_row(row))
    for note in report.notes:
        print(f"note: {note}")
    if report.failures:
        print(f"\n{len(report.failures)} correctness failure(s):")
        for failure in report.failures:
            print(f"  - {failure}")


def write_json(report: Report, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "mode": report.mode,
        "started": report.started,
        "machine": machine(),
        "rows": [row.as_dict() for row in report.rows],
        "failures": report.failures,
        "notes": report.notes,
        **report.extra,
    }
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)


def markdown_table(report: Report) -> str:
    lines = [
        f"Last run: {report.started[:10]}, `{report.mode}` mode, {machine()}.",
        "Median of runs [min–max]; ratio = figure / baseline.",
        "",
        "| section | figure | value | baseline | ratio | goal |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in report.rows:
        base = f"{fmt_spread(row.baseline)} ({row.baseline_name})" if row.baseline else "–"
        ratio = f"{row.ratio:.2f}×" if row.ratio is not None else "–"
        goal = f"{row.goal_text} {_verdict(row)}".strip() if row.goals else "–"
        value = f"{fmt_spread(row.value)} {row.unit}".strip()
        lines.append(f"| {row.section} | {row.name} | {value} | {base} | {ratio} | {goal} |")
    if report.notes:
        lines += ["", "Notes:"]
        lines += [f"- {_one_line(n)}" for n in report.notes]
    if report.failures:
        lines += ["", f"**{len(report.failures)} correctness failure(s)**:"]
        lines += [f"- {_one_line(f)}" for f in report.failures]
    return "\n".join(lines)


def _one_line(text: str, limit: int = 400) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def update_readme(report: Report, readme: Path) -> None:
    """Replace the text between the results markers in bench/README.md."""
    text = readme.read_text(encoding="utf-8") if readme.exists() else ""
    block = f"{README_START}\n{markdown_table(report)}\n{README_END}"
    if README_START in text and README_END in text:
        pattern = re.compile(re.escape(README_START) + ".*?" + re.escape(README_END), re.S)
        text = pattern.sub(lambda _: block, text)
    else:
        text = text.rstrip() + "\n\n## Latest results\n\n" + block + "\n"
    readme.write_text(text, encoding="utf-8")
