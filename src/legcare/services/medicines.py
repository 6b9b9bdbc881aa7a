"""Medicines and treatments: log them, stop them, record "as needed" uses, list them with flags.

legcare never suggests a dose; the person's own dose text is stored and shown verbatim. A
medicine whose name matches a class the content lists as reported to worsen restless legs is
flagged "worth reviewing with your prescriber", never "stop it". Each public function returns a
frozen dataclass with ``to_json()``; each write is one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from legcare.domain.tracking import medicines as rules
from legcare.domain.tracking.medicine_classes import MedicineClass, match_medicine_class
from legcare.domain.tracking.sources import ValueSource
from legcare.services.context import AppContext
from legcare.store import medicines as repo
from legcare.store.tracking_content import load_medicine_classes

FLAG_ADVICE = (
    "Worth reviewing with the prescriber: medicines in this class are reported to worsen "
    "restless legs in some people. Never stop or change a prescribed medicine on your own."
)
NO_DOSE_NOTE = "legcare never suggests doses; any dose text shown is your own."


@dataclass(frozen=True)
class MedicineFlag:
    class_id: str
    class_name: str
    matched_name: str
    why: str
    sources: tuple[str, ...]
    advice: str = FLAG_ADVICE

    def to_json(self) -> dict[str, Any]:
        return {
            "class_id": self.class_id,
            "class_name": self.class_name,
            "matched_name": self.matched_name,
            "why": self.why,
            "sources": list(self.sources),
            "advice": self.advice,
        }


@dataclass(frozen=True)
class MedicineView:
    id: int
    name: str
    kind: str
    started: date | None
    stopped: date | None
    as_needed: bool
    own_dose_text: str
    note: str
    source: str
    active: bool
    uses: int
    flag: MedicineFlag | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "started": self.started.isoformat() if self.started else None,
            "stopped": self.stopped.isoformat() if self.stopped else None,
            "as_needed": self.as_needed,
            "own_dose_text": self.own_dose_text,
            "note": self.note,
            "source": self.source,
            "active": self.active,
            "uses": self.uses,
            "flag": self.flag.to_json() if self.flag else None,
        }


@dataclass(frozen=True)
class MedicineList:
    medicines: tuple[MedicineView, ...]
    note: str = NO_DOSE_NOTE

    @property
    def flagged(self) -> tuple[MedicineView, ...]:
        return tuple(m for m in self.medicines if m.flag is not None)

    def to_json(self) -> dict[str, Any]:
        return {
            "medicines": [m.to_json() for m in self.medicines],
            "flagged": len(self.flagged),
            "note": self.note,
        }


@dataclass(frozen=True)
class UseLogged:
    id: int
    medicine_id: int
    medicine: str
    day: date

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "medicine_id": self.medicine_id,
            "medicine": self.medicine,
            "day": self.day.isoformat(),
        }


def flag_for(name: str, classes: tuple[MedicineClass, ...] | None = None) -> MedicineFlag | None:
    """The flag for a typed medicine name, or None when no listed class matches."""
    found = match_medicine_class(name, classes if classes is not None else load_medicine_classes())
    if found is None:
        return None
    c = found.medicine_class
    return MedicineFlag(c.id, c.name, found.matched_name, c.why, c.sources)


def _view(ctx: AppContext, stored: repo.StoredMedicine, uses: int) -> MedicineView:
    med = stored.medicine
    return MedicineView(
        id=stored.id,
        name=med.name,
        kind=med.kind.value,
        started=med.started,
        stopped=med.stopped,
        as_needed=med.as_needed,
        own_dose_text=med.own_dose_text,
        note=med.note,
        source=stored.source.value,
        active=med.active_on(ctx.today()),
        uses=uses,
        flag=flag_for(med.name),
    )


def add_medicine(  # noqa: PLR0913 - the fields of one record, keyword-only
    *,
    ctx: AppContext,
    name: str,
    kind: str = "medicine",
    started: date | None = None,
    stopped: date | None = None,
    as_needed: bool = False,
    own_dose_text: str = "",
    note: str = "",
) -> MedicineView:
    """Log a medicine, supplement or treatment; it comes back with its flag, if any."""
    med = rules.new_medicine(
        name=name,
        kind=rules.parse_kind(kind),
        started=started,
        stopped=stopped,
        as_needed=as_needed,
        own_dose_text=own_dose_text,
        note=note,
        today=ctx.today(),
    )
    with ctx.store.transaction() as conn:
        med_id = repo.insert_medicine(conn, ctx.user_id, med, ValueSource.MANUAL, ctx.now())
        stored = repo.get_medicine(conn, ctx.user_id, med_id)
    return _view(ctx, stored, 0)


def list_medicines(*, ctx: AppContext) -> MedicineList:
    """Every medicine the person logged, with its "as needed" use count and flag."""
    with ctx.store.read() as conn:
        stored = repo.list_medicines(conn, ctx.user_id)
        uses = repo.list_uses(conn, ctx.user_id)
    counts: dict[int, int] = {}
    for use in uses:
        counts[use.medicine_id] = counts.get(use.medicine_id, 0) + 1
    return MedicineList(tuple(_view(ctx, s, counts.get(s.id, 0)) for s in stored))


def stop_medicine(*, ctx: AppContext, medicine_id: int, stopped: date) -> MedicineView:
    """Set the stop date of a medicine (on or after its start)."""
    with ctx.store.transaction() as conn:
        current = repo.get_medicine(conn, ctx.user_id, medicine_id)
        rules.stop_medicine(current.medicine, stopped)
        repo.set_stopped(conn, ctx.user_id, medicine_id, stopped)
        stored = repo.get_medicine(conn, ctx.user_id, medicine_id)
        uses = sum(1 for u in repo.list_uses(conn, ctx.user_id) if u.medicine_id == medicine_id)
    return _view(ctx, stored, uses)


def log_use(*, ctx: AppContext, medicine_id: int, day: date, note: str = "") -> UseLogged:
    """Record one "as needed" use on ``day``."""
    with ctx.store.transaction() as conn:
        stored = repo.get_medicine(conn, ctx.user_id, medicine_id)
        use = rules.check_use(stored.medicine, day, today=ctx.today())
        use = rules.MedicineUse(day=use.day, note=note.strip()[: rules.NOTE_MAX])
        use_id = repo.insert_use(conn, ctx.user_id, medicine_id, use, ValueSource.MANUAL, ctx.now())
    return UseLogged(use_id, medicine_id, stored.medicine.name, day)


def delete_medicine(*, ctx: AppContext, medicine_id: int) -> MedicineList:
    """Delete a medicine and its uses; returns what is left."""
    with ctx.store.transaction() as conn:
        repo.delete_medicine(conn, ctx.user_id, medicine_id)
    return list_medicines(ctx=ctx)
