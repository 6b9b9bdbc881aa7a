"""Backup and restore: a consistent copy of every table as a SQLite file, and back.

A backup is itself a legcare SQLite database at the same schema revision, written to a
temporary file, flushed to disk (the file and then its folder, with fsync) and renamed into
place, so an interrupted backup or a power cut never leaves a half file under the chosen name.
It is read in one snapshot (SQLite WAL or PostgreSQL REPEATABLE READ), so it is consistent
while the app runs. Sign-in sessions and sign-in attempts are not part of a backup (a backup
then carries no session-token hashes).

A restore checks the file first (a SQLite file, the legcare marker, a known schema revision)
and replaces every row in one transaction: it either lands whole or changes nothing. It does
not bring back what was withdrawn after the backup was taken:

- every sign-in session ends (everyone signs in again);
- sign-in attempts and the record of ended shares are kept as they are now;
- a share from the backup comes back only if it was never ended here, or is live now.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from legcare.errors import NotALegcareDatabase, StoreError
from legcare.store.database import Store, make_engine
from legcare.store.migrations_runner import current_revision, head_revision, upgrade
from legcare.store.tables import (
    APP_MARKER,
    login_attempts,
    meta,
    metadata,
    share_revocations,
    shares,
    web_sessions,
)

SQLITE_MAGIC = b"SQLite format 3\x00"
NOT_BACKED_UP = frozenset({web_sessions.name, login_attempts.name})
KEPT_ON_RESTORE = frozenset({login_attempts.name, share_revocations.name})


def backup_database(store: Store, target: Path) -> dict[str, int]:
    """Write a consistent copy of ``store`` to ``target``; returns rows copied per table."""
    target = target.expanduser().resolve()
    if target.is_dir():
        raise StoreError(f"{target} is a folder; give a file name for the backup, e.g. backup.db")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"Cannot make the folder {target.parent}: {exc.strerror or exc}. "
            "Give a file name in a folder you can write to."
        ) from None
    tmp = target.with_name(f".{target.name}.partial-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    copy = make_engine(f"sqlite:///{tmp}")
    try:
        upgrade(copy)
        counts = _copy_all(store.engine, copy, snapshot=True)
    except BaseException:
        copy.dispose()
        tmp.unlink(missing_ok=True)
        raise
    copy.dispose()
    _checkpoint(tmp)
    _fsync(tmp)
    os.replace(tmp, target)
    _fsync(target.parent)
    return counts


def _fsync(path: Path) -> None:
    """Flush a file's (or a folder's entries') data to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def check_backup_file(source: Path) -> str:
    """Refuse anything that is not a legcare database; return its schema revision."""
    if not source.is_file():
        raise NotALegcareDatabase(f"{source} does not exist or is not a file.")
    with source.open("rb") as fh:
        if fh.read(16) != SQLITE_MAGIC:
            raise NotALegcareDatabase(
                f"{source} is not a legcare backup: it is not a SQLite database file. "
                "Nothing was changed."
            )
    try:
        conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM legcare_meta WHERE key='app'").fetchone()
            rev = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            check = conn.execute("PRAGMA quick_check").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise NotALegcareDatabase(
            f"{source} is a SQLite file but not a legcare database ({exc}). Nothing was changed."
        ) from exc
    if row is None or row[0] != APP_MARKER:
        raise NotALegcareDatabase(f"{source} has no legcare marker. Nothing was changed.")
    if check is None or check[0] != "ok":
        raise NotALegcareDatabase(f"{source} is damaged ({check}). Nothing was changed.")
    if rev is None:
        raise NotALegcareDatabase(f"{source} has no schema revision. Nothing was changed.")
    return str(rev[0])


def restore_database(store: Store, source: Path) -> dict[str, int]:
    """Replace everything in ``store`` with the backup at ``source``, in one transaction."""
    source = source.expanduser().resolve()
    revision = check_backup_file(source)
    if revision > head_revision():
        raise NotALegcareDatabase(
            f"{source} was made by a newer legcare (schema {revision}; this one knows up to "
            f"{head_revision()}). Nothing was changed."
        )
    store.migrate()
    staging = make_engine(f"sqlite:///{source}")
    try:
        if current_revision(staging) != head_revision():
            raise NotALegcareDatabase(
                f"{source} uses an older schema ({revision}); restore it with the legcare "
                "version that made it, then upgrade. Nothing was changed."
            )
        return _copy_all(staging, store.engine, snapshot=False, replace=True)
    finally:
        staging.dispose()


def _copy_all(
    src: sa.Engine, dst: sa.Engine, *, snapshot: bool, replace: bool = False
) -> dict[str, int]:
    counts: dict[str, int] = {}
    with src.connect() as rconn:
        if snapshot and src.dialect.name == "postgresql":
            rconn = rconn.execution_options(isolation_level="REPEATABLE READ")
        with rconn.begin(), dst.begin() as wconn:
            tables = metadata.sorted_tables
            withdrawn = _withdrawn_shares(wconn) if replace else set()
            for table in reversed(tables):
                if not (replace and table.name in KEPT_ON_RESTORE):
                    wconn.execute(table.delete())
            for table in tables:
                if table.name in (KEPT_ON_RESTORE if replace else NOT_BACKED_UP):
                    counts[table.name] = 0
                    continue
                if replace and table is web_sessions:
                    counts[table.name] = 0
                    continue
                rows = [dict(r._mapping) for r in rconn.execute(sa.select(table))]
                rows = _copied_rows(table, rows, withdrawn=withdrawn, replace=replace)
                if rows:
                    wconn.execute(table.insert(), rows)
                counts[table.name] = len(rows)
            if dst.dialect.name == "postgresql":
                _reset_sequences(wconn)
    return counts


def _copied_rows(
    table: sa.Table,
    rows: list[dict[str, Any]],
    *,
    withdrawn: set[tuple[int, int]],
    replace: bool,
) -> list[dict[str, Any]]:
    """The rows of ``table`` as they are written: no share ended at the destination, and a
    backup marked as legcare's."""
    if table is shares:
        rows = [r for r in rows if (r["client_id"], r["clinician_id"]) not in withdrawn]
    if table is meta and not replace:
        rows = [r for r in rows if r["key"] != "app"] + [{"key": "app", "value": APP_MARKER}]
        rows = list({r["key"]: r for r in rows}.values())
    return rows


def _withdrawn_shares(conn: sa.Connection) -> set[tuple[int, int]]:
    """(client, clinician) pairs whose share was ended here and is not live now."""
    ended = conn.execute(
        sa.select(share_revocations.c.client_id, share_revocations.c.clinician_id)
    ).all()
    live = conn.execute(sa.select(shares.c.client_id, shares.c.clinician_id)).all()
    return {(r.client_id, r.clinician_id) for r in ended} - {
        (r.client_id, r.clinician_id) for r in live
    }


def _reset_sequences(conn: sa.Connection) -> None:
    for table in metadata.sorted_tables:
        if "id" in table.c and table.c.id.primary_key:
            conn.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
            )


def _checkpoint(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        conn.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
