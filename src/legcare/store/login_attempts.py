"""Sign-in attempts, counted per key (a user name with a client address, or an address alone)
for rate limiting.

An attempt is *reserved* before the password is checked: its rows are inserted and committed
first, then counted. Every attempt counts every reservation committed before its own count, so
the k-th reservation to commit sees at least k rows: however many attempts run at once, in
threads or in separate worker processes, no more than the limit get past the count.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from legcare.store.tables import login_attempts


def reserve(conn: Connection, *, keys: Sequence[str], at: datetime) -> list[int]:
    """Insert one attempt row per key; returns their ids (to release them again)."""
    ids = []
    for key in keys:
        result = conn.execute(login_attempts.insert().values(key=key, at=at))
        assert result.inserted_primary_key is not None
        ids.append(int(result.inserted_primary_key[0]))
    return ids


def release(conn: Connection, *, ids: Sequence[int]) -> None:
    """Remove reserved rows (an attempt that was refused does not count against the limit)."""
    if ids:
        conn.execute(login_attempts.delete().where(login_attempts.c.id.in_(list(ids))))


def record_failure(conn: Connection, *, key: str, at: datetime) -> None:
    conn.execute(login_attempts.insert().values(key=key, at=at))


def failures_since(conn: Connection, *, key: str, since: datetime) -> int:
    """How many attempt rows ``key`` has after ``since`` (reservations included)."""
    query = (
        sa.select(sa.func.count())
        .select_from(login_attempts)
        .where(login_attempts.c.key == key, login_attempts.c.at > since)
    )
    return int(conn.execute(query).scalar_one())


def clear(conn: Connection, *, key: str) -> None:
    conn.execute(login_attempts.delete().where(login_attempts.c.key == key))


def prune(conn: Connection, *, before: datetime) -> None:
    conn.execute(login_attempts.delete().where(login_attempts.c.at < before))
