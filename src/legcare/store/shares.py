"""Shares: a client lets a clinician see their data, read-only. Scoped by the client's id
(what I share) or the clinician's id (who shares with me)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from legcare.store.tables import share_revocations, shares, users


@dataclass(frozen=True, slots=True)
class ShareRow:
    client_id: int
    client_name: str
    clinician_id: int
    clinician_name: str
    created_at: datetime


def add_share(conn: Connection, *, client_id: int, clinician_id: int, created_at: datetime) -> bool:
    """Share ``client_id``'s data with ``clinician_id``; False when it was already shared."""
    exists = conn.execute(
        sa.select(shares.c.client_id).where(
            shares.c.client_id == client_id, shares.c.clinician_id == clinician_id
        )
    ).first()
    if exists is not None:
        return False
    conn.execute(
        shares.insert().values(
            client_id=client_id, clinician_id=clinician_id, created_at=created_at
        )
    )
    return True


def remove_share(
    conn: Connection, *, client_id: int, clinician_id: int, at: datetime | None = None
) -> bool:
    """End one share; with ``at``, remember that it ended (a restore then cannot revive it)."""
    result = conn.execute(
        shares.delete().where(
            shares.c.client_id == client_id, shares.c.clinician_id == clinician_id
        )
    )
    removed = bool(result.rowcount)
    if removed and at is not None:
        conn.execute(
            share_revocations.insert().values(
                client_id=client_id, clinician_id=clinician_id, revoked_at=at
            )
        )
    return removed


def end_all_shares(conn: Connection, *, user_id: int, at: datetime) -> int:
    """End every share in which ``user_id`` is the client or the clinician, remembering each."""
    query = sa.select(shares.c.client_id, shares.c.clinician_id).where(
        sa.or_(shares.c.client_id == user_id, shares.c.clinician_id == user_id)
    )
    pairs = conn.execute(query).all()
    for pair in pairs:
        remove_share(conn, client_id=pair.client_id, clinician_id=pair.clinician_id, at=at)
    return len(pairs)


def _query() -> Any:
    client = users.alias("client")
    clinician = users.alias("clinician")
    return (
        sa.select(
            shares.c.client_id,
            client.c.username,
            shares.c.clinician_id,
            clinician.c.username,
            shares.c.created_at,
        )
        .join(client, client.c.id == shares.c.client_id)
        .join(clinician, clinician.c.id == shares.c.clinician_id)
    )


def _rows(conn: Connection, query: Any) -> list[ShareRow]:
    return [
        ShareRow(
            client_id=row[0],
            client_name=row[1],
            clinician_id=row[2],
            clinician_name=row[3],
            created_at=row[4],
        )
        for row in conn.execute(query).all()
    ]


def shares_of_client(conn: Connection, *, client_id: int) -> list[ShareRow]:
    """The clinicians ``client_id`` shares with."""
    return _rows(
        conn, _query().where(shares.c.client_id == client_id).order_by(shares.c.created_at)
    )


def clients_of_clinician(conn: Connection, *, clinician_id: int) -> list[ShareRow]:
    """The clients who share with ``clinician_id``."""
    return _rows(
        conn, _query().where(shares.c.clinician_id == clinician_id).order_by(shares.c.client_id)
    )


def is_shared(conn: Connection, *, client_id: int, clinician_id: int) -> bool:
    row = conn.execute(
        sa.select(shares.c.client_id).where(
            shares.c.client_id == client_id, shares.c.clinician_id == clinician_id
        )
    ).first()
    return row is not None
