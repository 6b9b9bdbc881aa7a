"""accounts hardening

Revision ID: 0003
Revises: 0001
Create Date: 2026-12-03

User names unique whatever their case; ended shares remembered (so a restore cannot revive
them); a log of which clinician viewed which client's data.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("uq_users_username_lower", "users", [sa.text("lower(username)")], unique=True)
    op.create_table(
        "share_revocations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("clinician_id", sa.Integer(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_share_revocations")),
    )
    op.create_index(
        op.f("ix_share_revocations_client_id"), "share_revocations", ["client_id"], unique=False
    )
    op.create_table(
        "access_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=True),
        sa.Column("clinician_id", sa.Integer(), nullable=True),
        sa.Column("clinician_name", sa.String(length=64), nullable=False),
        sa.Column("what", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["users.id"],
            name=op.f("fk_access_log_client_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_log")),
    )
    op.create_index(op.f("ix_access_log_client_id"), "access_log", ["client_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_access_log_client_id"), table_name="access_log")
    op.drop_table("access_log")
    op.drop_index(op.f("ix_share_revocations_client_id"), table_name="share_revocations")
    op.drop_table("share_revocations")
    op.drop_index("uq_users_username_lower", table_name="users")
