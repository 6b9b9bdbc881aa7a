"""Medicines repository: the person's medicines, supplements and treatments, and "as needed" uses.

Plain functions over a ``Connection``; every query is scoped to ``user_id``. The dose text is
stored exactly as the person typed it.

The hot reads are built once, at import, with bound parameters for the per-call values; those
with optional filters once per combination of the filters given.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from legcare.domain.tracking.medicines import Medicine, MedicineKind, MedicineUse
from legcare.domain.tracking.sources import ValueSource
from legcare.errors import NotFound
from legcare.store.bound import USER as _USER
from legcare.store.bound import in_range
from legcare.store.tables import medicine_uses, medicines

_MEDICINES = (
    sa.select(medicines)
    .where(medicines.c.user_id == _USER)
    .order_by(
        medicines.c.started.is_not(None), medicines.c.started, sa.func.lower(medicines.c.name)
    )
)


@cache
def _uses_query(start: bool, end: bool) -> sa.Select[Any]:
    """The `list_uses` statement for the bounds given (one per combination)."""
    query = sa.select(medicine_uses).where(medicine_uses.c.user_id == _USER)
    query = in_range(query, medicine_uses.c.day, start=start, end=end)
    return query.order_by(medicine_uses.c.day, medicine_uses.c.id)


@dataclass(frozen=True, slots=True)
class StoredMedicine:
    id: int
    medicine: Medicine
    source: ValueSource


@dataclass(frozen=True, slots=True)
class StoredUse:
    id: int
    medicine_id: int
    use: MedicineUse
    source: ValueSource


def _to_medicine(row: Any) -> StoredMedicine:
    return StoredMedicine(
        id=row.id,
        medicine=Medicine(
            name=row.name,
            kind=MedicineKind(row.kind),
            started=row.started,
            stopped=row.stopped,
            as_needed=bool(row.as_needed),
            own_dose_text=row.own_dose_text,
            note=row.note,
        ),
        source=ValueSource(row.source),
    )


def insert_medicine(
    conn: Connection, user_id: int, medicine: Medicine, source: ValueSource, now: datetime
) -> int:
    result = conn.execute(
        medicines.insert().values(
            user_id=user_id,
            name=medicine.name,
            kind=medicine.kind.value,
            started=medicine.started,
            stopped=medicine.stopped,
            as_needed=medicine.as_needed,
            own_dose_text=medicine.own_dose_text,
            note=medicine.note,
            source=source.value,
            created_at=now,
        )
    )
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


MAX_ID = 2**31  # ids are 32-bit integer columns: a larger number names nothing


def get_medicine(conn: Connection, user_id: int, medicine_id: int) -> StoredMedicine:
    """The medicine ``medicine_id`` of ``user_id``; ``NotFound`` for any other number."""
    if not 0 < medicine_id < MAX_ID:
        raise NotFound(f"no medicine with id {medicine_id}; see `legcare meds list`")
    row = conn.execute(
        sa.select(medicines).where(medicines.c.user_id == user_id, medicines.c.id == medicine_id)
    ).first()
    if row is None:
        raise NotFound(f"no medicine with id {medicine_id}; see `legcare meds list`")
    return _to_medicine(row)


def list_medicines(conn: Connection, user_id: int) -> list[StoredMedicine]:
    """Every medicine of the user, by start date (undated first), then name."""
    rows = conn.execute(_MEDICINES, {"p_user_id": user_id})
    return [_to_medicine(r) for r in rows]


def set_stopped(conn: Connection, user_id: int, medicine_id: int, stopped: date) -> None:
    result = conn.execute(
        medicines.update()
        .where(medicines.c.user_id == user_id, medicines.c.id == medicine_id)
        .values(stopped=stopped)
    )
    if result.rowcount == 0:
        raise NotFound(f"no medicine with id {medicine_id}")


def delete_medicine(conn: Connection, user_id: int, medicine_id: int) -> None:
    conn.execute(
        medicine_uses.delete().where(
            medicine_uses.c.user_id == user_id, medicine_uses.c.medicine_id == medicine_id
        )
    )
    result = conn.execute(
        medicines.delete().where(medicines.c.user_id == user_id, medicines.c.id == medicine_id)
    )
    if result.rowcount == 0:
        raise NotFound(f"no medicine with id {medicine_id}")


def insert_use(  # noqa: PLR0913 - one row's fields
    conn: Connection,
    user_id: int,
    medicine_id: int,
    use: MedicineUse,
    source: ValueSource,
    now: datetime,
) -> int:
    result = conn.execute(
        medicine_uses.insert().values(
            user_id=user_id,
            medicine_id=medicine_id,
            day=use.day,
            note=use.note,
            source=source.value,
            created_at=now,
        )
    )
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def list_uses(
    conn: Connection, user_id: int, *, start: date | None = None, end: date | None = None
) -> list[StoredUse]:
    """The user's "as needed" uses in ``[start, end]``, oldest first."""
    query = _uses_query(start is not None, end is not None)
    rows = conn.execute(query, {"p_user_id": user_id, "p_start": start, "p_end": end})
    return [
        StoredUse(
            id=r.id,
            medicine_id=r.medicine_id,
            use=MedicineUse(day=r.day, note=r.note),
            source=ValueSource(r.source),
        )
        for r in rows
    ]
