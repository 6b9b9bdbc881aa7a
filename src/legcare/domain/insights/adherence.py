"""Adherence to the plan: planned sessions against sessions done, week by week (Monday first).

Counting rules: planned sessions come from the plan's own schedule and only from the day the
plan started (weeks before it are not "missed"); a session done counts towards the plan only up
to the number planned that week, so "done" can never exceed "planned"; sessions on top of the
plan are reported separately. Which days count as a session done is the caller's business (the
session log, where a session counts only when steps were done).
"""

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
    def counted(self) -> int:
        """Sessions that count towards the plan: those done, up to the number planned."""
        return min(self.done, self.planned)

    @property
    def rate(self) -> float | None:
        """Share of the planned sessions done (capped at 1); None with nothing planned."""
        if self.planned == 0:
            return None
        return self.counted / self.planned


@dataclass(frozen=True, slots=True)
class Adherence:
    """Planned against done over ``[start, end]`` (``start`` is the plan's start when later)."""

    start: date
    end: date
    planned: int
    done: int
    done_as_planned: int
    weeks: tuple[WeekAdherence, ...]
    plan_start: date | None = None

    @property
    def counted(self) -> int:
        """Sessions done that count towards the plan (each week capped at its plan)."""
        return sum(w.counted for w in self.weeks)

    @property
    def extra(self) -> int:
        """Sessions done on top of the plan."""
        return self.done - self.counted

    @property
    def rate(self) -> float | None:
        """Sessions done (each week capped at its plan) over sessions planned."""
        if self.planned == 0:
            return None
        return self.counted / self.planned


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def adherence(
    start: date,
    end: date,
    planned: Iterable[date],
    done: Iterable[date],
    *,
    plan_start: date | None = None,
) -> Adherence:
    """Compare ``planned`` session days with ``done`` session days within ``[start, end]``,
    counting from ``plan_start`` when the plan started inside the range (nothing is planned,
    and nothing is missed, before a plan existed)."""
    if plan_start is not None and plan_start > start:
        start = plan_start
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
        plan_start=plan_start,
    )


def _sessions(n: int) -> str:
    return f"{n} session" + ("" if n == 1 else "s")


def describe_adherence(result: Adherence) -> str:
    """One plain sentence about adherence; the count done never exceeds the count planned."""
    since = ""
    if result.plan_start is not None and result.plan_start == result.start:
        since = f" since the plan started on {result.start.isoformat()}"
    if result.planned == 0:
        if result.done:
            return f"{_sessions(result.done)} done; none were planned in this period{since}."
        return f"No sessions were planned in this period{since}."
    rate = result.rate or 0.0
    text = (
        f"{result.counted} of {result.planned} planned sessions done{since} "
        f"({rate:.0%} of the plan, {result.done_as_planned} on the planned day)"
    )
    if result.extra:
        text += f"; {_sessions(result.extra)} more on top of the plan"
    return text + "."
