"""SQLAlchemy Core tables: the whole schema, one table per stored concept.

Payloads that the domain owns (answers, results, plans, check-in values, designs) are JSON
columns; the columns that queries filter or sort on are real columns with indexes. Every row
belongs to a user; local mode uses the single user ``LOCAL_USER_ID`` created by the first
migration.
"""

from __future__ import annotations

import sqlalchemy as sa

LOCAL_USER_ID = 1
APP_MARKER = "legcare"

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

meta = sa.Table(
    "legcare_meta",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.String(256), nullable=False),
)

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("username", sa.String(64), nullable=False, unique=True),
    sa.Column("password_hash", sa.String(256), nullable=True),
    sa.Column("role", sa.String(16), nullable=False, server_default="client"),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

# User names are unique whatever their case ("Alice" and "alice" are one name).
sa.Index("uq_users_username_lower", sa.func.lower(users.c.username), unique=True)

web_sessions = sa.Table(
    "web_sessions",
    metadata,
    sa.Column("token_hash", sa.String(128), primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), index=True),
    sa.Column("csrf_token", sa.String(128), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
)

calendar_feeds = sa.Table(
    "calendar_feeds",
    metadata,
    sa.Column(
        "user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("nonce", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

patient_identifiers = sa.Table(
    "patient_identifiers",
    metadata,
    sa.Column(
        "user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("identifier", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

login_attempts = sa.Table(
    "login_attempts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("key", sa.String(200), nullable=False, index=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
)

shares = sa.Table(
    "shares",
    metadata,
    sa.Column(
        "client_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column(
        "clinician_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

# A share that was ended: kept (even across a restore) so that a backup taken before the end
# cannot bring the consent back. No foreign keys: the record outlives the accounts.
share_revocations = sa.Table(
    "share_revocations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("client_id", sa.Integer, nullable=False, index=True),
    sa.Column("clinician_id", sa.Integer, nullable=False),
    sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=False),
)

# Which clinician looked at which client's data, and when: shown to the client.
access_log = sa.Table(
    "access_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("client_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), index=True),
    sa.Column("clinician_id", sa.Integer, nullable=True),
    sa.Column("clinician_name", sa.String(64), nullable=False),
    sa.Column("what", sa.String(64), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
)

profiles = sa.Table(
    "profiles",
    metadata,
    sa.Column(
        "user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("data", sa.JSON, nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

screenings = sa.Table(
    "screenings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), index=True),
    sa.Column("status", sa.String(16), nullable=False),  # in_progress | complete
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("content_version", sa.String(64), nullable=False),
    sa.Column("answers", sa.JSON, nullable=False),
    sa.Column("result", sa.JSON, nullable=True),
)

plans = sa.Table(
    "plans",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), index=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column(
        "screening_id",
        sa.Integer,
        sa.ForeignKey("screenings.id", ondelete="SET NULL"),
        nullable=True,
    ),
    sa.Column("profile", sa.JSON, nullable=False),
    sa.Column("plan", sa.JSON, nullable=False),
    sa.UniqueConstraint("user_id", "version", name="uq_plans_user_version"),
)

plan_reviews = sa.Table(
    "plan_reviews",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), index=True),
    sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE")),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("proposal", sa.JSON, nullable=False),
    sa.Column("decision", sa.String(16), nullable=True),  # accepted | declined | None
)

session_logs = sa.Table(
    "session_logs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), index=True),
    sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="SET NULL"), nullable=True),
    sa.Column("day", sa.Date, nullable=False, index=True),
    sa.Column("status", sa.String(16), nullable=False),  # in_progress | finished | quit
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("state", sa.JSON, nullable=False),  # resumable player state and step log
    sa.Column("tenderness", sa.JSON, nullable=True),
    sa.Column("note", sa.Text, nullable=True),
)

checkins = sa.Table(
    "checkins",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), index=True),
    sa.Column("kind", sa.String(16), nullable=False),  # evening | morning
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("data", sa.JSON, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("user_id", "kind", "day", name="uq_checkins_user_kind_day"),
    sa.Index("ix_checkins_user_day", "user_id", "day"),  # day ranges of one person (0005)
)

experiments = sa.Table(
    "experiments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), index=True),
    sa.Column("status", sa.String(16), nullable=False),  # active | stopped | finished
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("start_day", sa.Date, nullable=False),
    sa.Column("seed", sa.BigInteger, nullable=False),
    sa.Column("design", sa.JSON, nullable=False),
    sa.Column("schedule", sa.JSON, nullable=False),
    sa.Column("stopped_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("stop_reason", sa.Text, nullable=True),
    sa.Column("shared", sa.Boolean, nullable=False, server_default=sa.false()),
)

# -- tracking (issue 19): medicines, own factors, weekly scores, imported health values --------
# Every value carries its ``source``: manual | apple_health | health_connect | fitbit.

medicines = sa.Table(
    "medicines",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), index=True),
    sa.Column("name", sa.String(80), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),  # medicine | supplement | treatment
    sa.Column("started", sa.Date, nullable=True),
    sa.Column("stopped", sa.Date, nullable=True),
    sa.Column("as_needed", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("own_dose_text", sa.String(120), nullable=False, server_default=""),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Column("source", sa.String(16), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

medicine_uses = sa.Table(
    "medicine_uses",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), index=True),
    sa.Column(
        "medicine_id", sa.Integer, sa.ForeignKey("medicines.id", ondelete="CASCADE"), index=True
    ),
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Column("source", sa.String(16), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

factors = sa.Table(
    "factors",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), index=True),
    sa.Column("name", sa.String(40), nullable=False),
    sa.Column("name_key", sa.String(40), nullable=False),  # case-folded: unique per user
    sa.Column("kind", sa.String(16), nullable=False),  # yes_no | scale_0_10
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    # null while the factor is active; archived factors leave the check-in, their values stay
    sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
    sa.UniqueConstraint("user_id", "name_key", name="uq_factors_user_name_key"),
)

factor_values = sa.Table(
    "factor_values",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), index=True),
    sa.Column("factor_id", sa.Integer, sa.ForeignKey("factors.id", ondelete="CASCADE")),
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("value", sa.Integer, nullable=False),
    sa.Column("source", sa.String(16), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("factor_id", "day", name="uq_factor_values_factor_day"),
)

weekly_scores = sa.Table(
    "weekly_scores",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), index=True),
    sa.Column("kind", sa.String(16), nullable=False),  # rls_weekly | heel_weekly
    sa.Column("week", sa.Date, nullable=False),  # the Monday
    sa.Column("answers", sa.JSON, nullable=False),
    sa.Column("score", sa.Integer, nullable=False),
    sa.Column("source", sa.String(16), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("user_id", "kind", "week", name="uq_weekly_scores_user_kind_week"),
)

# One value per (user, metric, day, source): a re-import replaces, two sources sit side by side.
health_values = sa.Table(
    "health_values",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), index=True),
    sa.Column("metric", sa.String(32), nullable=False),  # sleep_minutes | steps | resting_hr
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("value", sa.Integer, nullable=False),
    sa.Column("source", sa.String(16), nullable=False),
    sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint(
        "user_id", "metric", "day", "source", name="uq_health_values_user_metric_day_source"
    ),
)
