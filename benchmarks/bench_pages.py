"""Pages: server time of every everyday page with ten years of daily data (target < 20 ms).

A SQLite store holds ten years of evening and morning check-ins up to today, a plan, and an
experiment that ran over the last eight weeks. Each page is requested in-process through the
ASGI test client (no network, no second process), so the time is the server's work plus the
client's small overhead; that overhead is the baseline: a bare FastAPI app answering a trivial
JSON request through the same client, measured in the same run.
"""

from __future__ import annotations

import random
import tempfile
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from benchmarks.bench_report import _checkins
from benchmarks.harness import Row, make_row, time_call

YEARS = 10
PAGES = ("/", "/checkin", "/insights", "/plan", "/session", "/experiments", "/learn", "/report")


def _seed(tmp: Path, today: date) -> Any:
    import dataclasses

    from legcare.services import experiments, plans
    from legcare.services.context import AppContext
    from legcare.settings import Settings
    from legcare.store import data_rights
    from legcare.store.database import open_store

    store = open_store(f"sqlite:///{tmp / 'legcare.db'}")
    now = datetime.combine(today, time(8), tzinfo=UTC)
    ctx = AppContext(settings=Settings(data_dir=tmp), store=store, clock=lambda: now)
    rows = _checkins(365 * YEARS, random.Random(20261203), end=today - timedelta(days=1))
    with store.transaction() as conn:
        data_rights.insert_all(conn, ctx.user_id, {"checkins": rows})
    began = today - timedelta(days=60)
    then = datetime.combine(began, time(9), tzinfo=UTC)
    early = dataclasses.replace(ctx, clock=lambda: then)
    plans.save_profile(ctx=early, data={"tools": ["tennis_ball", "foam_roller"]})
    plans.current_plan_record(ctx=early)
    experiments.new_experiment(ctx=early, arms="evening massage,none", outcome="rls", seed=7,
                               start=began)  # fmt: skip
    store.dispose()


def _cpu_ms(fn: Any, repeat: int) -> float:
    """Median CPU time of the whole process (server thread and test client) per call: less
    sensitive than the wall clock to other work on a shared machine."""
    import statistics
    import time as clock

    times = []
    for _ in range(repeat):
        t0 = clock.process_time()
        fn()
        times.append((clock.process_time() - t0) * 1000)
    return statistics.median(times)


def rows(quick: bool) -> list[Row]:
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from legcare.settings import Settings
    from legcare.web.app import create_app

    repeat = 5 if quick else 21
    bare = FastAPI()

    @bare.get("/ping")
    def ping() -> dict[str, bool]:
        return {"ok": True}

    with TestClient(bare) as client:
        base = make_row("pages", "baseline: bare FastAPI JSON through the test client",
                        time_call(lambda: client.get("/ping"), repeat=repeat * 5))  # fmt: skip
        bare_cpu = _cpu_ms(lambda: client.get("/ping"), repeat * 5)
    out = [base]
    with tempfile.TemporaryDirectory() as tmp:
        _seed(Path(tmp), date.today())
        with TestClient(create_app(Settings(data_dir=Path(tmp)))) as client:
            for path in PAGES:

                def get(path: str = path) -> None:
                    response = client.get(path)
                    if response.status_code != 200:
                        raise RuntimeError(f"{path}: {response.status_code}")

                row = make_row(
                    "pages",
                    f"GET {path}, ten years stored",
                    time_call(get, repeat=repeat),
                    target="< 20 ms",
                    baseline_ms=base.median_ms,
                    baseline_name="bare FastAPI",
                )  # fmt: skip
                row.note = f"(CPU {_cpu_ms(get, repeat):.1f} ms a request, bare {bare_cpu:.1f} ms)"
                out.append(row)
    return out


if __name__ == "__main__":
    for row in rows(quick=True):
        print(row)
