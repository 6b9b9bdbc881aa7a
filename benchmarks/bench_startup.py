"""Start-up: `legcare --help`, the everyday commands and the knowledge-base load, each a whole
process, against `python -c pass` measured in the same run (target: everyday commands under
300 ms and within 5x of `python -c pass`). The everyday commands run on a data folder with an
experiment and a few weeks of check-ins."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

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
    return [base, cli, kb, *_everyday_rows(base.median_ms, repeat)]


EVERYDAY = (
    ("log", "list"),
    ("insights",),
    ("experiment", "today"),
    ("experiment", "results"),
)


def _everyday_rows(base_ms: float, repeat: int) -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith("LEGCARE_")}
        env["LEGCARE_DATA_DIR"] = tmp
        _seed(Path(tmp), env)
        out = []
        for args in EVERYDAY:
            argv = [PYTHON, "-m", "legcare", *args]
            out.append(
                make_row(
                    "startup",
                    f"legcare {' '.join(args)} (process)",
                    time_command(argv, repeat=repeat, env=env),
                    target="< 300 ms, < 5x",
                    baseline_ms=base_ms,
                    baseline_name="python -c pass",
                )
            )
    return out


def _seed(folder: Path, env: dict[str, str]) -> None:
    """An experiment that started 40 days ago with its check-ins (results are analysed)."""
    from datetime import date, timedelta

    start = date.today() - timedelta(days=40)
    code = (
        "import dataclasses, datetime as dt\n"
        "from pathlib import Path\n"
        "from legcare.settings import Settings\n"
        "from legcare.services.context import build_context\n"
        "from legcare.services import diary, experiments\n"
        f"start = dt.date.fromisoformat('{start.isoformat()}')\n"
        f"ctx = build_context(Settings(data_dir=Path({str(folder)!r})))\n"
        "def at(day):\n"
        "    moment = dt.datetime.combine(day, dt.time(21), tzinfo=dt.timezone.utc)\n"
        "    return dataclasses.replace(ctx, clock=lambda: moment)\n"
        "experiments.new_experiment(ctx=at(start), arms='orthotics,none', outcome='rls',\n"
        "                           seed=5, start=start)\n"
        "for i in range(40):\n"
        "    day = start + dt.timedelta(days=i)\n"
        "    diary.log_checkin(ctx=at(day), kind='evening', day=day, values={'rls': 3 + i % 5})\n"
    )
    subprocess.run([PYTHON, "-c", code], check=True, capture_output=True, env=env)
