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


def _server(store: Store, tmp_path: Path):  # type: ignore[no-untyped-def]
    from legcare.services.context import AppContext
    from legcare.settings import Settings
    from tests.conftest import FIXED_NOW

    settings = Settings(mode="server", data_dir=tmp_path, secret_key="s" * 40)
    return AppContext(settings=settings, store=store, clock=lambda: FIXED_NOW)


def test_a_restore_revives_no_session_and_no_withdrawn_share(
    any_store: Store, tmp_path: Path
) -> None:
    import sqlite3

    from legcare.services import accounts

    ctx = _server(any_store, tmp_path)
    password = "correct horse battery"
    alice = accounts.create_account(ctx=ctx, username="alice", password=password, role="client")
    bob = accounts.create_account(ctx=ctx, username="bob", password=password, role="client")
    for name in ("dr_a", "dr_b"):
        accounts.create_account(ctx=ctx, username=name, password=password, role="clinician")
    accounts.share_with(ctx=ctx.for_user(alice.id), clinician="dr_a")
    accounts.share_with(ctx=ctx.for_user(bob.id), clinician="dr_b")
    session = accounts.login(ctx=ctx, username="alice", password=password, client_address="x")
    target = tmp_path / "backup.db"
    backup_database(any_store, target)

    # read by sqlite3 itself: the file holds no sessions and no sign-in attempts
    raw = sqlite3.connect(target)
    try:
        assert raw.execute("SELECT count(*) FROM web_sessions").fetchone()[0] == 0
        assert raw.execute("SELECT count(*) FROM login_attempts").fetchone()[0] == 0
        assert raw.execute("SELECT count(*) FROM shares").fetchone()[0] == 2
    finally:
        raw.close()

    # after the backup: alice signs out and stops sharing with dr_a
    accounts.logout(ctx=ctx, token=session.token)
    accounts.stop_sharing(ctx=ctx.for_user(alice.id), clinician="dr_a")
    second = accounts.login(ctx=ctx, username="bob", password=password, client_address="x")
    restore_database(any_store, target)

    assert accounts.active_session(ctx=ctx, token=session.token) is None
    assert accounts.active_session(ctx=ctx, token=second.token) is None  # every session ends
    assert accounts.my_shares(ctx=ctx.for_user(alice.id)) == []  # the withdrawal holds
    assert [s.clinician_name for s in accounts.my_shares(ctx=ctx.for_user(bob.id))] == ["dr_b"]
    # the accounts themselves are back and usable
    again = accounts.login(ctx=ctx, username="alice", password=password, client_address="x")
    assert again.account.id == alice.id
    # and alice can share again, by fresh consent
    accounts.share_with(ctx=ctx.for_user(alice.id), clinician="dr_a")
    assert [s.clinician_name for s in accounts.my_shares(ctx=ctx.for_user(alice.id))] == ["dr_a"]


def test_a_restore_onto_a_new_database_brings_every_share_back(
    store: Store, tmp_path: Path
) -> None:
    from legcare.services import accounts

    ctx = _server(store, tmp_path)
    pw = "correct horse battery"
    alice = accounts.create_account(ctx=ctx, username="alice", password=pw, role="client")
    accounts.create_account(ctx=ctx, username="dr_a", password=pw, role="clinician")
    accounts.share_with(ctx=ctx.for_user(alice.id), clinician="dr_a")
    target = tmp_path / "backup.db"
    backup_database(store, target)
    fresh = open_store(f"sqlite:///{tmp_path / 'new.db'}")
    try:
        restore_database(fresh, target)
        new_ctx = _server(fresh, tmp_path)
        shared = accounts.my_shares(ctx=new_ctx.for_user(alice.id))
        assert [s.clinician_name for s in shared] == ["dr_a"]
    finally:
        fresh.dispose()


def test_backup_flushes_the_file_and_its_folder_before_the_rename(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append(f"fsync:{Path(os.readlink(f'/proc/self/fd/{fd}')).name}")
        real_fsync(fd)

    def replace(src: object, dst: object) -> None:
        events.append("rename")
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    target = tmp_path / "out" / "b.db"
    backup_database(store, target)
    rename = events.index("rename")
    assert any(e.startswith("fsync:.b.db.partial") for e in events[:rename])
    assert "fsync:out" in events[rename + 1 :]
    assert target.read_bytes()[:16] == b"SQLite format 3\x00"
