"""The Store: one engine, transactions, and the database-wide operations (migrate, info).

Repositories (``store/<concept>.py``) are plain functions that take a ``Connection`` from
``Store.transaction()`` or ``Store.read()``: a service opens one transaction per write so that
every write is all or nothing.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from legcare.errors import StoreError


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _private_file(path: Path) -> None:
    """Create the folder (0700) and the database file (0600) so that other users of the
    machine cannot read them; SQLite gives its -wal and -shm files the same mode."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def make_engine(url: str) -> Engine:
    """An engine for ``url``: SQLite gets WAL, foreign keys and a busy timeout."""
    if url.startswith("sqlite"):
        path = sa.engine.make_url(url).database
        if path and path != ":memory:":
            _private_file(Path(path))
        engine = sa.create_engine(url, connect_args={"check_same_thread": False})
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        if path and path != ":memory:":
            with engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA journal_mode=WAL")
        return engine
    return sa.create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


@dataclass(frozen=True, slots=True)
class DatabaseInfo:
    """What ``legcare db info`` shows."""

    url: str
    engine: str
    revision: str | None
    head: str
    up_to_date: bool
    tables: dict[str, int]


class Store:
    """The database behind legcare: SQLite by default, PostgreSQL for a clinic."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        try:
            with self.engine.begin() as conn:
                yield conn
        except sa.exc.OperationalError as exc:
            raise StoreError(f"The database could not be written: {exc.orig}") from exc

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection for reading (one snapshot where the engine gives one)."""
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def migrate(self) -> str:
        """Upgrade the schema to head; returns the revision now in place."""
        from legcare.store.migrations_runner import upgrade

        return upgrade(self.engine)

    def info(self) -> DatabaseInfo:
        from legcare.store.migrations_runner import current_revision, head_revision
        from legcare.store.tables import metadata

        revision = current_revision(self.engine)
        head = head_revision()
        counts: dict[str, int] = {}
        with self.read() as conn:
            existing = set(sa.inspect(conn).get_table_names())
            for table in metadata.sorted_tables:
                if table.name in existing:
                    counts[table.name] = conn.execute(
                        sa.select(sa.func.count()).select_from(table)
                    ).scalar_one()
        return DatabaseInfo(
            url=self.engine.url.render_as_string(hide_password=True),
            engine=self.engine.dialect.name,
            revision=revision,
            head=head,
            up_to_date=revision == head,
            tables=counts,
        )

    def dispose(self) -> None:
        self.engine.dispose()


def open_store(url: str, *, migrate: bool = True) -> Store:
    """Open the database at ``url`` and, by default, upgrade it to the newest schema."""
    store = Store(url)
    if migrate:
        store.migrate()
    return store
