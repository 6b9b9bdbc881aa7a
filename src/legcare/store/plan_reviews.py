"""Plan reviews repository: weekly proposals and the person's decision; also the small read
of evening symptom ratings the review uses when the diary service is not there.

The hot reads are built once, at import, with bound parameters for the per-call values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from legcare.store.bound import USER as _USER
from legcare.store.tables import checkins, plan_reviews


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    id: int
    plan_id: int
    created_at: datetime
    proposal: dict[str, Any]
    decision: str | None


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


_COLUMNS = (
    plan_reviews.c.id,
    plan_reviews.c.plan_id,
    plan_reviews.c.created_at,
    plan_reviews.c.proposal,
    plan_reviews.c.decision,
)


_LATEST = (
    sa.select(*_COLUMNS)
    .where(plan_reviews.c.user_id == _USER)
    .order_by(plan_reviews.c.created_at.desc(), plan_reviews.c.id.desc())
    .limit(1)
)
_ORDER = (plan_reviews.c.created_at, plan_reviews.c.id)
_LIST = sa.select(*_COLUMNS).where(plan_reviews.c.user_id == _USER).order_by(*_ORDER)
_LIST_DECIDED = (
    sa.select(*_COLUMNS)
    .where(
        plan_reviews.c.user_id == _USER,
        plan_reviews.c.decision == sa.bindparam("p_decision", type_=sa.String),
    )
    .order_by(*_ORDER)
)


def _record(row: Any) -> ReviewRecord:
    return ReviewRecord(row.id, row.plan_id, _utc(row.created_at), dict(row.proposal), row.decision)


def insert_review(
    conn: Connection, *, user_id: int, plan_id: int, proposal: dict[str, Any], now: datetime
) -> ReviewRecord:
    result = conn.execute(
        plan_reviews.insert().values(
            user_id=user_id, plan_id=plan_id, created_at=_utc(now), proposal=proposal
        )
    )
    review_id = int(result.inserted_primary_key[0])  # type: ignore[index]
    return ReviewRecord(review_id, plan_id, _utc(now), proposal, None)


def get_review(conn: Connection, *, user_id: int, review_id: int) -> ReviewRecord | None:
    query = sa.select(*_COLUMNS).where(
        plan_reviews.c.user_id == user_id, plan_reviews.c.id == review_id
    )
    row = conn.execute(query).first()
    return None if row is None else _record(row)


def latest_review(conn: Connection, *, user_id: int) -> ReviewRecord | None:
    row = conn.execute(_LATEST, {"p_user_id": user_id}).first()
    return None if row is None else _record(row)


def list_reviews(
    conn: Connection, *, user_id: int, decision: str | None = None
) -> list[ReviewRecord]:
    """Reviews oldest first; only those with ``decision`` when given."""
    if decision is None:
        rows = conn.execute(_LIST, {"p_user_id": user_id})
    else:
        rows = conn.execute(_LIST_DECIDED, {"p_user_id": user_id, "p_decision": decision})
    return [_record(row) for row in rows]


def decide_review(conn: Connection, *, user_id: int, review_id: int, decision: str) -> bool:
    """Record accepted/declined on an undecided review; False if there was none to decide."""
    result = conn.execute(
        plan_reviews.update()
        .where(
            plan_reviews.c.user_id == user_id,
            plan_reviews.c.id == review_id,
            plan_reviews.c.decision.is_(None),
        )
        .values(decision=decision)
    )
    return bool(result.rowcount)


def evening_ratings(
    conn: Connection, *, user_id: int, start: date, end: date, field: str = "rls"
) -> list[tuple[date, float]]:
    """(day, rating) of the evening check-ins in ``[start, end]`` that recorded ``field``."""
    query = (
        sa.select(checkins.c.day, checkins.c.data)
        .where(
            checkins.c.user_id == user_id,
            checkins.c.kind == "evening",
            checkins.c.day >= start,
            checkins.c.day <= end,
        )
        .order_by(checkins.c.day)
    )
    out = []
    for row in conn.execute(query):
        value = (row.data or {}).get(field)
        if isinstance(value, int | float) and not isinstance(value, bool):
            out.append((row.day, float(value)))
    return out
