"""Adherence to the plan: planned sessions against sessions done, week by week (Monday first)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, slots=True)
class WeekAdherence:
    """One calendar week (Monday to Sunday) clipped to the range."""

    week_start: date
    planned: int
    done: int  # sessions done on any day of the week
    done_as_planned: int  # sessions done on a planned day

    @property
    def rate(self) -> float | None:
        """Share of the planned sessions done (capped at 1); None with nothing planned."""
        if self.planned == 0:
            return None
        return min(self.done, self.planned) / self.planned


@dataclass(frozen=True, slots=True)
class Adherence:
    """Planned against done over ``[start, end]``."""

    start: date
    end: date
    planned: int
    done: int
    done_as_planned: int
    weeks: tuple[WeekAdherence, ...]

    @property
    def rate(self) -> float | None:
        """Sessions done (each week capped at its plan) over sessions planned."""
        if self.planned == 0:
            return None
        return sum(min(w.done, w.planned) for w in self.weeks) / self.planned


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def adherence(start: date, end: date, planned: Iterable[date], done: Iterable[date]) -> Adherence:
    """Compare ``planned`` session days with ``done`` session days within ``[start, end]``."""
    planned_days = {d for d in planned if start <= d <= end}
    done_days = {d for d in done if start <= d <= end}
    by_week_planned = Counter(_monday(d) for d in planned_days)
    by_week_done = Counter(_monday(d) for d in done_days)
    by_week_both = Counter(_monday(d) for d in planned_days & done_days)
    weeks = []
    monday = _monday(start)
    while monday <= end:
        weeks.append(
            WeekAdherence(
                monday, by_week_planned[monday], by_week_done[monday], by_week_both[monday]
            )
        )
        monday += timedelta(days=7)
    return Adherence(
        start=start,
        end=end,
        planned=len(planned_days),
        done=len(done_days),
        done_as_planned=len(planned_days & done_days),
        weeks=tuple(weeks),
    )


def describe_adherence(result: Adherence) -> str:
    """One plain sentence about adherence."""
    if result.planned == 0:
        if result.done:
            return f"{result.done} sessions done; none were planned in this period."
        return "No sessions were planned in this period."
    rate = result.rate or 0.0
    return (
        f"{result.done} of {result.planned} planned sessions done "
        f"({rate:.0%} of the plan, {result.done_as_planned} on the planned day)."
    )
