"""Weekly-scores repository: one row per (user, kind, week); saving a week again replaces it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from legcare.domain.tracking.sources import ValueSource
from legcare.domain.tracking.weekly_scores import ITEMS, WeeklyScore, WeeklyScoreKind
from legcare.store.tables import weekly_scores


@dataclass(frozen=True, slots=True)
class StoredWeeklyScore:
    score: WeeklyScore
    source: ValueSource


def save_weekly_score(
    conn: Connection, user_id: int, score: WeeklyScore, source: ValueSource, now: datetime
) -> bool:
    """Save ``score``; True when it replaced an earlier answer for the same week."""
    where = (
        weekly_scores.c.user_id == user_id,
        weekly_scores.c.kind == score.kind.value,
        weekly_scores.c.week == score.week,
    )
    values = {
        "answers": dict(score.answers),
        "score": score.score,
        "source": source.value,
        "updated_at": now,
    }
    updated = conn.execute(weekly_scores.update().where(*where).values(**values))
    if updated.rowcount:
        return True
    conn.execute(
        weekly_scores.insert().values(
            user_id=user_id, kind=score.kind.value, week=score.week, **values
        )
    )
    return False


def _to_score(row: Any) -> StoredWeeklyScore:
    kind = WeeklyScoreKind(row.kind)
    answers = tuple((item, int(row.answers[item])) for item in ITEMS[kind])
    return StoredWeeklyScore(
        score=WeeklyScore(kind=kind, week=row.week, answers=answers, score=row.score),
        source=ValueSource(row.source),
    )


def list_weekly_scores(
    conn: Connection,
    user_id: int,
    *,
    kind: WeeklyScoreKind | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[StoredWeeklyScore]:
    """The user's weekly scores (of ``kind``, weeks in ``[start, end]``), oldest week first."""
    query = sa.select(weekly_scores).where(weekly_scores.c.user_id == user_id)
    if kind is not None:
        query = query.where(weekly_scores.c.kind == kind.value)
    if start is not None:
        query = query.where(weekly_scores.c.week >= start)
    if end is not None:
        query = query.where(weekly_scores.c.week <= end)
    rows = conn.execute(query.order_by(weekly_scores.c.week, weekly_scores.c.kind))
    return [_to_score(r) for r in rows]
