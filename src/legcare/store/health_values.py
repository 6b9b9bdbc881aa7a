"""Imported health values: nightly sleep, daily steps and resting heart rate, with their source.

One row per (user, metric, day, source). Importing the same file again replaces the values it
brings (an upsert done as update-then-insert, the same on SQLite and PostgreSQL); values from
another source sit beside them, so nothing is ever mixed without saying where it came from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from legcare.domain.tracking.sources import ValueSource
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


def list_values(
    conn: Connection,
    user_id: int,
    *,
    metric: Metric | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[HealthValue]:
    query = sa.select(health_values).where(health_values.c.user_id == user_id)
    if metric is not None:
        query = query.where(health_values.c.metric == metric.value)
    if start is not None:
        query = query.where(health_values.c.day >= start)
    if end is not None:
        query = query.where(health_values.c.day <= end)
    rows = conn.execute(
        query.order_by(health_values.c.day, health_values.c.metric, health_values.c.source)
    )
    return [HealthValue(Metric(r.metric), r.day, r.value, ValueSource(r.source)) for r in rows]
