"""The schema migrates from empty to head on SQLite and PostgreSQL, and matches the tables."""

from __future__ import annotations

import sqlalchemy as sa

from legcare.store.database import open_store
from legcare.store.migrations_runner import current_revision, head_revision
from legcare.store.tables import LOCAL_USER_ID, metadata


def test_empty_to_head_creates_every_table(any_db_url: str) -> None:
    engine = sa.create_engine(any_db_url)
    assert current_revision(engine) is None
    store = open_store(any_db_url)
    assert current_revision(store.engine) == head_revision()
    names = set(sa.inspect(store.engine).get_table_names())
    assert {t.name for t in metadata.sorted_tables} <= names
    for table in metadata.sorted_tables:
        columns = {c["name"] for c in sa.inspect(store.engine).get_columns(table.name)}
        assert columns == set(table.c.keys()), table.name
    store.dispose()
    engine.dispose()


def test_upgrade_is_idempotent_and_seeds_the_local_user(any_db_url: str) -> None:
    store = open_store(any_db_url)
    store.migrate()
    info = store.info()
    assert info.up_to_date
    assert info.tables["users"] == 1
    assert info.tables["legcare_meta"] == 1
    with store.read() as conn:
        row = conn.execute(sa.text("SELECT id, username FROM users")).one()
    assert (row.id, row.username) == (LOCAL_USER_ID, "local")
    store.dispose()


def test_sqlite_file_uses_wal(sqlite_url: str) -> None:
    store = open_store(sqlite_url)
    with store.read() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    store.dispose()


def test_a_failed_transaction_writes_nothing(any_db_url: str) -> None:
    from legcare.store.tables import meta

    store = open_store(any_db_url)
    try:
        with store.transaction() as conn:
            conn.execute(meta.insert().values(key="probe", value="1"))
            raise RuntimeError("interrupted")
    except RuntimeError:
        pass
    with store.read() as conn:
        assert conn.execute(sa.select(meta).where(meta.c.key == "probe")).first() is None
    store.dispose()


def test_fast_head_agrees_with_alembic() -> None:
    from alembic.script import ScriptDirectory

    from legcare.store.migrations_runner import alembic_config

    assert head_revision() == ScriptDirectory.from_config(alembic_config()).get_current_head()
