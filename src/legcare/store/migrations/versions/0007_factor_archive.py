"""archive own factors

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03

A factor the person no longer wants in the evening check-in is archived, not deleted: its
recorded values stay for insights and the export. ``archived_at`` is null for an active factor.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("factors") as batch:
        batch.add_column(sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("factors") as batch:
        batch.drop_column("archived_at")
