"""How much, how long, how often and when: one dose shape for techniques, exercises and sessions."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class TimeOfDay(Enum):
    BEFORE_FIRST_STEPS = "before_first_steps"
    MORNING = "morning"
    DAYTIME = "daytime"
    EVENING = "evening"
    BEFORE_BED = "before_bed"
    ANY = "any"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


@dataclass(frozen=True, slots=True, kw_only=True)
class Dose:
    """Every number is optional; a range is (min, max) and max None means "or more"."""

    hold_seconds_min: int | None = None
    hold_seconds_max: int | None = None
    minutes_min: float | None = None
    minutes_max: float | None = None
    reps: int | None = None
    sets: int | None = None
    times_per_day_min: int | None = None
    times_per_day_max: int | None = None
    times_per_week_min: int | None = None
    times_per_week_max: int | None = None
    time_of_day: tuple[TimeOfDay, ...] = ()
    note: str = ""

    def problems(self) -> list[tuple[str, str]]:
        """(field, message) for every range whose minimum exceeds its maximum."""
        found = []
        for name in ("hold_seconds", "minutes", "times_per_day", "times_per_week"):
            low, high = getattr(self, f"{name}_min"), getattr(self, f"{name}_max")
            if high is not None and low is None:
                found.append((f"{name}_max", "a maximum needs a minimum"))
            elif low is not None and high is not None and low > high:
                found.append((f"{name}_min", f"minimum {low} is above maximum {high}"))
        return found

    def describe(self) -> str:
        """The dose in plain words, e.g. "3-5 min per spot; at least twice a day; evening"."""
        parts = [
            _span(self.hold_seconds_min, self.hold_seconds_max, " s hold"),
            _reps_sets(self.reps, self.sets),
            _span(self.minutes_min, self.minutes_max, " min"),
            _per_day(self.times_per_day_min, self.times_per_day_max),
            _per_week(self.times_per_week_min, self.times_per_week_max),
            ", ".join(t.label for t in self.time_of_day if t is not TimeOfDay.ANY),
            self.note,
        ]
        return "; ".join(p for p in parts if p)


def _num(value: float) -> str:
    return f"{value:g}"


def _span(low: float | None, high: float | None, unit: str) -> str:
    if low is None:
        return ""
    if high is None:
        return f"at least {_num(low)}{unit}"
    if high == low:
        return f"{_num(low)}{unit}"
    return f"{_num(low)}-{_num(high)}{unit}"


def _reps_sets(reps: int | None, sets: int | None) -> str:
    if reps is None and sets is None:
        return ""
    if sets is None:
        return f"{reps} repetitions"
    if reps is None:
        return f"{sets} sets"
    return f"{sets} sets of {reps}"


_TIMES = {1: "once", 2: "twice"}


def _times(n: int) -> str:
    return _TIMES.get(n, f"{n} times")


def _per_day(low: int | None, high: int | None) -> str:
    if low is None:
        return ""
    if high is None:
        return f"at least {_times(low)} a day"
    if low == high:
        return f"{_times(low)} a day"
    return f"{low}-{high} times a day"


def _per_week(low: int | None, high: int | None) -> str:
    if low is None:
        return ""
    if high is None:
        return f"at least {_times(low)} a week"
    if low == high:
        return f"{_times(low)} a week"
    return f"{low}-{high} times a week"
