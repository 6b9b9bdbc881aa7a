"""legcare.store: SQLAlchemy Core tables, repositories, Alembic migrations, backup and restore."""

from legcare.store.database import DatabaseInfo, Store, open_store

__all__ = ["DatabaseInfo", "Store", "open_store"]
