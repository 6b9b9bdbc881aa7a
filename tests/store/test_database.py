"""The Store on a database that cannot be written: reads work, writes say clearly why not."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from legcare.errors import StoreError
from legcare.store.database import open_store
from legcare.store.tables import checkins
from tests.store.read_only import read_only


def _seed(url: str) -> None:
    store = open_store(url)
    now = datetime.now(UTC)
    with store.transaction() as conn:
        conn.execute(
            checkins.insert().values(
                user_id=1, kind="evening", day=date(2026, 1, 1), data={"rls": 5},
                created_at=now, updated_at=now,
            )
        )  # fmt: skip
    store.dispose()


def test_a_read_only_folder_still_reads_and_refuses_writes_clearly(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    db = folder / "legcare.db"
    _seed(f"sqlite:///{db}")
    with read_only(db, folder):
        store = open_store(f"sqlite:///{db}")
        try:
            assert store.read_only
            with store.read() as conn:
                assert conn.execute(sa.select(checkins.c.day)).scalars().all() == [date(2026, 1, 1)]
            with (
                pytest.raises(StoreError, match="cannot be written") as caught,
                store.transaction() as conn,
            ):
                conn.execute(checkins.delete())
            assert str(db) in str(caught.value) and "file:" not in str(caught.value)
            assert "cannot be written" in (store.write_problem() or "")
        finally:
            store.dispose()


def test_no_database_in_a_read_only_folder_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    with read_only(folder), pytest.raises(StoreError, match="LEGCARE_DATA_DIR"):
        open_store(f"sqlite:///{folder / 'legcare.db'}")


def test_a_writable_database_has_no_write_problem(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'legcare.db'}")
    try:
        assert not store.read_only
        assert store.write_problem() is None
        assert store.write_problem() is None  # the probe updates its row the second time
    finally:
        store.dispose()


@pytest.mark.postgres
def test_a_postgresql_database_that_refuses_writes_is_reported(postgres_url: str) -> None:
    store = open_store(postgres_url)
    name = sa.engine.make_url(postgres_url).database
    try:
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
        store.engine.dispose()  # new connections pick the setting up
        problem = store.write_problem()
        assert problem is not None and "read-only transaction" in problem
        with store.read() as conn:
            assert conn.execute(sa.select(sa.func.count()).select_from(checkins)).scalar() == 0
    finally:
        store.dispose()


def test_durable_transactions_commit_with_synchronous_full(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'legcare.db'}")
    try:
        with store.transaction(durable=True) as conn:
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            conn.execute(checkins.delete())
        with store.transaction() as conn:
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        with pytest.raises(RuntimeError), store.transaction(durable=True):
            raise RuntimeError("a failed write")
        with store.transaction() as conn:
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1
    finally:
        store.dispose()
