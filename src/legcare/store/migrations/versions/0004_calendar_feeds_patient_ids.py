"""calendar feeds and FHIR patient identifiers

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03

``calendar_feeds``: one row per user who asked for a calendar feed, the random nonce that, with
the server's secret, makes the feed's secret address. A new nonce turns the old address off.

``patient_identifiers``: one random UUID per user, the identifier of the Patient in their FHIR
exports, so a FHIR server recognises the same person in a later export (and no one else).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calendar_feeds",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_calendar_feeds_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_calendar_feeds")),
    )

    op.create_table(
        "patient_identifiers",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("identifier", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_patient_identifiers_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_patient_identifiers")),
        sa.UniqueConstraint("identifier", name=op.f("uq_patient_identifiers_identifier")),
    )


def downgrade() -> None:
    op.drop_table("patient_identifiers")
    op.drop_table("calendar_feeds")
