"""Weekly-scores repository: one row per (user, kind, week); saving a week again replaces it.

The list is read with a statement built once per combination of the filters given, with bound
parameters for the per-call values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from legcare.domain.tracking.sources import ValueSource
from legcare.domain.tracking.weekly_scores import ITEMS, WeeklyScore, WeeklyScoreKind
from legcare.store.bound import USER as _USER
from legcare.store.bound import in_range
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


@cache
def _list_query(kind: bool, start: bool, end: bool) -> sa.Select[Any]:
    """The `list_weekly_scores` statement for the filters given (one per combination)."""
    query = sa.select(weekly_scores).where(weekly_scores.c.user_id == _USER)
    if kind:
        query = query.where(weekly_scores.c.kind == sa.bindparam("p_kind", type_=sa.String))
    query = in_range(query, weekly_scores.c.week, start=start, end=end)
    return query.order_by(weekly_scores.c.week, weekly_scores.c.kind)


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
    query = _list_query(kind is not None, start is not None, end is not None)
    params: dict[str, Any] = {"p_user_id": user_id, "p_start": start, "p_end": end}
    if kind is not None:
        params["p_kind"] = kind.value
    rows = conn.execute(query, params)
    return [_to_score(r) for r in rows]
