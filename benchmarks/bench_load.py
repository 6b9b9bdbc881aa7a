"""Load: the real server on loopback, driven by a second process at a fixed request rate.

The mix is what a person's day looks like, on a store with recent data (ten years of daily
check-ins up to yesterday, a plan and an experiment over the last eight weeks): of every ten
requests, two check-in writes (re-recording a recent evening) and eight page views: Today,
check-in, insights, plan, session, experiments, the clinician report and the insights API.
Three servers are measured in the same run at the same rate:
- a bare FastAPI app (benchmarks/bare_app.py: a trivial GET and a one-row SQLite insert, in the
  same two-in-ten proportion), the baseline for the ratios;
- legcare in local mode on SQLite (one worker), the default;
- legcare in server mode on PostgreSQL with two workers, signed in, when a PostgreSQL server can
  be had (LEGCARE_BENCH_POSTGRES_URL, or a throwaway cluster from scripts/pg-throwaway); its
  account starts empty, so its pages show less than the SQLite ones.
Latency is timed from each request's scheduled send (benchmarks/loadgen.py). Every row reports
the status codes and connection errors; the server's CPU time per request (from /proc, the
server process and its workers, the load phase only) is shown against the bare app's. After
the run every acknowledged write is looked up in the database with the value it wrote.
Target on this 2-core machine with SQLite: p99 under 50 ms at 200 requests a second.

With `LEGCARE_BENCH_BEFORE=<git revision>`, that revision's source (exported with `git archive`)
and this tree serve the same SQLite mix in turn, twice, each from its own copy of the seeded
store, through uvicorn on the served factory (`app_from_env`); the revision before runs as it
was installed then, on uvicorn's pure-Python HTTP parser and asyncio loop
(`LEGCARE_BENCH_BEFORE_UVICORN` overrides those options).
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from benchmarks.harness import PYTHON, Row

ROOT = Path(__file__).resolve().parent.parent
RATE = 200
# Before the clock starts, each page and a write once per worker and more: the first requests
# import modules and load the content, which is start-up, not load.
PAGES = ("/", "/checkin", "/insights", "/plan", "/session", "/experiments", "/report",
         "/api/v1/insights")  # fmt: skip
WARMUP = [{"method": "GET", "path": p} for p in (*PAGES, "/learn", "/api/v1/health")] * 5
SECRET = "bench-secret-" + "x" * 32


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(port: int, timeout: float = 60) -> None:
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"server on {port} did not start")


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEGCARE_")}
    env.update({"LEGCARE_DATA_DIR": str(data_dir), **extra})
    return env


def _days(count: int) -> list[str]:
    """The last ``count`` days up to yesterday, newest first: recent evenings re-recorded."""
    today = date.today()
    return [(today - timedelta(days=1 + i)).isoformat() for i in range(count)]


def _legcare_requests(count: int) -> list[dict[str, object]]:
    reqs: list[dict[str, object]] = []
    writes = iter(enumerate(_days(count // 5 + 1)))
    for i in range(count):
        if i % 5 == 0:
            n, day = next(writes)
            body = {"kind": "evening", "day": day, "replace": True,
                    "values": {"rls": n % 11, "caffeine": n % 2 == 0}}  # fmt: skip
            reqs.append({"method": "POST", "path": "/api/v1/checkins", "json": body,
                         "ack_key": f"{day}={n % 11}"})  # fmt: skip
        else:
            reqs.append({"method": "GET", "path": PAGES[(i - 1 - i // 5) % len(PAGES)]})
    return reqs


def _bare_requests(count: int) -> list[dict[str, object]]:
    reqs: list[dict[str, object]] = []
    writes = iter(_days(count // 5 + 1))
    for i in range(count):
        if i % 5 == 0:
            day = next(writes)
            reqs.append({"method": "POST", "path": f"/write/{day}", "ack_key": day})
        else:
            reqs.append({"method": "GET", "path": "/ping"})
    return reqs


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of ``pid`` and its descendants (Linux /proc), in seconds."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, IndexError, ValueError):
            continue
    return total


def _drive(port: int, spec: dict[str, object], workdir: Path) -> dict[str, object]:
    spec_file = workdir / f"spec-{port}.json"
    spec_file.write_text(json.dumps(spec))
    out = subprocess.run(
        [
            PYTHON,
            str(ROOT / "benchmarks" / "loadgen.py"),
            f"http://127.0.0.1:{port}",
            str(spec_file),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return json.loads(out.stdout)


def _stored(url: str, acked: list[str]) -> set[str]:
    """The acknowledged writes ("day=rls") found in the database with the value written."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT day, data FROM checkins WHERE kind = 'evening'")).all()
    engine.dispose()
    found = set()
    for day, data in rows:
        values = json.loads(data) if isinstance(data, str) else data
        found.add(f"{str(day)[:10]}={values.get('rls')}")
    return found & set(acked)


def _outcome(result: dict[str, object]) -> str:
    statuses = ", ".join(f"{k}: {v}" for k, v in result["statuses"].items())  # type: ignore[attr-defined]
    errors = result["errors"]
    kinds = result.get("error_kinds") or {}
    worst = max(result.get("p99_by_path", {}).items(), key=lambda kv: kv[1], default=None)  # type: ignore[attr-defined]
    text = f"statuses {{{statuses}}}, connection errors {errors}"
    if kinds:
        text += " (" + ", ".join(f"{k} {v}" for k, v in kinds.items()) + ")"  # type: ignore[attr-defined]
    if worst:
        text += f", slowest p99 {worst[0]} {worst[1]:.1f} ms"
    return text


def _row(name: str, result: dict[str, object], base: dict[str, object] | None, note: str) -> Row:
    p50 = float(result["p50_ms"])  # type: ignore[arg-type]
    p99 = float(result["p99_ms"])  # type: ignore[arg-type]
    rate = float(result["throughput"])  # type: ignore[arg-type]
    note = f"{note}; {_outcome(result)}".lstrip("; ")
    return Row(
        area="load",
        name=f"{name} @ {RATE} req/s: p50 (p95 column = p99), {rate:.0f} req/s done",
        median_ms=p50,
        p95_ms=p99,
        runs=int(result["completed"]),  # type: ignore[arg-type]
        target="p99 < 50 ms (SQLite)" if "SQLite" in name else "",
        baseline_ms=float(base["p50_ms"]) if base else None,  # type: ignore[arg-type]
        baseline_name="bare FastAPI p50" if base else "",
        note=note,
    )


def _serve(cmd: list[str], env: dict[str, str], port: int, cwd: Path) -> subprocess.Popen[bytes]:
    # Never a pipe nobody reads: a server that logs would block once the pipe filled up.
    proc = subprocess.Popen(
        cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _wait(port)
    return proc


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _postgres_url() -> tuple[str | None, Path | None]:
    url = os.environ.get("LEGCARE_BENCH_POSTGRES_URL")
    if url:
        return url, None
    # Not inside workdir: as root the cluster runs as `postgres`, which must reach its folder.
    pgdir = Path(tempfile.mkdtemp(prefix="legcare-bench-pg-"))
    out = subprocess.run(
        [str(ROOT / "scripts" / "pg-throwaway"), "start", str(pgdir)],
        capture_output=True,
        text=True,
        check=False,
    )
    return (out.stdout.strip(), pgdir) if out.returncode == 0 else (None, None)


def _measure(
    proc: subprocess.Popen[bytes], port: int, spec: dict[str, object], work: Path
) -> dict[str, object]:
    """Warm up, then drive the load, with the server's CPU time over the load phase only."""
    warm = {**spec, "count": 0, "requests": [{"method": "GET", "path": "/"}]}
    _drive(port, warm, work)
    spec = {**spec, "warmup": []}
    before = _cpu_seconds(proc.pid)
    result = _drive(port, spec, work)
    used = _cpu_seconds(proc.pid) - before
    sent = max(int(result["sent"]), 1)  # type: ignore[call-overload]
    result["cpu_ms_per_request"] = 1000 * used / sent
    return result


def _run_legcare(
    env: dict[str, str], db_url: str, count: int, work: Path, login: bool
) -> tuple[dict[str, object], int, int]:
    port = _free_port()
    if login:
        subprocess.run(
            [PYTHON, "-m", "legcare", "users", "add", "bench", "--password-stdin"],
            env=env,
            input=b"bench-password-123\n",
            check=True,
            capture_output=True,
        )
    proc = _serve([PYTHON, "-m", "legcare", "serve", "--port", str(port)], env, port, ROOT)
    try:
        spec: dict[str, object] = {
            "rate": RATE,
            "count": count,
            "time_limit": 60,
            "requests": _legcare_requests(count),
            "warmup": WARMUP,
        }
        if login:
            spec["login"] = {
                "path": "/api/v1/login",
                "json": {"username": "bench", "password": "bench-password-123"},
            }
        result = _measure(proc, port, spec, work)
    finally:
        _stop(proc)
    acked = list(result["acked"])  # type: ignore[call-overload]
    present = _stored(db_url, acked)
    return result, len(acked), len(present)


def _cpu_row(name: str, result: dict[str, object], base: dict[str, object] | None) -> Row:
    cpu = float(result["cpu_ms_per_request"])  # type: ignore[arg-type]
    return Row(
        area="load",
        name=f"{name}: server CPU per request (load phase)",
        median_ms=cpu,
        p95_ms=cpu,
        runs=int(result["sent"]),  # type: ignore[call-overload]
        baseline_ms=float(base["cpu_ms_per_request"]) if base else None,  # type: ignore[arg-type]
        baseline_name="bare FastAPI CPU" if base else "",
    )


def _seed_sqlite(folder: Path) -> None:
    """Ten years of daily check-ins up to yesterday, a plan and an experiment (recent data)."""
    from benchmarks.bench_pages import _seed

    folder.mkdir(parents=True, exist_ok=True)
    _seed(folder, date.today())


def rows(quick: bool) -> list[Row]:
    count = 1000 if quick else 4000
    out: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        port = _free_port()
        bare_env = _env(work, BARE_DB=str(work / "bare.db"))
        bare_cmd = [PYTHON, "-m", "uvicorn", "benchmarks.bare_app:app", "--port", str(port)]
        proc = _serve([*bare_cmd, "--log-level", "warning"], bare_env, port, ROOT)
        try:
            spec = {
                "rate": RATE,
                "count": count,
                "time_limit": 60,
                "requests": _bare_requests(count),
                "warmup": [{"method": "GET", "path": "/ping"}] * 20,
            }
            base = _measure(proc, port, spec, work)
        finally:
            _stop(proc)
        out.append(_row("bare FastAPI (baseline)", base, None, ""))
        cpu_rows = [_cpu_row("bare FastAPI (baseline)", base, None)]

        sqlite_dir = work / "sqlite"
        _seed_sqlite(sqlite_dir)
        sqlite_url = f"sqlite:///{sqlite_dir / 'legcare.db'}"
        result, acked, present = _run_legcare(
            _env(sqlite_dir), sqlite_url, count, work, login=False
        )
        note = f"writes acknowledged {acked}, present afterwards with their value {present}"
        out.append(_row("legcare local, SQLite, 1 worker", result, base, note))
        cpu_rows.append(_cpu_row("legcare local, SQLite, 1 worker", result, base))

        pg_url, pgdir = _postgres_url()
        if pg_url:
            env = _env(
                work / "pgdata",
                LEGCARE_DATABASE_URL=pg_url,
                LEGCARE_MODE="server",
                LEGCARE_SECRET_KEY=SECRET,
                LEGCARE_WORKERS="2",
                LEGCARE_ALLOW_PLAIN_HTTP="true",
            )
            try:
                result, acked, present = _run_legcare(env, pg_url, count, work, login=True)
                note = f"writes acknowledged {acked}, present afterwards with their value {present}"
                name = "legcare server, PostgreSQL, 2 workers (empty account)"
                out.append(_row(name, result, base, note))
                cpu_rows.append(_cpu_row(name, result, base))
            finally:
                if pgdir is not None:
                    subprocess.run(
                        [str(ROOT / "scripts" / "pg-throwaway"), "stop", str(pgdir)], check=False
                    )
    return out + cpu_rows + _before_after_rows(count)


def _before_after_rows(count: int) -> list[Row]:
    """This tree against ``LEGCARE_BENCH_BEFORE``, interleaved (see the module docstring)."""
    import shutil

    from benchmarks.bench_startup import _before_tree

    revision = os.environ.get("LEGCARE_BENCH_BEFORE")
    if not revision:
        return []
    before_args = os.environ.get("LEGCARE_BENCH_BEFORE_UVICORN", "--http h11 --loop asyncio")
    out: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "before").mkdir()
        source = _before_tree(work / "before")
        seeded = work / "seeded"
        _seed_sqlite(seeded)
        for round_ in (1, 2):
            for label, extra, args in (
                (f"before ({revision})", {"PYTHONPATH": str(source)}, before_args.split()),
                ("now", {}, []),
            ):
                folder = work / f"{label}-{round_}"
                shutil.copytree(seeded, folder)
                port = _free_port()
                cmd = [PYTHON, "-m", "uvicorn", "legcare.web.app:app_from_env", "--factory",
                       "--port", str(port), "--log-level", "warning", *args]  # fmt: skip
                proc = _serve(cmd, {**_env(folder), **extra}, port, ROOT)
                try:
                    spec = {"rate": RATE, "count": count, "time_limit": 60,
                            "requests": _legcare_requests(count), "warmup": WARMUP}  # fmt: skip
                    result = _measure(proc, port, spec, work)
                finally:
                    _stop(proc)
                cpu = float(result["cpu_ms_per_request"])  # type: ignore[arg-type]
                name = f"SQLite mix, round {round_}, {label}"
                out.append(_row(name, result, None, f"server CPU {cpu:.2f} ms a request"))
    return out
