"""Database use-cases: upgrade, info, backup and restore (`legcare db ...`)."""

from __future__ import annotations

from pathlib import Path
from typing import TypedDict

from legcare.services.context import AppContext
from legcare.store.backup import backup_database, check_backup_file, restore_database


def upgrade_database(*, ctx: AppContext) -> str:
    """Bring the schema to the newest revision; returns it."""
    return ctx.store.migrate()


class DatabaseInfoView(TypedDict):
    """What ``legcare db info --json`` prints."""

    url: str
    engine: str
    revision: str | None
    head: str
    up_to_date: bool
    tables: dict[str, int]


def database_info(*, ctx: AppContext) -> DatabaseInfoView:
    """Engine, schema revision and row counts, as the CLI and API print them."""
    info = ctx.store.info()
    return {
        "url": info.url,
        "engine": info.engine,
        "revision": info.revision,
        "head": info.head,
        "up_to_date": info.up_to_date,
        "tables": info.tables,
    }


def backup(*, ctx: AppContext, target: Path) -> dict[str, int]:
    """A consistent copy of everything, written to ``target``."""
    return backup_database(ctx.store, target)


def restore(*, ctx: AppContext, source: Path) -> dict[str, int]:
    """Replace everything with the backup at ``source``; refuses anything else."""
    return restore_database(ctx.store, source)


def check_backup(*, source: Path) -> str:
    """Raise ``NotALegcareDatabase`` unless ``source`` is a legcare backup; returns its revision."""
    return check_backup_file(source.expanduser().resolve())


def write_problem(*, ctx: AppContext) -> str | None:
    """Why the database cannot be written now (read-only, disk full), or None."""
    return ctx.store.write_problem()
