"""Failed login attempts, counted per key (user name and client address) for rate limiting."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from legcare.store.tables import login_attempts


def record_failure(conn: Connection, *, key: str, at: datetime) -> None:
    conn.execute(login_attempts.insert().values(key=key, at=at))


def failures_since(conn: Connection, *, key: str, since: datetime) -> int:
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
