"""Start-up: `legcare --help`, the everyday commands and the knowledge-base load, each a whole
process, against `python -c pass` measured in the same run (target: everyday commands under
300 ms and within 5x of `python -c pass`). The everyday commands run on a data folder with an
experiment and a few weeks of check-ins.

Byte-code is written and the content cache is warm, as for anyone who has run legcare once
(`PYTHONDONTWRITEBYTECODE` is cleared for these processes). Two kinds of extra rows:

- the import floor: what importing the libraries every command needs costs on its own
  (Typer, the `Settings` loader, SQLAlchemy; Rich and pydantic only when a command prints a
  table or converts an option's text to a number);
- before/after: with `LEGCARE_BENCH_BEFORE=<git revision>`, the same commands are also run from
  that revision's source (exported with `git archive`, run with PYTHONPATH), interleaved with
  this tree's runs, so both columns share the machine's load.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path
from statistics import median

from benchmarks.harness import PYTHON, Row, make_row, time_command


def _kb_load_ms(env: dict[str, str]) -> list[float]:
    code = (
        "import time; t=time.perf_counter();"
        "from legcare.store.content_cache import load_knowledge_base; load_knowledge_base();"
        "print((time.perf_counter()-t)*1000)"
    )
    out = subprocess.run([PYTHON, "-c", code], check=True, capture_output=True, text=True, env=env)
    return [float(out.stdout.strip())]


FLOOR = (
    ("typer", "import typer"),
    ("legcare.settings (no pydantic)", "import legcare.settings"),
    ("sqlalchemy", "import sqlalchemy"),
    (
        "pydantic TypeAdapter (Typer's conversion, when a value needs it)",
        "import pydantic; pydantic.TypeAdapter(int).validate_python('5')",
    ),  # fmt: skip
    ("rich.table (only when a table is printed)", "import rich.table"),
    ("typer + Settings + SQLAlchemy: every command", "import typer, legcare.settings, sqlalchemy"),
)


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEGCARE_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return {**env, **extra}


def rows(quick: bool) -> list[Row]:
    repeat = 5 if quick else 15
    bare = [_run_cpu([PYTHON, "-c", "pass"], _env()) for _ in range(repeat)]
    base = make_row("startup", "python -c pass", [wall for wall, _ in bare],
                    note=f"CPU {median(cpu for _, cpu in bare):.0f} ms")  # fmt: skip
    floor = []
    for name, code in FLOOR:
        runs = [_run_cpu([PYTHON, "-c", code], _env()) for _ in range(repeat)]
        floor.append(
            make_row(
                "startup",
                f"import floor: {name}",
                [wall for wall, _ in runs],
                baseline_ms=base.median_ms,
                baseline_name="python -c pass",
                note=f"CPU {median(cpu for _, cpu in runs):.0f} ms",
            )
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
    with tempfile.TemporaryDirectory() as cache:
        env = _env(XDG_CACHE_HOME=cache)
        built = _kb_load_ms(env)  # the first run builds the content and stores it
        for _ in range(repeat):
            kb_times += _kb_load_ms(env)
    kb = make_row(
        "startup",
        f"knowledge base load (fresh process, cached build; building it took {built[0]:.0f} ms)",
        kb_times,
        baseline_ms=base.median_ms,
        baseline_name="python -c pass",
    )
    return [base, *floor, cli, kb, *_everyday_rows(base.median_ms, repeat)]


EVERYDAY = (
    ("log", "list"),
    ("log", "list", "--json"),
    ("log", "evening", "5", "--yes"),
    ("insights",),
    ("insights", "--json"),
    ("experiment", "today"),
    ("experiment", "today", "--json"),
    ("experiment", "status"),
    ("experiment", "results"),
    ("experiment", "results", "--json"),
    ("safety",),
    ("safety", "--json"),
    ("plan",),
    ("learn",),
    ("check", "--history", "--json"),
    ("session", "list"),
)


def _run_cpu(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall ms, CPU ms of the process: user + system) of one run. CPU time is what the command
    costs; the wall clock also holds the wait for a core on a shared machine."""
    import time

    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = (time.perf_counter() - t0) * 1000
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(argv)} failed")
    return wall, (usage.ru_utime + usage.ru_stime) * 1000


def _before_tree(folder: Path) -> Path | None:
    """The source of ``LEGCARE_BENCH_BEFORE`` (a git revision) exported into ``folder``."""
    revision = os.environ.get("LEGCARE_BENCH_BEFORE")
    if not revision:
        return None
    root = Path(__file__).resolve().parent.parent
    archive = subprocess.run(
        ["git", "-C", str(root), "archive", revision, "src"], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder / "src"


def _everyday_rows(base_ms: float, repeat: int) -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as old:
        env = _env(LEGCARE_DATA_DIR=tmp, XDG_CACHE_HOME=str(Path(tmp) / "cache"))
        _seed(Path(tmp), env)
        before = _before_tree(Path(old))
        before_env = None
        if before is not None:  # its own data folder: its schema may be older than this tree's
            data = Path(old) / "data"
            before_env = _env(LEGCARE_DATA_DIR=str(data), XDG_CACHE_HOME=str(data / "cache"),
                              PYTHONPATH=str(before))  # fmt: skip
            _seed(data, before_env)
        for warm in (env, before_env):  # write byte-code and fill the content cache
            if warm is not None:
                for args in EVERYDAY:
                    subprocess.run([PYTHON, "-m", "legcare", *args], env=warm,
                                   capture_output=True, check=False)  # fmt: skip
        out = []
        for args in EVERYDAY:
            argv = [PYTHON, "-m", "legcare", *args]
            now: list[float] = []
            then: list[float] = []
            now_cpu: list[float] = []
            then_cpu: list[float] = []
            for _ in range(repeat):  # interleaved: both see the same load
                wall, cpu = _run_cpu(argv, env)
                now.append(wall)
                now_cpu.append(cpu)
                if before_env is not None:
                    wall, cpu = _run_cpu(argv, before_env)
                    then.append(wall)
                    then_cpu.append(cpu)
            after = make_row(
                "startup",
                f"legcare {' '.join(args)} (process)",
                now,
                target="< 300 ms, < 5x",
                baseline_ms=base_ms,
                baseline_name="python -c pass",
                note=f"CPU {median(now_cpu):.0f} ms",
            )
            if then:
                label = os.environ["LEGCARE_BENCH_BEFORE"]
                old_row = make_row(
                    "startup",
                    f"  same command before ({label})",
                    then,
                    baseline_ms=base_ms,
                    baseline_name="python -c pass",
                )
                change = median(now_cpu) / median(then_cpu)
                old_row.note = f"CPU {median(then_cpu):.0f} ms"
                after.note += f" (before: CPU {median(then_cpu):.0f} ms; now {change:.2f}x of that)"
                out.append(old_row)
            out.append(after)
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
