"""Users: accounts for server mode (local mode has the one user ``LOCAL_USER_ID``).

The users table is itself the scope here: each function reads or writes one user row, by id or
by user name. Password hashes are opaque strings made by the accounts service.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from legcare.store.tables import users


@dataclass(frozen=True, slots=True)
class UserRow:
    id: int
    username: str
    role: str
    password_hash: str | None
    created_at: datetime


def _row(row: sa.Row[tuple[object, ...]]) -> UserRow:
    return UserRow(
        id=row.id,
        username=row.username,
        role=row.role,
        password_hash=row.password_hash,
        created_at=row.created_at,
    )


def insert_user(
    conn: Connection, *, username: str, role: str, password_hash: str, created_at: datetime
) -> int:
    result = conn.execute(
        users.insert().values(
            username=username, role=role, password_hash=password_hash, created_at=created_at
        )
    )
    assert result.inserted_primary_key is not None
    return int(result.inserted_primary_key[0])


def user_by_name(conn: Connection, username: str) -> UserRow | None:
    """The user called ``username`` in any case ("Alice" finds "alice")."""
    query = sa.select(users).where(sa.func.lower(users.c.username) == username.lower())
    row = conn.execute(query).first()
    return None if row is None else _row(row)


def user_by_id(conn: Connection, user_id: int) -> UserRow | None:
    row = conn.execute(sa.select(users).where(users.c.id == user_id)).first()
    return None if row is None else _row(row)


def list_users(conn: Connection) -> list[UserRow]:
    rows = conn.execute(sa.select(users).order_by(users.c.id)).all()
    return [_row(r) for r in rows]


def set_password_hash(conn: Connection, *, user_id: int, password_hash: str) -> None:
    conn.execute(users.update().where(users.c.id == user_id).values(password_hash=password_hash))


def delete_user(conn: Connection, *, user_id: int) -> bool:
    """Remove the account row (its sessions, shares and health rows go with it by cascade)."""
    return bool(conn.execute(users.delete().where(users.c.id == user_id)).rowcount)
