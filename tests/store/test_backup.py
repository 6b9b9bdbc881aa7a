"""Backup writes a consistent legcare file; restore refuses anything else and changes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from legcare.errors import NotALegcareDatabase
from legcare.store.backup import backup_database, restore_database
from legcare.store.database import Store, open_store
from legcare.store.tables import checkins


def _add_checkin(store: Store, day: date, value: int) -> None:
    now = datetime.now(UTC)
    with store.transaction() as conn:
        conn.execute(
            checkins.insert().values(
                user_id=1,
                kind="evening",
                day=day,
                data={"rls": value},
                created_at=now,
                updated_at=now,
            )
        )


def _days(store: Store) -> list[date]:
    with store.read() as conn:
        return [r.day for r in conn.execute(sa.select(checkins.c.day).order_by(checkins.c.day))]


def test_backup_then_restore_round_trips(any_store: Store, tmp_path: Path) -> None:
    _add_checkin(any_store, date(2026, 1, 1), 5)
    target = tmp_path / "b.db"
    counts = backup_database(any_store, target)
    assert counts["checkins"] == 1
    assert not list(tmp_path.glob(".b.db.partial*"))
    _add_checkin(any_store, date(2026, 1, 2), 7)
    restore_database(any_store, target)
    assert _days(any_store) == [date(2026, 1, 1)]
    _add_checkin(any_store, date(2026, 1, 3), 2)  # sequences still work after restore
    assert len(_days(any_store)) == 2


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"hello, not a database", "not a SQLite database"), (b"", "not a SQLite database")],
)
def test_restore_refuses_non_database_files(
    store: Store, tmp_path: Path, content: bytes, reason: str
) -> None:
    _add_checkin(store, date(2026, 1, 1), 5)
    bad = tmp_path / "bad.db"
    bad.write_bytes(content)
    with pytest.raises(NotALegcareDatabase, match=reason):
        restore_database(store, bad)
    assert _days(store) == [date(2026, 1, 1)]


def test_restore_refuses_a_sqlite_file_of_another_app(store: Store, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    engine = sa.create_engine(f"sqlite:///{other}")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    engine.dispose()
    _add_checkin(store, date(2026, 1, 1), 5)
    with pytest.raises(NotALegcareDatabase, match="not a legcare database"):
        restore_database(store, other)
    assert _days(store) == [date(2026, 1, 1)]


def test_backup_while_another_connection_writes(store: Store, tmp_path: Path) -> None:
    for i in range(1, 21):
        _add_checkin(store, date(2026, 2, i), i % 10)
    writer = open_store(store.url)
    _add_checkin(writer, date(2026, 3, 1), 1)
    backup_database(store, tmp_path / "live.db")
    copy = open_store(f"sqlite:///{tmp_path / 'live.db'}")
    assert len(_days(copy)) == 21
    copy.dispose()
    writer.dispose()
