"""Start-up: `legcare --help` cold start and the knowledge-base load, against `python -c pass`."""

from __future__ import annotations

import subprocess

from benchmarks.harness import PYTHON, Row, make_row, time_command


def _kb_load_ms() -> list[float]:
    code = (
        "import time; t=time.perf_counter();"
        "from legcare.store.knowledge_files import load_knowledge_base; load_knowledge_base();"
        "print((time.perf_counter()-t)*1000)"
    )
    out = subprocess.run([PYTHON, "-c", code], check=True, capture_output=True, text=True)
    return [float(out.stdout.strip())]


def rows(quick: bool) -> list[Row]:
    repeat = 5 if quick else 15
    base = make_row(
        "startup", "python -c pass", time_command([PYTHON, "-c", "pass"], repeat=repeat)
    )
    cli = make_row(
        "startup",
        "legcare --help (cold start)",
        time_command([PYTHON, "-m", "legcare", "--help"], repeat=repeat),
        target="< 300 ms",
        baseline_ms=base.median_ms,
        baseline_name="python -c pass",
    )
    kb_times: list[float] = []
    for _ in range(repeat):
        kb_times += _kb_load_ms()
    kb = make_row(
        "startup",
        "knowledge base load (fresh process)",
        kb_times,
        baseline_ms=base.median_ms,
        baseline_name="python -c pass",
    )
    return [base, cli, kb]
