"""Profiles repository: one profile per user, its fields in the JSON ``data`` column."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from legcare.store.bound import USER
from legcare.store.tables import profiles

_GET = sa.select(profiles.c.data).where(profiles.c.user_id == USER)


def get_profile(conn: Connection, *, user_id: int) -> dict[str, Any] | None:
    """The stored profile fields, or None before setup."""
    row = conn.execute(_GET, {"p_user_id": user_id}).first()
    return None if row is None else dict(row.data)


def save_profile(conn: Connection, *, user_id: int, data: dict[str, Any], now: datetime) -> None:
    """Insert or replace the user's profile."""
    at = now.astimezone(UTC)
    updated = conn.execute(
        profiles.update().where(profiles.c.user_id == user_id).values(data=data, updated_at=at)
    )
    if updated.rowcount == 0:
        conn.execute(profiles.insert().values(user_id=user_id, data=data, updated_at=at))
