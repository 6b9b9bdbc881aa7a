"""Plans repository: numbered plan versions per user; old versions are kept.

Each row holds the generated plan (JSON), the profile it was built for and the check it came
from. The version is one more than the user's newest; the unique (user_id, version) constraint
turns a race between two writers into an error instead of two plans with one number.

The hot reads are built once, at import, with bound parameters for the per-call values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from legcare.store.bound import USER as _USER
from legcare.store.tables import plans


@dataclass(frozen=True, slots=True)
class PlanRecord:
    id: int
    version: int
    created_at: datetime
    screening_id: int | None
    profile: dict[str, Any]
    plan: dict[str, Any]


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _record(row: Any) -> PlanRecord:
    return PlanRecord(
        id=row.id,
        version=row.version,
        created_at=_utc(row.created_at),
        screening_id=row.screening_id,
        profile=dict(row.profile),
        plan=dict(row.plan),
    )


_COLUMNS = (
    plans.c.id,
    plans.c.version,
    plans.c.created_at,
    plans.c.screening_id,
    plans.c.profile,
    plans.c.plan,
)


_LIST = sa.select(*_COLUMNS).where(plans.c.user_id == _USER).order_by(plans.c.version.desc())
_LATEST = _LIST.limit(1)
_BY_VERSION = sa.select(*_COLUMNS).where(
    plans.c.user_id == _USER, plans.c.version == sa.bindparam("p_version", type_=sa.Integer)
)
_BY_ID = sa.select(*_COLUMNS).where(
    plans.c.user_id == _USER, plans.c.id == sa.bindparam("p_id", type_=sa.Integer)
)


def latest_plan(conn: Connection, *, user_id: int) -> PlanRecord | None:
    row = conn.execute(_LATEST, {"p_user_id": user_id}).first()
    return None if row is None else _record(row)


def get_plan(conn: Connection, *, user_id: int, version: int) -> PlanRecord | None:
    row = conn.execute(_BY_VERSION, {"p_user_id": user_id, "p_version": version}).first()
    return None if row is None else _record(row)


def get_plan_by_id(conn: Connection, *, user_id: int, plan_id: int) -> PlanRecord | None:
    row = conn.execute(_BY_ID, {"p_user_id": user_id, "p_id": plan_id}).first()
    return None if row is None else _record(row)


def list_plans(conn: Connection, *, user_id: int) -> list[PlanRecord]:
    """Every version, newest first."""
    return [_record(row) for row in conn.execute(_LIST, {"p_user_id": user_id})]


def insert_plan(
    conn: Connection,
    *,
    user_id: int,
    profile: dict[str, Any],
    plan: dict[str, Any],
    screening_id: int | None,
    now: datetime,
) -> PlanRecord:
    """Store a new version (one more than the newest) and return it."""
    newest: int | None = conn.execute(
        sa.select(sa.func.max(plans.c.version)).where(plans.c.user_id == user_id)
    ).scalar_one()
    version = (newest or 0) + 1
    result = conn.execute(
        plans.insert().values(
            user_id=user_id,
            version=version,
            created_at=_utc(now),
            screening_id=screening_id,
            profile=profile,
            plan=plan,
        )
    )
    plan_id = int(result.inserted_primary_key[0])  # type: ignore[index]
    return PlanRecord(plan_id, version, _utc(now), screening_id, profile, plan)
