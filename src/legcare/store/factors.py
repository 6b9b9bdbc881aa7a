"""Own-factors repository: the person's factors and their daily values.

A factor's name is unique per user whatever its case (the ``name_key`` column, case-folded, has a
unique constraint); a second value for the same factor and day replaces the first.

The hot reads are built once, at import, with bound parameters for the per-call values; those
with optional filters once per combination of the filters given.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from legcare.domain.tracking.factors import Factor, FactorKind
from legcare.domain.tracking.sources import ValueSource
from legcare.errors import Conflict, NotFound
from legcare.store.bound import USER as _USER
from legcare.store.bound import in_range
from legcare.store.tables import factor_values, factors

_FACTORS = sa.select(factors).where(factors.c.user_id == _USER).order_by(factors.c.name_key)
_ACTIVE_FACTORS = _FACTORS.where(factors.c.archived_at.is_(None))


@cache
def _values_query(start: bool, end: bool) -> sa.Select[Any]:
    """The `list_values` statement for the bounds given (one per combination)."""
    query = sa.select(factor_values).where(factor_values.c.user_id == _USER)
    query = in_range(query, factor_values.c.day, start=start, end=end)
    return query.order_by(factor_values.c.day, factor_values.c.factor_id)


@dataclass(frozen=True, slots=True)
class StoredFactor:
    id: int
    factor: Factor
    archived: bool = False


@dataclass(frozen=True, slots=True)
class FactorValue:
    factor_id: int
    day: date
    value: int
    source: ValueSource


def insert_factor(conn: Connection, user_id: int, factor: Factor, now: datetime) -> int:
    try:
        result = conn.execute(
            factors.insert().values(
                user_id=user_id,
                name=factor.name,
                name_key=factor.key,
                kind=factor.kind.value,
                created_at=now,
            )
        )
    except sa.exc.IntegrityError:
        raise Conflict(
            f"a factor named {factor.name!r} already exists (names are compared whatever their "
            "case)"
        ) from None
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _to_factor(row: Any) -> StoredFactor:
    return StoredFactor(
        id=row.id,
        factor=Factor(name=row.name, kind=FactorKind(row.kind)),
        archived=row.archived_at is not None,
    )


def list_factors(
    conn: Connection, user_id: int, *, active_only: bool = False
) -> list[StoredFactor]:
    """The person's factors by name; ``active_only`` leaves out the archived ones."""
    rows = conn.execute(_ACTIVE_FACTORS if active_only else _FACTORS, {"p_user_id": user_id})
    return [_to_factor(r) for r in rows]


def set_archived(
    conn: Connection, user_id: int, factor_id: int, *, archived: bool, now: datetime
) -> StoredFactor:
    """Archive (or bring back) one factor; its values stay. ``NotFound`` if there is none."""
    result = conn.execute(
        factors.update()
        .where(factors.c.user_id == user_id, factors.c.id == factor_id)
        .values(archived_at=now if archived else None)
    )
    if result.rowcount == 0:
        raise NotFound(f"no factor with id {factor_id}; see `legcare factors list`")
    row = conn.execute(
        sa.select(factors).where(factors.c.user_id == user_id, factors.c.id == factor_id)
    ).one()
    return _to_factor(row)


def find_factor(conn: Connection, user_id: int, name: str) -> StoredFactor:
    key = " ".join(name.split()).casefold()
    row = conn.execute(
        sa.select(factors).where(factors.c.user_id == user_id, factors.c.name_key == key)
    ).first()
    if row is None:
        raise NotFound(f"no factor named {name!r}; see `legcare factors list`")
    return _to_factor(row)


def delete_factor(conn: Connection, user_id: int, factor_id: int) -> None:
    conn.execute(
        factor_values.delete().where(
            factor_values.c.user_id == user_id, factor_values.c.factor_id == factor_id
        )
    )
    result = conn.execute(
        factors.delete().where(factors.c.user_id == user_id, factors.c.id == factor_id)
    )
    if result.rowcount == 0:
        raise NotFound(f"no factor with id {factor_id}")


def set_value(  # noqa: PLR0913 - one row's fields
    conn: Connection,
    user_id: int,
    factor_id: int,
    day: date,
    value: int,
    source: ValueSource,
    now: datetime,
) -> None:
    """Record ``value`` for the factor on ``day``, replacing any earlier value for that day."""
    where = (
        factor_values.c.user_id == user_id,
        factor_values.c.factor_id == factor_id,
        factor_values.c.day == day,
    )
    updated = conn.execute(
        factor_values.update()
        .where(*where)
        .values(value=value, source=source.value, updated_at=now)
    )
    if updated.rowcount == 0:
        conn.execute(
            factor_values.insert().values(
                user_id=user_id,
                factor_id=factor_id,
                day=day,
                value=value,
                source=source.value,
                updated_at=now,
            )
        )


def delete_value(conn: Connection, user_id: int, factor_id: int, day: date) -> None:
    """Remove the factor's value on ``day`` (nothing happens when there is none)."""
    conn.execute(
        factor_values.delete().where(
            factor_values.c.user_id == user_id,
            factor_values.c.factor_id == factor_id,
            factor_values.c.day == day,
        )
    )


def delete_day_values(conn: Connection, user_id: int, day: date, source: ValueSource) -> int:
    """Remove every factor value of ``source`` on ``day`` (a deleted check-in takes its own)."""
    result = conn.execute(
        factor_values.delete().where(
            factor_values.c.user_id == user_id,
            factor_values.c.day == day,
            factor_values.c.source == source.value,
        )
    )
    return int(result.rowcount or 0)


def list_values(
    conn: Connection, user_id: int, *, start: date | None = None, end: date | None = None
) -> list[FactorValue]:
    query = _values_query(start is not None, end is not None)
    rows = conn.execute(query, {"p_user_id": user_id, "p_start": start, "p_end": end})
    return [FactorValue(r.factor_id, r.day, r.value, ValueSource(r.source)) for r in rows]
