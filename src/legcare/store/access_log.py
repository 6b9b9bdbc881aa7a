"""The access log: which clinician viewed which client's data, and when. Scoped by the client,
who sees their own log; rows go with the client's account."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from legcare.store.tables import access_log


@dataclass(frozen=True, slots=True)
class AccessRow:
    clinician_name: str
    what: str
    at: datetime


def record(
    conn: Connection,
    *,
    client_id: int,
    clinician_id: int,
    clinician_name: str,
    what: str,
    at: datetime,
) -> None:
    conn.execute(
        access_log.insert().values(
            client_id=client_id,
            clinician_id=clinician_id,
            clinician_name=clinician_name[:64],
            what=what[:64],
            at=at,
        )
    )


def of_client(conn: Connection, *, client_id: int, limit: int) -> list[AccessRow]:
    """The newest ``limit`` views of ``client_id``'s data, newest first."""
    query = (
        sa.select(access_log.c.clinician_name, access_log.c.what, access_log.c.at)
        .where(access_log.c.client_id == client_id)
        .order_by(access_log.c.at.desc(), access_log.c.id.desc())
        .limit(limit)
    )
    return [AccessRow(str(r.clinician_name), str(r.what), r.at) for r in conn.execute(query)]
