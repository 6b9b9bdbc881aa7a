"""Alembic environment: the engine comes from `legcare.store.migrations_runner`."""

from __future__ import annotations

from alembic import context

from legcare.store.tables import metadata

engine = context.config.attributes["engine"]
with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,
        transaction_per_migration=True,
    )
    context.run_migrations()
