"""Reminder times the person sets: the evening session and the two check-ins.

A time is "HH:MM" (24-hour clock; seconds, as some browsers send them, are accepted and
dropped, since reminders are to the minute) or empty for no reminder. Reminders never carry
advice of their own: what the evening session offers is still decided by the safety state.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time
from typing import Any, TypedDict

from legcare.errors import InvalidInput

KINDS = ("evening_session", "evening_checkin", "morning_checkin")
LABELS = {
    "evening_session": "Evening session",
    "evening_checkin": "Evening check-in",
    "morning_checkin": "Morning check-in",
}
_HHMM = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])(?::[0-5][0-9](?:\.[0-9]{1,6})?)?")


class ReminderTimesJson(TypedDict):
    """Each reminder's time as "HH:MM", or None for no reminder."""

    evening_session: str | None
    evening_checkin: str | None
    morning_checkin: str | None


@dataclass(frozen=True, slots=True)
class Reminders:
    """When to remind; ``None``: no reminder of that kind."""

    evening_session: time | None = None
    evening_checkin: time | None = None
    morning_checkin: time | None = None

    def time_of(self, kind: str) -> str | None:
        """The time of the ``kind`` reminder as "HH:MM", or None (``kind`` one of KINDS)."""
        return _text(getattr(self, kind))

    def to_dict(self) -> ReminderTimesJson:
        return {
            "evening_session": _text(self.evening_session),
            "evening_checkin": _text(self.evening_checkin),
            "morning_checkin": _text(self.morning_checkin),
        }


def _text(value: time | None) -> str | None:
    return None if value is None else value.strftime("%H:%M")


def parse_reminders(data: Mapping[str, Any], *, base: Reminders | None = None) -> Reminders:
    """Reminders from loose input ("HH:MM", or empty or null for none); fields not given keep
    ``base``. ``InvalidInput`` names each wrong field in plain words and what is allowed."""
    current = base or Reminders()
    problems = [
        f"{key}: not a reminder; allowed: {', '.join(KINDS)}"
        for key in sorted(set(data) - set(KINDS))
    ]
    values: dict[str, time | None] = {}
    for kind in KINDS:
        if kind not in data:
            values[kind] = getattr(current, kind)
            continue
        raw = data[kind]
        text = "" if raw is None else str(raw).strip()
        match = _HHMM.fullmatch(text)
        if text and match is None:
            problems.append(
                f"{LABELS[kind]}: '{text[:20]}' is not a time; use hours and minutes such as "
                "21:30, or leave it empty for no reminder"
            )
            continue
        values[kind] = time(int(match.group(1)), int(match.group(2))) if match else None
    if problems:
        raise InvalidInput("The reminder times are not valid; nothing was saved.", details=problems)
    return Reminders(**values)
