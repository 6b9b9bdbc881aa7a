"""legcare.store: SQLAlchemy Core tables, repositories, Alembic migrations, backup and restore."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from legcare.store.database import DatabaseInfo, Store, open_store

__all__ = ["DatabaseInfo", "Store", "open_store"]


def __getattr__(name: str) -> Any:
    """Import SQLAlchemy only when the database is used (the content loader does not need it)."""
    if name in __all__:
        from legcare.store import database

        return getattr(database, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
