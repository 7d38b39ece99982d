"""Small statistics helpers: percentiles and median/min/max summaries of runs."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (pct in 0..100) of a non-empty sequence."""
    if not values:
        raise ValueError("percentile of an empty sequence")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(pct / 100.0 * len(ordered))))
    return ordered[rank - 1]


@dataclass(frozen=True, slots=True)
class Spread:
    """Median of several runs with their min and max."""

    median: float
    low: float
    high: float
    runs: tuple[float, ...]

    @classmethod
    def of(cls, runs: Sequence[float]) -> Spread:
        if not runs:
            raise ValueError("no runs")
        return cls(statistics.median(runs), min(runs), max(runs), tuple(runs))

    def as_dict(self) -> dict[str, object]:
        return {
            "median": self.median,
            "min": self.low,
            "max": self.high,
            "runs": list(self.runs),
        }
