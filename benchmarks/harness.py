"""Small timing helpers shared by the benchmark modules.

A benchmark module is a file `benchmarks/bench_<area>.py` with a function
`rows(quick: bool) -> list[Row]`. `benchmarks/run.py` finds every such module, runs it and prints
one table. Each row may name a baseline measured in the same run, so the table shows a ratio
that does not depend on how fast this machine happens to be.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass
class Row:
    area: str
    name: str
    median_ms: float
    p95_ms: float
    runs: int
    target: str = ""
    baseline_ms: float | None = None
    baseline_name: str = ""
    peak_mib: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.baseline_ms is None or self.baseline_ms == 0:
            return None
        return self.median_ms / self.baseline_ms


def time_call(fn: Callable[[], Any], *, repeat: int, warmup: int = 1) -> list[float]:
    """Wall-clock milliseconds of ``repeat`` calls of ``fn`` (after ``warmup`` untimed calls)."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return times


def time_command(
    argv: Sequence[str], *, repeat: int, env: dict[str, str] | None = None
) -> list[float]:
    """Milliseconds for a whole process to start, run and exit."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(list(argv), check=True, capture_output=True, env=env)
        times.append((time.perf_counter() - t0) * 1000)
    return times


def peak_memory_mib(fn: Callable[[], Any]) -> float:
    """Peak Python heap allocation while ``fn`` runs, in MiB (tracemalloc)."""
    tracemalloc.start()
    try:
        fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20


def summarise(times: list[float]) -> tuple[float, float]:
    """(median, 95th percentile) of a list of milliseconds."""
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered), p95


def make_row(area: str, name: str, times: list[float], **extra: Any) -> Row:
    median, p95 = summarise(times)
    return Row(area=area, name=name, median_ms=median, p95_ms=p95, runs=len(times), **extra)


PYTHON = sys.executable
