"""kill -9 during `legcare db backup` and `legcare db restore`: the target file is either absent or
a whole backup, and the database holds either all of the old rows or all of the new ones."""

from __future__ import annotations

import random
import subprocess
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from legcare.store.backup import backup_database, check_backup_file
from legcare.store.database import Store, open_store
from legcare.store.tables import checkins
from tests.crash.procs import LEGCARE, env_for, integrity_ok, kill9

pytestmark = pytest.mark.slow
ROWS = 20_000
CYCLES = 25


def _fill(store: Store, rows: int, value: int) -> None:
    now = datetime.now(UTC)
    start = date(1990, 1, 1)
    with store.transaction() as conn:
        conn.execute(checkins.delete())
        conn.execute(
            checkins.insert(),
            [
                {
                    "user_id": 1,
                    "kind": "evening",
                    "day": start + timedelta(days=i),
                    "data": {"rls": value, "note": "x" * 40},
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(rows)
            ],
        )


def _values(store: Store) -> tuple[int, set[int]]:
    with store.read() as conn:
        rows = conn.execute(sa.select(checkins.c.data)).all()
    return len(rows), {r.data["rls"] for r in rows}


@pytest.fixture
def big_db(tmp_path: Path) -> Path:
    store = open_store(f"sqlite:///{tmp_path / 'legcare.db'}")
    _fill(store, ROWS, 1)
    store.dispose()
    return tmp_path


def _full_run_seconds(args: list[str], data_dir: Path) -> float:
    t0 = time.monotonic()
    subprocess.run([*LEGCARE, *args], env=env_for(data_dir), check=True, capture_output=True)
    return time.monotonic() - t0


def _run_and_kill(args: list[str], data_dir: Path, delay: float) -> None:
    proc = subprocess.Popen(
        [*LEGCARE, *args],
        env=env_for(data_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(delay)
    kill9(proc)


def test_kill9_during_backup_leaves_no_partial_file(big_db: Path) -> None:
    rng = random.Random(7)
    target = big_db / "out" / "backup.db"
    full = _full_run_seconds(["db", "backup", str(target)], big_db)
    whole = 0
    for _ in range(CYCLES):
        target.unlink(missing_ok=True)
        # Kill anywhere from start-up to a little after a whole run would have finished.
        _run_and_kill(["db", "backup", str(target)], big_db, rng.uniform(0.1, 1.3) * full)
        if target.exists():
            check_backup_file(target)  # raises if not a whole legcare backup
            copy = open_store(f"sqlite:///{target}", migrate=False)
            assert _values(copy) == (ROWS, {1})
            copy.dispose()
            whole += 1
        assert integrity_ok(big_db / "legcare.db")
    # Some cycles were killed mid-way and some finished, or the test proved nothing.
    assert 0 < whole < CYCLES


def test_kill9_during_restore_is_all_or_nothing(big_db: Path, tmp_path: Path) -> None:
    rng = random.Random(11)
    source = open_store(f"sqlite:///{big_db / 'legcare.db'}")
    backup_file = tmp_path / "two.db"
    _fill(source, ROWS, 2)
    backup_database(source, backup_file)
    args = ["db", "restore", str(backup_file), "--yes"]
    full = _full_run_seconds(args, big_db)
    outcomes: set[int] = set()
    for _ in range(CYCLES):
        _fill(source, ROWS, 1)
        _run_and_kill(args, big_db, rng.uniform(0.1, 1.3) * full)
        count, values = _values(source)
        assert count == ROWS and len(values) == 1, (count, values)
        outcomes |= values
        assert integrity_ok(big_db / "legcare.db")
    source.dispose()
    assert outcomes == {1, 2}, "every cycle ended the same way: the kills missed the restore"
    result = subprocess.run(
        [*LEGCARE, "db", "info", "--json"], env=env_for(big_db), capture_output=True, check=False
    )
    assert result.returncode == 0, result.stderr
