"""Data rights: read, delete and insert every row a user owns, across all health tables.

One repository for "everything about this user": the export reads it, ``delete --all`` removes
it and an import inserts a whole set. Every query is scoped by ``user_id``; callers pass a
Connection from ``Store.transaction()`` so each operation is one transaction (all or nothing).

What counts as the user's health data is ``USER_TABLES`` (parents before children). The account
itself (``users``), sign-in sessions and clinician shares are not health data and are kept
here: a local user stays usable after ``delete --all`` (the service ends the shares), and a
clinic account is closed by the accounts service.

An imported experiment is never marked shared, whatever the file says: sharing with clinicians
takes fresh consent in this account.

Insert takes rows whose ``id`` and reference columns (``screening_id``, ``plan_id``) are
*file-local* numbers (as an export writes them) and maps them to fresh database ids, so a set
can be imported into any database without clashing with other users' rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from legcare.errors import Conflict
from legcare.store.tables import (
    checkins,
    experiments,
    factor_values,
    factors,
    health_values,
    medicine_uses,
    medicines,
    plan_reviews,
    plans,
    profiles,
    screenings,
    session_logs,
    weekly_scores,
)

USER_TABLES: tuple[sa.Table, ...] = (
    profiles,
    screenings,
    plans,
    plan_reviews,
    session_logs,
    checkins,
    experiments,
    medicines,
    medicine_uses,
    factors,
    factor_values,
    weekly_scores,
    health_values,
)
TABLES_BY_NAME: dict[str, sa.Table] = {t.name: t for t in USER_TABLES}

# column -> the table whose ``id`` it refers to (both belong to the same user)
REFERENCES: dict[str, dict[str, str]] = {
    "plans": {"screening_id": "screenings"},
    "plan_reviews": {"plan_id": "plans"},
    "session_logs": {"plan_id": "plans"},
    "medicine_uses": {"medicine_id": "medicines"},
    "factor_values": {"factor_id": "factors"},
}

Rows = dict[str, list[dict[str, Any]]]


def _order(table: sa.Table) -> Sequence[sa.ColumnElement[Any]]:
    return [table.c.id] if "id" in table.c else []


def read_all(conn: Connection, user_id: int) -> Rows:
    """Every row of every health table that belongs to ``user_id``, oldest first."""
    out: Rows = {}
    for table in USER_TABLES:
        query = sa.select(table).where(table.c.user_id == user_id).order_by(*_order(table))
        out[table.name] = [dict(r._mapping) for r in conn.execute(query)]
    return out


def recent_notes(
    conn: Connection, user_id: int, *, start: date, end: date, limit: int
) -> list[tuple[date, str, str]]:
    """The newest ``limit`` check-in notes in ``[start, end]``: (day, kind, note), newest first.

    The database picks the notes out of the JSON (SQLite ``json_extract``, PostgreSQL ``->>``),
    so a long diary costs little.
    """
    note = checkins.c.data["note"].as_string()
    query = (
        sa.select(checkins.c.day, checkins.c.kind, note.label("note"))
        .where(
            checkins.c.user_id == user_id,
            checkins.c.day.between(start, end),
            note.is_not(None),
            note != "",
        )
        .order_by(checkins.c.day.desc(), checkins.c.kind)
        .limit(limit)
    )
    return [(row.day, str(row.kind), str(row.note)) for row in conn.execute(query)]


def count_all(conn: Connection, user_id: int) -> dict[str, int]:
    """How many rows ``user_id`` has in each health table."""
    counts: dict[str, int] = {}
    for table in USER_TABLES:
        query = sa.select(sa.func.count()).select_from(table).where(table.c.user_id == user_id)
        counts[table.name] = int(conn.execute(query).scalar_one())
    return counts


def delete_all(conn: Connection, user_id: int) -> dict[str, int]:
    """Delete every health row of ``user_id`` (children first); returns rows deleted per table."""
    counts: dict[str, int] = {}
    for table in reversed(USER_TABLES):
        result = conn.execute(table.delete().where(table.c.user_id == user_id))
        counts[table.name] = int(result.rowcount or 0)
    return counts


def insert_all(
    conn: Connection, user_id: int, rows: Mapping[str, Sequence[Mapping[str, Any]]]
) -> dict[str, int]:
    """Insert a whole set for ``user_id``; file-local ids and references get fresh database ids.

    A reference to a local id that is not in the set becomes NULL (the referenced row was not
    exported). Returns rows inserted per table.
    """
    try:
        return _insert_all(conn, user_id, rows)
    except sa.exc.IntegrityError as exc:
        raise Conflict(
            f"The imported records clash with what is stored ({exc.orig}). Nothing was changed."
        ) from exc


def _insert_all(
    conn: Connection, user_id: int, rows: Mapping[str, Sequence[Mapping[str, Any]]]
) -> dict[str, int]:
    new_ids: dict[str, dict[int, int]] = {}
    counts: dict[str, int] = {}
    parents = {t for refs in REFERENCES.values() for t in refs.values()}
    for table in USER_TABLES:
        given = rows.get(table.name, ())
        counts[table.name] = len(given)
        if not given:
            continue
        prepared = [_prepare(table, row, user_id, new_ids) for row in given]
        if table.name in parents:
            ids = new_ids.setdefault(table.name, {})
            for row, values in zip(given, prepared, strict=True):
                result = conn.execute(table.insert().values(**values))
                key = result.inserted_primary_key
                assert key is not None
                ids[int(row["id"])] = int(key[0])
        else:
            groups: dict[frozenset[str], list[dict[str, Any]]] = {}
            for values in prepared:  # executemany needs the same keys in every row
                groups.setdefault(frozenset(values), []).append(values)
            for group in groups.values():
                conn.execute(table.insert(), group)
    return counts


def _utc(value: Any) -> Any:
    """Timestamps are stored in UTC (SQLite keeps no offset), as every repository does."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC)
    return value


def _prepare(
    table: sa.Table, row: Mapping[str, Any], user_id: int, new_ids: Mapping[str, Mapping[int, int]]
) -> dict[str, Any]:
    values = {k: _utc(v) for k, v in row.items() if k not in ("id", "user_id") and k in table.c}
    values["user_id"] = user_id
    for column in table.columns:
        name = str(column.key)
        if name not in values and column.nullable and not column.primary_key:
            values[name] = None
    if table is experiments:
        values["shared"] = False  # sharing needs fresh consent in this account, never a file
    for ref, target in REFERENCES.get(table.name, {}).items():
        local = values.get(ref)
        values[ref] = None if local is None else new_ids.get(target, {}).get(int(local))
    return values


__all__ = [
    "REFERENCES",
    "TABLES_BY_NAME",
    "USER_TABLES",
    "Rows",
    "count_all",
    "delete_all",
    "insert_all",
    "read_all",
    "recent_notes",
]
