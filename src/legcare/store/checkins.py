"""Check-ins repository: one row per (user, kind, day); the values live in the JSON ``data``.

Plain functions over a ``Connection``; every query is scoped to ``user_id``. Values are stored
without the fields that were not recorded and read back with every field of the kind present
(``None`` where not recorded). Times are stored in UTC and read back as aware datetimes.

The statements are built once, at import, with bound parameters for the per-call values
(building a Core statement costs more than running it); those with optional filters are built
once per combination of the filters given.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from legcare.domain.diary import Checkin, CheckinKind, empty_values
from legcare.errors import Conflict
from legcare.store.bound import END as _END
from legcare.store.bound import START as _START
from legcare.store.bound import USER as _USER
from legcare.store.bound import in_range
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


# Bound parameters are named apart from the columns: UPDATE reserves the column names for SET.
_KIND = sa.bindparam("p_kind", type_=sa.String)
_DAY = sa.bindparam("p_day", type_=sa.Date)
_ONE = (checkins.c.user_id == _USER, checkins.c.kind == _KIND, checkins.c.day == _DAY)

_SCOPED = sa.select(*_COLUMNS, checkins.c.updated_at).where(checkins.c.user_id == _USER)
_GET = _SCOPED.where(*_ONE[1:])
_INSERT = checkins.insert()
_UPDATE = (
    checkins.update()
    .where(*_ONE)
    .values(
        data=sa.bindparam("p_data", type_=checkins.c.data.type),
        updated_at=sa.bindparam("p_updated_at", type_=checkins.c.updated_at.type),
    )
)
_DELETE = checkins.delete().where(*_ONE)
_DELETE_ALL = checkins.delete().where(checkins.c.user_id == _USER)
_VALUES = (
    sa.select(
        checkins.c.kind,
        sa.cast(checkins.c.day, sa.String),  # ISO text: date.fromisoformat is fastest
        sa.cast(checkins.c.data, sa.Text),
    )
    .where(checkins.c.user_id == _USER, checkins.c.day >= _START, checkins.c.day <= _END)
    .order_by(checkins.c.day, checkins.c.kind)
)
_DAYS = (
    sa.select(checkins.c.day)
    .where(*_ONE[:2], checkins.c.day >= _START, checkins.c.day <= _END)
    .order_by(checkins.c.day)
)


@cache
def _iter_query(start: bool, end: bool, kind: bool) -> sa.Select[Any]:
    """The `iter_checkins` statement for the filters given (one per combination)."""
    query = _SCOPED
    query = in_range(query, checkins.c.day, start=start, end=end)
    if kind:
        query = query.where(checkins.c.kind == _KIND)
    return query.order_by(checkins.c.day, checkins.c.kind)


def get_checkin(conn: Connection, user_id: int, kind: CheckinKind, day: date) -> Checkin | None:
    """The check-in of ``kind`` on ``day``, or None."""
    params = {"p_user_id": user_id, "p_kind": kind.value, "p_day": day}
    row = conn.execute(_GET, params).one_or_none()
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
            _INSERT,
            {
                "user_id": user_id,
                "kind": kind.value,
                "day": day,
                "data": _stored(values),
                "created_at": stamp,
                "updated_at": stamp,
            },
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
    params = {
        "p_user_id": user_id,
        "p_kind": kind.value,
        "p_day": day,
        "p_data": _stored(values),
        "p_updated_at": _utc(now),
    }
    return bool(conn.execute(_UPDATE, params).rowcount)


def delete_checkin(conn: Connection, user_id: int, kind: CheckinKind, day: date) -> bool:
    """Delete one check-in; False if there was none."""
    params = {"p_user_id": user_id, "p_kind": kind.value, "p_day": day}
    return bool(conn.execute(_DELETE, params).rowcount)


def delete_all_checkins(conn: Connection, user_id: int) -> int:
    """Delete every check-in of the user; returns how many."""
    result = conn.execute(_DELETE_ALL, {"p_user_id": user_id})
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
    query = _iter_query(start is not None, end is not None, kind is not None)
    params: dict[str, Any] = {"p_user_id": user_id, "p_start": start, "p_end": end}
    if kind is not None:
        params["p_kind"] = kind.value
    rows = conn.execute(query, params).all()
    for row in rows:
        yield _to_checkin(row)


def checkin_values(
    conn: Connection, user_id: int, *, start: date, end: date
) -> Iterator[tuple[str, date, dict[str, Any]]]:
    """(kind, day, recorded values) for ``start <= day <= end``: the fast path for insights.

    Only the recorded fields are present (no ``None`` fill, no timestamps), read in one go.
    """
    params = {"p_user_id": user_id, "p_start": start, "p_end": end}
    rows: list[Any] = list(conn.execute(_VALUES, params).all())
    # one JSON document for all rows: a single json.loads is cheaper than one per row
    payloads = json.loads("[" + ",".join(r[2] or "{}" for r in rows) + "]")
    as_date = date.fromisoformat
    for (kind, day, _), values in zip(rows, payloads, strict=True):
        yield kind, as_date(day[:10]), values


def checkin_days(
    conn: Connection, user_id: int, kind: CheckinKind, start: date, end: date
) -> list[date]:
    """The days in ``[start, end]`` that have a check-in of ``kind``."""
    params = {"p_user_id": user_id, "p_kind": kind.value, "p_start": start, "p_end": end}
    return [r.day for r in conn.execute(_DAYS, params)]
