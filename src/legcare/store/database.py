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
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    except OSError as exc:
        raise StoreError(
            f"Cannot create the database {path}: {exc.strerror or exc}. Set LEGCARE_DATA_DIR "
            "to a folder you can write to."
        ) from None


def read_only_problem(path: str) -> str:
    from urllib.parse import unquote

    path = unquote(path.removeprefix("file:"))
    return (
        f"The database {path} cannot be written (its file or folder is read-only, or the disk "
        "is full). Reading works; to record anything, make the folder writable again or set "
        "LEGCARE_DATA_DIR to a folder you can write to."
    )


def make_engine(url: str) -> Engine:
    """An engine for ``url``: SQLite gets WAL, foreign keys and a busy timeout.

    A SQLite file that cannot be written (a read-only file, folder or disk) is opened read-only
    instead: reading works, and every write is refused with `read_only_problem`."""
    if url.startswith("sqlite"):
        path = sa.engine.make_url(url).database
        if path and path != ":memory:":
            _private_file(Path(path))
        engine = sa.create_engine(url, connect_args={"check_same_thread": False})
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        if path and path != ":memory:":
            try:
                with engine.connect() as conn:
                    conn.exec_driver_sql("PRAGMA journal_mode=WAL")
            except sa.exc.OperationalError:
                engine.dispose()
                return _read_only_engine(path)
        return engine
    return sa.create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def _read_only_engine(path: str) -> Engine:
    """The file at ``path``, opened read-only (immutable: nobody can write it meanwhile)."""
    from urllib.parse import quote

    target = f"sqlite:///file:{quote(str(Path(path).resolve()))}?mode=ro&immutable=1&uri=true"
    engine = sa.create_engine(target, connect_args={"check_same_thread": False})
    sa.event.listen(engine, "connect", _read_only_pragmas)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master")
    except sa.exc.DBAPIError as exc:
        engine.dispose()
        raise StoreError(f"Cannot open the database {path}: {exc.orig}.") from None
    return engine


def _read_only_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def is_read_only(engine: Engine) -> bool:
    """True for a SQLite file opened read-only by `make_engine`."""
    return engine.dialect.name == "sqlite" and engine.url.query.get("mode") == "ro"


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
        # Counts the write transactions this process has run (committed or not): a value
        # remembered for one request is keyed by it, so a write in between is never missed.
        self.writes = 0

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def read_only(self) -> bool:
        """True when the SQLite file could only be opened for reading."""
        return is_read_only(self.engine)

    @contextmanager
    def transaction(self, *, durable: bool = False) -> Iterator[Connection]:
        """One transaction: committed when the block ends, rolled back if it raises.

        Durability on SQLite: the file runs in WAL mode with ``synchronous=NORMAL``. A crash of
        legcare itself (even kill -9) never loses a committed write, and a power cut or an
        operating-system crash never damages the file, but it may undo the last transactions
        committed before it. ``durable=True`` commits with ``synchronous=FULL`` (the write-ahead
        log is flushed to disk before the commit returns), for the writes that withdraw
        something: a deleted account or record, an ended share, a sign-out, a restore.
        PostgreSQL flushes every commit (``synchronous_commit=on``, its default)."""
        if self.read_only:
            raise StoreError(read_only_problem(str(self.engine.url.database)))
        full = durable and self.is_sqlite
        self.writes += 1
        try:
            with self.engine.connect() as conn:
                if full:
                    conn.exec_driver_sql("PRAGMA synchronous=FULL")
                    conn.commit()  # ends SQLAlchemy's autobegun (empty) transaction
                try:
                    with conn.begin():
                        yield conn
                finally:
                    if full:
                        conn.exec_driver_sql("PRAGMA synchronous=NORMAL")
                        conn.commit()
        except (sa.exc.OperationalError, sa.exc.InternalError) as exc:
            # InternalError: PostgreSQL in a read-only transaction (a replica, a full disk)
            raise StoreError(f"The database could not be written: {exc.orig}") from exc
        finally:
            self.writes += 1

    def write_problem(self) -> str | None:
        """Why the database cannot be written right now, or None: commits a tiny write."""
        from datetime import UTC, datetime

        from legcare.store.tables import meta

        if self.read_only:
            return read_only_problem(str(self.engine.url.database))
        stamp = datetime.now(UTC).isoformat()
        try:
            with self.transaction() as conn:
                done = conn.execute(
                    meta.update().where(meta.c.key == "write_check").values(value=stamp)
                ).rowcount
                if not done:
                    conn.execute(meta.insert().values(key="write_check", value=stamp))
        except (StoreError, sa.exc.DBAPIError) as exc:
            return str(exc)
        return None

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection for reading (one snapshot where the engine gives one)."""
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def migrate(self) -> str:
        """Upgrade the schema to head; returns the revision now in place."""
        from legcare.store.migrations_runner import current_revision, head_revision, upgrade

        if self.read_only:
            revision = current_revision(self.engine)
            if revision != head_revision():
                raise StoreError(
                    read_only_problem(str(self.engine.url.database))
                    + f" (It also needs a schema upgrade, from {revision} to {head_revision()}.)"
                )
            return revision
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
