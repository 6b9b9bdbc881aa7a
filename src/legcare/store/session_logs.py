"""Session logs repository: one row per played session, its resumable player state in JSON.

``status`` is ``in_progress`` while it plays (saved every few seconds, so a crash keeps what
was done), ``quit`` when the person stopped early (offered for resume), ``finished`` at the end.

The hot reads are built once, at import, with bound parameters for the per-call values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from legcare.domain.sessions.log import massage_done
from legcare.store.bound import END as _END
from legcare.store.bound import START as _START
from legcare.store.bound import USER as _USER
from legcare.store.tables import session_logs

UNFINISHED = ("in_progress", "quit")


@dataclass(frozen=True, slots=True)
class SessionLogRecord:
    id: int
    plan_id: int | None
    day: date
    status: str
    started_at: datetime
    ended_at: datetime | None
    state: dict[str, Any]
    tenderness: dict[str, int] | None
    note: str | None


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


_COLUMNS = (
    session_logs.c.id,
    session_logs.c.plan_id,
    session_logs.c.day,
    session_logs.c.status,
    session_logs.c.started_at,
    session_logs.c.ended_at,
    session_logs.c.state,
    session_logs.c.tenderness,
    session_logs.c.note,
)


_GET = sa.select(*_COLUMNS).where(
    session_logs.c.user_id == _USER, session_logs.c.id == sa.bindparam("p_id", type_=sa.Integer)
)
_LATEST_UNFINISHED = (
    sa.select(*_COLUMNS)
    .where(session_logs.c.user_id == _USER, session_logs.c.status.in_(UNFINISHED))
    .order_by(session_logs.c.started_at.desc(), session_logs.c.id.desc())
    .limit(1)
)
_LIST = (
    sa.select(*_COLUMNS)
    .where(
        session_logs.c.user_id == _USER,
        session_logs.c.day >= _START,
        session_logs.c.day <= _END,
    )
    .order_by(session_logs.c.day, session_logs.c.started_at, session_logs.c.id)
)


def _record(row: Any) -> SessionLogRecord:
    return SessionLogRecord(
        id=row.id,
        plan_id=row.plan_id,
        day=row.day,
        status=row.status,
        started_at=_utc(row.started_at),
        ended_at=None if row.ended_at is None else _utc(row.ended_at),
        state=dict(row.state),
        tenderness=None if row.tenderness is None else dict(row.tenderness),
        note=row.note,
    )


def insert_log(
    conn: Connection,
    *,
    user_id: int,
    plan_id: int | None,
    day: date,
    state: dict[str, Any],
    now: datetime,
) -> SessionLogRecord:
    result = conn.execute(
        session_logs.insert().values(
            user_id=user_id,
            plan_id=plan_id,
            day=day,
            status="in_progress",
            started_at=_utc(now),
            state=state,
        )
    )
    log_id = int(result.inserted_primary_key[0])  # type: ignore[index]
    return SessionLogRecord(log_id, plan_id, day, "in_progress", _utc(now), None, state, None, None)


def get_log(conn: Connection, *, user_id: int, log_id: int) -> SessionLogRecord | None:
    row = conn.execute(_GET, {"p_user_id": user_id, "p_id": log_id}).first()
    return None if row is None else _record(row)


def update_log(
    conn: Connection,
    *,
    user_id: int,
    log_id: int,
    state: dict[str, Any],
    status: str,
    ended_at: datetime | None = None,
    tenderness: dict[str, int] | None = None,
    note: str | None = None,
) -> bool:
    """Save the state (and, when it ends, the end time, tenderness and note) of an
    unfinished log; False if there is no such unfinished log."""
    values: dict[str, Any] = {"state": state, "status": status}
    if ended_at is not None:
        values["ended_at"] = _utc(ended_at)
    if tenderness is not None:
        values["tenderness"] = tenderness
    if note is not None:
        values["note"] = note
    result = conn.execute(
        session_logs.update()
        .where(
            session_logs.c.user_id == user_id,
            session_logs.c.id == log_id,
            session_logs.c.status.in_(UNFINISHED),
        )
        .values(**values)
    )
    return bool(result.rowcount)


def latest_unfinished(conn: Connection, *, user_id: int) -> SessionLogRecord | None:
    row = conn.execute(_LATEST_UNFINISHED, {"p_user_id": user_id}).first()
    return None if row is None else _record(row)


def list_logs(conn: Connection, *, user_id: int, start: date, end: date) -> list[SessionLogRecord]:
    """Logs with ``start <= day <= end``, oldest first."""
    params = {"p_user_id": user_id, "p_start": start, "p_end": end}
    return [_record(row) for row in conn.execute(_LIST, params)]


def massage_days(conn: Connection, *, user_id: int, start: date, end: date) -> set[date]:
    """Days in ``[start, end]`` with a massage or rolling step done, read from the logs
    (``legcare.domain.sessions.log.massage_done``)."""
    return {
        r.day
        for r in list_logs(conn, user_id=user_id, start=start, end=end)
        if massage_done(r.state)
    }
