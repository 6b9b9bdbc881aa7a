"""Repository for checks (the ``screenings`` table): drafts being answered and completed checks.

Every function takes a Connection and the ``user_id`` and touches only that user's rows. A user
has at most one draft (``status = 'in_progress'``); completing it turns the same row into a
completed check, so an interrupted interview resumes where it stopped.

The hot reads are built once, at import, with bound parameters for the per-call values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from legcare.store.bound import USER as _USER
from legcare.store.tables import screenings

IN_PROGRESS = "in_progress"
COMPLETE = "complete"


@dataclass(frozen=True, slots=True)
class ScreeningRecord:
    """One stored check: its answers (keyed by question id) and, once complete, its result."""

    id: int
    status: str
    started_at: datetime
    completed_at: datetime | None
    content_version: str
    answers: dict[str, Any]
    result: dict[str, Any] | None


def _utc(moment: datetime) -> datetime:
    """Times are stored in UTC (SQLite keeps no offset); naive values read back are UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _record(row: sa.Row[Any]) -> ScreeningRecord:
    return ScreeningRecord(
        id=row.id,
        status=row.status,
        started_at=_utc(row.started_at),
        completed_at=_utc(row.completed_at) if row.completed_at is not None else None,
        content_version=row.content_version,
        answers=dict(row.answers or {}),
        result=dict(row.result) if row.result is not None else None,
    )


_DRAFT = (
    sa.select(screenings)
    .where(screenings.c.user_id == _USER, screenings.c.status == IN_PROGRESS)
    .order_by(screenings.c.id.desc())
    .limit(1)
)
_COMPLETED = (
    sa.select(screenings)
    .where(screenings.c.user_id == _USER, screenings.c.status == COMPLETE)
    .order_by(screenings.c.completed_at.desc(), screenings.c.id.desc())
    .limit(sa.bindparam("p_limit", type_=sa.Integer))
)


def get_draft(conn: Connection, *, user_id: int) -> ScreeningRecord | None:
    """The user's check in progress, if any."""
    row = conn.execute(_DRAFT, {"p_user_id": user_id}).first()
    return _record(row) if row is not None else None


def save_draft(
    conn: Connection,
    *,
    user_id: int,
    answers: Mapping[str, Any],
    content_version: str,
    now: datetime,
) -> int:
    """Store the answers given so far (creating the draft on the first answer); returns its id."""
    draft = get_draft(conn, user_id=user_id)
    if draft is None:
        return int(
            conn.execute(
                sa.insert(screenings)
                .values(
                    user_id=user_id,
                    status=IN_PROGRESS,
                    started_at=_utc(now),
                    content_version=content_version,
                    answers=dict(answers),
                    result=None,
                )
                .returning(screenings.c.id)
            ).scalar_one()
        )
    conn.execute(
        sa.update(screenings)
        .where(screenings.c.id == draft.id, screenings.c.user_id == user_id)
        .values(answers=dict(answers), content_version=content_version)
    )
    return draft.id


def discard_draft(conn: Connection, *, user_id: int) -> bool:
    """Delete the user's draft; True if there was one."""
    res = conn.execute(
        sa.delete(screenings).where(
            screenings.c.user_id == user_id, screenings.c.status == IN_PROGRESS
        )
    )
    return bool(res.rowcount)


def complete(
    conn: Connection,
    *,
    user_id: int,
    answers: Mapping[str, Any],
    result: Mapping[str, Any],
    content_version: str,
    now: datetime,
    from_draft: bool = False,
) -> int:
    """Save a completed check; returns its id.

    With ``from_draft`` the user's draft (if any) becomes this check, keeping its start time;
    otherwise a new row is added and any draft is left alone.
    """
    values = {
        "status": COMPLETE,
        "completed_at": _utc(now),
        "content_version": content_version,
        "answers": dict(answers),
        "result": dict(result),
    }
    draft = get_draft(conn, user_id=user_id) if from_draft else None
    if draft is not None:
        conn.execute(
            sa.update(screenings)
            .where(screenings.c.id == draft.id, screenings.c.user_id == user_id)
            .values(**values)
        )
        return draft.id
    return int(
        conn.execute(
            sa.insert(screenings)
            .values(user_id=user_id, started_at=_utc(now), **values)
            .returning(screenings.c.id)
        ).scalar_one()
    )


def list_completed(conn: Connection, *, user_id: int, limit: int = 100) -> list[ScreeningRecord]:
    """The user's completed checks, newest first."""
    rows = conn.execute(_COMPLETED, {"p_user_id": user_id, "p_limit": limit}).all()
    return [_record(r) for r in rows]


def latest_completed(conn: Connection, *, user_id: int) -> ScreeningRecord | None:
    """The user's newest completed check, if any."""
    found = list_completed(conn, user_id=user_id, limit=1)
    return found[0] if found else None


def get_completed(conn: Connection, *, user_id: int, screening_id: int) -> ScreeningRecord | None:
    """One completed check of this user by id (None if absent or not theirs)."""
    row = conn.execute(
        sa.select(screenings).where(
            screenings.c.id == screening_id,
            screenings.c.user_id == user_id,
            screenings.c.status == COMPLETE,
        )
    ).first()
    return _record(row) if row is not None else None
