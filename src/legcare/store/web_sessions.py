"""Server-mode login sessions. Only a hash of the session token is stored.

The session read (one a signed-in request) is built once, at import, with bound parameters.
"""

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


_LIVE = (
    sa.select(
        web_sessions.c.user_id,
        users.c.username,
        users.c.role,
        web_sessions.c.csrf_token,
        web_sessions.c.expires_at,
    )
    .join(users, users.c.id == web_sessions.c.user_id)
    .where(
        web_sessions.c.token_hash == sa.bindparam("p_token_hash", type_=sa.String),
        web_sessions.c.expires_at > sa.bindparam("p_now", type_=web_sessions.c.expires_at.type),
    )
)


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
    row = conn.execute(_LIVE, {"p_token_hash": token_hash, "p_now": now}).first()
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
