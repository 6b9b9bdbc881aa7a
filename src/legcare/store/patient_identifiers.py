"""Patient identifiers: per user, the random UUID that names them as a FHIR Patient in every
export (so a server matches a later export to the same Patient). Made on the first export."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from legcare.store.tables import patient_identifiers


def patient_identifier(conn: Connection, *, user_id: int, now: datetime) -> str:
    """The user's identifier, made (a random UUID) and stored the first time it is asked for."""
    table = patient_identifiers
    row = conn.execute(sa.select(table.c.identifier).where(table.c.user_id == user_id)).first()
    if row is not None:
        return str(row.identifier)
    identifier = str(uuid.uuid4())
    conn.execute(table.insert().values(user_id=user_id, identifier=identifier, created_at=now))
    return identifier
