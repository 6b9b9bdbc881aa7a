"""Check-ins repository: one row per (user, kind, day); the values live in the JSON ``data``.

Plain functions over a ``Connection``; every query is scoped to ``user_id``. Values are stored
without the fields that were not recorded and read back with every field of the kind present
(``None`` where not recorded). Times are stored in UTC and read back as aware datetimes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from legcare.domain.diary import Checkin, CheckinKind, empty_values
from legcare.errors import Conflict
from legcare.store.tables import checkins

_COLUMNS = (checkins.c.kind, checkins.c.day, checkins.c.data, checkins.c.created_at)


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _stored(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


_EMPTY = {kind.value: (kind, empty_values(kind)) for kind in CheckinKind}


def _to_checkin(row: Any) -> Checkin:
    kind, empty = _EMPTY[row.kind]
    values = empty.copy()
    for key, value in (row.data or {}).items():
        if key in values:
            values[key] = value
    return Checkin(
        kind=kind,
        day=row.day,
        values=values,
        created_at=_utc(row.created_at),
        updated_at=_utc(row.updated_at),
    )


def _scoped(user_id: int) -> sa.Select[Any]:
    return sa.select(*_COLUMNS, checkins.c.updated_at).where(checkins.c.user_id == user_id)


def get_checkin(conn: Connection, user_id: int, kind: CheckinKind, day: date) -> Checkin | None:
    """The check-in of ``kind`` on ``day``, or None."""
    row = conn.execute(
        _scoped(user_id).where(checkins.c.kind == kind.value, checkins.c.day == day)
    ).one_or_none()
    return None if row is None else _to_checkin(row)


def insert_checkin(
    conn: Connection,
    user_id: int,
    kind: CheckinKind,
    day: date,
    values: Mapping[str, Any],
    now: datetime,
) -> None:
    """Add a check-in; ``Conflict`` if one of this kind exists for ``day``.

    The unique constraint decides; after a ``Conflict`` the transaction must be rolled back
    (let the exception leave ``Store.transaction()``).
    """
    stamp = _utc(now)
    try:
        conn.execute(
            checkins.insert().values(
                user_id=user_id,
                kind=kind.value,
                day=day,
                data=_stored(values),
                created_at=stamp,
                updated_at=stamp,
            )
        )
    except sa.exc.IntegrityError as exc:
        article = "an" if kind is CheckinKind.EVENING else "a"
        raise Conflict(
            f"There is already {article} {kind.value} check-in for {day.isoformat()}."
        ) from exc


def update_checkin(
    conn: Connection,
    user_id: int,
    kind: CheckinKind,
    day: date,
    values: Mapping[str, Any],
    now: datetime,
) -> bool:
    """Replace the values of an existing check-in; False if there is none."""
    result = conn.execute(
        checkins.update()
        .where(checkins.c.user_id == user_id, checkins.c.kind == kind.value, checkins.c.day == day)
        .values(data=_stored(values), updated_at=_utc(now))
    )
    return bool(result.rowcount)


def delete_checkin(conn: Connection, user_id: int, kind: CheckinKind, day: date) -> bool:
    """Delete one check-in; False if there was none."""
    result = conn.execute(
        checkins.delete().where(
            checkins.c.user_id == user_id, checkins.c.kind == kind.value, checkins.c.day == day
        )
    )
    return bool(result.rowcount)


def delete_all_checkins(conn: Connection, user_id: int) -> int:
    """Delete every check-in of the user; returns how many."""
    result = conn.execute(checkins.delete().where(checkins.c.user_id == user_id))
    return int(result.rowcount or 0)


def iter_checkins(
    conn: Connection,
    user_id: int,
    *,
    start: date | None = None,
    end: date | None = None,
    kind: CheckinKind | None = None,
) -> Iterator[Checkin]:
    """Check-ins with ``start <= day <= end`` (either bound optional), by day then kind."""
    query = _scoped(user_id)
    if start is not None:
        query = query.where(checkins.c.day >= start)
    if end is not None:
        query = query.where(checkins.c.day <= end)
    if kind is not None:
        query = query.where(checkins.c.kind == kind.value)
    rows = conn.execute(query.order_by(checkins.c.day, checkins.c.kind)).all()
    for row in rows:
        yield _to_checkin(row)


def checkin_values(
    conn: Connection, user_id: int, *, start: date, end: date
) -> Iterator[tuple[str, date, dict[str, Any]]]:
    """(kind, day, recorded values) for ``start <= day <= end``: the fast path for insights.

    Only the recorded fields are present (no ``None`` fill, no timestamps), read in one go.
    """
    query = (
        sa.select(
            checkins.c.kind,
            sa.cast(checkins.c.day, sa.String),  # ISO text: date.fromisoformat is fastest
            sa.cast(checkins.c.data, sa.Text),
        )
        .where(checkins.c.user_id == user_id, checkins.c.day >= start, checkins.c.day <= end)
        .order_by(checkins.c.day, checkins.c.kind)
    )
    rows: list[Any] = list(conn.execute(query).all())
    # one JSON document for all rows: a single json.loads is cheaper than one per row
    payloads = json.loads("[" + ",".join(r[2] or "{}" for r in rows) + "]")
    as_date = date.fromisoformat
    for (kind, day, _), values in zip(rows, payloads, strict=True):
        yield kind, as_date(day[:10]), values


def checkin_days(
    conn: Connection, user_id: int, kind: CheckinKind, start: date, end: date
) -> list[date]:
    """The days in ``[start, end]`` that have a check-in of ``kind``."""
    rows = conn.execute(
        sa.select(checkins.c.day)
        .where(
            checkins.c.user_id == user_id,
            checkins.c.kind == kind.value,
            checkins.c.day >= start,
            checkins.c.day <= end,
        )
        .order_by(checkins.c.day)
    )
    return [r.day for r in rows]
