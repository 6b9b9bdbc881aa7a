"""Server-mode login sessions. Only a hash of the session token is stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from legcare.store.tables import users, web_sessions


@dataclass(frozen=True, slots=True)
class SessionRow:
    user_id: int
    username: str
    role: str
    csrf_token: str
    expires_at: datetime


def insert_session(
    conn: Connection,
    *,
    token_hash: str,
    user_id: int,
    csrf_token: str,
    created_at: datetime,
    expires_at: datetime,
) -> None:
    conn.execute(
        web_sessions.insert().values(
            token_hash=token_hash,
            user_id=user_id,
            csrf_token=csrf_token,
            created_at=created_at,
            expires_at=expires_at,
        )
    )


def live_session(conn: Connection, *, token_hash: str, now: datetime) -> SessionRow | None:
    """The session for ``token_hash`` with its user, if it has not expired."""
    query = (
        sa.select(
            web_sessions.c.user_id,
            users.c.username,
            users.c.role,
            web_sessions.c.csrf_token,
            web_sessions.c.expires_at,
        )
        .join(users, users.c.id == web_sessions.c.user_id)
        .where(web_sessions.c.token_hash == token_hash, web_sessions.c.expires_at > now)
    )
    row = conn.execute(query).first()
    if row is None:
        return None
    return SessionRow(
        user_id=row.user_id,
        username=row.username,
        role=row.role,
        csrf_token=row.csrf_token,
        expires_at=row.expires_at,
    )


def delete_session(conn: Connection, *, token_hash: str) -> None:
    conn.execute(web_sessions.delete().where(web_sessions.c.token_hash == token_hash))


def delete_user_sessions(conn: Connection, *, user_id: int) -> int:
    result = conn.execute(web_sessions.delete().where(web_sessions.c.user_id == user_id))
    return int(result.rowcount)


def delete_expired(conn: Connection, *, now: datetime) -> int:
    result = conn.execute(web_sessions.delete().where(web_sessions.c.expires_at <= now))
    return int(result.rowcount)
