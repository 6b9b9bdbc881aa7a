"""Calendar feeds: per user, the random nonce behind the secret address of their calendar feed
(server mode). No row means the user has not asked for a feed yet."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from legcare.store.tables import calendar_feeds


def feed_nonce(conn: Connection, *, user_id: int) -> str | None:
    row = conn.execute(
        sa.select(calendar_feeds.c.nonce).where(calendar_feeds.c.user_id == user_id)
    ).first()
    return None if row is None else str(row.nonce)


def set_feed_nonce(conn: Connection, *, user_id: int, nonce: str, created_at: datetime) -> None:
    """Store ``nonce`` as the user's feed nonce, replacing any earlier one."""
    conn.execute(calendar_feeds.delete().where(calendar_feeds.c.user_id == user_id))
    conn.execute(
        calendar_feeds.insert().values(user_id=user_id, nonce=nonce, created_at=created_at)
    )
