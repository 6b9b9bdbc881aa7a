"""Imported health values: nightly sleep, daily steps and resting heart rate, with their source.

One row per (user, metric, day, source). Importing the same file again replaces the values it
brings (an upsert done as update-then-insert, the same on SQLite and PostgreSQL); values from
another source sit beside them, so nothing is ever mixed without saying where it came from.

The list is read with a statement built once per combination of the filters given, with bound
parameters for the per-call values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from legcare.domain.tracking.sources import ValueSource
from legcare.store.bound import USER as _USER
from legcare.store.bound import in_range
from legcare.store.tables import health_values


class Metric(StrEnum):
    SLEEP_MINUTES = "sleep_minutes"
    STEPS = "steps"
    RESTING_HEART_RATE = "resting_hr"


@dataclass(frozen=True, slots=True)
class HealthValue:
    metric: Metric
    day: date
    value: int
    source: ValueSource


def save_values(
    conn: Connection, user_id: int, values: Iterable[HealthValue], now: datetime
) -> tuple[int, int]:
    """Save ``values``; returns (inserted, replaced)."""
    inserted = replaced = 0
    for item in values:
        where = (
            health_values.c.user_id == user_id,
            health_values.c.metric == item.metric.value,
            health_values.c.day == item.day,
            health_values.c.source == item.source.value,
        )
        updated = conn.execute(
            health_values.update().where(*where).values(value=item.value, imported_at=now)
        )
        if updated.rowcount:
            replaced += 1
            continue
        conn.execute(
            health_values.insert().values(
                user_id=user_id,
                metric=item.metric.value,
                day=item.day,
                value=item.value,
                source=item.source.value,
                imported_at=now,
            )
        )
        inserted += 1
    return inserted, replaced


@cache
def _list_query(metric: bool, start: bool, end: bool) -> sa.Select[Any]:
    """The `list_values` statement for the filters given (one per combination)."""
    query = sa.select(health_values).where(health_values.c.user_id == _USER)
    if metric:
        query = query.where(health_values.c.metric == sa.bindparam("p_metric", type_=sa.String))
    query = in_range(query, health_values.c.day, start=start, end=end)
    return query.order_by(health_values.c.day, health_values.c.metric, health_values.c.source)


def list_values(
    conn: Connection,
    user_id: int,
    *,
    metric: Metric | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[HealthValue]:
    query = _list_query(metric is not None, start is not None, end is not None)
    params: dict[str, Any] = {"p_user_id": user_id, "p_start": start, "p_end": end}
    if metric is not None:
        params["p_metric"] = metric.value
    rows = conn.execute(query, params)
    return [HealthValue(Metric(r.metric), r.day, r.value, ValueSource(r.source)) for r in rows]
