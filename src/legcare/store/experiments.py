"""Experiments repository: one row per n-of-1 experiment, design and schedule as JSON.

The schedule is written once, at enrolment, and never recomputed or rewritten: only the status,
the stop time and reason, the ``shared`` flag and the settings inside ``design`` (thresholds,
early looks) change afterwards. Every query is scoped to ``user_id``; the one cross-user read,
``shared_experiments``, takes the list of clients who chose to share and returns only the
experiments they marked as shared.

The hot reads are built once, at import, with bound parameters for the per-call values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from legcare.store.bound import USER as _USER
from legcare.store.tables import experiments

ACTIVE = "active"
STOPPED = "stopped"
FINISHED = "finished"
STATUSES = (ACTIVE, STOPPED, FINISHED)


@dataclass(frozen=True, slots=True)
class ExperimentRow:
    id: int
    user_id: int
    status: str
    created_at: datetime
    start_day: date
    seed: int
    design: dict[str, Any]
    schedule: list[dict[str, Any]]
    stopped_at: datetime | None
    stop_reason: str | None
    shared: bool


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


_GET = sa.select(experiments).where(
    experiments.c.user_id == _USER, experiments.c.id == sa.bindparam("p_id", type_=sa.Integer)
)
_LIST = (
    sa.select(experiments)
    .where(experiments.c.user_id == _USER)
    .order_by(experiments.c.created_at.desc(), experiments.c.id.desc())
)


def _row(row: Any) -> ExperimentRow:
    created = _utc(row.created_at)
    assert created is not None
    return ExperimentRow(
        id=row.id,
        user_id=row.user_id,
        status=row.status,
        created_at=created,
        start_day=row.start_day,
        seed=int(row.seed),
        design=dict(row.design),
        schedule=list(row.schedule),
        stopped_at=_utc(row.stopped_at),
        stop_reason=row.stop_reason,
        shared=bool(row.shared),
    )


def insert_experiment(
    conn: Connection,
    user_id: int,
    *,
    created_at: datetime,
    start_day: date,
    seed: int,
    design: dict[str, Any],
    schedule: list[dict[str, Any]],
    shared: bool = False,
) -> int:
    """Store a new active experiment; returns its id."""
    result = conn.execute(
        experiments.insert().values(
            user_id=user_id,
            status=ACTIVE,
            created_at=_utc(created_at),
            start_day=start_day,
            seed=seed,
            design=design,
            schedule=schedule,
            shared=shared,
        )
    )
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def get_experiment(conn: Connection, user_id: int, experiment_id: int) -> ExperimentRow | None:
    row = conn.execute(_GET, {"p_user_id": user_id, "p_id": experiment_id}).one_or_none()
    return None if row is None else _row(row)


def list_experiments(conn: Connection, user_id: int) -> list[ExperimentRow]:
    """This user's experiments, newest first."""
    rows = conn.execute(_LIST, {"p_user_id": user_id}).all()
    return [_row(r) for r in rows]


def set_status(
    conn: Connection,
    user_id: int,
    experiment_id: int,
    *,
    status: str,
    stopped_at: datetime | None = None,
    stop_reason: str | None = None,
) -> bool:
    """Change the status (and record a stop); False when there is no such experiment."""
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}")
    result = conn.execute(
        experiments.update()
        .where(experiments.c.user_id == user_id, experiments.c.id == experiment_id)
        .values(status=status, stopped_at=_utc(stopped_at), stop_reason=stop_reason)
    )
    return bool(result.rowcount)


def set_shared(conn: Connection, user_id: int, experiment_id: int, *, shared: bool) -> bool:
    result = conn.execute(
        experiments.update()
        .where(experiments.c.user_id == user_id, experiments.c.id == experiment_id)
        .values(shared=shared)
    )
    return bool(result.rowcount)


def update_design(
    conn: Connection, user_id: int, experiment_id: int, *, design: dict[str, Any]
) -> bool:
    """Replace the design JSON (settings only: the service keeps arms and outcome unchanged)."""
    result = conn.execute(
        experiments.update()
        .where(experiments.c.user_id == user_id, experiments.c.id == experiment_id)
        .values(design=design)
    )
    return bool(result.rowcount)


def shared_experiments(conn: Connection, user_ids: Sequence[int]) -> list[ExperimentRow]:
    """Experiments marked as shared by any of ``user_ids`` (clients who share with a clinician)."""
    if not user_ids:
        return []
    rows = conn.execute(
        sa.select(experiments)
        .where(experiments.c.user_id.in_(list(user_ids)), experiments.c.shared.is_(True))
        .order_by(experiments.c.user_id, experiments.c.id)
    ).all()
    return [_row(r) for r in rows]
