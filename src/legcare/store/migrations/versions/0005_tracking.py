"""tracking: medicines, own factors, weekly scores, imported health values

Revision ID: 0005_tracking
Revises: 0004
Create Date: 2026-12-03

``medicines`` and ``medicine_uses``: what the person takes and their "as needed" uses (the dose
text is their own, kept verbatim). ``factors`` and ``factor_values``: their own yes/no or 0-10
factors, unique per user whatever the case (``name_key``). ``weekly_scores``: legcare's own
weekly items, one row per (user, kind, week). ``health_values``: nightly sleep, daily steps and
resting heart rate imported from phones and wearables. Every value row carries its ``source``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_tracking"
down_revision = "0004"
branch_labels = None
depends_on = None


def _id_user(table: str) -> list[sa.Column[int] | sa.Constraint]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f(f"fk_{table}_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def _user_index(table: str) -> None:
    op.create_index(op.f(f"ix_{table}_user_id"), table, ["user_id"])


def upgrade() -> None:
    op.create_table(
        "medicines",
        *_id_user("medicines"),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("started", sa.Date(), nullable=True),
        sa.Column("stopped", sa.Date(), nullable=True),
        sa.Column("as_needed", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("own_dose_text", sa.String(length=120), server_default="", nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    _user_index("medicines")
    op.create_table(
        "medicine_uses",
        *_id_user("medicine_uses"),
        sa.Column("medicine_id", sa.Integer(), nullable=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["medicine_id"],
            ["medicines.id"],
            name=op.f("fk_medicine_uses_medicine_id_medicines"),
            ondelete="CASCADE",
        ),
    )
    _user_index("medicine_uses")
    op.create_index(op.f("ix_medicine_uses_medicine_id"), "medicine_uses", ["medicine_id"])
    op.create_table(
        "factors",
        *_id_user("factors"),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("name_key", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("user_id", "name_key", name="uq_factors_user_name_key"),
    )
    _user_index("factors")
    op.create_table(
        "factor_values",
        *_id_user("factor_values"),
        sa.Column("factor_id", sa.Integer(), nullable=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["factor_id"],
            ["factors.id"],
            name=op.f("fk_factor_values_factor_id_factors"),
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("factor_id", "day", name="uq_factor_values_factor_day"),
    )
    _user_index("factor_values")
    op.create_table(
        "weekly_scores",
        *_id_user("weekly_scores"),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("user_id", "kind", "week", name="uq_weekly_scores_user_kind_week"),
    )
    _user_index("weekly_scores")
    op.create_table(
        "health_values",
        *_id_user("health_values"),
        sa.Column("metric", sa.String(length=32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint(
            "user_id",
            "metric",
            "day",
            "source",
            name="uq_health_values_user_metric_day_source",
        ),
    )
    _user_index("health_values")


def downgrade() -> None:
    for table in (
        "health_values",
        "weekly_scores",
        "factor_values",
        "factors",
        "medicine_uses",
        "medicines",
    ):
        op.drop_table(table)
