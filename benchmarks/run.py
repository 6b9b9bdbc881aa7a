"""Print legcare's performance table: `python benchmarks/run.py [--quick] [--only AREA]`.

Finds every `benchmarks/bench_*.py`, runs its `rows(quick)` and prints one table with medians,
95th percentiles, the baseline measured in the same run and the ratio to it, the target, and the
peak memory where measured.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.harness import Row  # noqa: E402


def collect(only: str | None, quick: bool) -> list[Row]:
    rows: list[Row] = []
    for path in sorted(HERE.glob("bench_*.py")):
        area = path.stem.removeprefix("bench_")
        if only and area != only:
            continue
        module = importlib.import_module(f"benchmarks.{path.stem}")
        sys.stderr.write(f"running {area} ...\n")
        rows.extend(module.rows(quick))
    return rows


def fmt(value: float | None, spec: str = ".2f") -> str:
    return "" if value is None else format(value, spec)


def render(rows: list[Row]) -> str:
    header = (
        "| area | measurement | median ms | p95 ms | runs | baseline | ratio | peak MiB | target |"
    )
    lines = [header, "|" + "---|" * 9]
    for r in rows:
        base = f"{r.baseline_name} {fmt(r.baseline_ms)} ms" if r.baseline_ms is not None else ""
        ratio = f"{r.ratio:.2f}x" if r.ratio is not None else ""
        lines.append(
            f"| {r.area} | {r.name} | {fmt(r.median_ms)} | {fmt(r.p95_ms)} | {r.runs} | {base} "
            f"| {ratio} | {fmt(r.peak_mib, '.1f')} | {r.target}{' ' + r.note if r.note else ''} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--only", help="run one area (the part after bench_)")
    args = parser.parse_args()
    print(render(collect(args.only, args.quick)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
