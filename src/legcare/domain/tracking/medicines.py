"""Medicines, supplements and treatments the person logs: name, start, stop, "as needed" uses.

legcare never suggests a dose. The person may type their own dose text ("as my GP said",
"1 tablet"); it is kept verbatim and shown back, never parsed or judged. Validation returns a
clear ``InvalidInput`` saying what was wrong and what is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from legcare.errors import InvalidInput

NAME_MAX = 80
DOSE_TEXT_MAX = 120
NOTE_MAX = 500


class MedicineKind(StrEnum):
    MEDICINE = "medicine"
    SUPPLEMENT = "supplement"
    TREATMENT = "treatment"


@dataclass(frozen=True, slots=True)
class Medicine:
    """One medicine, supplement or treatment as the person logged it."""

    name: str
    kind: MedicineKind
    started: date | None
    stopped: date | None
    as_needed: bool
    own_dose_text: str = ""
    note: str = ""

    def active_on(self, day: date) -> bool:
        """True when ``day`` lies between the start and stop dates (either may be open)."""
        after_start = self.started is None or self.started <= day
        before_stop = self.stopped is None or day <= self.stopped
        return after_start and before_stop


@dataclass(frozen=True, slots=True)
class MedicineUse:
    """One "as needed" use on a day, with an optional note."""

    day: date
    note: str = ""


def _clean(text: str) -> str:
    return " ".join(text.split())


def parse_kind(raw: str) -> MedicineKind:
    try:
        return MedicineKind(raw.strip().lower())
    except ValueError:
        allowed = ", ".join(k.value for k in MedicineKind)
        raise InvalidInput(f"kind {raw!r} is not known; allowed: {allowed}") from None


def new_medicine(  # noqa: PLR0913 - the fields of one record, keyword-only
    *,
    name: str,
    kind: MedicineKind = MedicineKind.MEDICINE,
    started: date | None = None,
    stopped: date | None = None,
    as_needed: bool = False,
    own_dose_text: str = "",
    note: str = "",
    today: date | None = None,
) -> Medicine:
    """A validated ``Medicine``; the dose text is the person's own, kept as typed. With
    ``today``, a start date after it is refused (a stop date may be planned ahead)."""
    clean = _clean(name)
    if not clean:
        raise InvalidInput("name: it is empty; allowed: 1 to 80 characters, e.g. 'ropinirole'")
    if len(clean) > NAME_MAX:
        raise InvalidInput(f"name: {len(clean)} characters; allowed: at most {NAME_MAX}")
    if started is not None and today is not None and started > today:
        raise InvalidInput(
            f"start date {started.isoformat()} is in the future; allowed: today or earlier "
            "(add the medicine on the day you start it)"
        )
    if started is not None and stopped is not None and stopped < started:
        raise InvalidInput(
            f"stop date {stopped.isoformat()} is before the start date {started.isoformat()}; "
            "allowed: a stop date on or after the start"
        )
    if len(own_dose_text) > DOSE_TEXT_MAX:
        raise InvalidInput(f"dose text: allowed at most {DOSE_TEXT_MAX} characters")
    if len(note) > NOTE_MAX:
        raise InvalidInput(f"note: allowed at most {NOTE_MAX} characters")
    return Medicine(
        name=clean,
        kind=kind,
        started=started,
        stopped=stopped,
        as_needed=as_needed,
        own_dose_text=own_dose_text,
        note=note.strip(),
    )


def check_use(medicine: Medicine, day: date, *, today: date) -> MedicineUse:
    """A validated "as needed" use of ``medicine`` on ``day``."""
    if not medicine.as_needed:
        raise InvalidInput(
            f"{medicine.name!r} is not marked 'as needed'; allowed: log uses only for "
            "medicines marked as needed (regular ones are covered by their start and stop dates)"
        )
    if day > today:
        raise InvalidInput(f"day {day.isoformat()} is in the future; allowed: today or earlier")
    if not medicine.active_on(day):
        raise InvalidInput(
            f"day {day.isoformat()} is outside the dates of {medicine.name!r}; allowed: between "
            "its start and stop dates"
        )
    return MedicineUse(day=day)


def stop_medicine(medicine: Medicine, stopped: date) -> Medicine:
    """``medicine`` with its stop date set (on or after its start)."""
    return new_medicine(
        name=medicine.name,
        kind=medicine.kind,
        started=medicine.started,
        stopped=stopped,
        as_needed=medicine.as_needed,
        own_dose_text=medicine.own_dose_text,
        note=medicine.note,
    )
